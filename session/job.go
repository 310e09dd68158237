package session

import (
	"errors"
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/parthnet/parth/internal/wire"
	"github.com/parthnet/parth/prover"
	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/smt"
)

// EndCapJob is everything proving a session's end cap needs and nothing
// else: the statements, the step proofs, the CFC proofs as the user made
// them (PLONK; the network wraps them) and the signature proof. A user
// sends its encoding to the network; ProveEndCap gives the same proof
// wherever it runs.
type EndCapJob struct {
	Header     state.EndCapHeader
	Checkpoint state.Checkpoint // preimage of Header.CheckpointRoot
	Steps      []state.StepHeader
	StepProofs []*prover.Proof
	// CFCKeys, CFCPublics and CFCProofs are each call's contract-function
	// proof: its circuit's key hash (whitelist identity), its public input
	// (the CFC header's hash) and the PLONK proof. Step i attests
	// H(CFCKeys[i], CFCPublics[i]).
	CFCKeys    []fr.Element
	CFCPublics []fr.Element
	CFCProofs  []*prover.Proof
	SigKey     fr.Element
	SigParams  [state.SignatureParams]fr.Element
	// SigProof is a standard signature circuit's Groth16 proof when SigKey
	// is one of the key set's (state.NodeKeys.StandardSignature), and the
	// wrapper's proof of the user's PLONK signature circuit otherwise.
	SigProof *prover.Proof
	// Deltas are the session's state deltas (state.CheckDeltas): the
	// network takes an end cap only with its data.
	Deltas []state.TreeDelta
	// Direct, when present, lets the network prove the end cap of this
	// one-call, EdDSA-signed session in one wrapper proof (Direct).
	Direct *Direct
}

// ErrJobEncoding reports an end-cap job that does not decode.
var ErrJobEncoding = errors.New("session: bad end-cap job encoding")

// A session has at most MaxCalls calls.
const (
	MaxCalls   = 64
	jobMagic   = "PARTHECJ"
	jobVersion = 6 // 6: direct data for one-call sessions; 5: raw CFC proofs, wrapped by the network; 4: the standard signature unwrapped; 3: the canonical checkpoint
)

// Job is the bundle's end-cap job: what the user sends the network.
func (b *Bundle) Job() (*EndCapJob, error) {
	if b.EndCap == nil || len(b.CFCProofs) != len(b.Steps) || len(b.CFCs) != len(b.Steps) || len(b.CFCKeys) != len(b.Steps) || b.SigProof == nil {
		return nil, fmt.Errorf("%w: %d steps, %d cfc headers, keys and proofs (%d, %d), signature %t",
			ErrBundleShape, len(b.Steps), len(b.CFCs), len(b.CFCKeys), len(b.CFCProofs), b.SigProof != nil)
	}
	publics := make([]fr.Element, len(b.CFCs))
	for i := range b.CFCs {
		publics[i] = b.CFCs[i].Hash()
	}
	return &EndCapJob{Header: b.EndCap.Header, Checkpoint: b.Checkpoint, Steps: b.Steps, StepProofs: b.StepProofs,
		CFCKeys: b.CFCKeys, CFCPublics: publics, CFCProofs: b.CFCProofs,
		SigKey: b.SigKey, SigParams: b.SigParams, SigProof: b.SigProof,
		Deltas: b.EndCap.Deltas, Direct: b.Direct}, nil
}

// check is the job's shape: counts, the checkpoint preimage against the
// header, and the deltas against the header's UCON transition.
func (j *EndCapJob) check() error {
	_, err := j.checked()
	return err
}

