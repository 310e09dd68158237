package node

import (
	"math/big"

	"github.com/consensys/gnark/frontend"

	"github.com/parthnet/parth/circuits/hashing"
	"github.com/parthnet/parth/circuits/merkle"
	"github.com/parthnet/parth/circuits/model"
	"github.com/parthnet/parth/state"
	native "github.com/parthnet/parth/state/hashing"
)

// The aggregation modes (the block tree of aggregator.Plan), with
// state.Subtree as their native twin:
//
//	merge(a, b)  two children — end caps (user leaves, height 0) or
//	             subtrees — climb past unchanged siblings to height H−1,
//	             are left and right siblings there, merge at H, and the
//	             result climbs to Top → subtree(Top, …)
//	single(a, _) one end cap climbs to the root → subtree(32, 0, …)
//
// A climb costs one Poseidon2 permutation per level and tree (old, new);
// both trees use the same sibling, which is what "unchanged" means. The
// block circuit checks the root's old side against GUSR of CHKP(n−1) and
// its history root against Hist(n), which it computes from CHKP(n−1);
// this is where every sibling and every end cap's read checkpoint get
// their meaning.
//
// Each end cap proves its checkpoint CHKP(m) is in the history tree (the
// leaf H(m, CHKP(m)) at slot m mod K, 8 siblings), and the subtree
// statement carries that tree's root: merges require both children's to be
// equal, so a block's end caps all read checkpoints of one history, the
// block's. The statement also folds the accumulator of its end caps' header
// hashes (a cap's own hash; H(left, right) at a merge), which CHKP(n)
// commits to: a block proof says which end caps it applied.

const depth = state.DepthGUSR

// EndCapFields is an end cap's header preimage.
type EndCapFields struct {
	User, Nonce, Checkpoint, CheckpointRoot, PublicKey, UCONBefore, UCONAfter, Payload frontend.Variable
}

// SubtreeFields is a subtree statement's preimage.
type SubtreeFields struct {
	Height, Index, History, Old, New, EndCaps frontend.Variable
}

// AggChild is one child of an aggregation node: an end cap (IsCap = 1),
// with the history siblings of its checkpoint's slot, or a subtree (its
// History siblings free and unused), and the siblings it climbs past
// (Siblings[ℓ] at height ℓ; the ones outside the climb are free and
// unused).
type AggChild struct {
	IsCap    frontend.Variable
	Cap      EndCapFields
	History  [state.HistoryDepth]frontend.Variable
	Sub      SubtreeFields
	Siblings [depth]frontend.Variable
}

// Aggregate is the aggregation modes' part of the node's witness.
type Aggregate struct {
	Left, Right AggChild
	// Merge: the height H (1..32) where the children meet, the height Top
	// (H..32) the result climbs to, and the siblings it climbs past.
	Height, Top frontend.Variable
	Siblings    [depth]frontend.Variable
}

// heights is a height h ∈ 0..32 as a one-hot vector, with prefix sums:
// upTo[ℓ] = 1 iff h ≤ ℓ.
type heights struct {
	oneHot [depth + 1]frontend.Variable
	upTo   [depth + 1]frontend.Variable
	pow    frontend.Variable // 2^h
}

// heightOf decomposes h; when on is 0 (another mode) h is not checked.
func heightOf(api frontend.API, on, h frontend.Variable) heights {
	var r heights
	sum, acc, pow := frontend.Variable(0), frontend.Variable(0), frontend.Variable(0)
	for k := 0; k <= depth; k++ {
		r.oneHot[k] = api.IsZero(api.Sub(h, k))
		sum = api.Add(sum, r.oneHot[k])
		acc = api.Add(acc, r.oneHot[k])
		r.upTo[k] = acc
		pow = api.Add(pow, api.Mul(r.oneHot[k], new(big.Int).Lsh(big.NewInt(1), uint(k))))
	}
	api.AssertIsEqual(api.Mul(on, api.Sub(sum, 1)), 0) // h ∈ 0..32
	r.pow = pow
	return r
}

