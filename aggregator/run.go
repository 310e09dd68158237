package aggregator

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/parthnet/parth/circuits/block"
	"github.com/parthnet/parth/jobs"
	"github.com/parthnet/parth/prover"
	"github.com/parthnet/parth/session"
	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/store"
)

// Aggregator runs blocks' aggregation trees over the job engine: it
// publishes every job whose inputs are ready, verifies each result before
// using it, stores it, and publishes what it unblocks. Stored results
// survive a restart: proving a block again resumes where it stopped. The
// decisions (what to publish, retry, give up) are a deterministic core,
// schedule; Prove is its driver over the engine and the store.
type Aggregator struct {
	Engine *jobs.Engine
	Store  *store.Store
	Keys   *Keys // verifies end caps, nodes and block proofs
	Log    *slog.Logger
	// MaxRejected bounds the invalid results a job may get before the
	// block fails (default 8); each retry waits RetryBackoff (default 1s),
	// doubling, so a lying worker cannot flood the queue.
	MaxRejected  int
	RetryBackoff time.Duration
	// JobTimeout, when positive, republishes a job that has had no result
	// for that long (a job the queue lost); a dead worker's job is
	// redelivered by the queue itself (its AckWait).
	JobTimeout time.Duration
	// Progress, if set, is called after each accepted job of a block (and
	// the job counts are logged either way).
	Progress func(Progress)
}

// Progress is a block's progress: jobs accepted of the total it takes.
type Progress struct {
	Block       uint64
	Done, Total int
	What        string // the job just accepted: "end cap of user 2", "merge task 0 (height 1)", "block"
}

// BlockInput is a block to prove: its parent checkpoint, its end caps
// (each either proven — Proof set — or a job for the network), the old
// GUSR tree's paths, the block's checkpoint history (which its end caps
// read from), and the slot's final PoH hash.
type BlockInput struct {
	Parent   state.Checkpoint
	EndCaps  []EndCapInput
	Siblings Siblings
	History  *state.BlockHistory
	PoH      [32]byte
}

// EndCapInput is one user's end cap, with its state deltas: the network
// takes an end cap only with its data (state.CheckDeltas).
type EndCapInput struct {
	Header state.EndCapHeader
	Proof  *prover.Proof      // a proven end cap (with Deltas), or
	Job    *session.EndCapJob // one for the network to prove (with its Deltas)
	Deltas []state.TreeDelta  // a proven end cap's deltas
}

// StateDeltas are the end cap's deltas: its job's, or those that came with
// its proof.
func (c *EndCapInput) StateDeltas() []state.TreeDelta {
	if c.Job != nil {
		return c.Job.Deltas
	}
	return c.Deltas
}

// Proven is the block's end caps as the state applies them once the block
// is proven (state.Chain.ApplyDeltas): headers and deltas.
func (in *BlockInput) Proven() []*state.ProvenEndCap {
	out := make([]*state.ProvenEndCap, len(in.EndCaps))
	for i := range in.EndCaps {
		c := &in.EndCaps[i]
		out[i] = &state.ProvenEndCap{Header: c.Header, Deltas: c.StateDeltas()}
	}
	return out
}

// BlockResult is a proven block.
type BlockResult struct {
	Next  state.Checkpoint
	Proof *prover.Proof
	Jobs  int // jobs the block took (end caps, nodes, block)
}

