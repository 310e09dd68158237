package node

import (
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark/frontend"

	"github.com/parthnet/parth/circuits/model"
	"github.com/parthnet/parth/circuits/ups"
	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/smt"
)

// zeroLogic has every field a mode does not use set to zero.
func zeroLogic(mode int, keys *state.NodeKeys) Logic {
	l := Logic{
		Mode:       mode,
		Keys:       keySet(keys),
		Session:    ups.Session{User: 0, Nonce: 0, PublicKey: 0, CheckpointRoot: 0, UCONStart: 0},
		Step:       ups.Previous{Step: 0, UCONBefore: 0, UCONAfter: 0, CFC: 0, Prev: 0},
		Left:       Header{Kind: 0, X: 0, Y: 0},
		Right:      Header{Kind: 0, X: 0, Y: 0},
		UCONEnd:    0,
		SigVK:      0,
		SigWrapped: 0,
		Checkpoint: model.ZeroCheckpoint(),
	}
	for i := range l.SigParams {
		l.SigParams[i] = 0
	}
	l.Agg = Aggregate{Left: zeroAggChild(), Right: zeroAggChild(), Height: 0, Top: 0, Siblings: siblingsOf(nil)}
	return l
}

func stepFields(s *state.StepHeader) (ups.Session, ups.Previous) {
	start := state.StartHeader{User: s.User, Nonce: s.Nonce, PublicKey: s.PublicKey, CheckpointRoot: s.CheckpointRoot, UCONStart: s.UCONStart}
	return ups.SessionOf(&start), ups.Previous{Step: s.Step, UCONBefore: s.UCONBefore.String(), UCONAfter: s.UCONAfter.String(),
		CFC: s.CFC.String(), Prev: s.Prev.String()}
}

func header(h *state.NodeHeader) Header {
	return Header{Kind: h.Kind, X: h.X.String(), Y: h.Y.String()}
}

// PairLogic discharges step s with the wrapped proof of its CFC.
func PairLogic(keys *state.NodeKeys, s *state.StepHeader) Logic {
	l := zeroLogic(ModePair, keys)
	l.Session, l.Step = stepFields(s)
	return l
}

// JoinLogic joins adjacent segments a and b.
func JoinLogic(keys *state.NodeKeys, a, b *state.NodeHeader) Logic {
	l := zeroLogic(ModeJoin, keys)
	l.Left, l.Right = header(a), header(b)
	return l
}

// EndLogic closes a session: seg is its whole segment, last its last step,
// chk the checkpoint it read from, sigVK and params the user's signature
// circuit and key parameters. A standard signature circuit's proof is the
// right child as it is; any other is wrapped (state.NodeKeys.StandardSignature).
func EndLogic(keys *state.NodeKeys, seg *state.NodeHeader, last *state.StepHeader, chk *state.Checkpoint,
	sigVK fr.Element, params [state.SignatureParams]fr.Element) Logic {
	l := zeroLogic(ModeEnd, keys)
	l.Session, l.Step = stepFields(last)
	l.Left = header(seg)
	l.UCONEnd = last.UCONAfter.String()
	l.SigVK = sigVK.String()
	if !keys.StandardSignature(sigVK) {
		l.SigWrapped = 1
	}
	for i := range params {
		l.SigParams[i] = params[i].String()
	}
	l.Checkpoint = model.CheckpointOf(chk)
	return l
}

// Assign is a node witness: its children, its mode's logic and the public
// input it must produce.
func Assign(left, right Child, l Logic, public fr.Element) *Circuit {
	return &Circuit{Public: public.String(), Left: left, Right: right, Logic: l}
}

var _ frontend.Circuit = (*Circuit)(nil)

func siblingsOf(path []fr.Element) [depth]frontend.Variable {
	var out [depth]frontend.Variable
	for i := range out {
		out[i] = 0
		if i < len(path) {
			out[i] = path[i].String()
		}
	}
	return out
}

func historyOf(path []fr.Element) [state.HistoryDepth]frontend.Variable {
	var out [state.HistoryDepth]frontend.Variable
	for i := range out {
		out[i] = 0
		if i < len(path) {
			out[i] = path[i].String()
		}
	}
	return out
}

func zeroAggChild() AggChild {
	c := AggChild{IsCap: 0,
		Cap: EndCapFields{User: 0, Nonce: 0, Checkpoint: 0, CheckpointRoot: 0, PublicKey: 0, UCONBefore: 0, UCONAfter: 0, Payload: 0},
		Sub: SubtreeFields{Height: 0, Index: 0, History: 0, Old: 0, New: 0, EndCaps: 0}}
	c.History = historyOf(nil)
	c.Siblings = siblingsOf(nil)
	return c
}

// CapChild is an end cap as an aggregation child; read is its
// checkpoint's proof in the block's history tree (state.LeafOf), path the
// user's GUSR path in the block's old tree (only the levels it climbs are
// used).
func CapChild(h *state.EndCapHeader, read *smt.Proof, path []fr.Element) AggChild {
	c := zeroAggChild()
	c.IsCap = 1
	c.Cap = EndCapFields{User: uint64(h.User), Nonce: h.Nonce, Checkpoint: h.Checkpoint, CheckpointRoot: h.CheckpointRoot.String(),
		PublicKey: h.PublicKey.String(), UCONBefore: h.UCONBefore.String(), UCONAfter: h.UCONAfter.String(), Payload: h.Payload.String()}
	if read != nil {
		c.History = historyOf(read.Siblings)
	}
	c.Siblings = siblingsOf(path)
	return c
}

// SubtreeChild is a subtree as an aggregation child.
func SubtreeChild(s *state.Subtree, path []fr.Element) AggChild {
	c := zeroAggChild()
	c.Sub = SubtreeFields{Height: s.Height, Index: s.Index, History: s.History.String(), Old: s.Old.String(), New: s.New.String(),
		EndCaps: s.EndCaps.String()}
	c.Siblings = siblingsOf(path)
	return c
}

// MergeLogic merges l and r at height h and climbs to top past path's
// siblings.
func MergeLogic(keys *state.NodeKeys, l, r AggChild, h, top int, path []fr.Element) Logic {
	out := zeroLogic(ModeMerge, keys)
	out.Agg = Aggregate{Left: l, Right: r, Height: h, Top: top, Siblings: siblingsOf(path)}
	return out
}

// SingleLogic carries one end cap to the root; the right child is the same
// proof again (verified, not used).
func SingleLogic(keys *state.NodeKeys, c AggChild) Logic {
	out := zeroLogic(ModeSingle, keys)
	out.Agg = Aggregate{Left: c, Right: c, Height: 0, Top: 0, Siblings: siblingsOf(nil)}
	return out
}