// atMost is 1 iff a ≤ b (both one-hot heights).
func atMost(api frontend.API, a, b *heights) frontend.Variable {
	acc := frontend.Variable(0)
	for k := 0; k <= depth; k++ {
		acc = api.Add(acc, api.Mul(b.oneHot[k], a.upTo[k]))
	}
	return acc
}

// climb hashes old and new up from height from to height to (exclusive
// of to's own level: levels from ≤ ℓ < to) past siblings, with position
// bits (leaf-level, bit ℓ = side at height ℓ).
func climb(api frontend.API, h *hashing.Hasher, old, nw frontend.Variable, bits []frontend.Variable, from, to *heights, sib *[depth]frontend.Variable) (frontend.Variable, frontend.Variable) {
	for l := 0; l < depth; l++ {
		active := api.Mul(from.upTo[l], api.Sub(1, to.upTo[l]))
		lo, ro := api.Select(bits[l], sib[l], old), api.Select(bits[l], old, sib[l])
		ln, rn := api.Select(bits[l], sib[l], nw), api.Select(bits[l], nw, sib[l])
		old = api.Select(active, h.Node(native.TagNodeGUSR, lo, ro), old)
		nw = api.Select(active, h.Node(native.TagNodeGUSR, ln, rn), nw)
	}
	return old, nw
}

// child is an AggChild's statement: its height, position bits, history
// root, old and new roots, accumulator, and the public input its proof
// must have.
type aggChild struct {
	h                   heights
	bits                []frontend.Variable
	hist, old, new, acc frontend.Variable
	public              frontend.Variable
}

func (c *AggChild) statement(api frontend.API, h *hashing.Hasher, keys, on frontend.Variable) aggChild {
	api.AssertIsBoolean(c.IsCap)
	e := &c.Cap
	capHash := h.Hash(native.TagEndCap, e.User, e.Nonce, e.Checkpoint, e.CheckpointRoot, e.PublicKey, e.UCONBefore, e.UCONAfter, e.Payload)
	capPub := headerHash(h, keys, &Header{Kind: state.NodeEndCap, X: capHash, Y: 0})
	s := &c.Sub
	subPub := headerHash(h, keys, &Header{Kind: state.NodeSubtree,
		X: h.Hash(native.TagSubtree, s.Height, s.Index, s.History), Y: h.Hash(native.TagSubtree, s.Old, s.New, s.EndCaps)})
	// The cap's checkpoint in the history tree: leaf H(m, CHKP(m)) at slot
	// m mod K (m < 2^64).
	capHist := merkle.Of(state.HistorySpec).Root(h, model.HistorySlot(api, e.Checkpoint),
		model.HistoryLeaf(h, e.Checkpoint, e.CheckpointRoot), c.History[:])

	var out aggChild
	out.public = api.Select(c.IsCap, capPub, subPub)
	out.h = heightOf(api, on, api.Select(c.IsCap, 0, s.Height))
	index := api.Select(c.IsCap, e.User, s.Index)
	api.ToBinary(index, depth) // an index is < 2^32 (no wrap-around in the position below)
	out.bits = api.ToBinary(api.Mul(index, out.h.pow), depth)
	out.hist = api.Select(c.IsCap, capHist, s.History)
	out.acc = api.Select(c.IsCap, capHash, s.EndCaps)
	out.old = api.Select(c.IsCap, model.UserLeaf(h, e.PublicKey, e.UCONBefore, e.Nonce), s.Old)
	out.new = api.Select(c.IsCap, model.UserLeaf(h, e.PublicKey, e.UCONAfter, api.Add(e.Nonce, 1)), s.New)
	return out
}

// aggExpect is what the aggregation modes expect of the children's public
// inputs, and the x, y of the subtree they output.
type aggExpect struct{ pL, pR, x, y frontend.Variable }