// Prove proves block number parent.Number+1 and returns its proof.
func (a *Aggregator) Prove(ctx context.Context, in *BlockInput) (*BlockResult, error) {
	log := a.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	n := in.Parent.Number + 1
	log = log.With("block", n)
	caps := map[state.UserID]*state.EndCapHeader{}
	reads := Reads{}
	var users []state.UserID
	// The parent and the history are checked before anything is queued:
	// the block circuit will make Hist(n) from them.
	if err := in.Parent.Verify(); err != nil {
		return nil, fmt.Errorf("%w: parent: %w", ErrPlan, err)
	}
	if in.History == nil || in.History.Number != n {
		return nil, fmt.Errorf("%w: block %d needs its checkpoint history", ErrPlan, n)
	}
	if hist, err := state.NextHistory(&in.Parent, &in.History.Slot); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrPlan, err)
	} else if root, err := in.History.Tree.Root(); err != nil || root != hist {
		return nil, fmt.Errorf("%w: block %d's history is not its parent's with CHKP(%d) added", ErrPlan, n, in.Parent.Number)
	}
	for i := range in.EndCaps {
		h := &in.EndCaps[i].Header
		// Any checkpoint of the block's window: a session proven against
		// CHKP(n−3) while blocks were cut still lands.
		read, err := in.History.Read(h)
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrPlan, err)
		}
		reads[h.User] = read
		// A job that cannot prove is refused here, before it costs a
		// worker minutes: its inputs are checked natively (milliseconds).
		if c := &in.EndCaps[i]; c.Proof == nil {
			if c.Job == nil {
				return nil, fmt.Errorf("%w: user %d's end cap has neither a proof nor a job", ErrPlan, h.User)
			}
			if c.Job.Header != *h {
				return nil, fmt.Errorf("%w: user %d's end-cap job is for another header", ErrPlan, h.User)
			}
			if err := a.Keys.CheckEndCapJob(c.Job); err != nil {
				return nil, fmt.Errorf("user %d's end-cap job: %w", h.User, err)
			}
		}
		// Its data: without the deltas a finalized root would leave the
		// user's state unreadable. A job's were checked with it, against
		// its steps (CheckEndCapJob).
		if c := &in.EndCaps[i]; c.Proof != nil {
			if _, err := state.CheckDeltas(h, c.Deltas); err != nil {
				return nil, fmt.Errorf("%w: user %d's end cap: %w", ErrPlan, h.User, err)
			}
		}
		caps[h.User] = h
		users = append(users, h.User)
	}
	plan, err := NewPlan(users)
	if err != nil {
		return nil, err
	}
	folded, err := Fold(plan, caps, reads, in.Siblings)
	if err != nil {
		return nil, err
	}
	ks := a.Keys.NodeKeys.Hash()
	tasks := plan.Nodes(a.foldable(in))
	d := &driver{a: a, log: log, n: n, sched: nil, jobs: map[JobKey]*driven{}, ids: map[string]JobKey{},
		early: map[string][]jobs.Result{}, proofs: map[JobKey]*prover.Proof{}}

	// The block's jobs, for the schedule: end caps (a given proof is
	// settled already), tree tasks after their children, the block last.
	var decl []scheduledJob
	stored := map[JobKey]bool{}
	capKey := func(u state.UserID) JobKey { return CapKey(uint64(u)) }
	for i := range in.EndCaps {
		c := &in.EndCaps[i]
		h := c.Header
		k := capKey(h.User)
		decl = append(decl, scheduledJob{Key: k})
		j := &driven{key: k,
			what:   fmt.Sprintf("end cap of user %d", h.User),
			verify: func(p *prover.Proof) error { return a.Keys.VerifyEndCap(&h, p) }}
		if c.Proof != nil {
			if err := j.verify(c.Proof); err != nil {
				return nil, fmt.Errorf("user %d's end cap: %w", h.User, err)
			}
			d.proofs[k], stored[k] = c.Proof, true
		} else {
			job := c.Job
			j.payload = func() ([]byte, error) { return job.MarshalBinary() }
			d.total++
		}
		d.jobs[k] = j
	}
	for i := range tasks {
		t := &plan.Tasks[i]
		var deps []JobKey
		for _, c := range t.Children {
			if c.Task >= 0 {
				deps = append(deps, NodeKey(c.Task))
			} else {
				deps = append(deps, capKey(c.User))
			}
		}
		k := NodeKey(i)
		decl = append(decl, scheduledJob{Key: k, Deps: slices.Compact(deps)})
		h := folded[i].Header(ks)
		want := h.Hash()
		d.jobs[k] = &driven{key: k,
			what:   fmt.Sprintf("%v task %d (height %d)", t.Kind, i, t.Height),
			verify: func(p *prover.Proof) error { return a.Keys.VerifyNode(want, p) },
			payload: func() ([]byte, error) {
				job, err := JobFor(plan, i, caps, reads, in.Siblings, folded,
					func(t int) *prover.Proof { return d.proofs[NodeKey(t)] }, func(u state.UserID) *prover.Proof { return d.proofs[capKey(u)] })
				if err != nil {
					return nil, err
				}
				return job.MarshalBinary()
			}}
		d.total++
	}
	bj := &BlockJob{Parent: in.Parent, Slot: in.History.Slot, PoH: in.PoH}
	var rootKey JobKey
	if tasks == nil {
		u := plan.Users[0]
		if bj.Siblings, err = in.Siblings(u); err != nil {
			return nil, err
		}
		bj.Cap, bj.Read, rootKey = caps[u], reads[u], capKey(u)
	} else {
		bj.Subtree, rootKey = folded[plan.Root()], NodeKey(plan.Root())
	}
	var next state.Checkpoint
	decl = append(decl, scheduledJob{Key: BlockKey, Deps: []JobKey{rootKey}})
	d.jobs[BlockKey] = &driven{key: BlockKey, what: "block",
		verify: func(p *prover.Proof) error {
			// The checkpoint comes from the block's inputs alone (a stored
			// result checked at start needs it before the root is known).
			x := *bj
			nx, err := x.Next()
			if err != nil {
				return err
			}
			return block.Verify(a.Keys.Block, in.Parent.Root, nx.Root, p)
		},
		payload: func() ([]byte, error) {
			bj.Root = d.proofs[rootKey]
			return bj.MarshalBinary()
		}}
	d.total++
	if next, err = bj.Next(); err != nil {
		return nil, err
	}

	maxRejected := a.MaxRejected
	if maxRejected <= 0 {
		maxRejected = 8
	}
	if d.sched, err = newSchedule(scheduleConfig{MaxRejected: maxRejected, Backoff: a.RetryBackoff, Timeout: a.JobTimeout}, decl, BlockKey); err != nil {
		return nil, err
	}
	// Stored results (a restart): each is used only if it still verifies.
	for _, sj := range decl {
		j := d.jobs[sj.Key]
		if stored[j.key] {
			continue
		}
		b, ok, err := a.Store.Record(recordsNS, recordKey(n, j.key))
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		var rec JobRecord
		if err := rec.UnmarshalBinary(b); err == nil && j.verify(rec.Proof) == nil {
			d.proofs[j.key], stored[j.key] = rec.Proof, true
			d.done++
			continue
		}
		log.Warn("stored result does not verify; proving again", "job", j.key)
	}
	proof, err := d.run(ctx, stored)
	if err != nil {
		return nil, err
	}
	if err := a.Store.PutRecord(recordsNS, checkpointKey(n), encodeCheckpoint(&next)); err != nil {
		return nil, err
	}
	log.Info("block proven", "checkpoint", next.Root.String())
	return &BlockResult{Next: next, Proof: proof, Jobs: d.total}, nil
}

