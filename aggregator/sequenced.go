package aggregator

import (
	"errors"
	"fmt"

	"github.com/parthnet/parth/sequencer"
	"github.com/parthnet/parth/session"
	"github.com/parthnet/parth/state"
)

// ErrSequenced is a sequencer block the aggregator cannot take.
var ErrSequenced = errors.New("aggregator: bad sequenced block")

// FromSequencer is the sequencer's hand-off: block b's end-cap jobs, in
// PoH order, on parent with GUSR siblings from the parent's view and the
// block's checkpoint history, and the block's final PoH hash (which CHKP(n)
// commits to). Each job's encoding
// must decode and its header hash must be the event the sequencer mixed
// in; the aggregator checks the jobs themselves (CheckEndCapJob) before
// queueing them.
func FromSequencer(b *sequencer.Block, parent state.Checkpoint, siblings Siblings, hist *state.BlockHistory) (*BlockInput, error) {
	if b.Number != parent.Number+1 {
		return nil, fmt.Errorf("%w: block %d on checkpoint %d", ErrSequenced, b.Number, parent.Number)
	}
	if len(b.EndCaps) == 0 {
		return nil, fmt.Errorf("%w: block %d has no end caps", ErrSequenced, b.Number)
	}
	in := &BlockInput{Parent: parent, Siblings: siblings, History: hist, PoH: b.PoH}
	for i := range b.EndCaps {
		j, err := session.SequencedJob(&b.EndCaps[i])
		if err != nil {
			return nil, fmt.Errorf("%w: block %d end cap %d: %w", ErrSequenced, b.Number, i, err)
		}
		in.EndCaps = append(in.EndCaps, EndCapInput{Header: j.Header, Job: j})
	}
	return in, nil
}
