package ups

import (
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark/frontend"

	"github.com/parthnet/parth/circuits/cfc"
	"github.com/parthnet/parth/circuits/hashing"
	"github.com/parthnet/parth/circuits/merkle"
	"github.com/parthnet/parth/circuits/model"
	"github.com/parthnet/parth/state"
	native "github.com/parthnet/parth/state/hashing"
	"github.com/parthnet/parth/state/smt"
)

// Session is what start and step headers carry unchanged.
type Session struct {
	User, Nonce, PublicKey, CheckpointRoot, UCONStart frontend.Variable
}

// SessionOf assigns a start header's session fields.
func SessionOf(h *state.StartHeader) Session {
	return Session{User: uint64(h.User), Nonce: h.Nonce, PublicKey: h.PublicKey.String(),
		CheckpointRoot: h.CheckpointRoot.String(), UCONStart: h.UCONStart.String()}
}

// StartHash is state.StartHeader.Hash in-circuit.
func StartHash(h *hashing.Hasher, s *Session) frontend.Variable {
	return h.Hash(native.TagUPS, 0, s.User, s.Nonce, s.PublicKey, s.CheckpointRoot, s.UCONStart)
}

// StepHash is state.StepHeader.Hash in-circuit.
func StepHash(h *hashing.Hasher, s *Session, step, before, after, cfcAtt, prev frontend.Variable) frontend.Variable {
	return h.Hash(native.TagUPS, 1, s.User, s.Nonce, s.PublicKey, s.CheckpointRoot, s.UCONStart, step, before, after, cfcAtt, prev)
}

var (
	gusr      = merkle.Of(state.GUSRSpec)
	gcon      = merkle.Of(state.GCONSpec)
	ucon      = merkle.Of(state.UCONSpec)
	whitelist = merkle.Of(state.WhitelistSpec)
)

// Start is the start-session circuit.
type Start struct {
	Public     frontend.Variable `gnark:",public"`
	Session    Session
	GUSR       merkle.Proof // the user's leaf
	Checkpoint model.Checkpoint
}

func NewStart() *Start { return &Start{GUSR: gusr.NewProof()} }

func (c *Start) Define(api frontend.API) error {
	h, err := hashing.New(api)
	if err != nil {
		return err
	}
	s := &c.Session
	api.AssertIsEqual(c.GUSR.Index, s.User)
	api.AssertIsEqual(c.GUSR.Value, model.UserLeaf(h, s.PublicKey, s.UCONStart, s.Nonce))
	api.AssertIsEqual(c.Checkpoint.GUSRRoot, gusr.VerifiedRoot(h, c.GUSR))
	api.AssertIsEqual(c.Checkpoint.Root(h), s.CheckpointRoot)
	hdr := StartHash(h, s)
	api.AssertIsEqual(hdr, c.Public)
	return model.CommitShape(api, hdr)
}

// AssignStart builds the start witness of a natively executed session.
func AssignStart(r *state.SessionResult) *Start {
	sh := r.StartHeader()
	pub := sh.Hash()
	return &Start{Public: pub.String(), Session: SessionOf(&sh), GUSR: merkle.ProofOf(&r.Start), Checkpoint: model.CheckpointOf(&r.Checkpoint)}
}

// Previous is the previous step's own fields (when the step is not the
// first one; the carried session fields are the step's own).
type Previous struct {
	Step, UCONBefore, UCONAfter, CFC, Prev frontend.Variable
}

// Step is the transact-step circuit.
type Step struct {
	Public  frontend.Variable `gnark:",public"`
	Session Session
	// First is 1 when the previous header is the start header.
	First    frontend.Variable
	Previous Previous

	CFCVK frontend.Variable // hash of the CFC's verifying key
	Call
}

func NewStep() *Step {
	return &Step{Call: NewCall()}
}

// Call is what a step checks of one call, besides the session and the
// previous header: the CFC's header, the function's whitelist entry, the
// contract's GCON leaf, the checkpoint's preimage and the UCON update.
type Call struct {
	CFC        cfc.Header
	Whitelist  merkle.Proof // the CFC's key hash at the function's index
	Metadata   frontend.Variable
	GCON       merkle.Proof // the contract's leaf
	Checkpoint model.Checkpoint
	UCON       merkle.Delta // UCON[contract]: CFC before → CFC after
}

// NewCall returns an unassigned call (for compiling).
func NewCall() Call {
	return Call{Whitelist: whitelist.NewProof(), GCON: gcon.NewProof(), UCON: ucon.NewDelta()}
}