// checked is check, returning the calls' UCON deltas (state.CheckDeltas).
func (j *EndCapJob) checked() ([]*state.TreeDelta, error) {
	n := len(j.Steps)
	if n == 0 || n > MaxCalls || len(j.StepProofs) != n || len(j.CFCKeys) != n || len(j.CFCPublics) != n || len(j.CFCProofs) != n || j.SigProof == nil {
		return nil, fmt.Errorf("%w: %d steps (1..%d), %d step proofs, %d cfc keys, publics and proofs (%d, %d), signature %t",
			ErrBundleShape, n, MaxCalls, len(j.StepProofs), len(j.CFCKeys), len(j.CFCPublics), len(j.CFCProofs), j.SigProof != nil)
	}
	for _, p := range append([]*prover.Proof{j.SigProof}, j.StepProofs...) {
		if p == nil || p.System != prover.Groth16 {
			return nil, fmt.Errorf("%w: the step and signature proofs of an end-cap job are Groth16 proofs", ErrBundleShape)
		}
	}
	for _, p := range j.CFCProofs {
		if p == nil || p.System != prover.PLONK {
			return nil, fmt.Errorf("%w: the cfc proofs of an end-cap job are PLONK proofs", ErrBundleShape)
		}
	}
	if err := checkpointOf(&j.Header, &j.Checkpoint); err != nil {
		return nil, err
	}
	calls, err := checkJobDeltas(j)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBundleShape, err)
	}
	if d := j.Direct; d != nil {
		if n != 1 {
			return nil, fmt.Errorf("%w: direct data with %d calls", ErrBundleShape, n)
		}
		if len(d.Signature) != eddsaSignatureLen || len(d.Whitelist.Siblings) != state.WhitelistSpec.Depth() ||
			len(d.GCON.Siblings) != state.GCONSpec.Depth() {
			return nil, fmt.Errorf("%w: direct data with a %d-byte signature and %d, %d siblings (%d, %d, %d)", ErrBundleShape,
				len(d.Signature), len(d.Whitelist.Siblings), len(d.GCON.Siblings), eddsaSignatureLen,
				state.WhitelistSpec.Depth(), state.GCONSpec.Depth())
		}
	}
	return calls, nil
}

// checkJobDeltas checks the job's data (state.CheckDeltas) and binds it to
// the session's steps: one UCON update per step, from the step's UCON root
// before to its root after — the roots the step proofs attest.
func checkJobDeltas(j *EndCapJob) ([]*state.TreeDelta, error) {
	calls, err := state.CheckDeltas(&j.Header, j.Deltas)
	if err != nil {
		return nil, err
	}
	if len(calls) != len(j.Steps) {
		return nil, fmt.Errorf("%w: %d calls' deltas for %d steps", state.ErrBadDeltas, len(calls), len(j.Steps))
	}
	for i, c := range calls {
		s := &j.Steps[i]
		if !c.Proof.OldRoot.Equal(&s.UCONBefore) || !c.Proof.NewRoot.Equal(&s.UCONAfter) {
			return nil, fmt.Errorf("%w: call %d's UCON update is not step %d's transition", state.ErrBadDeltas, i, s.Step)
		}
	}
	return calls, nil
}

// MarshalBinary is the job's canonical encoding: magic, version, header,
// checkpoint preimage, signature key and parameters, the number of calls,
// each step's header, step proof, CFC key hash, CFC public input and CFC
// proof, the signature proof, then the number of deltas and each delta's tree id and its
// proof (smt's canonical encoding, length-prefixed), then the direct data
// (encodeDirect). Integers are big-endian uint64, field elements 32 bytes
// big-endian, proofs length-prefixed.
func (j *EndCapJob) MarshalBinary() ([]byte, error) {
	if err := j.check(); err != nil {
		return nil, err
	}
	return j.encode()
}

// encode is MarshalBinary without the checks.
func (j *EndCapJob) encode() ([]byte, error) {
	var e wire.Encoder
	e.WriteString(jobMagic)
	e.U64(jobVersion)
	EncodeEndCapHeader(&e, &j.Header)
	if err := e.Fixed(&j.Checkpoint); err != nil {
		return nil, err
	}
	e.El(j.SigKey)
	e.Els(j.SigParams[:]...)
	e.U64(uint64(len(j.Steps)))
	for i := range j.Steps {
		s := &j.Steps[i]
		e.U64(uint64(s.User))
		e.U64(s.Nonce)
		e.U64(s.Step)
		e.Els(s.PublicKey, s.CheckpointRoot, s.UCONStart, s.UCONBefore, s.UCONAfter, s.CFC, s.Prev)
		if err := e.Marshal(j.StepProofs[i]); err != nil {
			return nil, err
		}
		e.Els(j.CFCKeys[i], j.CFCPublics[i])
		if err := e.Marshal(j.CFCProofs[i]); err != nil {
			return nil, err
		}
	}
	if err := e.Marshal(j.SigProof); err != nil {
		return nil, err
	}
	e.U64(uint64(len(j.Deltas)))
	for i := range j.Deltas {
		d := &j.Deltas[i]
		b, err := d.Proof.MarshalBinary()
		if err != nil {
			return nil, fmt.Errorf("%w: delta %d: %v", ErrBundleShape, i, err)
		}
		e.Write(d.Tree.AppendBinary(nil))
		e.U64(uint64(len(b)))
		e.Write(b)
	}
	encodeDirect(&e, j.Direct)
	return e.Bytes(), nil
}

