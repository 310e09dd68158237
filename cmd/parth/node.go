package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/parthnet/parth/aggregator"
	"github.com/parthnet/parth/node"
	"github.com/parthnet/parth/sequencer/poh"
	"github.com/parthnet/parth/state/apps"
)

func defaultDataDir() string {
	if h, err := os.UserHomeDir(); err == nil {
		return filepath.Join(h, ".parth")
	}
	return ".parth"
}

func nodeCommand() *cli.Command {
	return &cli.Command{
		Name:  "node",
		Usage: "run a node: ingress, PoH sequencer, proving, validators, L1 anchoring",
		Description: `Runs the whole pipeline as one service. End caps (users' proven sessions
with their state deltas) are posted to POST /v1/submissions; each is checked
natively and refused with a specific error, or journaled (fsynced) before
the 202. The sequencer mixes them into its Proof of History chain and cuts
a block per slot; the block is applied natively at once (its users may send
their next end cap), proven through the recursive tree by prover workers
over NATS JetStream, certified by the validators and anchored on the L1
Rollup. GET /v1/submissions/{id} follows one through sequenced, included,
proven, finalized and anchored (?wait=STATUS long-polls; /events streams
server-sent events); GET /v1/openapi.json documents the whole API.

Everything durable lives in --datadir; stopped (Ctrl-C: the ingress
drains, then the pipeline stops) or killed, the node resumes from it at the
next start. A second Ctrl-C exits at once.

This release runs a development network: the seed's users, contracts and
balances at genesis (--seed), a set of --validators development validators
(keys from public seeds: anyone can certify) of which --local-validators
run in the process and the others as 'parth validator' processes (they
follow <datadir>/genesis.json over this node's NATS), and go-ethereum's
simulated L1 (mainnet rules, reset at each start: the node deploys the
Rollup again and re-anchors its finalized blocks; 'parth anchor' takes a
stopped node's blocks to a real L1).

Failover: a standby node is a node with another --validator-index on the
same NATS (--nats.url; run NATS where it outlives the leader: a NATS
server, or the standby's embedded one with the leader on --nats.url). It
follows the leader: its validator votes on each proposal, and it executes,
stores and anchors every block. The leader sends a signed heartbeat every
second; once the standby has heard nothing for --takeover-after (k times
that, k places after the leader), it takes over: its sequencer continues
the chain from the last block it verified, idles for the chain's
--poh.timeout-ticks (as the validators check), then takes end caps. A
follower answers POST /v1/submissions with 503 not_leader.

Prover workers: --workers run in the process; more join from other
machines with 'parth prover --nats nats://<--nats.addr>' (set --nats.addr
to an address they reach, and --nats.token: they then connect to
nats://TOKEN@<--nats.addr>). Keys are set up
on first use and cached in $PARTH_KEY_CACHE (default ~/.cache/parth/keys):
~40 minutes and ~13 GB on 2 cores the first time.`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "datadir", Value: defaultDataDir(), Usage: "DIR of everything the node keeps (created with a PARTH marker; a non-empty directory without one is refused)", EnvVars: envVar("datadir")},
			&cli.StringFlag{Name: "http.addr", Value: node.DefaultHTTPAddr, Usage: "listen ADDRESS of the HTTP API", EnvVars: envVar("http.addr")},
			&cli.Float64Flag{Name: "http.rate", Value: node.DefaultHTTPRate, Usage: "submissions a second each client (by IP address) may send on average; over it a client gets 429 rate_limited with Retry-After (-1: no limit)", EnvVars: envVar("http.rate")},
			&cli.IntFlag{Name: "http.burst", Value: node.DefaultHTTPBurst, Usage: "submissions a client may send at once before --http.rate applies", EnvVars: envVar("http.burst")},
			&cli.StringFlag{Name: "nats.addr", Value: node.DefaultNATSAddr, Usage: "listen ADDRESS of the embedded NATS server, where prover workers connect", EnvVars: envVar("nats.addr")},
			&cli.StringFlag{Name: "nats.token", Usage: "secret TOKEN prover workers must present to the embedded NATS server (they connect to nats://TOKEN@<nats.addr>); set it whenever --nats.addr is not loopback. It is sent in the clear: across an untrusted network use a VPN, or an external NATS cluster with TLS (--nats.url)", EnvVars: envVar("nats.token")},
			&cli.StringFlag{Name: "nats.url", Usage: "URL of an external NATS server with JetStream, instead of the embedded one", EnvVars: envVar("nats.url")},
			&cli.IntFlag{Name: "workers", Value: 1, Usage: "prover workers in this process (0: remote 'parth prover' workers only)", EnvVars: envVar("workers")},
			&cli.IntFlag{Name: "validators", Value: node.DefaultValidators, Usage: "size of the development validator set (fixed at the chain's creation)", EnvVars: envVar("validators")},
			&cli.IntFlag{Name: "local-validators", Usage: "how many of them run in this process, from --validator-index on (default: all for validator 0 on the embedded NATS, else 1: a key must never run in two processes); the others are 'parth validator --genesis <datadir>/genesis.json' processes, or other nodes, on the same NATS", EnvVars: envVar("local-validators")},
			&cli.IntFlag{Name: "validator-index", Usage: "this node's validator in the set (0: the genesis leader). Another index makes a standby node: it follows the leader over --nats.url, and takes over when the leader falls silent", EnvVars: envVar("validator-index")},
			&cli.Uint64Flag{Name: "poh.timeout-ticks", Value: node.DefaultTimeoutTicks, Usage: "leader timeout in PoH ticks: the validator k places after a silent leader may lead once its PoH shows k times this many idle ticks (fixed at the chain's creation)", EnvVars: envVar("poh.timeout-ticks")},
			&cli.DurationFlag{Name: "takeover-after", Value: node.DefaultTakeoverAfter, Usage: "a standby node takes over after hearing nothing from the leader for this long (k times it, k places after the leader)", EnvVars: envVar("takeover-after")},
			&cli.Uint64Flag{Name: "seed", Value: 1, Usage: "seed of the development genesis users' keys", EnvVars: envVar("seed")},
			&cli.IntFlag{Name: "accounts", Value: apps.SeedAccounts, Usage: fmt.Sprintf("development accounts in the genesis: the seed's four, then dev5, dev6, ... with %d USDT each (at most %d; pinned in --datadir)", apps.ExtraUSDT, apps.MaxAccounts), EnvVars: envVar("accounts")},
			&cli.Uint64Flag{Name: "poh.hashes-per-tick", Value: node.DefaultPoH.HashesPerTick, Usage: "PoH hashes per tick (fixed at the chain's creation)", EnvVars: envVar("poh.hashes-per-tick")},
			&cli.Uint64Flag{Name: "poh.ticks-per-slot", Value: node.DefaultPoH.TicksPerSlot, Usage: "PoH ticks per slot: at most one block a slot (fixed at the chain's creation)", EnvVars: envVar("poh.ticks-per-slot")},
			&cli.Uint64Flag{Name: "poh.max-ref-age", Value: node.DefaultPoH.MaxRefAge, Usage: "how many ticks old a PoH hash a submission references may be (fixed at the chain's creation)", EnvVars: envVar("poh.max-ref-age")},
			&cli.DurationFlag{Name: "poh.tick-interval", Value: node.DefaultTickInterval, Usage: "wall-clock time of a tick (the sequencer's pace; 0 hashes flat out on a core)", EnvVars: envVar("poh.tick-interval")},
			&cli.DurationFlag{Name: "jobs.ack-wait", Value: 30 * time.Second, Usage: "redeliver a job whose worker is silent this long", EnvVars: envVar("jobs.ack-wait")},
			&cli.IntFlag{Name: "jobs.max-deliver", Value: 5, Usage: "deliveries of a job before it becomes a dead letter", EnvVars: envVar("jobs.max-deliver")},
			&cli.DurationFlag{Name: "jobs.timeout", Usage: "republish a job with no result for this long (0: only the queue's redelivery)", EnvVars: envVar("jobs.timeout")},
		},
		Before: commandSetup,
		Action: runNode,
	}
}

