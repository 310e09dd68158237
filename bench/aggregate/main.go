// Command aggregate measures the aggregation tree with real keys and
// proofs on this machine: two users' end caps (Alice's and Bob's block-1
// transfers, each proven once), then -runs proofs of the merge node over
// them (k_r) and of the block over the merge. It writes JSON with medians,
// the process's peak resident memory, every circuit's constraints, the
// network's cost per user in constraints, and a model of block time for
// 1, 2, 4, 8 and 16 users with 1 and 2 workers: the real planner's tree
// scheduled the way Aggregator.Prove publishes jobs (end caps at once, a
// task when its children are proven, the block last; each worker takes
// the oldest ready job), with the measured median of each job kind. The
// model assumes one worker per machine like this one (a worker's proof
// uses every core, so two workers on one machine do not go faster).
package main

import (
	"encoding/csv"
	"flag"
	"fmt"
	"log"
	"log/slog"
	"os"
	"runtime"
	"strconv"
	"time"

	"github.com/parthnet/parth/aggregator"
	"github.com/parthnet/parth/bench/internal/report"
	"github.com/parthnet/parth/prover"
	"github.com/parthnet/parth/session"
	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/apps"
)

type modelRow struct {
	Users        int     `json:"users"`
	Workers      int     `json:"workers"`
	NodeProofs   int     `json:"node_proofs"`
	Seconds      float64 `json:"block_seconds"`
	TreeSeconds  float64 `json:"tree_and_block_seconds"` // from the last end cap to the block proof
	CostPerUserM float64 `json:"constraints_per_user_millions"`
}

func main() {
	runs := flag.Int("runs", 3, "proofs of the merge node and of the block (median reported)")
	out := flag.String("out", "", "JSON output file (default stdout)")
	only := flag.String("model", "", "no proving: the model from given medians in seconds, `endcap,node,block` (e.g. from make test-full's log), with constraints from -constraints")
	table := flag.String("constraints", "bench/constraints.csv", "the constraint table (for -model)")
	flag.Parse()
	if *only != "" {
		var capS, nodeS, blockS float64
		if _, err := fmt.Sscanf(*only, "%g,%g,%g", &capS, &nodeS, &blockS); err != nil {
			log.Fatalf("-model %q: want endcap,node,block seconds: %v", *only, err)
		}
		cs, err := readConstraints(*table)
		check(err)
		stats := []report.Stat{{Name: "end cap (given)", MedianSeconds: capS}, {Name: "merge node (given)", MedianSeconds: nodeS},
			{Name: "block (given)", MedianSeconds: blockS}}
		check(report.Write(*out, results(stats, cs)))
		return
	}
	lg := slog.New(slog.NewTextHandler(os.Stderr, nil))
	s, err := prover.DevSetup(lg)
	check(err)
	k, err := aggregator.LoadAll(s)
	check(err)
	bk := k.Block
	w, err := apps.NewWorldWith(state.NewMemStore(), 1, k.EdDSAHash, k.Registry())
	check(err)

	// Two users' sessions and their end caps (the merge needs two).
	p := &session.Prover{Keys: k.Keys, Log: lg}
	in, _, err := aggregator.UsersBlock(p, w, apps.USDTBlocks[0][:2])
	check(err)
	caps := map[state.UserID]*state.EndCapHeader{}
	proofs := map[state.UserID]*prover.Proof{}
	var users []state.UserID
	var capTimes []time.Duration
	for i := range in.EndCaps {
		c := &in.EndCaps[i]
		start := time.Now()
		proof, _, err := (&session.EndCapProver{Keys: k.NetworkKeys, Log: lg}).ProveEndCap(c.Job)
		check(err)
		capTimes = append(capTimes, time.Since(start))
		check(k.VerifyEndCap(&c.Header, proof))
		caps[c.Header.User], proofs[c.Header.User] = &c.Header, proof
		users = append(users, c.Header.User)
	}
	plan, err := aggregator.NewPlan(users)
	check(err)
	reads, err := aggregator.ReadsOf(in.History, caps)
	check(err)
	folded, err := aggregator.Fold(plan, caps, reads, in.Siblings)
	check(err)
	job, err := aggregator.JobFor(plan, plan.Root(), caps, reads, in.Siblings, folded, func(int) *prover.Proof { return nil }, func(u state.UserID) *prover.Proof { return proofs[u] })
	check(err)
	want := folded[plan.Root()].Header(k.NodeKeys.Hash())
	var mergeTimes, blockTimes []time.Duration
	var merge *prover.Proof
	for r := 0; r < *runs; r++ {
		start := time.Now()
		merge, err = job.Prove(k.NetworkKeys, prover.CPU{})
		check(err)
		mergeTimes = append(mergeTimes, time.Since(start))
		check(k.VerifyNode(want.Hash(), merge))
		lg.Info("merge node proven", "run", r+1, "took", mergeTimes[r])
	}
	bj := &aggregator.BlockJob{Root: merge, Subtree: folded[plan.Root()], Parent: in.Parent, Slot: in.History.Slot, PoH: in.PoH}
	for r := 0; r < *runs; r++ {
		start := time.Now()
		_, _, err := bj.Prove(k, prover.CPU{})
		check(err)
		blockTimes = append(blockTimes, time.Since(start))
		lg.Info("block proven", "run", r+1, "took", blockTimes[r])
	}

	stats := []report.Stat{report.NewStat("end cap (one wrapper proof in cap mode, one-call session)", capTimes),
		report.NewStat("merge node (k_r)", mergeTimes), report.NewStat("block", blockTimes)}
	cs := map[string]int{"wrap": k.Wrap.CCS.GetNbConstraints(), "node": k.Node.CCS.GetNbConstraints(),
		"block": bk.CCS.GetNbConstraints()}
	check(report.Write(*out, results(stats, cs)))
}

