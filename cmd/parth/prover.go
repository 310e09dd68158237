package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/parthnet/parth/aggregator"
	"github.com/parthnet/parth/jobs"
	"github.com/parthnet/parth/prover"
)

func runProver(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("prover", flag.ContinueOnError)
	fs.SetOutput(stderr)
	url := fs.String("nats", "nats://127.0.0.1:4222", "URL of the aggregator's NATS server (or an external cluster)")
	name := fs.String("name", hostname(), "this worker's name in logs and results")
	ackWait := fs.Duration("ack-wait", 30*time.Second, "redeliver a job whose worker is silent this long (heartbeats every third)")
	maxDeliver := fs.Int("max-deliver", 5, "deliveries of a job before it becomes a dead letter")
	fs.Usage = func() {
		fmt.Fprintf(stderr, `Usage: parth prover [flags]

A prover worker: loads every proving key once (the seed apps' circuits, the
wrapper, the node and the block circuit; set up on first use and cached in
$PARTH_KEY_CACHE, default ~/.cache/parth/keys — the node's setup takes ~20
minutes and ~12 GB on 2 cores), then takes end-cap, node and block jobs
from NATS JetStream until interrupted. Several workers on several machines
share the queue; a worker that dies mid-proof has its job redelivered.

Flags:
`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		fs.Usage()
		return fmt.Errorf("unexpected arguments %v", fs.Args())
	}
	log := slog.New(slog.NewTextHandler(stderr, nil)).With("worker", *name)
	k, err := loadKeys(log)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	e, err := jobs.Connect(ctx, *url, *name, jobs.Config{AckWait: *ackWait, MaxDeliver: *maxDeliver, Log: log})
	if err != nil {
		return err
	}
	defer e.Close()
	log.Info("prover ready", "nats", *url)
	return (&aggregator.Worker{Keys: k, Log: log}).Serve(ctx, e, *name)
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
func loadKeys(log *slog.Logger) (*aggregator.Keys, error) {
	s, err := prover.DevSetup(log)
	if err != nil {
		return nil, err
	}
	return aggregator.LoadAll(s)
}
