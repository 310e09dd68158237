package session

import (
	"fmt"

	"github.com/parthnet/parth/sequencer"
)

// Submission is what a user hands the sequencer for an end-cap job: the
// job's encoding, its user, the PoH event its header hash is mixed in as
// (state.EndCapHeader.Event) — what validators find in the block's slots —
// and ref, the recent PoH hash the user saw.
func (j *EndCapJob) Submission(ref [32]byte) (sequencer.Submission, error) {
	enc, err := j.MarshalBinary()
	if err != nil {
		return sequencer.Submission{}, err
	}
	return sequencer.Submission{User: uint64(j.Header.User), Hash: j.Header.Event(), Ref: ref, Job: enc}, nil
}

// SequencedJob decodes a sequenced end cap's job and checks it is the end
// cap sequenced: its header hash is the PoH event and its user the
// sequenced user. The job's own checks (its deltas reproduce its UCON
// transition) run as it decodes; its proofs are CheckEndCapJob's.
func SequencedJob(e *sequencer.Sequenced) (*EndCapJob, error) {
	var j EndCapJob
	if err := j.UnmarshalBinary(e.Job); err != nil {
		return nil, fmt.Errorf("%w: the job sequenced at %d: %w", ErrSequenced, e.Position, err)
	}
	if j.Header.Event() != e.Hash || uint64(j.Header.User) != e.User {
		return nil, fmt.Errorf("%w: the job is not the end cap sequenced at %d", ErrSequenced, e.Position)
	}
	return &j, nil
}

// CheckSequenced is a validator's check of a sequenced end cap's data
// (consensus.DataCheck): SequencedJob without the job.
func CheckSequenced(e *sequencer.Sequenced) error {
	_, err := SequencedJob(e)
	return err
}