// driver carries out a block's schedule over the job engine and the
// store: the only place with I/O, goroutines and the clock.
type driver struct {
	a     *Aggregator
	log   *slog.Logger
	n     uint64
	sched *schedule
	jobs  map[JobKey]*driven
	ids   map[string]JobKey // published job id → its key
	// early are results of jobs not (yet) published in this run: after a
	// restart a result may overtake its job's publication.
	early       map[string][]jobs.Result
	proofs      map[JobKey]*prover.Proof // settled results
	total, done int
}

// driven is one job of the schedule as the driver sees it.
type driven struct {
	key     JobKey
	what    string
	payload func() ([]byte, error)
	verify  func(*prover.Proof) error
	id      string // once published
	attempt int    // the engine's delivery attempt of the last publication
	pending *JobRecord
}

// incoming is a result handed from the results consumer to the driver's
// loop, which answers when it is stored (or refused): the consumer acks
// only then.
type incoming struct {
	r    jobs.Result
	done chan error
}

func (d *driver) run(ctx context.Context, stored map[JobKey]bool) (*prover.Proof, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	results := make(chan incoming)
	stop, err := d.a.Engine.Results(ctx, "aggregator", func(r jobs.Result) error {
		in := incoming{r: r, done: make(chan error, 1)}
		select {
		case results <- in:
		case <-ctx.Done():
			return ctx.Err()
		}
		select {
		case err := <-in.done:
			return err
		case <-ctx.Done():
			return ctx.Err()
		}
	})
	if err != nil {
		return nil, err
	}
	defer stop()

	if err := d.act(ctx, d.sched.start(time.Now(), stored)); err != nil {
		return nil, err
	}
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		if ok, err := d.sched.done(); ok {
			return d.proofs[BlockKey], nil
		} else if err != nil {
			return nil, err
		}
		timer.Reset(time.Hour)
		if t, ok := d.sched.wake(); ok {
			timer.Reset(max(time.Until(t), 0))
		}
		select {
		case in := <-results:
			err := d.result(ctx, in.r)
			in.done <- err
			if err != nil {
				return nil, err
			}
		case <-timer.C:
			if err := d.act(ctx, d.sched.tick(time.Now())); err != nil {
				return nil, err
			}
		case <-ctx.Done():
			return nil, context.Cause(ctx)
		}
	}
}