// expect constrains the aggregation modes (merge, single: their selectors;
// both 0 in the session modes, which leave every check here inert) and
// returns what they expect and output. pR is the right child's public
// input, which single mode does not use.
func (a *Aggregate) expect(api frontend.API, h *hashing.Hasher, keys, merge, single, pR frontend.Variable) aggExpect {
	on := api.Add(merge, single)
	when := func(sel, x, y frontend.Variable) { api.AssertIsEqual(api.Mul(sel, api.Sub(x, y)), 0) }
	l := a.Left.statement(api, h, keys, on)
	r := a.Right.statement(api, h, keys, merge)

	H := heightOf(api, on, api.Select(single, depth, a.Height))
	top := heightOf(api, on, api.Select(single, depth, a.Top))
	below := heightOf(api, on, api.Select(single, depth, api.Sub(a.Height, 1))) // H−1 (32 in single mode)

	// Merge: H ≥ 1, both children at most at H−1, the result at most at Top.
	when(merge, H.oneHot[0], 0)
	when(merge, atMost(api, &l.h, &below), 1)
	when(merge, atMost(api, &r.h, &below), 1)
	when(merge, atMost(api, &H, &top), 1)
	// Single: the child is an end cap and it climbs to the root.
	when(single, a.Left.IsCap, 1)

	lOld, lNew := climb(api, h, l.old, l.new, l.bits, &l.h, &below, &a.Left.Siblings)
	rOld, rNew := climb(api, h, r.old, r.new, r.bits, &r.h, &below, &a.Right.Siblings)

	// Left and right siblings at H−1: same bits from H up, 0 and 1 at H−1.
	for k := 0; k < depth; k++ {
		when(merge, api.Mul(H.upTo[k], api.Sub(l.bits[k], r.bits[k])), 0) // k ≥ H
		when(merge, api.Mul(below.oneHot[k], l.bits[k]), 0)
		when(merge, api.Mul(below.oneHot[k], r.bits[k]), below.oneHot[k])
	}
	when(merge, l.hist, r.hist)
	mOld, mNew := climb(api, h, h.Node(native.TagNodeGUSR, lOld, rOld), h.Node(native.TagNodeGUSR, lNew, rNew), l.bits, &H, &top, &a.Siblings)

	// The output: the subtree at Top containing the left child.
	high := frontend.Variable(0)
	for k := 0; k < depth; k++ {
		high = api.Add(high, api.Mul(top.upTo[k], l.bits[k], new(big.Int).Lsh(big.NewInt(1), uint(k)))) // k ≥ Top
	}
	// Exact: high is a multiple of 2^Top (the bits below Top are left out).
	index := api.Div(high, top.pow)
	old := api.Select(single, lOld, mOld)
	nw := api.Select(single, lNew, mNew)
	acc := api.Select(single, l.acc, h.Hash(native.TagAccumulator, l.acc, r.acc))
	return aggExpect{pL: l.public, pR: api.Select(merge, r.public, pR),
		x: h.Hash(native.TagSubtree, api.Select(single, depth, a.Top), index, l.hist),
		y: h.Hash(native.TagSubtree, old, nw, acc)}
}

// ToRoot is what a proof of this child says about the whole GUSR tree: the
// child — an end cap (a block's only user) or a subtree — climbed past its
// unchanged siblings to the root (a subtree already at height 32 does not
// climb). It returns the public input the child's proof must have (with
// key set hash keys), the history root its end caps read from, the old
// and new GUSR roots, and the accumulator of its end caps. The block
// circuit reads its root proof through it.
func (c *AggChild) ToRoot(api frontend.API, h *hashing.Hasher, keys frontend.Variable) (public, hist, old, nw, acc frontend.Variable) {
	s := c.statement(api, h, keys, 1)
	top := heightOf(api, 1, depth)
	old, nw = climb(api, h, s.old, s.new, s.bits, &s.h, &top, &c.Siblings)
	return s.public, s.hist, old, nw, s.acc
}
