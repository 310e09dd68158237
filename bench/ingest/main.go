// Command ingest measures how many end caps a node accepts per second
// through its HTTP API, and with what latency, and writes JSON.
//
// Each submission is a distinct user's real end-cap job (a USDT transfer
// proven on the client side: CFC, UPS start and step, EdDSA signature) for
// a development account of a node started with --accounts (node.Open, as
// `parth node` runs it: verify-only keys, no workers, every other stage
// running). Concurrent clients POST the bare jobs (node.JobContentType) and
// count the 202s; the node parses each, checks it against the chain
// (Chain.Admit), verifies its four proofs (CheckEndCapJob), writes the
// nonce index and has the sequencer journal it, with group commit, before
// it answers. Latency is from a POST's start to its 202.
//
// Proving the jobs takes ~6 s each on two cores, so they are proven once
// and cached (-cache, keyed by the genesis root and the key set): later runs
// start in seconds. Every run opens a fresh data directory with the same
// genesis, so the same jobs are valid again.
package main

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	gnarklog "github.com/consensys/gnark/logger"

	"github.com/parthnet/parth/aggregator"
	"github.com/parthnet/parth/bench/internal/report"
	"github.com/parthnet/parth/node"
	"github.com/parthnet/parth/prover"
	"github.com/parthnet/parth/session"
	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/apps"
)

type point struct {
	Clients int `json:"clients"`
	// Accepted per second: the submissions over the time from the first
	// POST to the last 202, each run, and their median.
	PerSecond       []float64 `json:"accepted_per_second_runs"`
	MedianPerSecond float64   `json:"accepted_per_second_median"`
	// Latency of a POST to its 202, over every submission of every run.
	P50ms  float64 `json:"latency_p50_ms"`
	P99ms  float64 `json:"latency_p99_ms"`
	MaxMs  float64 `json:"latency_max_ms"`
	Errors int     `json:"errors"` // submissions not answered 202

}

type result struct {
	Machine struct {
		CPUs int    `json:"cpus"`
		Go   string `json:"go"`
	} `json:"machine"`
	Submissions int      `json:"submissions_per_run"`
	Runs        int      `json:"runs"`
	JobBytes    int      `json:"job_bytes_median"`
	Verify      float64  `json:"verify_job_ms_median"` // CheckEndCapJob alone, one goroutine
	Points      []point  `json:"points"`
	Goal        float64  `json:"goal_per_second"`
	PeakRSS     int64    `json:"peak_rss_mib"`
	Notes       []string `json:"notes"`
}

func main() {
	out := flag.String("out", "", "write the JSON here (default: stdout)")
	users := flag.Int("users", 256, "distinct submissions per run (one user each)")
	clients := flag.String("clients", "1,8,32,128", "concurrent clients, a comma-separated list")
	runs := flag.Int("runs", 3, "runs of each client count (a fresh node each)")
	cache := flag.String("cache", filepath.Join(prover.DefaultKeyDir(), "..", "bench-ingest"), "DIR of the proven jobs")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the measured runs to FILE")
	flag.Parse()
	gnarklog.Disable()
	var cs []int
	for _, f := range strings.Split(*clients, ",") {
		c, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || c < 1 {
			fmt.Fprintf(os.Stderr, "ingest: -clients %q: positive numbers\n", *clients)
			os.Exit(2)
		}
		cs = append(cs, c)
	}
	if *users < 1 || *users+apps.SeedAccounts > apps.MaxAccounts || *runs < 1 {
		fmt.Fprintf(os.Stderr, "ingest: -users 1 to %d and -runs 1 or more\n", apps.MaxAccounts-apps.SeedAccounts)
		os.Exit(2)
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	s, err := prover.DevSetup(log)
	check(err)
	vs := *s
	vs.VerifyOnly = true
	keys, err := aggregator.LoadAll(&vs)
	check(err)
	keys.DropProving()
	accounts := apps.SeedAccounts + *users
	jobs, err := provenJobs(s, keys, accounts, *users, *cache)
	check(err)

	var r result
	r.Machine.CPUs, r.Machine.Go = runtime.NumCPU(), runtime.Version()
	r.Submissions, r.Runs, r.Goal = *users, *runs, 500
	var sizes, verify []float64
	for i, b := range jobs {
		sizes = append(sizes, float64(len(b)))
		if i < 32 {
			var j session.EndCapJob
			check(j.UnmarshalBinary(b))
			start := time.Now()
			check(keys.CheckEndCapJob(&j))
			verify = append(verify, float64(time.Since(start).Microseconds())/1000)
		}
	}
	r.JobBytes, r.Verify = int(report.Median(sizes)), report.Median(verify)
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		check(err)
		check(pprof.StartCPUProfile(f))
		defer pprof.StopCPUProfile()
	}
	for _, c := range cs {
		p := point{Clients: c}
		var lat []float64
		for range *runs {
			perSec, l, errs := measure(keys, accounts, jobs, c, log)
			p.PerSecond = append(p.PerSecond, perSec)
			lat = append(lat, l...)
			p.Errors += errs
		}
		slices.Sort(lat)
		p.MedianPerSecond = report.Median(p.PerSecond)
		p.P50ms, p.P99ms, p.MaxMs = quantile(lat, 0.50), quantile(lat, 0.99), lat[len(lat)-1]
		fmt.Fprintf(os.Stderr, "ingest: %d clients: %.0f/s (runs %v), p50 %.1f ms, p99 %.1f ms, %d errors\n", c, p.MedianPerSecond, round(p.PerSecond), p.P50ms, p.P99ms, p.Errors)
		r.Points = append(r.Points, p)
	}
	r.PeakRSS = report.PeakRSSMiB()
	r.Notes = append(r.Notes,
		"one node process (node.Open: sequencer paced at node.DefaultPoH, executor, 4 in-process validators, simulated L1, embedded NATS; verify-only keys, no workers) and the clients in the same process, over loopback HTTP",
		"each submission: a distinct user's one-call USDT transfer job, parsed, admitted against the chain, its 4 proofs verified, the nonce index written and journaled (group commit, one fsync per group) before the 202",
		"verify_job_ms_median: CheckEndCapJob on one goroutine, the floor of a submission's CPU cost")
	pprof.StopCPUProfile()
	check(report.Write(*out, r))
}