// UnmarshalBinary decodes MarshalBinary's output: non-canonical field
// elements, oversized counts, malformed proofs, trailing bytes and jobs
// whose shape or checkpoint does not hold are errors.
func (j *EndCapJob) UnmarshalBinary(b []byte) error {
	out, _, err := decodeJob(b)
	if err != nil {
		return err
	}
	*j = *out
	return nil
}

// decodeJob is UnmarshalBinary, returning the calls' UCON deltas its
// checks found.
func decodeJob(b []byte) (*EndCapJob, []*state.TreeDelta, error) {
	d := wire.NewDecoder(b)
	if string(d.Read(len(jobMagic))) != jobMagic || d.Err != nil {
		return nil, nil, fmt.Errorf("%w: not an end-cap job", ErrJobEncoding)
	}
	if v := d.U64(); v != jobVersion {
		return nil, nil, fmt.Errorf("%w: version %d, want %d", ErrJobEncoding, v, jobVersion)
	}
	var out EndCapJob
	out.Header = DecodeEndCapHeader(d)
	d.Fixed(&out.Checkpoint, state.CheckpointEncodedLen, "checkpoint")
	out.SigKey = d.El()
	for i := range out.SigParams {
		out.SigParams[i] = d.El()
	}
	n := d.Count(1, MaxCalls, "calls")
	for i := 0; i < n && d.Err == nil; i++ {
		var s state.StepHeader
		u := d.U64()
		if u > 0xffffffff && d.Err == nil {
			d.Err = fmt.Errorf("%w: step %d's user %d", wire.ErrEncoding, i+1, u)
		}
		s.User, s.Nonce, s.Step = state.UserID(u), d.U64(), d.U64()
		for _, v := range []*fr.Element{&s.PublicKey, &s.CheckpointRoot, &s.UCONStart, &s.UCONBefore, &s.UCONAfter, &s.CFC, &s.Prev} {
			*v = d.El()
		}
		out.Steps = append(out.Steps, s)
		out.StepProofs = append(out.StepProofs, prover.ReadProof(d))
		out.CFCKeys = append(out.CFCKeys, d.El())
		out.CFCPublics = append(out.CFCPublics, d.El())
		out.CFCProofs = append(out.CFCProofs, prover.ReadProof(d))
	}
	out.SigProof = prover.ReadProof(d)
	nd := d.Count(1, state.MaxDeltas, "deltas")
	for i := 0; i < nd && d.Err == nil; i++ {
		var td state.TreeDelta
		id, err := state.DecodeTreeID(d.Read(state.TreeIDLen))
		if err != nil && d.Err == nil {
			d.Err = fmt.Errorf("delta %d: %w", i, err)
			break
		}
		td.Tree = id
		b := d.Read(d.Count(1, uint64(smt.EncodedLen(smt.MaxDepth)), "delta bytes"))
		if d.Err != nil {
			break
		}
		if err := td.Proof.UnmarshalBinary(b); err != nil {
			d.Err = fmt.Errorf("delta %d: %w", i, err)
			break
		}
		out.Deltas = append(out.Deltas, td)
	}
	out.Direct = decodeDirect(d)
	if err := d.Finish(); err != nil {
		return nil, nil, fmt.Errorf("%w: %v", ErrJobEncoding, err)
	}
	calls, err := out.checked()
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %w", ErrJobEncoding, err)
	}
	return &out, calls, nil
}

// EncodeEndCapHeader writes an end-cap header (user, nonce, checkpoint
// number, then its five field elements).
func EncodeEndCapHeader(e *wire.Encoder, h *state.EndCapHeader) {
	e.U64(uint64(h.User))
	e.U64(h.Nonce)
	e.U64(h.Checkpoint)
	e.Els(h.CheckpointRoot, h.PublicKey, h.UCONBefore, h.UCONAfter, h.Payload)
}

// DecodeEndCapHeader reads EncodeEndCapHeader's output; a user id must fit
// its 32 bits.
func DecodeEndCapHeader(d *wire.Decoder) state.EndCapHeader {
	var h state.EndCapHeader
	u := d.U64()
	if u > 0xffffffff && d.Err == nil {
		d.Err = fmt.Errorf("%w: user %d", wire.ErrEncoding, u)
	}
	h.User, h.Nonce, h.Checkpoint = state.UserID(u), d.U64(), d.U64()
	for _, v := range []*fr.Element{&h.CheckpointRoot, &h.PublicKey, &h.UCONBefore, &h.UCONAfter, &h.Payload} {
		*v = d.El()
	}
	return h
}