// result checks a result and hands it to the schedule; one for a job not
// published in this run waits in early.
func (d *driver) result(ctx context.Context, r jobs.Result) error {
	key, ok := d.ids[r.JobID]
	if !ok {
		d.early[r.JobID] = append(d.early[r.JobID], r)
		return nil
	}
	j := d.jobs[key]
	proof := new(prover.Proof)
	err := proof.UnmarshalBinary(r.Payload)
	if err == nil {
		err = j.verify(proof)
	}
	if err != nil {
		d.log.Warn("invalid result rejected", "job", key, "id", r.JobID, "worker", r.Worker, "err", err)
	} else {
		j.pending = &JobRecord{Key: key, Job: r.JobID, Worker: r.Worker, Attempt: r.Attempt, Accepted: time.Now().UTC(), Proof: proof}
	}
	return d.act(ctx, d.sched.result(time.Now(), key, err == nil, err))
}

// act carries out the schedule's actions in order.
func (d *driver) act(ctx context.Context, acts []action) error {
	for _, x := range acts {
		j := d.jobs[x.Key]
		switch x.Kind {
		case actStore:
			b, err := j.pending.MarshalBinary()
			if err != nil {
				return err
			}
			if err := d.a.Store.PutRecord(recordsNS, recordKey(d.n, j.key), b); err != nil {
				return err
			}
			d.proofs[j.key] = j.pending.Proof
			j.pending = nil
			d.done++
			d.log.Info("job done", "what", j.what, "done", d.done, "total", d.total)
			if d.a.Progress != nil {
				d.a.Progress(Progress{Block: d.n, Done: d.done, Total: d.total, What: j.what})
			}
		case actPublish:
			if err := d.publish(ctx, j, x.Attempt); err != nil {
				return err
			}
		case actFail:
			d.log.Error("job rejected too often; giving up", "job", x.Key, "err", x.Err)
			return x.Err
		case actDone:
		}
	}
	return nil
}

// publish submits a job (its first publication builds the payload from
// its dependencies' proofs), unless a result for it came early.
func (d *driver) publish(ctx context.Context, j *driven, attempt int) error {
	payload, err := j.payload()
	if err != nil {
		return err
	}
	if j.id == "" {
		j.id = ID(payload)
		d.ids[j.id] = j.key
		if pre := d.early[j.id]; len(pre) > 0 {
			delete(d.early, j.id)
			for _, r := range pre {
				if err := d.result(ctx, r); err != nil {
					return err
				}
			}
			if d.sched.jobs[j.key].state != published {
				return nil // settled by an early result, or retried after its backoff
			}
		}
	}
	// A job submitted before a restart is deduplicated by the server;
	// SubmitNew makes sure it runs again. A retry is the next attempt.
	from := 0
	if attempt > 1 {
		from = j.attempt + 1
	}
	if j.attempt, err = d.a.Engine.SubmitNew(ctx, jobs.Job{ID: j.id, Kind: j.key.Kind.Token(), Payload: payload}, from); err != nil {
		return fmt.Errorf("publish %s: %w", j.key, err)
	}
	if attempt > 1 {
		d.log.Info("job republished", "job", j.key, "attempt", j.attempt)
	}
	return nil
}

// foldable says whether a lone user's end cap can be the block's root
// proof as it is: the block circuit verifies its root with the node key
// fixed, so an end node's proof can and a one-proof cap (the wrapper's cap
// mode: a job with direct data, ProveEndCap) cannot, and goes through a
// Single node. The answer depends only on the block's input, so a resumed
// block plans the same tasks.
func (a *Aggregator) foldable(in *BlockInput) bool {
	if len(in.EndCaps) != 1 {
		return false
	}
	c := &in.EndCaps[0]
	if c.Proof != nil {
		k, err := a.Keys.EndCapKey(&c.Header, c.Proof)
		return err == nil && k == a.Keys.Node
	}
	return c.Job == nil || c.Job.Direct == nil
}
