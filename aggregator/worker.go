package aggregator

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/parthnet/parth/jobs"
	"github.com/parthnet/parth/prover"
	"github.com/parthnet/parth/session"
)

// Job kinds on the queue (subject tokens).
const (
	KindEndCap = "endcap" // payload: session.EndCapJob; result: the end-cap proof
	KindNode   = "node"   // payload: NodeJob; result: the node proof
	KindBlock  = "block"  // payload: BlockJob; result: the block proof
)

// Worker proves jobs with keys loaded once (session keys with the wrapper
// and node loaded, and the block keys).
type Worker struct {
	Keys    *session.Keys
	Block   *prover.Keys
	Backend prover.Backend
	Log     *slog.Logger
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
	var (
		p   *prover.Proof
		err error
	)
	switch j.Kind {
	case KindEndCap:
		var job session.EndCapJob
		if err := job.UnmarshalBinary(j.Payload); err != nil {
			return nil, err
		}
		pr := &session.Prover{Keys: w.Keys, Backend: w.backend(), Log: w.Log}
		if p, _, err = pr.ProveEndCap(&job); err == nil {
			err = w.Keys.VerifyEndCap(&job.Header, p)
		}
	case KindNode:
		var job NodeJob
		if err := job.UnmarshalBinary(j.Payload); err != nil {
			return nil, err
		}
		p, err = job.Prove(w.Keys, w.backend())
	case KindBlock:
		var job BlockJob
		if err := job.UnmarshalBinary(j.Payload); err != nil {
			return nil, err
		}
		if w.Block == nil {
			return nil, fmt.Errorf("aggregator: this worker has no block keys")
		}
		p, _, err = job.Prove(w.Keys, w.Block, w.backend())
	default:
		return nil, fmt.Errorf("aggregator: unknown job kind %q", j.Kind)
	}
	if err != nil {
		return nil, err
	}
	return p.MarshalBinary()
}
