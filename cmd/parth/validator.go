package main

import (
	"context"
	"encoding/hex"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/parthnet/parth/consensus/bls"
	"github.com/parthnet/parth/jobs"
	"github.com/parthnet/parth/node"
	"github.com/parthnet/parth/state/store"
	"github.com/parthnet/parth/validator"
)

func validatorCommand() *cli.Command {
	return &cli.Command{
		Name:  "validator",
		Usage: "a validator: checks the leader's proposals from NATS JetStream and votes",
		Description: `Follows the chain of a genesis file (the node writes <datadir>/genesis.json:
the validator set, the PoH configuration, CHKP(0) and the block circuit's
verifying key — no circuit or key setup is needed here). It takes every
proposal in order from the proposals stream of the node's NATS, checks it
(the PoH slots, the block's contents and end-cap data, the CHKP chain and
the block proof) and publishes its BLS vote on the votes stream.

Its state and last vote are stored (fsynced) in --datadir before the vote
leaves, so a restart gives the same vote for the block it signed and can
never sign another at that height (EIP-3076's "last signed" record).

Keys: --key names a file holding the BLS secret key in hex; --dev-index i
uses the development key of the set's validator i (keys from public
seeds: devnets and tests only).`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "genesis", Usage: "the chain's genesis FILE (a node's <datadir>/genesis.json)", EnvVars: envVar("validator.genesis"), Required: true},
			&cli.StringFlag{Name: "datadir", Usage: "DIR of the validator's state and last vote", EnvVars: envVar("validator.datadir"), Required: true},
			&cli.StringFlag{Name: "nats", Value: "nats://127.0.0.1:4222", Usage: "URL of the node's NATS server (nats://TOKEN@host:port with a token)", EnvVars: envVar("validator.nats")},
			&cli.StringFlag{Name: "key", Usage: "FILE holding the validator's BLS12-381 secret key in hex", EnvVars: envVar("validator.key")},
			&cli.StringFlag{Name: "metrics.addr", Usage: "serve Prometheus metrics (votes, refused proposals, last voted block, vote time) on this ADDRESS at /metrics (empty: off)", EnvVars: envVar("validator.metrics.addr")},
			&cli.IntFlag{Name: "dev-index", Value: -1, Usage: "use the development key of the set's validator I (public seeds: devnets only)", EnvVars: envVar("validator.dev-index")},
		},
		Before: commandSetup,
		Action: runValidator,
	}
}

func runValidator(c *cli.Context) error {
	if c.NArg() != 0 {
		return usagef("validator: unexpected arguments %q", c.Args().Slice())
	}
	if (c.String("key") == "") == (c.Int("dev-index") < 0) {
		return usagef("validator: name the key: --key FILE or --dev-index I (one of them)")
	}
	if c.String("datadir") == "" {
		return usagef("validator: --datadir is empty")
	}
	g, err := validator.ReadGenesis(c.String("genesis"))
	if err != nil {
		return usagef("validator: --genesis: %v", err)
	}
	var key *bls.SecretKey
	if f := c.String("key"); f != "" {
		b, err := os.ReadFile(f)
		if err != nil {
			return usagef("validator: --key: %v", err)
		}
		raw, err := hex.DecodeString(strings.TrimPrefix(strings.TrimSpace(string(b)), "0x"))
		if err != nil {
			return usagef("validator: --key %s: not hex: %v", f, err)
		}
		if key, err = bls.SecretKeyFromBytes(raw); err != nil {
			return usagef("validator: --key %s: %v", f, err)
		}
	} else if key, err = validator.DevKeyAt(g.Set, c.Int("dev-index")); err != nil {
		return usagef("validator: --dev-index: %v", err)
	}
	index, ok := g.Set.Index(key.PublicKey())
	if !ok {
		return usagef("validator: the key %s is not in the genesis's validator set", key.PublicKey())
	}
	log := logger(c).With("validator", index)
	pkb := key.PublicKey()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() { <-ctx.Done(); stop() }() // a second Ctrl-C exits at once
	var m *validator.Metrics
	if addr := c.String("metrics.addr"); addr != "" {
		reg, stop, err := serveMetrics("validator", addr, log)
		if err != nil {
			return err
		}
		defer stop()
		m = validator.NewMetrics(reg)
	}
	dir := c.String("datadir")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	st, err := store.Open(filepath.Join(dir, "store"), store.Options{})
	if err != nil {
		return fmt.Errorf("validator: the store in %s (is another validator running on it?): %w", dir, err)
	}
	defer st.Close()
	d, err := validator.Open(st, "validator", pkb[:], validator.Config{Key: key, Set: g.Set, PoH: g.PoH, TimeoutTicks: g.TimeoutTicks,
		Genesis: g.Checkpoint, Verify: node.BlockVerifier(g.Block)})
	if err != nil {
		return err
	}
	dial, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	bus, err := validator.Connect(dial, c.String("nats"), fmt.Sprint("validator-", index), log)
	if err != nil {
		return fmt.Errorf("validator: NATS %s: %w", jobs.Redact(c.String("nats")), err)
	}
	defer bus.Close()
	log.Info("validator ready", "key", key.PublicKey().String()[:16], "last_voted", d.Last(), "nats", jobs.Redact(c.String("nats")))
	err = validator.Serve(ctx, d, bus, log, m)
	log.Info("validator stopped", "last_voted", d.Last())
	return err
}
