package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"github.com/parthnet/parth/aggregator"
	"github.com/parthnet/parth/jobs"
	"github.com/parthnet/parth/session"
	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/apps"
	"github.com/parthnet/parth/state/store"
)

func runAggregator(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("aggregator", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", "data/aggregator", "directory of the pebble store and the embedded NATS server's JetStream files")
	natsURL := fs.String("nats", "", "URL of an external NATS server with JetStream (default: run one embedded)")
	listen := fs.String("listen", "127.0.0.1:4222", "address of the embedded NATS server, where parth prover workers connect")
	workers := fs.Int("workers", 1, "prover workers in this process (0: only remote parth prover workers)")
	seed := fs.Uint64("seed", 1, "seed of the scenario users' signing keys")
	ackWait := fs.Duration("ack-wait", 30*time.Second, "redeliver a job whose worker is silent this long (heartbeats every third)")
	maxDeliver := fs.Int("max-deliver", 5, "deliveries of a job before it becomes a dead letter")
	fs.Usage = func() {
		fmt.Fprintf(stderr, `Usage: parth aggregator [flags] usdt|rubies

Proves one of the seed's scenarios block by block on the proving network.
For each block the users' sessions are proven as on their own machines
(CFC, UPS steps, signature); the aggregator then sends the end caps (whose
jobs wrap the CFC proofs), the aggregation tree's nodes and the block proof
as jobs over NATS
JetStream to prover workers, verifies every result before it uses it,
stores it in pebble, and checks the block's CHKP(n) against the native
chain before it applies the block.

By default the aggregator embeds a NATS server (JetStream files in -data)
that remote workers join with 'parth prover -nats nats://<-listen>'; -nats
uses an external server instead. State is durable: stopped and started
again with the same -data, it resumes at the unfinished block, reusing
every result already stored. Keys are set up on first use and cached in
$PARTH_KEY_CACHE (default ~/.cache/parth/keys): ~40 minutes and ~13 GB on
2 cores the first time.

Flags:
`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errors.New("name one scenario: usdt or rubies")
	}
	var blocks [][]apps.Step
	var expect func(w *apps.World, block int) error
	switch sc := fs.Arg(0); sc {
	case "usdt":
		blocks = apps.USDTBlocks
		expect = func(w *apps.World, i int) error { return checkUSDT(w, apps.USDTExpected[i]) }
	case "rubies":
		blocks = [][]apps.Step{apps.RubiesBlock}
		expect = func(w *apps.World, _ int) error { return checkRubies(w) }
	default:
		return fmt.Errorf("unknown scenario %q: want usdt or rubies", sc)
	}
	if *workers < 0 {
		return fmt.Errorf("-workers %d: want 0 or more", *workers)
	}
	host, portStr, err := net.SplitHostPort(*listen)
	if err != nil {
		return fmt.Errorf("-listen %q: %w", *listen, err)
	}
	port, err := strconv.Atoi(portStr)
	if err != nil || port < 0 || port > 65535 {
		return fmt.Errorf("-listen %q: bad port", *listen)
	}
	dir := filepath.Join(*data, fs.Arg(0))
	log := slog.New(slog.NewTextHandler(stderr, nil))

	st, err := store.Open(filepath.Join(dir, "store"), store.Options{Logger: log})
	if err != nil {
		return err
	}
	defer st.Close()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	url := *natsURL
	if url == "" {
		srv, err := jobs.StartServer(jobs.ServerConfig{DataDir: filepath.Join(dir, "nats"), Host: host, Port: port})
		if err != nil {
			return err
		}
		defer srv.Shutdown()
		url = srv.URL()
		log.Info("embedded NATS server ready", "url", url, "jetstream", filepath.Join(dir, "nats"))
	}
	k, err := loadKeys(log)
	if err != nil {
		return err
	}
	w, err := apps.NewWorldWith(st, *seed, k.EdDSAHash, k.Registry())
	if err != nil {
		return err
	}
	cfg := jobs.Config{AckWait: *ackWait, MaxDeliver: *maxDeliver, Log: log}
	e, err := jobs.Connect(ctx, url, "aggregator", cfg)
	if err != nil {
		return err
	}
	defer e.Close()
	for i := 0; i < *workers; i++ {
		name := fmt.Sprintf("%s-local-%d", hostname(), i+1)
		we, err := jobs.Connect(ctx, url, name, jobs.Config{AckWait: *ackWait, MaxDeliver: *maxDeliver, Log: log.With("worker", name)})
		if err != nil {
			return err
		}
		defer we.Close()
		go (&aggregator.Worker{Keys: k, Log: log.With("worker", name)}).Serve(ctx, we, name)
	}
	if *workers == 0 {
		log.Info("no local workers: waiting for `parth prover` workers", "nats", url)
	}

	agg := &aggregator.Aggregator{Engine: e, Store: st, Keys: k, Log: log}
	head, err := w.Chain.Head()
	if err != nil {
		return err
	}
	if head.Number >= uint64(len(blocks)) {
		fmt.Fprintf(stdout, "all %d blocks of the scenario are proven (CHKP(%d) 0x%s); nothing to do\n", len(blocks), head.Number, head.Root.Text(16))
		return nil
	}
	for i := int(head.Number); i < len(blocks); i++ {
		start := time.Now()
		in, caps, err := aggregator.UsersBlock(&session.Prover{Keys: k.Keys, Log: log}, w, blocks[i])
		if err != nil {
			return err
		}
		log.Info("users' sessions proven", "block", i+1, "users", len(caps), "took", time.Since(start).Round(time.Second))
		r, err := agg.Prove(ctx, in)
		if err != nil {
			return fmt.Errorf("block %d: %w", i+1, err)
		}
		// The state follows from the end caps' deltas (the data that came
		// with them), as the network applies it.
		native, err := w.Chain.ApplyDeltas(in.Proven(), in.PoH)
		if err != nil {
			return fmt.Errorf("block %d: %w", i+1, err)
		}
		if native != r.Next {
			return fmt.Errorf("block %d: the proven CHKP(%d) is not the native chain's", i+1, native.Number)
		}
		if err := expect(w, i); err != nil {
			return err
		}
		printCheckpoint(stdout, native, fmt.Sprintf("Block #%d proven: %d users, %d jobs, %v", i+1, len(caps), r.Jobs, time.Since(start).Round(time.Second)))
	}
	return nil
}

// headView is the view of w's latest checkpoint.
func headView(w *apps.World) (*state.View, state.Checkpoint, error) {
	head, err := w.Chain.Head()
	if err != nil {
		return nil, head, err
	}
	v, err := w.Chain.View(head.Number)
	return v, head, err
}

// checkRubies: after the rubies block, every user's gems are the seed's.
func checkRubies(w *apps.World) error {
	v, _, err := headView(w)
	if err != nil {
		return err
	}
	for _, u := range apps.Users {
		d, r, err := apps.Gems(v, u)
		if err != nil {
			return err
		}
		if want := rubiesExpected[u]; d != want[0] || r != want[1] {
			return fmt.Errorf("%s has %d diamonds and %d rubies, the seed says %d and %d", apps.Name(u), d, r, want[0], want[1])
		}
	}
	return nil
}

func checkUSDT(w *apps.World, want map[state.UserID]uint64) error {
	v, head, err := headView(w)
	if err != nil {
		return err
	}
	for _, u := range apps.Users {
		got, err := apps.Balance(v, apps.USDTContract, u)
		if err != nil {
			return err
		}
		if got != want[u] {
			return fmt.Errorf("after block %d %s has %d USDT, the seed says %d", head.Number, apps.Name(u), got, want[u])
		}
	}
	return nil
}
