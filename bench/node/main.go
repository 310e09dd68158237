// Command node measures a node end to end and writes JSON: a round of
// users' end caps (each user's USDT transfer, proven on the client side)
// posted to a running node (node.Open/Run: in-process prover workers,
// validators and the simulated L1), timed from each post to its stages;
// then a second round posted as soon as the first is executed, to measure
// how much the pipeline overlaps (the second block is cut, executed and
// queued while the first is proven).
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/parthnet/parth/aggregator"
	"github.com/parthnet/parth/api"
	"github.com/parthnet/parth/bench/internal/report"
	"github.com/parthnet/parth/node"
	"github.com/parthnet/parth/prover"
	"github.com/parthnet/parth/session"
	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/apps"
)

type round struct {
	Users int    `json:"users"`
	Block uint64 `json:"block"`
	// Seconds from each user's post to the stage, median over the users.
	ToExecuted  float64 `json:"post_to_executed_s"`
	ToProven    float64 `json:"post_to_proven_s"`
	ToFinalized float64 `json:"post_to_finalized_s"`
	ToAnchored  float64 `json:"post_to_anchored_s"`
	ClientProve float64 `json:"client_prove_s"` // the users' side: every session of the round, one after another
}

type result struct {
	Machine struct {
		CPUs int    `json:"cpus"`
		Go   string `json:"go"`
	} `json:"machine"`
	Workers int     `json:"workers"`
	Rounds  []round `json:"rounds"`
	// Overlap: the second block was executed this many seconds before the
	// first was proven (sequencing and execution of n+1 during n's proof),
	// and its proof started this long after the first's (it waits for it).
	Overlap []overlap `json:"overlap"`
	PeakRSS int64     `json:"peak_rss_mib"`
	Notes   []string  `json:"notes"`
}

type overlap struct {
	Users                int     `json:"users"`
	SecondExecutedBefore float64 `json:"second_executed_before_first_proven_s"`
	SecondAnchoredAfter  float64 `json:"second_anchored_after_first_s"`
}

var transfers = []apps.Step{
	{User: apps.Alice, Calls: []state.Call{apps.Transfer(apps.USDTContract, apps.Bob, 10)}},
	{User: apps.Bob, Calls: []state.Call{apps.Transfer(apps.USDTContract, apps.Carol, 10)}},
	{User: apps.Carol, Calls: []state.Call{apps.Transfer(apps.USDTContract, apps.Mike, 10)}},
	{User: apps.Mike, Calls: []state.Call{apps.Transfer(apps.USDTContract, apps.Alice, 10)}},
}

func main() {
	out := flag.String("out", "", "write the JSON here (default: stdout)")
	users := flag.String("users", "1,4", "users per round, a comma-separated list (at most 4: the seed's users)")
	workers := flag.Int("workers", 1, "in-process prover workers")
	flag.Parse()
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	s, err := prover.DevSetup(log)
	check(err)
	keys, err := aggregator.LoadAll(s)
	check(err)
	var r result
	r.Machine.CPUs, r.Machine.Go, r.Workers = runtime.NumCPU(), runtime.Version(), *workers
	for _, f := range strings.Split(*users, ",") {
		u, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || u < 1 || u > len(transfers) {
			fmt.Fprintf(os.Stderr, "node: -users %q: each 1 to %d\n", *users, len(transfers))
			os.Exit(2)
		}
		first, second, ov := measure(keys, u, *workers, log)
		r.Rounds = append(r.Rounds, first, second)
		r.Overlap = append(r.Overlap, ov)
	}
	r.PeakRSS = report.PeakRSSMiB()
	r.Notes = append(r.Notes, "one node process: sequencer (paced, node.DefaultPoH), in-process workers, 4 in-process validators, simulated L1; the users prove on the client side in this process before posting (client_prove_s), outside the post-to-stage times")
	b, _ := json.MarshalIndent(r, "", "  ")
	if *out == "" {
		os.Stdout.Write(append(b, '\n'))
		return
	}
	check(os.WriteFile(*out, b, 0o644))
}

func measure(keys *aggregator.Keys, users, workers int, log *slog.Logger) (round, round, overlap) {
	dir, err := os.MkdirTemp("", "parth-bench-node-")
	check(err)
	defer os.RemoveAll(dir)
	ctx, stop := context.WithCancel(context.Background())
	n, err := node.Open(ctx, node.Config{DataDir: filepath.Join(dir, "node"), Keys: keys, Log: log, HTTPAddr: "127.0.0.1:0", NATSAddr: "127.0.0.1:0", Workers: workers})
	check(err)
	done := make(chan error, 1)
	go func() { done <- n.Run(ctx) }()
	defer func() { stop(); <-done; n.Close() }()
	c := &client{n: n, keys: keys}
	first := c.round(users)
	second := c.round(users)
	r1, t1 := c.wait(first)
	r2, t2 := c.wait(second)
	ov := overlap{Users: users,
		SecondExecutedBefore: t1.proven.Sub(t2.executed).Seconds(),
		SecondAnchoredAfter:  t2.anchored.Sub(t1.anchored).Seconds()}
	return r1, r2, ov
}