// CallOf assigns call i of a natively executed session.
func CallOf(r *state.SessionResult, i int) Call {
	call := &r.Calls[i]
	cfcHdr := r.CFCHeader(i)
	return CallFrom(&cfcHdr, &call.Whitelist, call.Info.Metadata, &call.GCON, &r.Checkpoint, &call.UCON)
}

// CallFrom assigns a call from its parts: the CFC header, the function's
// whitelist entry, the contract's metadata and GCON leaf, the checkpoint's
// preimage and the UCON update.
func CallFrom(cfcHdr *state.CFCHeader, wl *smt.Proof, metadata fr.Element, gconP *smt.Proof, chk *state.Checkpoint, u *smt.DeltaProof) Call {
	return Call{CFC: cfc.HeaderOf(cfcHdr), Whitelist: merkle.ProofOf(wl), Metadata: metadata.String(),
		GCON: merkle.ProofOf(gconP), Checkpoint: model.CheckpointOf(chk), UCON: merkle.DeltaOf(u)}
}

// CheckCall constrains call c of session s, whose CFC has key hash cfcVK,
// from UCON root before, and returns the UCON root after it. eq is how it
// asserts equality: api.AssertIsEqual in the step circuit, an assertion
// gated by a mode where the call is one mode of a larger circuit (the
// wrapper's cap). Everything else it does is total: hashes, and index
// decompositions that zero satisfies.
func CheckCall(h *hashing.Hasher, eq func(a, b frontend.Variable), s *Session, c *Call, cfcVK, before frontend.Variable) frontend.Variable {
	// The call is this user's, against this session's checkpoint.
	eq(c.CFC.User, s.User)
	eq(c.CFC.Caller, s.User)
	eq(c.CFC.CheckpointRoot, s.CheckpointRoot)

	// Whitelist: cfcVK is the function's entry, in the contract's GCON
	// leaf, in the checkpoint.
	eq(c.Whitelist.Index, c.CFC.Function)
	eq(c.Whitelist.Value, cfcVK)
	wlRoot := whitelist.VerifiedRoot(h, c.Whitelist)
	eq(c.GCON.Index, c.CFC.Contract)
	eq(c.GCON.Value, model.ContractLeaf(h, wlRoot, c.Metadata))
	eq(c.Checkpoint.GCONRoot, gcon.VerifiedRoot(h, c.GCON))
	eq(c.Checkpoint.Root(h), s.CheckpointRoot)

	// UCON moves by the CFC's CSTATE transition.
	eq(c.UCON.Index, c.CFC.Contract)
	eq(c.UCON.OldValue, c.CFC.Before)
	eq(c.UCON.NewValue, c.CFC.After)
	oldRoot, newRoot := ucon.Roots(h, c.UCON)
	eq(oldRoot, before)
	return newRoot
}

func (c *Step) Define(api frontend.API) error {
	h, err := hashing.New(api)
	if err != nil {
		return err
	}
	s := &c.Session
	api.AssertIsBoolean(c.First)

	// The previous header: the start, or the previous step.
	prevHash := api.Select(c.First, StartHash(h, s),
		StepHash(h, s, c.Previous.Step, c.Previous.UCONBefore, c.Previous.UCONAfter, c.Previous.CFC, c.Previous.Prev))
	step := api.Select(c.First, 1, api.Add(c.Previous.Step, 1))
	before := api.Select(c.First, s.UCONStart, c.Previous.UCONAfter)

	after := CheckCall(h, api.AssertIsEqual, s, &c.Call, c.CFCVK, before)

	att := model.Attestation(h, c.CFCVK, c.CFC.Hash(h))
	hdr := StepHash(h, s, step, before, after, att, prevHash)
	api.AssertIsEqual(hdr, c.Public)
	return model.CommitShape(api, hdr)
}

// AssignStep builds step i's witness of a natively executed session.
func AssignStep(r *state.SessionResult, i int) *Step {
	sh := r.StartHeader()
	steps := r.StepHeaders()
	pub := steps[i].Hash()
	c := &Step{
		Public: pub.String(), Session: SessionOf(&sh), First: 1,
		Previous: Previous{Step: 0, UCONBefore: 0, UCONAfter: 0, CFC: 0, Prev: 0},
		CFCVK:    r.Calls[i].FunctionRef.String(), Call: CallOf(r, i),
	}
	if i > 0 {
		p := &steps[i-1]
		c.First = 0
		c.Previous = Previous{Step: p.Step, UCONBefore: p.UCONBefore.String(), UCONAfter: p.UCONAfter.String(), CFC: p.CFC.String(), Prev: p.Prev.String()}
	}
	return c
}
