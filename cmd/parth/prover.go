package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/parthnet/parth/aggregator"
	"github.com/parthnet/parth/jobs"
	"github.com/parthnet/parth/prover"
)

func proverCommand() *cli.Command {
	return &cli.Command{
		Name:  "prover",
		Usage: "a prover worker: takes proving jobs from NATS JetStream",
		Description: `Loads every proving key once (the seed apps' circuits, the wrapper, the
node and the block circuit; set up on first use and cached in
$PARTH_KEY_CACHE, default ~/.cache/parth/keys — about 40 minutes and 13 GB
on 2 cores the first time), then takes end-cap, node and block jobs from
NATS JetStream until interrupted. Several workers on several machines
share the queue; a worker that dies mid-proof has its job redelivered.
Point --nats at a node's embedded server ('parth node' listens on
` + "127.0.0.1:4222" + ` by default) or at a NATS cluster.`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "nats", Value: "nats://127.0.0.1:4222", Usage: "URL of the node's NATS server (or a cluster)", EnvVars: envVar("prover.nats")},
			&cli.StringFlag{Name: "name", Value: hostname(), Usage: "this worker's NAME in logs and results", EnvVars: envVar("prover.name")},
			&cli.DurationFlag{Name: "ack-wait", Value: 30 * time.Second, Usage: "redeliver a job whose worker is silent this long (heartbeats every third)", EnvVars: envVar("prover.ack-wait")},
			&cli.IntFlag{Name: "max-deliver", Value: 5, Usage: "deliveries of a job before it becomes a dead letter", EnvVars: envVar("prover.max-deliver")},
			&cli.StringFlag{Name: "metrics.addr", Usage: "serve Prometheus metrics (jobs worked, redelivered, proof time per circuit) on this ADDRESS at /metrics (empty: off)", EnvVars: envVar("prover.metrics.addr")},
		},
		Before: commandSetup,
		Action: runProver,
	}
}

func runProver(c *cli.Context) error {
	if c.NArg() != 0 {
		return usagef("prover: unexpected arguments %q", c.Args().Slice())
	}
	name := c.String("name")
	log := logger(c).With("worker", name)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() { <-ctx.Done(); stop() }() // a second Ctrl-C exits at once
	var m *jobs.Metrics
	if addr := c.String("metrics.addr"); addr != "" {
		reg, stop, err := serveMetrics("prover", addr, log)
		if err != nil {
			return err
		}
		defer stop()
		m = jobs.NewMetrics(reg)
	}
	// NATS first: a wrong address or token fails now, not after the keys.
	dial, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	e, err := jobs.Connect(dial, c.String("nats"), name, jobs.Config{AckWait: c.Duration("ack-wait"), MaxDeliver: c.Int("max-deliver"), Log: log, Metrics: m})
	if err != nil {
		return fmt.Errorf("prover: NATS %s: %w", jobs.Redact(c.String("nats")), err)
	}
	defer e.Close()
	k, err := loadKeys(ctx, log, false)
	if err != nil {
		return err
	}
	log.Info("prover ready", "nats", jobs.Redact(c.String("nats")))
	err = (&aggregator.Worker{Keys: k, Log: log}).Serve(ctx, e, name)
	if ctx.Err() != nil {
		log.Info("prover stopped")
		return nil
	}
	return err
}

func hostname() string {
	h, err := os.Hostname()
	if err != nil {
		return "prover"
	}
	return h
}

// loadKeys sets up (first run) or loads every key a network process
// needs: the seed apps' circuits, the wrapper, the node and the block.
// A first setup takes long; it is logged, with the time it took.
// verifyOnly loads the verifying keys only (a node without workers).
func loadKeys(ctx context.Context, log *slog.Logger, verifyOnly bool) (*aggregator.Keys, error) {
	start := time.Now()
	log.Info("loading the network's keys (a first run sets them up: ~40 min and ~13 GB on 2 cores)", "cache", prover.DefaultKeyDir(), "verify_only", verifyOnly)
	done := make(chan struct{})
	defer close(done)
	go func() {
		t := time.NewTicker(time.Minute)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				log.Info("still loading keys", "elapsed", time.Since(start).Round(time.Second))
			case <-done:
				return
			case <-ctx.Done():
				return
			}
		}
	}()
	s, err := prover.DevSetup(log)
	if err != nil {
		return nil, err
	}
	s.VerifyOnly = verifyOnly
	k, err := aggregator.LoadAll(s)
	if err != nil {
		return nil, err
	}
	if verifyOnly {
		k.DropProving()
		debug.FreeOSMemory()
	}
	log.Info("keys ready", "took", time.Since(start).Round(time.Second))
	return k, nil
}
