package aggregator

import (
	"errors"
	"fmt"

	"github.com/parthnet/parth/sequencer"
	"github.com/parthnet/parth/session"
	"github.com/parthnet/parth/state"
)

// Submission is what a user hands the sequencer for an end-cap job: the
// job's encoding, its user, and the PoH hash the job's header hash is
// mixed in as (EndCapHash) — what validators find in the block's slots.
func Submission(j *session.EndCapJob, ref [32]byte) (sequencer.Submission, error) {
	enc, err := j.MarshalBinary()
	if err != nil {
		return sequencer.Submission{}, err
	}
	return sequencer.Submission{User: uint64(j.Header.User), Hash: EndCapHash(&j.Header), Ref: ref, Job: enc}, nil
}

// EndCapHash is the PoH event of an end cap: its header hash.
func EndCapHash(h *state.EndCapHeader) [32]byte {
	e := h.Hash()
	return e.Bytes()
}

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
		j, err := sequencedJob(&b.EndCaps[i])
		if err != nil {
			return nil, fmt.Errorf("%w: block %d end cap %d: %w", ErrSequenced, b.Number, i, err)
		}
		in.EndCaps = append(in.EndCaps, EndCapInput{Header: j.Header, Job: j})
	}
	return in, nil
}

// CheckSequenced is a validator's check of a sequenced end cap's data
// (consensus.DataCheck): its job decodes — with state deltas that reproduce
// its UCON transition (state.CheckDeltas) — and it is the end cap sequenced:
// its header hash is the PoH event and its user the sequenced user.
func CheckSequenced(e *sequencer.Sequenced) error {
	_, err := sequencedJob(e)
	return err
}

func sequencedJob(e *sequencer.Sequenced) (*session.EndCapJob, error) {
	var j session.EndCapJob
	if err := j.UnmarshalBinary(e.Job); err != nil {
		return nil, err
	}
	if EndCapHash(&j.Header) != e.Hash || uint64(j.Header.User) != e.User {
		return nil, fmt.Errorf("%w: the job is not the end cap sequenced at %d", ErrSequenced, e.Position)
	}
	return &j, nil
}