// results is the report: the timings, the constraints, the per-user cost
// and the block-time model.
func results(stats []report.Stat, cs map[string]int) map[string]any {
	var model []modelRow
	for _, n := range []int{1, 2, 4, 8, 16} {
		for _, workers := range []int{1, 2} {
			row, err := simulate(n, workers, stats[0].MedianSeconds, stats[1].MedianSeconds, stats[2].MedianSeconds)
			check(err)
			// Per user: its end cap (one wrapper proof in cap mode: a
			// one-call session signed with the standard EdDSA key), its
			// share of the tree's nodes and of the block.
			row.CostPerUserM = float64(cs["wrap"])/1e6 +
				float64(row.NodeProofs*cs["node"]+cs["block"])/float64(n)/1e6
			model = append(model, row)
		}
	}
	return map[string]any{
		"machine": fmt.Sprintf("%d cores", runtime.NumCPU()), "timings": stats, "constraints": cs,
		"peak_rss_mib": report.PeakRSSMiB(), "model": model,
		"note": "block_seconds: from end-cap jobs published to the block proof, modelled from the measured medians " +
			"with the real planner and the scheduler's readiness rules; one worker per machine; users' own proofs and wraps excluded",
	}
}

// readConstraints reads the wrap, node and block rows of the constraint
// table (circuit,system,constraints,…).
func readConstraints(path string) (map[string]int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, err
	}
	cs := map[string]int{}
	for _, r := range rows {
		if len(r) >= 3 && (r[0] == "wrap" || r[0] == "node" || r[0] == "block") {
			if cs[r[0]], err = strconv.Atoi(r[2]); err != nil {
				return nil, fmt.Errorf("%s: %s: %w", path, r[0], err)
			}
		}
	}
	if len(cs) != 3 {
		return nil, fmt.Errorf("%s: want the wrap, node and block rows, found %v", path, cs)
	}
	return cs, nil
}

// simulate schedules a block of n users (1..n, dense) on workers: end caps
// are ready at 0, a task when its children are done, the block after the
// root; a free worker takes the job that became ready first.
func simulate(n, workers int, capS, nodeS, blockS float64) (modelRow, error) {
	var users []state.UserID
	for u := 1; u <= n; u++ {
		users = append(users, state.UserID(u))
	}
	plan, err := aggregator.NewPlan(users)
	if err != nil {
		return modelRow{}, err
	}
	type job struct {
		ready, dur float64
		done       float64
		deps       []int // indices of jobs it waits for
		id         int
	}
	var jobs []*job
	capJob := map[state.UserID]int{}
	for _, u := range users {
		capJob[u] = len(jobs)
		jobs = append(jobs, &job{dur: capS, id: len(jobs)})
	}
	tasks := plan.Nodes(false) // one-call sessions: one-proof caps, which the block cannot fold
	taskJob := make([]int, len(tasks))
	for i, t := range tasks {
		j := &job{dur: nodeS, id: len(jobs)}
		for _, c := range t.Children {
			if c.Task >= 0 {
				j.deps = append(j.deps, taskJob[c.Task])
			} else {
				j.deps = append(j.deps, capJob[c.User])
			}
		}
		taskJob[i] = len(jobs)
		jobs = append(jobs, j)
	}
	root := capJob[users[0]]
	if tasks != nil {
		root = taskJob[plan.Root()]
	}
	jobs = append(jobs, &job{dur: blockS, id: len(jobs), deps: []int{root}})

	free := make([]float64, workers) // when each worker is free
	done := map[int]bool{}
	lastCap := 0.0
	for len(done) < len(jobs) {
		// Ready jobs: all deps done; ready time = latest dep's end.
		best := -1
		for _, j := range jobs {
			if done[j.id] {
				continue
			}
			ok := true
			j.ready = 0
			for _, d := range j.deps {
				if !done[d] {
					ok = false
					break
				}
				j.ready = max(j.ready, jobs[d].done)
			}
			if ok && (best < 0 || j.ready < jobs[best].ready) {
				best = j.id
			}
		}
		wi := 0
		for i := range free {
			if free[i] < free[wi] {
				wi = i
			}
		}
		j := jobs[best]
		start := max(free[wi], j.ready)
		j.done = start + j.dur
		free[wi] = j.done
		done[j.id] = true
		if j.id < n {
			lastCap = max(lastCap, j.done)
		}
	}
	end := jobs[len(jobs)-1].done
	return modelRow{Users: n, Workers: workers, NodeProofs: len(tasks), Seconds: end, TreeSeconds: end - lastCap}, nil
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
