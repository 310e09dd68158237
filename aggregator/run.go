package aggregator

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/parthnet/parth/jobs"
	"github.com/parthnet/parth/prover"
	"github.com/parthnet/parth/session"
	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/store"
)

// Aggregator runs blocks' aggregation trees over the job engine: it
// publishes every job whose inputs are ready, verifies each result before
// using it, stores it, and publishes what it unblocks. Stored results
// survive a restart: proving a block again resumes where it stopped.
type Aggregator struct {
	Engine *jobs.Engine
	Store  *store.Store
	Keys   *session.Keys // with the node loaded: verifies end caps and nodes
	Block  *prover.Keys  // verifies block proofs
	Log    *slog.Logger
	// MaxRejected bounds the invalid results a job may get before the
	// block fails (default 8); each retry waits RetryBackoff (default 1s),
	// doubling, so a lying worker cannot flood the queue.
	MaxRejected  int
	RetryBackoff time.Duration
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

// pending is a published job waiting for a valid result.
type pending struct {
	key      []byte // where its result is stored
	kind     string
	payload  []byte
	attempt  int
	verify   func(*prover.Proof) error
	done     chan *prover.Proof
	fail     chan error
	rejected int
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
	// A failed job fails the block: abort stops everything waiting.
	ctx, abort := context.WithCancelCause(ctx)
	defer abort(nil)

	maxRejected, backoff := a.MaxRejected, a.RetryBackoff
	if maxRejected <= 0 {
		maxRejected = 8
	}
	if backoff <= 0 {
		backoff = time.Second
	}
	var (
		mu      sync.Mutex
		waiting = map[string]*pending{}
		early   = map[string][]jobs.Result{} // results that came before their job was waited for
	)
	// settle checks a result of p; a valid one is stored (durably, before
	// the result is acked) and hands the proof over.
	settle := func(p *pending, r jobs.Result) error {
		id, worker := r.JobID, r.Worker
		proof := new(prover.Proof)
		err := proof.UnmarshalBinary(r.Payload)
		if err == nil {
			err = p.verify(proof)
		}
		if err != nil {
			mu.Lock()
			_, still := waiting[id]
			p.rejected++
			rejected := p.rejected
			mu.Unlock()
			if !still {
				return nil // settled meanwhile: a late invalid copy
			}
			if rejected > maxRejected {
				if rejected == maxRejected+1 { // once: fail has room for one
					log.Error("job rejected too often; giving up", "job", id, "rejected", rejected)
					p.fail <- fmt.Errorf("%w: job %s got %d invalid results (last from %s: %v)", ErrPlan, id, rejected, worker, err)
				}
				return nil
			}
			wait := backoff << (rejected - 1)
			log.Warn("invalid result rejected; job retried", "job", id, "worker", worker, "rejected", rejected, "retry in", wait, "err", err)
			time.AfterFunc(wait, func() {
				mu.Lock()
				_, still := waiting[id]
				p.attempt++
				attempt := p.attempt
				mu.Unlock()
				if still {
					if _, err := a.Engine.SubmitNew(ctx, jobs.Job{ID: id, Kind: p.kind, Payload: p.payload}, attempt); err != nil {
						log.Error("retry", "job", id, "err", err)
					}
				}
			})
			return nil
		}
		rec := JobRecord{Job: id, Worker: worker, Attempt: r.Attempt, Accepted: time.Now().UTC(), Proof: proof}
		b, err := rec.MarshalBinary()
		if err != nil {
			return err
		}
		if err := a.Store.PutRecord(recordsNS, p.key, b); err != nil {
			return err
		}
		mu.Lock()
		defer mu.Unlock()
		if _, still := waiting[id]; still {
			delete(waiting, id)
			p.done <- proof
		}
		return nil
	}
	stop, err := a.Engine.Results(ctx, "aggregator", func(r jobs.Result) error {
		mu.Lock()
		p, ok := waiting[r.JobID]
		if !ok {
			// A duplicate of a settled job (ignored when it is waited for
			// again: the stored result comes first), or a result that
			// overtook its job's registration after a restart.
			early[r.JobID] = append(early[r.JobID], r)
		}
		mu.Unlock()
		if !ok {
			return nil
		}
		return settle(p, r)
	})
	if err != nil {
		return nil, err
	}
	defer stop()

	tasks := plan.Nodes(a.foldable(in))
	total := len(tasks) + 1
	for _, c := range in.EndCaps {
		if c.Proof == nil {
			total++
		}
	}
	done := 0
	progress := func(what string) {
		done++
		log.Info("job done", "what", what, "done", done, "total", total)
		if a.Progress != nil {
			a.Progress(Progress{Block: n, Done: done, Total: total, What: what})
		}
	}

	// run publishes a job (unless its result is stored) and waits for a
	// valid result, which it stores under key.
	run := func(key []byte, kind string, payload []byte, verify func(*prover.Proof) error) (*prover.Proof, error) {
		if b, ok, err := a.Store.Record(recordsNS, key); err != nil {
			return nil, err
		} else if ok {
			var rec JobRecord
			if err := rec.UnmarshalBinary(b); err == nil && verify(rec.Proof) == nil {
				return rec.Proof, nil
			}
			log.Warn("stored result does not verify; proving again", "key", fmt.Sprintf("%x", key))
		}
		id := ID(payload)
		p := &pending{key: key, kind: kind, payload: payload, verify: verify, done: make(chan *prover.Proof, 1), fail: make(chan error, 1)}
		mu.Lock()
		waiting[id] = p
		pre := early[id]
		delete(early, id)
		mu.Unlock()
		for _, r := range pre {
			if err := settle(p, r); err != nil {
				return nil, err
			}
		}
		mu.Lock()
		_, still := waiting[id]
		mu.Unlock()
		if still {
			// A job submitted before a restart is deduplicated by the
			// server; SubmitNew makes sure it runs again.
			attempt, err := a.Engine.SubmitNew(ctx, jobs.Job{ID: id, Kind: kind, Payload: payload}, 0)
			if err != nil {
				return nil, err
			}
			mu.Lock()
			p.attempt = attempt
			mu.Unlock()
		}
		select {
		case proof := <-p.done:
			return proof, nil
		case err := <-p.fail:
			mu.Lock()
			delete(waiting, id)
			mu.Unlock()
			return nil, err
		case <-ctx.Done():
			return nil, context.Cause(ctx)
		}
	}

	// End caps, in parallel; a tree task starts as soon as its children
	// are proven.
	capProofs := map[state.UserID]*prover.Proof{}
	capReady := map[state.UserID]chan struct{}{}
	for i := range in.EndCaps {
		c := &in.EndCaps[i]
		ch := make(chan struct{})
		capReady[c.Header.User] = ch
		if c.Proof != nil {
			if err := a.Keys.VerifyEndCap(&c.Header, c.Proof); err != nil {
				return nil, fmt.Errorf("user %d's end cap: %w", c.Header.User, err)
			}
			capProofs[c.Header.User] = c.Proof
			close(ch)
			continue
		}
		payload, err := c.Job.MarshalBinary()
		if err != nil {
			return nil, err
		}
		go func() {
			h := c.Header
			p, err := run(recordKey(n, recCap, uint64(h.User)), KindEndCap, payload, func(p *prover.Proof) error { return a.Keys.VerifyEndCap(&h, p) })
			if err != nil {
				abort(err)
				return
			}
			mu.Lock()
			capProofs[h.User] = p
			progress(fmt.Sprintf("end cap of user %d", h.User))
			mu.Unlock()
			close(ch)
		}()
	}

	// The tree: tasks are in bottom-up order; siblings run in parallel.
	taskProofs := make([]*prover.Proof, len(tasks))
	ready := make([]chan struct{}, len(tasks))
	for i := range ready {
		ready[i] = make(chan struct{})
	}
	errs := make(chan error, len(tasks))
	for i := range tasks {
		go func() {
			for _, c := range plan.Tasks[i].Children {
				wait := capReady[c.User]
				if c.Task >= 0 {
					wait = ready[c.Task]
				}
				select {
				case <-wait:
				case <-ctx.Done():
					errs <- context.Cause(ctx)
					return
				}
			}
			mu.Lock()
			job, err := JobFor(plan, i, caps, reads, in.Siblings, folded,
				func(t int) *prover.Proof { return taskProofs[t] }, func(u state.UserID) *prover.Proof { return capProofs[u] })
			mu.Unlock()
			if err != nil {
				errs <- err
				return
			}
			payload, err := job.MarshalBinary()
			if err != nil {
				errs <- err
				return
			}
			h := folded[i].Header(ks)
			want := h.Hash()
			p, err := run(recordKey(n, recNode, uint64(i)), KindNode, payload, func(p *prover.Proof) error { return a.Keys.VerifyNode(want, p) })
			if err != nil {
				errs <- err
				return
			}
			mu.Lock()
			taskProofs[i] = p
			progress(fmt.Sprintf("%v task %d (height %d)", plan.Tasks[i].Kind, i, plan.Tasks[i].Height))
			mu.Unlock()
			close(ready[i])
			errs <- nil
		}()
	}
	for range tasks {
		if err := <-errs; err != nil {
			return nil, err
		}
	}

	bj := &BlockJob{Parent: in.Parent, Slot: in.History.Slot, PoH: in.PoH}
	if tasks == nil {
		u := plan.Users[0]
		select {
		case <-capReady[u]:
		case <-ctx.Done():
			return nil, context.Cause(ctx)
		}
		if bj.Siblings, err = in.Siblings(u); err != nil {
			return nil, err
		}
		mu.Lock()
		bj.Root, bj.Cap, bj.Read = capProofs[u], caps[u], reads[u]
		mu.Unlock()
	} else {
		bj.Root, bj.Subtree = taskProofs[plan.Root()], folded[plan.Root()]
	}
	next, err := bj.Next()
	if err != nil {
		return nil, err
	}
	payload, err := bj.MarshalBinary()
	if err != nil {
		return nil, err
	}
	proof, err := run(recordKey(n, recBlock, 0), KindBlock, payload, func(p *prover.Proof) error {
		return VerifyBlock(a.Block, in.Parent.Root, next.Root, p)
	})
	if err != nil {
		return nil, err
	}
	if err := a.Store.PutRecord(recordsNS, recordKey(n, recChkp, 0), encodeCheckpoint(&next)); err != nil {
		return nil, err
	}
	mu.Lock()
	progress("block")
	mu.Unlock()
	log.Info("block proven", "checkpoint", next.Root.String())
	return &BlockResult{Next: next, Proof: proof, Jobs: total}, nil
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
