package main

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/parthnet/parth/node"
	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/apps"
)

func defaultDevnetDir() string {
	if h, err := os.UserHomeDir(); err == nil {
		return filepath.Join(h, ".parth-devnet")
	}
	return ".parth-devnet"
}

func devnetCommand() *cli.Command {
	return &cli.Command{
		Name:  "devnet",
		Usage: "a whole development chain in one process: node, NATS, prover, validators, L1, dev accounts",
		Description: `Runs a development chain the way anvil or solana-test-validator do: the
node with its embedded NATS JetStream, a prover worker, every validator
of the development set in the process, go-ethereum's simulated L1 with
the Rollup, and a genesis with the seed's users (alice, bob, carol, mike:
deterministic keys from --seed, public) and the seed's two contracts
deployed (Diamonds & Rubies, USDT). Proofs are real: every block is proven
through the recursive tree, certified and anchored.

Once it is ready it prints its endpoints and the dev accounts. Then:

  parth wallet dev --seed <seed>
  parth wallet call alice usdt transfer bob 30
  parth wallet balance bob

(the wallet's defaults are the devnet's: --node http://127.0.0.1:8640,
--genesis ~/.parth-devnet/genesis.json).

The first run sets up the circuits' keys (about 40 minutes on two cores,
cached in the key cache for every later run). State lives in --datadir
and survives a restart; --reset starts a new chain.`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "datadir", Value: defaultDevnetDir(), Usage: "DIR of the devnet's chain", EnvVars: envVar("devnet.datadir")},
			&cli.BoolFlag{Name: "reset", Usage: "delete --datadir first: a new chain from genesis", EnvVars: envVar("devnet.reset")},
			&cli.StringFlag{Name: "http.addr", Value: node.DefaultHTTPAddr, Usage: "listen ADDRESS of the HTTP API", EnvVars: envVar("devnet.http.addr")},
			&cli.StringFlag{Name: "nats.addr", Value: node.DefaultNATSAddr, Usage: "listen ADDRESS of the embedded NATS server (more 'parth prover' workers may join)", EnvVars: envVar("devnet.nats.addr")},
			&cli.IntFlag{Name: "workers", Value: 1, Usage: "prover workers in the process", EnvVars: envVar("devnet.workers")},
			&cli.Uint64Flag{Name: "seed", Value: 1, Usage: "seed of the dev accounts' keys", EnvVars: envVar("devnet.seed")},
			&cli.IntFlag{Name: "accounts", Value: apps.SeedAccounts, Usage: fmt.Sprintf("dev accounts in the genesis: the seed's four, then dev5, dev6, ... with %d USDT each (at most %d; fixed when the chain is created)", apps.ExtraUSDT, apps.MaxAccounts), EnvVars: envVar("devnet.accounts")},
		},
		Before: commandSetup,
		Action: runDevnet,
	}
}

func runDevnet(c *cli.Context) error {
	if c.NArg() != 0 {
		return usagef("devnet: unexpected arguments %q", c.Args().Slice())
	}
	dir := c.String("datadir")
	if dir == "" {
		return usagef("devnet: --datadir is empty")
	}
	if c.Int("workers") < 0 {
		return usagef("devnet: --workers %d: want 0 or more", c.Int("workers"))
	}
	if c.Uint64("seed") == 0 {
		return usagef("devnet: --seed 0: want 1 or more")
	}
	if a := c.Int("accounts"); a < apps.SeedAccounts || a > apps.MaxAccounts {
		return usagef("devnet: --accounts %d: want %d to %d", a, apps.SeedAccounts, apps.MaxAccounts)
	}
	if c.Bool("reset") {
		if err := resetDevnet(dir); err != nil {
			return err
		}
	}
	log := logger(c)
	ctx, stop := interruptContext()
	defer stop()
	cfg := node.Config{
		DataDir: dir, Log: log, LoadKeys: keyLoader(log, c.Int("workers") == 0),
		HTTPAddr: c.String("http.addr"), NATSAddr: c.String("nats.addr"), HTTPRate: -1,
		Workers: c.Int("workers"), Validators: node.DefaultValidators, Seed: c.Uint64("seed"),
		Accounts: c.Int("accounts"),
	}
	n, err := node.Open(ctx, cfg)
	if err != nil {
		return err
	}
	defer n.Close()
	go func() {
		if waitReady(ctx, "http://"+n.HTTPAddr()+"/readyz") {
			banner(c.App.Writer, n, dir, c.Uint64("seed"), c.Int("accounts"))
		}
	}()
	return n.Run(ctx)
}

