package state

import (
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/parthnet/parth/state/hashing"
)

// UPS header kinds (first element of a UPS header hash).
const (
	upsStart = 0
	upsStep  = 1
)

// StartHeader is the statement of the UPS start-session circuit: the user
// exists at the checkpoint with this key, nonce and UCON root.
type StartHeader struct {
	User           UserID
	Nonce          uint64
	PublicKey      fr.Element
	CheckpointRoot fr.Element
	UCONStart      fr.Element
}

// Hash is the start proof's single public input.
func (h *StartHeader) Hash() fr.Element {
	return hashing.Hash(hashing.TagUPS, hashing.Uint(upsStart), hashing.Uint(uint64(h.User)), hashing.Uint(h.Nonce),
		h.PublicKey, h.CheckpointRoot, h.UCONStart)
}

// StepHeader is the statement of a UPS transact step. It carries the
// session's identity (user, nonce, key, checkpoint, start root) unchanged
// from the start header, moves UCON from Before to After, and attests two
// proofs it does not verify: the call's CFC proof (CFC = H(vk hash, CFC
// header hash)) and the previous step (Prev = hash of its header).
type StepHeader struct {
	User           UserID
	Nonce          uint64
	PublicKey      fr.Element
	CheckpointRoot fr.Element
	UCONStart      fr.Element
	Step           uint64 // 1-based
	UCONBefore     fr.Element
	UCONAfter      fr.Element
	CFC            fr.Element
	Prev           fr.Element
}

// Hash is the step proof's single public input.
func (h *StepHeader) Hash() fr.Element {
	return hashing.Hash(hashing.TagUPS, hashing.Uint(upsStep), hashing.Uint(uint64(h.User)), hashing.Uint(h.Nonce),
		h.PublicKey, h.CheckpointRoot, h.UCONStart, hashing.Uint(h.Step), h.UCONBefore, h.UCONAfter, h.CFC, h.Prev)
}

// StartHeader returns the session's start statement.
func (r *SessionResult) StartHeader() StartHeader { return r.Header.Start() }

// Start is the start statement of the session an end cap closes.
func (h *EndCapHeader) Start() StartHeader {
	return StartHeader{User: h.User, Nonce: h.Nonce, PublicKey: h.PublicKey, CheckpointRoot: h.CheckpointRoot, UCONStart: h.UCONBefore}
}

// CFCAttestation is the commitment step i makes to call i's CFC proof: the
// function's whitelisted identity (its CFC verifying-key hash) and the CFC
// header hash.
func (r *SessionResult) CFCAttestation(i int) fr.Element {
	hdr := r.CFCHeader(i)
	return Attestation(r.Calls[i].FunctionRef, hdr.Hash())
}

// StepHeaders returns every transact step's statement, chained on the start.
func (r *SessionResult) StepHeaders() []StepHeader {
	start := r.StartHeader()
	prev := start.Hash()
	out := make([]StepHeader, len(r.Calls))
	for i := range r.Calls {
		c := &r.Calls[i]
		out[i] = StepHeader{User: start.User, Nonce: start.Nonce, PublicKey: start.PublicKey,
			CheckpointRoot: start.CheckpointRoot, UCONStart: start.UCONStart, Step: uint64(i + 1),
			UCONBefore: c.UCON.OldRoot, UCONAfter: c.UCON.NewRoot, CFC: r.CFCAttestation(i), Prev: prev}
		prev = out[i].Hash()
	}
	return out
}
