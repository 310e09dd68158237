package session

import (
	"bytes"
	"fmt"

	"github.com/parthnet/parth/sequencer"
	"github.com/parthnet/parth/state"
)

// Decoded is an end-cap job as it arrived: its canonical encoding and the
// job it decodes to, with what decoding checked (the shape, the checkpoint
// preimage, the deltas against the header and the steps) kept, so that a
// node admitting it runs each check once (CheckDecoded for the proofs,
// Submission for the bytes to sequence) instead of again at every step.
// Its fields are not exported: a Decoded cannot be changed after its
// checks.
type Decoded struct {
	job   EndCapJob
	raw   []byte
	calls []*state.TreeDelta
}

// Decode decodes raw (UnmarshalBinary's checks) and keeps a copy of it,
// which must be the job's canonical encoding.
func Decode(raw []byte) (*Decoded, error) {
	j, calls, err := decodeJob(raw)
	if err != nil {
		return nil, err
	}
	enc, err := j.encode()
	if err != nil {
		return nil, err
	}
	if !bytes.Equal(enc, raw) {
		return nil, fmt.Errorf("%w: not the job's canonical encoding", ErrJobEncoding)
	}
	return &Decoded{job: *j, raw: enc, calls: calls}, nil
}

// Header is the job's end-cap header (a copy).
func (d *Decoded) Header() state.EndCapHeader { return d.job.Header }

// Deltas are the job's state deltas, checked against the header (a copy of
// the list; the proofs are shared and must not be changed).
func (d *Decoded) Deltas() []state.TreeDelta { return append([]state.TreeDelta(nil), d.job.Deltas...) }

// Submission is the sequencer's submission of the job, referencing PoH
// hash ref: its encoding as it arrived.
func (d *Decoded) Submission(ref [32]byte) sequencer.Submission {
	return sequencer.Submission{User: uint64(d.job.Header.User), Hash: d.job.Header.Event(), Ref: ref, Job: bytes.Clone(d.raw)}
}

// CheckDecoded is CheckEndCapJob for a decoded job: its proofs, the chain
// of its steps, its attestations, the signature and the direct data, the
// job's own checks having run in Decode.
func (k *NetworkKeys) CheckDecoded(d *Decoded) error { return k.checkProofs(&d.job, d.calls) }
