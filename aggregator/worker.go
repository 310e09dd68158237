package aggregator

import (
	"context"
	"log/slog"

	"github.com/parthnet/parth/circuits/block"
	"github.com/parthnet/parth/jobs"
	"github.com/parthnet/parth/prover"
	"github.com/parthnet/parth/session"
)

// Worker proves jobs with the network's keys, loaded once.
type Worker struct {
	Keys    *Keys
	Backend prover.Backend
	Log     *slog.Logger
	// Prior, if set, finds a job's latest published result (Engine.
	// LastResult); a valid one is returned instead of proving again.
	Prior func(ctx context.Context, id string) (jobs.Result, bool, error)
}

// Serve works jobs from e as worker name until ctx ends, reusing the
// results e has already published (Prior) unless Prior is set.
func (w *Worker) Serve(ctx context.Context, e *jobs.Engine, name string) error {
	if w.Prior == nil {
		w.Prior = e.LastResult
	}
	return e.Work(ctx, name, w.Handle)
}

// reuse returns a valid prior result of job id, or nil.
func (w *Worker) reuse(ctx context.Context, id string, verify func(*prover.Proof) error) []byte {
	if w.Prior == nil {
		return nil
	}
	r, ok, err := w.Prior(ctx, id)
	if err != nil || !ok {
		return nil
	}
	p := new(prover.Proof)
	if p.UnmarshalBinary(r.Payload) != nil || verify(p) != nil {
		return nil
	}
	if w.Log != nil {
		w.Log.Info("job already proven; reusing its result", "job", id, "by", r.Worker)
	}
	return r.Payload
}

func (w *Worker) backend() prover.Backend {
	if w.Backend == nil {
		return prover.CPU{}
	}
	return w.Backend
}

// Handle is the worker's jobs.Handler: decode, prove (every proof is
// checked before it leaves), encode. A job that does not decode is an
// error, so the engine naks it and, after its deliveries, dead-letters it.
func (w *Worker) Handle(ctx context.Context, j jobs.Job) ([]byte, error) {
	var p *prover.Proof
	kind, err := ParseJobKind(j.Kind)
	if err != nil {
		return nil, err
	}
	switch kind {
	case KindEndCap:
		var job session.EndCapJob
		if err := job.UnmarshalBinary(j.Payload); err != nil {
			return nil, err
		}
		if b := w.reuse(ctx, j.ID, func(p *prover.Proof) error { return w.Keys.VerifyEndCap(&job.Header, p) }); b != nil {
			return b, nil
		}
		pr := &session.EndCapProver{Keys: w.Keys.NetworkKeys, Backend: w.backend(), Log: w.Log}
		if p, _, err = pr.ProveEndCap(&job); err == nil {
			err = w.Keys.VerifyEndCap(&job.Header, p)
		}
	case KindNode:
		var job NodeJob
		if err := job.UnmarshalBinary(j.Payload); err != nil {
			return nil, err
		}
		if public, err := job.Public(w.Keys.NodeKeys.Hash()); err == nil {
			if b := w.reuse(ctx, j.ID, func(p *prover.Proof) error { return w.Keys.VerifyNode(public, p) }); b != nil {
				return b, nil
			}
		}
		p, err = job.Prove(w.Keys.NetworkKeys, w.backend())
	case KindBlock:
		var job BlockJob
		if err := job.UnmarshalBinary(j.Payload); err != nil {
			return nil, err
		}
		if next, err := job.Next(); err == nil {
			if b := w.reuse(ctx, j.ID, func(p *prover.Proof) error { return block.Verify(w.Keys.Block, job.Parent.Root, next.Root, p) }); b != nil {
				return b, nil
			}
		}
		p, _, err = job.Prove(w.Keys, w.backend())
	}
	if err != nil {
		return nil, err
	}
	return p.MarshalBinary()
}
