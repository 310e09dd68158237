package consensus

import (
	"github.com/parthnet/parth/internal/wire"
	"github.com/parthnet/parth/sequencer"
	"github.com/parthnet/parth/state"
)

// The canonical encodings (internal/wire) of what validators exchange and
// nodes keep: proposals (leader → validators), votes (validators → the
// tally) and quorum certificates (the node's records, L1). Each starts with
// a tag and a version. Decoding checks only the encoding; signatures and
// contents are checked by Signer.Check, ValidatorSet.Verify and VerifyQC.

const (
	codecVersion  = 1
	tagProposal   = "PARTH/consensus/proposal"
	tagVote       = "PARTH/consensus/vote"
	tagQC         = "PARTH/consensus/qc"
	maxBlockBytes = 64 << 20 // a block's slots and end-cap jobs
	maxProofBytes = 1 << 12
	maxSigners    = 1 << 16 // validators, so the bitmap is at most 8 KiB
)

func encodeTarget(e *wire.Encoder, t *Target) {
	e.El(t.Checkpoint)
	e.Hash(t.PoH)
}

func decodeTarget(d *wire.Decoder) Target { return Target{Checkpoint: d.El(), PoH: d.Hash()} }

// MarshalBinary is the proposal's canonical encoding.
func (p *Proposal) MarshalBinary() ([]byte, error) {
	var e wire.Encoder
	e.Tag(tagProposal, codecVersion)
	if err := e.Marshal(p.Block); err != nil {
		return nil, err
	}
	if err := e.Fixed(&p.Checkpoint); err != nil {
		return nil, err
	}
	e.Blob(p.Proof)
	e.U64(uint64(p.Leader))
	e.Write(p.LeaderSig[:])
	return e.Bytes(), nil
}

// UnmarshalBinary decodes a proposal.
func (p *Proposal) UnmarshalBinary(b []byte) error {
	d := wire.NewDecoder(b)
	d.Tag(tagProposal, codecVersion)
	out := Proposal{Block: new(sequencer.Block)}
	d.Unmarshal(out.Block, maxBlockBytes, "block")
	d.Fixed(&out.Checkpoint, state.CheckpointEncodedLen, "checkpoint")
	out.Proof = d.Blob(maxProofBytes, "block proof")
	out.Leader = d.Count(0, maxSigners-1, "leader index")
	copy(out.LeaderSig[:], d.Read(len(out.LeaderSig)))
	if err := d.Finish(); err != nil {
		return err
	}
	*p = out
	return nil
}

// MarshalBinary is the vote's canonical encoding.
func (v *Vote) MarshalBinary() ([]byte, error) {
	var e wire.Encoder
	e.Tag(tagVote, codecVersion)
	e.U64(v.Chain)
	e.U64(v.Block)
	encodeTarget(&e, &v.Target)
	e.U64(uint64(v.Validator))
	e.Write(v.Sig[:])
	return e.Bytes(), nil
}

// UnmarshalBinary decodes a vote.
func (v *Vote) UnmarshalBinary(b []byte) error {
	d := wire.NewDecoder(b)
	d.Tag(tagVote, codecVersion)
	var out Vote
	out.Chain, out.Block = d.U64(), d.U64()
	out.Target = decodeTarget(d)
	out.Validator = d.Count(0, maxSigners-1, "validator index")
	copy(out.Sig[:], d.Read(len(out.Sig)))
	if err := d.Finish(); err != nil {
		return err
	}
	*v = out
	return nil
}

// MarshalBinary is the certificate's canonical encoding.
func (q *QC) MarshalBinary() ([]byte, error) {
	var e wire.Encoder
	e.Tag(tagQC, codecVersion)
	e.U64(q.Chain)
	e.U64(q.Block)
	encodeTarget(&e, &q.Target)
	e.Blob(q.Signers)
	e.Write(q.Sig[:])
	return e.Bytes(), nil
}

// UnmarshalBinary decodes a certificate.
func (q *QC) UnmarshalBinary(b []byte) error {
	d := wire.NewDecoder(b)
	d.Tag(tagQC, codecVersion)
	var out QC
	out.Chain, out.Block = d.U64(), d.U64()
	out.Target = decodeTarget(d)
	out.Signers = d.Blob(maxSigners/8, "signer bitmap")
	copy(out.Sig[:], d.Read(len(out.Sig)))
	if err := d.Finish(); err != nil {
		return err
	}
	*q = out
	return nil
}
