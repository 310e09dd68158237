package session

import (
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark-crypto/ecc/bn254/twistededwards"
	"github.com/consensys/gnark-crypto/ecc/bn254/twistededwards/eddsa"

	"github.com/parthnet/parth/circuits/node"
	"github.com/parthnet/parth/circuits/ups"
	"github.com/parthnet/parth/circuits/wrap"
	"github.com/parthnet/parth/internal/wire"
	"github.com/parthnet/parth/prover"
	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/smt"
)

// Direct is what the wrapper's cap mode needs, besides the job's CFC proof
// and UCON delta, to prove a one-call session's end cap in one proof
// (node.Cap): the call's CFC header, the function's whitelist entry and
// the contract's GCON leaf at the checkpoint, and the user's EdDSA
// signature of the payload itself rather than a proof of it. A job of one
// call signed with the standard EdDSA key carries it (Bundle.Job), and
// ProveEndCap then proves one wrapper proof instead of a wrap, a pair node
// and an end node (~3.3 M constraints instead of ~11.5 M).
//
// Nothing here is private: the whitelist and GCON paths are public state,
// the CFC header is the CFC proof's public statement, and a signature
// reveals nothing the user's public key does not.
type Direct struct {
	CFC       state.CFCHeader
	Whitelist smt.Proof
	Metadata  fr.Element
	GCON      smt.Proof
	Signature []byte // state.EdDSA's encoding (64 bytes)
}

// eddsaSignatureLen is the length of state.EdDSA's signatures.
const eddsaSignatureLen = 64

// direct is the bundle's Direct when its session can be capped directly:
// one call, signed with the standard EdDSA circuit.
func direct(res *state.SessionResult, signature []byte) *Direct {
	if len(res.Calls) != 1 {
		return nil
	}
	c := &res.Calls[0]
	return &Direct{CFC: res.CFCHeader(0), Whitelist: c.Whitelist, Metadata: c.Info.Metadata, GCON: c.GCON,
		Signature: append([]byte(nil), signature...)}
}

// eddsaPublicKey is state.EdDSA's encoding of the key whose parameters
// are params, provided params are exactly a point's (A.x, A.y, 0, 0).
func eddsaPublicKey(params [state.SignatureParams]fr.Element) ([]byte, error) {
	var pk eddsa.PublicKey
	pk.A = twistededwards.PointAffine{X: params[0], Y: params[1]}
	b := pk.Bytes()
	var back eddsa.PublicKey
	if _, err := back.SetBytes(b); err != nil || !back.A.Equal(&pk.A) || !params[2].IsZero() || !params[3].IsZero() {
		return nil, fmt.Errorf("%w: the signature parameters are not an EdDSA key", ErrSignature)
	}
	return b, nil
}

// checkDirect checks, natively, everything the cap mode proves of a job
// with direct data, and that the data is what the job's step proof
// proved: the step header that the CFC header, the whitelist and GCON
// paths and the UCON delta give is the job's only step, and the signature
// is the user's key's, over the payload. check, the deltas and the
// signature's key binding (signedBy) come first.
func (k *NetworkKeys) checkDirect(j *EndCapJob, calls []*state.TreeDelta) error {
	d := j.Direct
	if len(j.Steps) != 1 || j.SigKey != k.NodeKeys.EdDSA {
		return fmt.Errorf("%w: direct data is for one-call sessions signed with the standard EdDSA key", ErrBundleShape)
	}
	h, c := &j.Header, &d.CFC
	if c.Hash() != j.CFCPublics[0] {
		return fmt.Errorf("%w: the direct CFC header is not the CFC proof's statement", ErrAttestation)
	}
	if c.User != h.User || c.Caller != h.User || c.CheckpointRoot != h.CheckpointRoot {
		return fmt.Errorf("%w: the CFC is not the user's call at its checkpoint", ErrChain)
	}
	if err := d.Whitelist.Verify(state.WhitelistSpec); err != nil || d.Whitelist.Index != uint64(c.Function) || d.Whitelist.Value != j.CFCKeys[0] {
		return fmt.Errorf("%w: the CFC key is not the function's whitelist entry (%v)", ErrAttestation, err)
	}
	leaf := state.ContractInfo{WhitelistRoot: d.Whitelist.Root, Metadata: d.Metadata}.Leaf()
	if err := d.GCON.Verify(state.GCONSpec); err != nil || d.GCON.Index != uint64(c.Contract) || d.GCON.Value != leaf || d.GCON.Root != j.Checkpoint.GCONRoot {
		return fmt.Errorf("%w: the contract's whitelist is not its GCON leaf at the checkpoint (%v)", ErrAttestation, err)
	}
	if len(calls) != 1 {
		return fmt.Errorf("%w: %d calls' deltas", ErrBundleShape, len(calls))
	}
	u := &calls[0].Proof
	if u.Index != uint64(c.Contract) || u.OldValue != c.Before || u.NewValue != c.After {
		return fmt.Errorf("%w: the UCON update is not the CFC's transition", ErrChain)
	}
	start := h.Start()
	want := state.StepHeader{User: h.User, Nonce: h.Nonce, Step: 1, PublicKey: h.PublicKey, CheckpointRoot: h.CheckpointRoot,
		UCONStart: h.UCONBefore, UCONBefore: h.UCONBefore, UCONAfter: u.NewRoot,
		CFC: state.Attestation(j.CFCKeys[0], c.Hash()), Prev: start.Hash()}
	if want != j.Steps[0] {
		return fmt.Errorf("%w: the direct data is not the step's", ErrChain)
	}
	if len(d.Signature) != eddsaSignatureLen {
		return fmt.Errorf("%w: a %d-byte EdDSA signature, want %d", ErrSignature, len(d.Signature), eddsaSignatureLen)
	}
	pub, err := eddsaPublicKey(j.SigParams)
	if err != nil {
		return err
	}
	if err := k.Scheme().Verify(pub, h.Payload, d.Signature); err != nil {
		return fmt.Errorf("%w: %v", ErrSignature, err)
	}
	return nil
}