// resetDevnet removes a devnet's data directory, only if it is one (a
// node's marker in it, or nothing at all).
func resetDevnet(dir string) error {
	ents, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	} else if err != nil {
		return fmt.Errorf("devnet: --reset: %w", err)
	}
	if len(ents) > 0 {
		if _, err := os.Stat(filepath.Join(dir, node.DataDirMarker)); err != nil {
			return fmt.Errorf("devnet: --reset refuses %s: not a node's data directory (no %s)", dir, node.DataDirMarker)
		}
	}
	return os.RemoveAll(dir)
}

func waitReady(ctx context.Context, url string) bool {
	for {
		resp, err := http.Get(url)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return true
			}
		}
		select {
		case <-ctx.Done():
			return false
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// banner prints what anvil prints: the endpoints and the dev accounts.
func banner(w io.Writer, n *node.Node, dir string, seed uint64, accounts int) {
	var b strings.Builder
	p := func(format string, a ...any) { fmt.Fprintf(&b, format+"\n", a...) }
	genesis := filepath.Join(dir, "genesis.json")
	p("")
	p("PARTH devnet ready (real proofs: every block proven, certified and anchored)")
	p("")
	p("  HTTP API        http://%s/v1   (the document: /v1/openapi.json)", n.HTTPAddr())
	p("  metrics         http://%s/metrics", n.HTTPAddr())
	p("  NATS            %s   (parth prover --nats %s adds a worker)", n.NATSURL(), n.NATSURL())
	p("  chain id        %d", n.ValidatorSet().ChainID)
	p("  genesis         %s", genesis)
	p("  validators      %d, all in this process (development keys)", len(n.ValidatorSet().Validators))
	p("  L1 Rollup       %s on go-ethereum's simulated L1", n.Anchor().Rollup.Hex())
	p("")
	p("Dev accounts (keys derived from --seed %d: public, for development only)", seed)
	w0 := n.World()
	for _, u := range apps.Users {
		k := w0.Keys[u]
		pk, _ := state.KeyHash(k)
		pkb := pk.Bytes()
		p("  %-6s user %d  USDT %-4d diamonds %-3d rubies %-3d  public key 0x%s", strings.ToLower(apps.Name(u)), u,
			apps.StartUSDT[u], apps.StartDiamonds[u], apps.StartRubies[u], hex.EncodeToString(pkb[:])[:16]+"…")
	}
	if accounts > apps.SeedAccounts {
		p("  and %d more: dev%d to dev%d (users %d to %d), USDT %d each", accounts-apps.SeedAccounts, apps.SeedAccounts+1, accounts,
			apps.SeedAccounts+1, accounts, apps.ExtraUSDT)
	}
	p("")
	p("Contracts: %d DiamondsAndRubies (buyRubies), %d USDTContract (transfer, claim)", apps.RubiesContract, apps.USDTContract)
	p("")
	p("Try:")
	if accounts > apps.SeedAccounts {
		p("  parth wallet dev --seed %d --accounts %d", seed, accounts)
	} else {
		p("  parth wallet dev --seed %d", seed)
	}
	flags := ""
	if n.HTTPAddr() != node.DefaultHTTPAddr || genesis != filepath.Join(defaultDevnetDir(), "genesis.json") {
		flags = fmt.Sprintf(" --node http://%s --genesis %s", n.HTTPAddr(), genesis)
	}
	p("  parth wallet call alice usdt transfer bob 30%s", flags)
	p("  parth wallet balance bob%s", flags)
	p("")
	_, _ = io.WriteString(w, b.String())
}
