package node

import (
	"github.com/consensys/gnark/frontend"

	"github.com/parthnet/parth/circuits/hashing"
	"github.com/parthnet/parth/circuits/model"
	"github.com/parthnet/parth/circuits/ups"
	"github.com/parthnet/parth/state"
	native "github.com/parthnet/parth/state/hashing"
)

// Modes of the node. The mode is a witness: one circuit (one key) proves
// every node of a session tree, and each mode fixes which kinds of child it
// takes, what it checks and which header it outputs.
const (
	// ModePair: step T and W(CFC) → segment(T.Prev, H(T)); checks that W is
	// the proof T attests (W's public input is T's CFC attestation).
	ModePair = iota
	// ModeJoin: segments a, b of this key set with a.y = b.x → segment(a.x, b.y).
	ModeJoin
	// ModeEnd: a segment of this key set and a signature proof → the end
	// cap. The signature proof is either a standard signature circuit's
	// (Groth16, a key of the key set, public input the statement) or the
	// wrapper's proof of a user PLONK signature circuit (public input the
	// attestation of that circuit's key and the statement). The segment
	// starts at the session's start header and its last step ends at the
	// signed UCON root; the signature circuit and parameters hash to the
	// session's public key and the signed statement is over
	// H(chain, user, nonce, UCON start, UCON end); the checkpoint's
	// preimage gives its number and the chain tag (every checkpoint of a
	// chain carries it, so an end cap whose checkpoint is in a block's
	// history signed for that block's chain).
	ModeEnd
	// ModeMerge and ModeSingle are the aggregation modes (aggregate.go).
	ModeMerge
	ModeSingle
	nModes
)

// KeySet is state.NodeKeys in-circuit.
type KeySet struct {
	Node, Wrap, Step frontend.Variable
	EdDSA, ECDSA     frontend.Variable
}

// Hash is state.NodeKeys.Hash.
func (k *KeySet) Hash(h *hashing.Hasher) frontend.Variable {
	return h.Hash(native.TagKeySet, k.Node, k.Wrap, k.Step, k.EdDSA, k.ECDSA)
}

// Header is a node header without its key set (a node's children carry the
// node's own).
type Header struct {
	Kind, X, Y frontend.Variable
}

func headerHash(h *hashing.Hasher, keys frontend.Variable, hd *Header) frontend.Variable {
	return h.Hash(native.TagNode, keys, hd.Kind, hd.X, hd.Y)
}

// Logic is the mode-dependent part of the node: everything but the two
// proof verifications, which only hand it each child's key hash and public
// input. Fields unused by a mode are free witnesses that no output depends
// on.
type Logic struct {
	Mode frontend.Variable
	Keys KeySet

	// Session: the session fields of the step (pair) or of the session (end).
	Session ups.Session
	// Step: the step's own fields (pair) or the last step's (end).
	Step ups.Previous

	// Left, Right: the children's headers (join; end: Left, the segment).
	Left, Right Header

	// End: the signed end root, the signature circuit's key hash, the
	// user's key parameters, and whether the signature proof is wrapped
	// (SigWrapped = 1: a user PLONK circuit through the wrapper) or
	// standard (0: SigVK is the key set's EdDSA or ECDSA key, and the
	// right child is that key's proof).
	UCONEnd    frontend.Variable
	SigVK      frontend.Variable
	SigParams  [state.SignatureParams]frontend.Variable
	SigWrapped frontend.Variable

	// End: the preimage of the checkpoint read from.
	Checkpoint model.Checkpoint

	// Agg: the aggregation modes' witness.
	Agg Aggregate
}