type client struct {
	n    *node.Node
	keys *aggregator.Keys
}

type posted struct {
	users       int
	at          []time.Time
	seen        []chan followed // each end cap's stages, followed from its post
	clientProve time.Duration
}

// round proves users' transfers against the node's head and posts them,
// following each from its post (every 50 ms); it returns once they are
// executed (the users are free again).
func (c *client) round(users int) *posted {
	p := &session.Prover{Keys: c.keys.Keys}
	start := time.Now()
	in, _, err := aggregator.UsersBlock(p, c.n.World(), transfers[:users])
	check(err)
	out := &posted{users: users, clientProve: time.Since(start)}
	executed := make(chan struct{}, users)
	for _, e := range in.EndCaps {
		body, err := e.Job.MarshalBinary()
		check(err)
		at := time.Now()
		resp, err := http.Post("http://"+c.n.HTTPAddr()+"/v1/submissions", node.JobContentType, bytes.NewReader(body))
		check(err)
		var s api.Submission
		err = json.NewDecoder(resp.Body).Decode(&s)
		resp.Body.Close()
		if resp.StatusCode != http.StatusAccepted || err != nil {
			check(fmt.Errorf("post: %d %v", resp.StatusCode, err))
		}
		ch := make(chan followed, 1)
		out.at, out.seen = append(out.at, at), append(out.seen, ch)
		go func() { ch <- c.follow(s.ID, executed) }()
	}
	for range in.EndCaps {
		<-executed
	}
	return out
}

type times struct{ executed, proven, finalized, anchored time.Time }

// wait takes a round's followed end caps (anchored).
func (c *client) wait(p *posted) (round, times) {
	first := map[string][]time.Time{}
	var block uint64
	for _, ch := range p.seen {
		st := <-ch
		block = max(block, st.block)
		for k, v := range st.at {
			first[k] = append(first[k], v)
		}
	}
	med := func(stage string) float64 {
		var xs []float64
		for i, at := range first[stage] {
			xs = append(xs, at.Sub(p.at[i]).Seconds())
		}
		return report.Median(xs)
	}
	last := func(stage string) time.Time {
		var t time.Time
		for _, x := range first[stage] {
			if x.After(t) {
				t = x
			}
		}
		return t
	}
	t := times{executed: last("executed"), proven: last("proven"), finalized: last("finalized"), anchored: last("anchored")}
	return round{Users: p.users, Block: block, ToExecuted: med("executed"), ToProven: med("proven"), ToFinalized: med("finalized"),
		ToAnchored: med("anchored"), ClientProve: p.clientProve.Seconds()}, t
}

type followed struct {
	block uint64
	at    map[string]time.Time
}

var order = map[string]int{"sequenced": 1, "included": 2, "executed": 3, "proven": 4, "finalized": 5, "anchored": 6}

// stageOf is the stage the bench times: the API's status, with an
// included end cap whose block was applied counted as executed.
func stageOf(s api.Submission) string {
	if s.Status == api.StatusIncluded && s.Result == api.ResultApplied {
		return "executed"
	}
	return s.Status
}

// follow polls id until anchored and notes when each stage was first
// seen; executed is told once it is executed.
func (c *client) follow(id string, executed chan<- struct{}) followed {
	f := followed{at: map[string]time.Time{}}
	deadline := time.Now().Add(time.Hour)
	for time.Now().Before(deadline) {
		s := c.status(id)
		now, at := time.Now(), order[stageOf(s)]
		if _, told := f.at["executed"]; !told && at >= order["executed"] {
			executed <- struct{}{} // buffered: one per end cap of the round
		}
		for stage, o := range order {
			if at >= o {
				if _, ok := f.at[stage]; !ok {
					f.at[stage] = now
				}
			}
		}
		f.block = s.Block
		if s.Status == "anchored" {
			return f
		}
		time.Sleep(50 * time.Millisecond)
	}
	check(fmt.Errorf("end cap %s not anchored within an hour", id))
	return f
}

func (c *client) status(id string) api.Submission {
	resp, err := http.Get("http://" + c.n.HTTPAddr() + "/v1/submissions/" + id)
	check(err)
	defer resp.Body.Close()
	var s api.Submission
	check(json.NewDecoder(resp.Body).Decode(&s))
	return s
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "node:", err)
		os.Exit(1)
	}
}
