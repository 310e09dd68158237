package ups

import (
	"github.com/consensys/gnark/frontend"

	"github.com/parthnet/parth/circuits/cfc"
	"github.com/parthnet/parth/circuits/hashing"
	"github.com/parthnet/parth/circuits/merkle"
	"github.com/parthnet/parth/circuits/model"
	"github.com/parthnet/parth/state"
	native "github.com/parthnet/parth/state/hashing"
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

	CFC   cfc.Header
	CFCVK frontend.Variable // hash of the CFC's verifying key

	Whitelist  merkle.Proof // CFCVK at the function's index
	Metadata   frontend.Variable
	GCON       merkle.Proof // the contract's leaf
	Checkpoint model.Checkpoint
	UCON       merkle.Delta // UCON[contract]: CFC before → CFC after
}

func NewStep() *Step {
	return &Step{Whitelist: whitelist.NewProof(), GCON: gcon.NewProof(), UCON: ucon.NewDelta()}
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

	// The call is this user's, against this session's checkpoint.
	api.AssertIsEqual(c.CFC.User, s.User)
	api.AssertIsEqual(c.CFC.Caller, s.User)
	api.AssertIsEqual(c.CFC.CheckpointRoot, s.CheckpointRoot)

	// Whitelist: CFCVK is the function's entry, in the contract's GCON leaf,
	// in the checkpoint.
	api.AssertIsEqual(c.Whitelist.Index, c.CFC.Function)
	api.AssertIsEqual(c.Whitelist.Value, c.CFCVK)
	wlRoot := whitelist.VerifiedRoot(h, c.Whitelist)
	api.AssertIsEqual(c.GCON.Index, c.CFC.Contract)
	api.AssertIsEqual(c.GCON.Value, model.ContractLeaf(h, wlRoot, c.Metadata))
	api.AssertIsEqual(c.Checkpoint.GCONRoot, gcon.VerifiedRoot(h, c.GCON))
	api.AssertIsEqual(c.Checkpoint.Root(h), s.CheckpointRoot)

	// UCON moves by the CFC's CSTATE transition.
	api.AssertIsEqual(c.UCON.Index, c.CFC.Contract)
	api.AssertIsEqual(c.UCON.OldValue, c.CFC.Before)
	api.AssertIsEqual(c.UCON.NewValue, c.CFC.After)
	after := ucon.Apply(h, before, c.UCON)

	att := model.Attestation(h, c.CFCVK, c.CFC.Hash(h))
	hdr := StepHash(h, s, step, before, after, att, prevHash)
	api.AssertIsEqual(hdr, c.Public)
	return model.CommitShape(api, hdr)
}

// AssignStep builds step i's witness of a natively executed session.
func AssignStep(r *state.SessionResult, i int) *Step {
	sh := r.StartHeader()
	steps := r.StepHeaders()
	call := &r.Calls[i]
	cfcHdr := r.CFCHeader(i)
	pub := steps[i].Hash()
	c := &Step{
		Public: pub.String(), Session: SessionOf(&sh), First: 1,
		Previous: Previous{Step: 0, UCONBefore: 0, UCONAfter: 0, CFC: 0, Prev: 0},
		CFC:      cfc.HeaderOf(&cfcHdr), CFCVK: call.FunctionRef.String(),
		Whitelist: merkle.ProofOf(&call.Whitelist), Metadata: call.Info.Metadata.String(), GCON: merkle.ProofOf(&call.GCON),
		Checkpoint: model.CheckpointOf(&r.Checkpoint), UCON: merkle.DeltaOf(&call.UCON),
	}
	if i > 0 {
		p := &steps[i-1]
		c.First = 0
		c.Previous = Previous{Step: p.Step, UCONBefore: p.UCONBefore.String(), UCONAfter: p.UCONAfter.String(), CFC: p.CFC.String(), Prev: p.Prev.String()}
	}
	return c
}
