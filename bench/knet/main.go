// Command knet measures k_net, the seed's network term: the time from an
// aggregator publishing a proof job on NATS JetStream to it receiving the
// worker's result, over loopback, with the real job engine (jobs.Engine:
// file-backed streams, the durable worker consumer, explicit acks). The
// worker answers at once, so what is measured is two JetStream round trips
// (job in, result out) and nothing of proving. Payload sizes bracket a node
// job (two Groth16 proofs and their witnesses) and its result (one proof).
// It writes JSON.
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"flag"
	"fmt"
	"log"
	"os"
	"runtime"
	"time"

	"github.com/parthnet/parth/bench/internal/report"
	"github.com/parthnet/parth/jobs"
)

func main() {
	runs := flag.Int("runs", 50, "round trips per payload size (median reported)")
	out := flag.String("out", "", "JSON output file (default stdout)")
	flag.Parse()
	if *runs < 1 {
		log.Fatalf("-runs %d: want at least 1", *runs)
	}
	dir, err := os.MkdirTemp("", "parth-knet-")
	check(err)
	defer os.RemoveAll(dir)
	srv, err := jobs.StartServer(jobs.ServerConfig{DataDir: dir})
	check(err)
	defer srv.Shutdown()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	agg, err := jobs.Connect(ctx, srv.URL(), "bench-aggregator", jobs.Config{})
	check(err)
	defer agg.Close()
	worker, err := jobs.Connect(ctx, srv.URL(), "bench-worker", jobs.Config{})
	check(err)
	defer worker.Close()

	// A Groth16 BN254 proof with one commitment, as the workers return it.
	result := make([]byte, 420)
	go func() {
		_ = worker.Work(ctx, "bench-worker", func(context.Context, jobs.Job) ([]byte, error) { return result, nil })
	}()
	got := make(chan string, 1)
	stop, err := agg.Results(ctx, "bench-aggregator", func(r jobs.Result) error {
		got <- r.JobID
		return nil
	})
	check(err)
	defer stop()

	var stats []report.Stat
	for _, size := range []int{1 << 10, 16 << 10, 64 << 10} {
		payload := make([]byte, size)
		var took []time.Duration
		for r := 0; r <= *runs; r++ {
			id := randomID()
			start := time.Now()
			check(agg.Submit(ctx, jobs.Job{ID: id, Kind: "bench", Payload: payload}, 0))
			for {
				select {
				case j := <-got:
					if j != id {
						continue // a result of an earlier, timed-out run
					}
				case <-time.After(30 * time.Second):
					log.Fatalf("no result for job %s after 30s", id)
				}
				break
			}
			if r > 0 { // the first is a warm-up (consumer creation, page faults)
				took = append(took, time.Since(start))
			}
		}
		stats = append(stats, report.NewStat(fmt.Sprintf("job %d KiB → result", size>>10), took))
	}
	check(report.Write(*out, map[string]any{"cpus": runtime.NumCPU(), "runs": *runs, "k_net": stats,
		"note": "publish of a job to receipt of its result by the aggregator's durable consumer, embedded JetStream on loopback, file storage; the worker answers at once"}))
}

func randomID() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