// interruptContext ends at the first Ctrl-C (or SIGTERM), which drains and
// stops the node; once it has, a second one exits at once.
func interruptContext() (context.Context, context.CancelFunc) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop()
	}()
	return ctx, stop
}

// keyLoader loads the network's keys for a node (verifyOnly: no worker
// in the process, so no proving keys).
func keyLoader(log *slog.Logger, verifyOnly bool) func(context.Context) (*aggregator.Keys, error) {
	return func(ctx context.Context) (*aggregator.Keys, error) {
		k, err := loadKeys(ctx, log, verifyOnly)
		if err == nil && ctx.Err() != nil {
			return nil, errors.New("node: interrupted while loading keys")
		}
		return k, err
	}
}

func runNode(c *cli.Context) error {
	if c.NArg() != 0 {
		return usagef("node: unexpected arguments %q", c.Args().Slice())
	}
	if c.String("datadir") == "" {
		return usagef("node: --datadir is empty")
	}
	if r := c.Float64("http.rate"); r == 0 || (r < 0 && r != -1) {
		return usagef("node: --http.rate %g: want a positive rate, or -1 for no limit", r)
	}
	if c.Int("http.burst") < 1 {
		return usagef("node: --http.burst %d: want 1 or more", c.Int("http.burst"))
	}
	if c.Int("workers") < 0 {
		return usagef("node: --workers %d: want 0 or more", c.Int("workers"))
	}
	if c.Int("validators") < 1 {
		return usagef("node: --validators %d: want at least 1", c.Int("validators"))
	}
	idx := c.Int("validator-index")
	if idx < 0 || idx >= c.Int("validators") {
		return usagef("node: --validator-index %d: want 0 to --validators−1 (%d)", idx, c.Int("validators")-1)
	}
	if l := c.Int("local-validators"); c.IsSet("local-validators") && (l < 1 || idx+l > c.Int("validators")) {
		return usagef("node: --local-validators %d from --validator-index %d: want 1 to %d (the node's own validator runs in the process)", l, idx, c.Int("validators")-idx)
	}
	if c.Uint64("poh.timeout-ticks") == 0 {
		return usagef("node: --poh.timeout-ticks 0: want 1 or more")
	}
	if c.Duration("takeover-after") <= 0 {
		return usagef("node: --takeover-after %v: want a positive duration", c.Duration("takeover-after"))
	}
	if a := c.Int("accounts"); a < apps.SeedAccounts || a > apps.MaxAccounts {
		return usagef("node: --accounts %d: want %d to %d", a, apps.SeedAccounts, apps.MaxAccounts)
	}
	if c.Uint64("seed") == 0 {
		return usagef("node: --seed 0: want 1 or more")
	}
	if c.IsSet("nats.url") && c.IsSet("nats.addr") {
		return usagef("node: --nats.url and --nats.addr exclude each other (an external server, or the embedded one's address)")
	}
	pc := poh.Config{HashesPerTick: c.Uint64("poh.hashes-per-tick"), TicksPerSlot: c.Uint64("poh.ticks-per-slot"), MaxRefAge: c.Uint64("poh.max-ref-age")}
	if err := pc.Validate(); err != nil {
		return usagef("node: --poh.*: %v", err)
	}
	tick := c.Duration("poh.tick-interval")
	if tick < 0 {
		return usagef("node: --poh.tick-interval %v: want 0 or more", tick)
	}
	if tick == 0 {
		tick = -1 // flat out
	}
	log := logger(c)

	ctx, stop := interruptContext()
	defer stop()
	cfg := node.Config{
		DataDir: c.String("datadir"), Log: log, LoadKeys: keyLoader(log, c.Int("workers") == 0),
		HTTPAddr: c.String("http.addr"), HTTPRate: c.Float64("http.rate"), HTTPBurst: c.Int("http.burst"), NATSURL: c.String("nats.url"),
		Workers: c.Int("workers"), Validators: c.Int("validators"), LocalValidators: c.Int("local-validators"), Seed: c.Uint64("seed"), Accounts: c.Int("accounts"),
		Index: idx, TimeoutTicks: c.Uint64("poh.timeout-ticks"), TakeoverAfter: c.Duration("takeover-after"),
		PoH: pc, TickInterval: tick,
		AckWait: c.Duration("jobs.ack-wait"), MaxDeliver: c.Int("jobs.max-deliver"), JobTimeout: c.Duration("jobs.timeout"),
	}
	if cfg.NATSURL == "" {
		cfg.NATSAddr, cfg.NATSToken = c.String("nats.addr"), c.String("nats.token")
	} else if c.IsSet("nats.token") {
		return usagef("node: --nats.token is the embedded server's; put an external server's credentials in --nats.url")
	}
	n, err := node.Open(ctx, cfg)
	if err != nil {
		return err
	}
	defer n.Close()
	return n.Run(ctx)
}