// proveCap proves a direct job's end cap in the wrapper's cap mode.
// CheckEndCapJob first.
func (p *EndCapProver) proveCap(tm *timings, j *EndCapJob) (*prover.Proof, error) {
	a, err := p.Keys.capWitness(j)
	if err != nil {
		return nil, err
	}
	var proof *prover.Proof
	if err := tm.timed("cap", func() (err error) {
		proof, err = p.Keys.Wrap.Prove(p.backend(), a, prover.ForRecursion())
		return err
	}); err != nil {
		return nil, fmt.Errorf("cap: %w", err)
	}
	p.log().Info("proved end cap in one proof", "user", j.Header.User, "took", (*tm)[len(*tm)-1].Took)
	return proof, nil
}

// capWitness is the wrapper's cap-mode witness of a direct job.
func (k *NetworkKeys) capWitness(j *EndCapJob) (*wrap.Circuit, error) {
	d := j.Direct
	f, err := k.byHash(j.CFCKeys[0])
	if err != nil {
		return nil, err
	}
	calls, err := state.CheckDeltas(&j.Header, j.Deltas)
	if err != nil || len(calls) != 1 {
		return nil, fmt.Errorf("%w: deltas (%v)", ErrBundleShape, err)
	}
	pub, err := eddsaPublicKey(j.SigParams)
	if err != nil {
		return nil, err
	}
	call := ups.CallFrom(&d.CFC, &d.Whitelist, d.Metadata, &d.GCON, &j.Checkpoint, &calls[0].Proof)
	out := state.EndCapOf(k.NodeKeys.Hash(), &j.Header)
	a, err := wrap.AssignCap(f.Keys.PlVK, j.CFCProofs[0].PLONK, j.CFCPublics[0],
		node.CapOf(&k.NodeKeys, &j.Steps[0], call, pub, d.Signature), out.Hash())
	if err != nil {
		return nil, fmt.Errorf("%w: cap: %v", ErrBundleShape, err)
	}
	return a, nil
}

// encodeDirect writes a job's direct data: a presence flag, then the CFC
// header, the whitelist proof, the metadata, the GCON proof and the
// length-prefixed signature.
func encodeDirect(e *wire.Encoder, d *Direct) {
	if d == nil {
		e.U64(0)
		return
	}
	e.U64(1)
	c := &d.CFC
	e.U64(uint64(c.Contract))
	e.U64(uint64(c.Function))
	e.U64(uint64(c.User))
	e.U64(uint64(c.Caller))
	e.Els(c.CheckpointRoot, c.Before, c.After, c.ArgsHash)
	encodeProof(e, &d.Whitelist)
	e.El(d.Metadata)
	encodeProof(e, &d.GCON)
	e.U64(uint64(len(d.Signature)))
	e.Write(d.Signature)
}

func encodeProof(e *wire.Encoder, p *smt.Proof) {
	e.U64(p.Index)
	e.Els(p.Value, p.Root)
	e.U64(uint64(len(p.Siblings)))
	e.Els(p.Siblings...)
}

// decodeDirect reads encodeDirect's output. Ids must fit their types;
// proofs are not verified here (checkDirect does).
func decodeDirect(d *wire.Decoder) *Direct {
	if d.Count(0, 1, "direct flags") == 0 {
		return nil
	}
	var out Direct
	c := &out.CFC
	id := func(what string, max uint64) uint64 {
		v := d.U64()
		if v > max && d.Err == nil {
			d.Err = fmt.Errorf("%w: direct CFC %s %d", wire.ErrEncoding, what, v)
		}
		return v
	}
	c.Contract, c.Function = state.ContractID(id("contract", 0xffffffff)), state.FunctionID(id("function", 0xff))
	c.User, c.Caller = state.UserID(id("user", 0xffffffff)), state.UserID(id("caller", 0xffffffff))
	c.CheckpointRoot, c.Before, c.After, c.ArgsHash = d.El(), d.El(), d.El(), d.El()
	out.Whitelist = decodeProof(d)
	out.Metadata = d.El()
	out.GCON = decodeProof(d)
	out.Signature = d.Read(d.Count(eddsaSignatureLen, eddsaSignatureLen, "signature bytes"))
	return &out
}

func decodeProof(d *wire.Decoder) smt.Proof {
	var p smt.Proof
	p.Index = d.U64()
	p.Value, p.Root = d.El(), d.El()
	n := d.Count(1, smt.MaxDepth, "siblings")
	for i := 0; i < n && d.Err == nil; i++ {
		p.Siblings = append(p.Siblings, d.El())
	}
	return p
}