// Check constrains the children (key hash kL, kR; public input pL, pR) by
// mode and returns the node's public input.
func (l *Logic) Check(api frontend.API, h *hashing.Hasher, kL, pL, kR, pR frontend.Variable) frontend.Variable {
	// One-hot mode: sel[m] = (Mode == m), and exactly one holds, so a mode
	// outside 0..nModes-1 is unsatisfiable.
	var sel [nModes]frontend.Variable
	sum := frontend.Variable(0)
	for m := range sel {
		sel[m] = api.IsZero(api.Sub(l.Mode, m))
		sum = api.Add(sum, sel[m])
	}
	api.AssertIsEqual(sum, 1)
	pick := func(v [nModes]frontend.Variable) frontend.Variable {
		acc := frontend.Variable(0)
		for m := range v {
			acc = api.Add(acc, api.Mul(sel[m], v[m]))
		}
		return acc
	}
	when := func(m int, a, b frontend.Variable) { api.AssertIsEqual(api.Mul(sel[m], api.Sub(a, b)), 0) }

	keys := l.Keys.Hash(h)
	agg := l.Agg.expect(api, h, keys, sel[ModeMerge], sel[ModeSingle], pR)
	s := &l.Session
	startH := ups.StartHash(h, s)
	stepH := ups.StepHash(h, s, l.Step.Step, l.Step.UCONBefore, l.Step.UCONAfter, l.Step.CFC, l.Step.Prev)
	leftH, rightH := headerHash(h, keys, &l.Left), headerHash(h, keys, &l.Right)
	payload := model.Payload(h, l.Checkpoint.Chain, s.User, s.Nonce, s.UCONStart, l.UCONEnd)
	stmt := h.Hash(native.TagSignature, append(l.SigParams[:], payload)...)
	pk := h.Hash(native.TagPublicKey, append([]frontend.Variable{l.SigVK}, l.SigParams[:]...)...)

	// Children: which key each mode accepts, and which public input. An
	// aggregation child that is an end cap is the node's (end mode) or the
	// wrapper's (its cap mode: a one-call session's end cap in one proof);
	// both output the same header, and a subtree is only ever the node's.
	// So a child's key k must be one of two, want and alt, equal outside
	// those cases: (k − want)·(k − alt) = 0.
	oneOf := func(k, want, alt frontend.Variable) {
		api.AssertIsEqual(api.Mul(api.Sub(k, want), api.Sub(k, alt)), 0)
	}
	capKey := func(c *AggChild) frontend.Variable { return api.Select(c.IsCap, l.Keys.Wrap, l.Keys.Node) }
	oneOf(kL, pick([nModes]frontend.Variable{ModePair: l.Keys.Step, ModeJoin: l.Keys.Node, ModeEnd: l.Keys.Node,
		ModeMerge: l.Keys.Node, ModeSingle: l.Keys.Node}),
		pick([nModes]frontend.Variable{ModePair: l.Keys.Step, ModeJoin: l.Keys.Node, ModeEnd: l.Keys.Node,
			ModeMerge: capKey(&l.Agg.Left), ModeSingle: capKey(&l.Agg.Left)}))
	// The end node's signature child: SigWrapped selects the wrapper (whose
	// public input attests SigVK) or SigVK itself. SigVK is a standard
	// signature key exactly when the proof is not wrapped, as the native
	// twin routes it (session.NetworkKeys.signature): a wrapped proof naming a
	// standard key would need a PLONK key hashing to a Groth16 one, which
	// only the two key flattenings' different lengths rule out today.
	api.AssertIsBoolean(l.SigWrapped)
	standard := api.Mul(api.Sub(l.SigVK, l.Keys.EdDSA), api.Sub(l.SigVK, l.Keys.ECDSA))
	api.AssertIsEqual(api.Mul(sel[ModeEnd], api.Sub(1, l.SigWrapped), standard), 0)
	api.AssertIsEqual(api.Mul(sel[ModeEnd], l.SigWrapped, api.IsZero(standard)), 0)
	sigKey := api.Select(l.SigWrapped, l.Keys.Wrap, l.SigVK)
	sigPublic := api.Select(l.SigWrapped, model.Attestation(h, l.SigVK, stmt), stmt)
	oneOf(kR, pick([nModes]frontend.Variable{ModePair: l.Keys.Wrap, ModeJoin: l.Keys.Node, ModeEnd: sigKey,
		ModeMerge: l.Keys.Node, ModeSingle: l.Keys.Node}),
		pick([nModes]frontend.Variable{ModePair: l.Keys.Wrap, ModeJoin: l.Keys.Node, ModeEnd: sigKey,
			ModeMerge: capKey(&l.Agg.Right), ModeSingle: capKey(&l.Agg.Left)})) // single: the left child's proof twice
	api.AssertIsEqual(pL, pick([nModes]frontend.Variable{ModePair: stepH, ModeJoin: leftH, ModeEnd: leftH,
		ModeMerge: agg.pL, ModeSingle: agg.pL}))
	api.AssertIsEqual(pR, pick([nModes]frontend.Variable{
		ModePair: l.Step.CFC, ModeJoin: rightH, ModeEnd: sigPublic,
		ModeMerge: agg.pR, ModeSingle: agg.pR}))

	// Join: two segments, adjacent.
	when(ModeJoin, l.Left.Kind, state.NodeSegment)
	when(ModeJoin, l.Right.Kind, state.NodeSegment)
	when(ModeJoin, l.Left.Y, l.Right.X)
	// End: the segment runs from the session's start header to its last
	// step (l.Step, with the session's fields), which ends at the signed
	// root; the signature is by the session's key; the checkpoint preimage
	// is the session's checkpoint. The user's GUSR leaf (key, UCON start,
	// nonce) is not checked here: the aggregation leaf checks it against
	// the live GUSR tree, which is where it matters.
	when(ModeEnd, l.Left.Kind, state.NodeSegment)
	when(ModeEnd, l.Left.X, startH)
	when(ModeEnd, l.Left.Y, stepH)
	when(ModeEnd, l.Step.UCONAfter, l.UCONEnd)
	when(ModeEnd, pk, s.PublicKey)
	when(ModeEnd, l.Checkpoint.Root(h), s.CheckpointRoot)
	endCap := h.Hash(native.TagEndCap, s.User, s.Nonce, l.Checkpoint.Number, s.CheckpointRoot, s.PublicKey,
		s.UCONStart, l.UCONEnd, payload)

	out := Header{
		Kind: pick([nModes]frontend.Variable{ModePair: state.NodeSegment, ModeJoin: state.NodeSegment, ModeEnd: state.NodeEndCap,
			ModeMerge: state.NodeSubtree, ModeSingle: state.NodeSubtree}),
		X: pick([nModes]frontend.Variable{ModePair: l.Step.Prev, ModeJoin: l.Left.X, ModeEnd: endCap,
			ModeMerge: agg.x, ModeSingle: agg.x}),
		Y: pick([nModes]frontend.Variable{ModePair: stepH, ModeJoin: l.Right.Y, ModeEnd: 0,
			ModeMerge: agg.y, ModeSingle: agg.y}),
	}
	return headerHash(h, keys, &out)
}
