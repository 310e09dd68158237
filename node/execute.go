package node

import (
	"fmt"
	"log/slog"

	"github.com/parthnet/parth/aggregator"
	"github.com/parthnet/parth/sequencer"
	"github.com/parthnet/parth/sequencer/poh"
	"github.com/parthnet/parth/state"
)

// Executor applies cut blocks natively, in order, as soon as they are cut
// (doc.go, "executed"): the chain's head moves to CHKP(n) from the end
// caps' deltas, their users may send their next end cap, and the block
// goes on to be proven with its input. Proving block n+1 needs only
// CHKP(n), so it does not wait for block n's proof.
type Executor struct {
	Chain     *state.Chain
	Admission *Admission // released users (nil: none)
	Log       *slog.Logger
}

// ExecutedBlock is a block applied natively: its proving input and CHKP(n).
type ExecutedBlock struct {
	Block *sequencer.Block
	Input *aggregator.BlockInput
	CHKP  state.Checkpoint
}

// Execute applies block b, the one after the head; a block already applied
// (a restart replaying the journal) is not applied again, and gives the
// same input and checkpoint.
func (x *Executor) Execute(b *sequencer.Block) (*ExecutedBlock, error) {
	head, err := x.Chain.Head()
	if err != nil {
		return nil, err
	}
	if b.Number == 0 || b.Number > head.Number+1 {
		return nil, fmt.Errorf("node: block %d cannot follow the head, CHKP(%d)", b.Number, head.Number)
	}
	parent, err := x.Chain.Checkpoint(b.Number - 1)
	if err != nil {
		return nil, err
	}
	view, err := x.Chain.View(b.Number - 1)
	if err != nil {
		return nil, err
	}
	hist, err := state.NewBlockHistory(x.Chain.Checkpoint, b.Number)
	if err != nil {
		return nil, err
	}
	in, err := aggregator.FromSequencer(b, parent, aggregator.ViewSiblings(view), hist)
	if err != nil {
		return nil, err
	}
	var chkp state.Checkpoint
	if b.Number <= head.Number {
		if chkp, err = x.Chain.Checkpoint(b.Number); err != nil {
			return nil, err
		}
		if chkp.PoH != b.PoH {
			return nil, fmt.Errorf("node: the chain's CHKP(%d) is of another PoH hash than the journal's block %d", b.Number, b.Number)
		}
		return &ExecutedBlock{Block: b, Input: in, CHKP: chkp}, nil
	}
	if chkp, err = x.Chain.ApplyDeltas(in.Proven(), b.PoH); err != nil {
		return nil, fmt.Errorf("node: block %d does not apply: %w", b.Number, err)
	}
	if x.Admission != nil {
		for _, e := range b.EndCaps {
			x.Admission.Applied(state.UserID(e.User), poh.Hash(e.Hash))
		}
	}
	if x.Log != nil {
		x.Log.Info("block executed", "block", b.Number, "end_caps", len(b.EndCaps), "checkpoint", chkp.Root.String())
	}
	return &ExecutedBlock{Block: b, Input: in, CHKP: chkp}, nil
}