func round(xs []float64) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = float64(int(x + 0.5))
	}
	return out
}

// quantile of sorted xs (nearest rank).
func quantile(xs []float64, q float64) float64 {
	i := int(q*float64(len(xs))+0.5) - 1
	return xs[min(max(i, 0), len(xs)-1)]
}

// measure opens a fresh node, posts every job with c concurrent clients,
// and returns the accepted rate, each POST's latency (ms) and the errors.
func measure(keys *aggregator.Keys, accounts int, jobs [][]byte, c int, log *slog.Logger) (float64, []float64, int) {
	dir, err := os.MkdirTemp("", "parth-bench-ingest-")
	check(err)
	defer os.RemoveAll(dir)
	ctx, stop := context.WithCancel(context.Background())
	n, err := node.Open(ctx, node.Config{DataDir: filepath.Join(dir, "node"), Keys: keys, Log: log, HTTPAddr: "127.0.0.1:0",
		NATSAddr: "127.0.0.1:0", HTTPRate: -1, Accounts: accounts})
	check(err)
	done := make(chan error, 1)
	go func() { done <- n.Run(ctx) }()
	defer func() { stop(); <-done; n.Close() }()
	base := "http://" + n.HTTPAddr()
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: c, MaxConnsPerHost: c}, Timeout: time.Minute}
	for deadline := time.Now().Add(2 * time.Minute); ; {
		resp, err := hc.Get(base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			check(errors.New("the node is not ready after 2 minutes"))
		}
		time.Sleep(100 * time.Millisecond)
	}
	lat := make([]float64, len(jobs))
	next := make(chan int, len(jobs))
	for i := range jobs {
		next <- i
	}
	close(next)
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs int
	)
	start := time.Now()
	var last time.Time
	for range c {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				t := time.Now()
				resp, err := hc.Post(base+"/v1/submissions", node.JobContentType, bytes.NewReader(jobs[i]))
				var body []byte
				if err == nil {
					body, _ = io.ReadAll(resp.Body)
					resp.Body.Close()
				}
				end := time.Now()
				mu.Lock()
				lat[i] = float64(end.Sub(t).Microseconds()) / 1000
				if end.After(last) {
					last = end
				}
				if err != nil || resp.StatusCode != http.StatusAccepted {
					if errs < 5 {
						fmt.Fprintf(os.Stderr, "ingest: submission %d: %v %s\n", i, err, body)
					}
					errs++
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return float64(len(jobs)-errs) / last.Sub(start).Seconds(), lat, errs
}

// provenJobs are users' transfer jobs for accounts 5 to accounts against
// the genesis a node with that many accounts starts from, proven once and
// cached in dir.
func provenJobs(s *prover.Setup, keys *aggregator.Keys, accounts, users int, dir string) ([][]byte, error) {
	uk, err := session.LoadKeys(s)
	if err != nil {
		return nil, err
	}
	w, err := apps.NewWorldAccounts(state.NewMemStore(), apps.ChainID, 1, accounts, keys.EdDSAHash, keys.Registry())
	if err != nil {
		return nil, err
	}
	g, err := w.Chain.Checkpoint(0)
	if err != nil {
		return nil, err
	}
	h := keys.NodeKeys.Hash()
	root, set := g.Root.Bytes(), h.Bytes()
	dir = filepath.Join(dir, fmt.Sprintf("%d-%s-%s", accounts, hex.EncodeToString(root[:6]), hex.EncodeToString(set[:6])))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	v, err := w.Chain.View(0)
	if err != nil {
		return nil, err
	}
	p := &session.Prover{Keys: uk}
	out := make([][]byte, 0, users)
	start, proved := time.Now(), 0
	for i := range users {
		u := state.UserID(apps.SeedAccounts + 1 + i)
		path := filepath.Join(dir, fmt.Sprintf("%d.job", u))
		if b, err := os.ReadFile(path); err == nil {
			out = append(out, b)
			continue
		}
		acct, err := v.Account(u)
		if err != nil {
			return nil, err
		}
		b, err := p.Prove(uk.Registry(), v, w.Keys[u], state.Session{User: u, Nonce: acct.Nonce, Checkpoint: 0,
			Calls: []state.Call{apps.Transfer(apps.USDTContract, apps.Alice, 1)}})
		if err != nil {
			return nil, fmt.Errorf("%s's session: %w", apps.Name(u), err)
		}
		j, err := b.Job()
		if err != nil {
			return nil, err
		}
		raw, err := j.MarshalBinary()
		if err != nil {
			return nil, err
		}
		if err := os.WriteFile(path+".tmp", raw, 0o644); err != nil {
			return nil, err
		}
		if err := os.Rename(path+".tmp", path); err != nil {
			return nil, err
		}
		out = append(out, raw)
		proved++
		if proved%16 == 0 {
			el := time.Since(start)
			fmt.Fprintf(os.Stderr, "ingest: proved %d of %d jobs (%v, ~%v left)\n", len(out), users, el.Round(time.Second),
				(el / time.Duration(proved) * time.Duration(users-len(out))).Round(time.Second))
		}
	}
	return out, nil
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "ingest:", err)
		os.Exit(1)
	}
}
