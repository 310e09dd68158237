package main

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/urfave/cli/v2"

	"github.com/parthnet/parth/contracts/anchor"
	"github.com/parthnet/parth/node"
)

func anchorCommand() *cli.Command {
	return &cli.Command{
		Name:  "anchor",
		Usage: "submit a stopped node's finalized blocks to an L1 Rollup",
		Description: `Reads a node's data directory (stop the node first: it holds its store
while it runs) — its validator set, genesis checkpoint, compiled block
verifier, and every finalized block with its quorum certificate and proof —
and submits the blocks to the L1 Rollup in order, from the first one the
contract does not hold. Each submission's gas is estimated first (a block
the contract would refuse is reported with the contract's error and not
sent), and a block already on L1 is not sent again, so the command can be
re-run after any failure.

With --rpc, --key names the file holding the submitting account's
secp256k1 key (hex); --rollup is the Rollup's address, or, without it, a
verifier and a Rollup are deployed first (at the node's genesis checkpoint,
with its validator set) and their addresses printed. Without --rpc, it
runs go-ethereum's simulated L1 with mainnet rules in this process, deploys
there and anchors everything: a check of what the node wrote.

Nothing here needs node.js or solc: the node wrote its key into the verifier
built into the binary.`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "datadir", Value: defaultDataDir(), Usage: "the node's data DIR", EnvVars: envVar("datadir")},
			&cli.StringFlag{Name: "rpc", Usage: "JSON-RPC URL of an L1 node (default: the simulated L1 in this process)", EnvVars: envVar("anchor.rpc")},
			&cli.StringFlag{Name: "key", Usage: "FILE holding the submitting account's secp256k1 key in hex (with --rpc)", EnvVars: envVar("anchor.key")},
			&cli.StringFlag{Name: "rollup", Usage: "ADDRESS of the Rollup contract (with --rpc; omitted: deploy one)", EnvVars: envVar("anchor.rollup")},
		},
		Before: commandSetup,
		Action: runAnchor,
	}
}

func runAnchor(c *cli.Context) error {
	if c.NArg() != 0 {
		return usagef("anchor: unexpected arguments %q", c.Args().Slice())
	}
	if c.String("datadir") == "" {
		return usagef("anchor: --datadir is empty")
	}
	rpc, rollup, keyFile := c.String("rpc"), c.String("rollup"), c.String("key")
	if rpc == "" && (rollup != "" || keyFile != "") {
		return usagef("anchor: --rollup and --key are for an L1 named by --rpc")
	}
	if rpc != "" && keyFile == "" {
		return usagef("anchor: --rpc needs --key (the account that submits)")
	}
	if rollup != "" && !common.IsHexAddress(rollup) {
		return usagef("anchor: --rollup %q is not an address", rollup)
	}
	var key *ecdsa.PrivateKey
	if keyFile != "" {
		b, err := os.ReadFile(keyFile)
		if err != nil {
			return usagef("anchor: --key: %v", err)
		}
		if key, err = crypto.HexToECDSA(strings.TrimPrefix(strings.TrimSpace(string(b)), "0x")); err != nil {
			return usagef("anchor: --key %s: %v", keyFile, err)
		}
	}
	log := logger(c)
	out := c.App.Writer
	d, err := node.ReadL1Data(c.String("datadir"))
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var chain anchor.Chain
	if rpc == "" {
		var sim *anchor.Simulated
		sim, key = anchor.NewDevSimulated()
		defer sim.Close()
		chain = sim.Client()
	} else {
		cl, err := ethclient.DialContext(ctx, rpc)
		if err != nil {
			return fmt.Errorf("anchor: dial %s: %w", rpc, err)
		}
		defer cl.Close()
		chain = cl
	}
	addr := common.HexToAddress(rollup)
	if rollup == "" {
		v, r, err := anchor.Deploy(ctx, chain, key, d.Verifier, d.Genesis.Root, d.Set)
		if err != nil {
			return fmt.Errorf("anchor: deploying: %w", err)
		}
		fmt.Fprintf(out, "verifier deployed at %s\nrollup deployed at %s (genesis CHKP(0) %s, %d validators)\n", v, r, d.Genesis.Root.String(), len(d.Set.Validators))
		addr = r
	}
	a := &anchor.Anchor{Chain: chain, Rollup: addr, Key: key, Log: log}
	for _, b := range d.Blocks {
		p, err := anchor.EVMProof(b.Proof)
		if err != nil {
			return err
		}
		r, err := a.SubmitFinalized(ctx, d.Set, b.QC, b.CHKP.Number, b.CHKP.Root, p)
		if err != nil {
			return fmt.Errorf("anchor: block %d: %w", b.CHKP.Number, err)
		}
		if r.Already {
			fmt.Fprintf(out, "block %d: already on L1\n", b.CHKP.Number)
			continue
		}
		fmt.Fprintf(out, "block %d: CHKP %s anchored in tx %s (gas %d)\n", b.CHKP.Number, b.CHKP.Root.String(), r.Tx, r.GasUsed)
	}
	n, root, err := a.State(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "L1 holds block %d, CHKP %s\n", n, root.String())
	return nil
}
