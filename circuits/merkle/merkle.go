package merkle

import (
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark/frontend"

	"github.com/parthnet/parth/circuits/hashing"
	native "github.com/parthnet/parth/state/hashing"
	"github.com/parthnet/parth/state/smt"
)

// Tree is the in-circuit shape of a tree kind: its depth and node tag.
type Tree struct {
	Depth int
	Tag   native.Tag
}

// Of returns the shape of a native spec.
func Of(s *smt.Spec) Tree { return Tree{Depth: s.Depth(), Tag: s.Tag()} }

// Path is the bits of a leaf index, leaf level first.
type Path []frontend.Variable

// PathOf decomposes index into t.Depth bits (constraining index < 2^depth).
func (t Tree) PathOf(api frontend.API, index frontend.Variable) Path {
	return Path(api.ToBinary(index, t.Depth))
}

// Root hashes leaf up the path and siblings.
func (t Tree) Root(h *hashing.Hasher, path Path, leaf frontend.Variable, siblings []frontend.Variable) frontend.Variable {
	if len(siblings) != t.Depth || len(path) != t.Depth {
		panic("merkle: siblings or path do not match the depth") // circuit-shape bug
	}
	api := h.API()
	cur := leaf
	for l := 0; l < t.Depth; l++ {
		left := api.Select(path[l], siblings[l], cur)
		right := api.Select(path[l], cur, siblings[l])
		cur = h.Node(t.Tag, left, right)
	}
	return cur
}

// Proof is an inclusion proof witness.
type Proof struct {
	Index    frontend.Variable
	Value    frontend.Variable
	Siblings []frontend.Variable
}

// NewProof returns an unassigned proof of the tree's depth (for compiling).
func (t Tree) NewProof() Proof { return Proof{Siblings: make([]frontend.Variable, t.Depth)} }

// ProofOf assigns a native inclusion proof.
func ProofOf(p *smt.Proof) Proof {
	return Proof{Index: p.Index, Value: p.Value.String(), Siblings: Elems(p.Siblings)}
}

// VerifiedRoot returns the root the proof leads to.
func (t Tree) VerifiedRoot(h *hashing.Hasher, p Proof) frontend.Variable {
	return t.Root(h, t.PathOf(h.API(), p.Index), p.Value, p.Siblings)
}

// Delta is a delta Merkle proof witness: one leaf changes from OldValue to
// NewValue under the same siblings. Roots are computed, not witnessed: the
// caller binds them to whatever they must equal.
type Delta struct {
	Index    frontend.Variable
	OldValue frontend.Variable
	NewValue frontend.Variable
	Siblings []frontend.Variable
}

// NewDelta returns an unassigned delta proof of the tree's depth.
func (t Tree) NewDelta() Delta { return Delta{Siblings: make([]frontend.Variable, t.Depth)} }

// DeltaOf assigns a native delta proof.
func DeltaOf(d *smt.DeltaProof) Delta {
	return Delta{Index: d.Index, OldValue: d.OldValue.String(), NewValue: d.NewValue.String(), Siblings: Elems(d.Siblings)}
}

// Roots returns the old and new roots of the update.
func (t Tree) Roots(h *hashing.Hasher, d Delta) (oldRoot, newRoot frontend.Variable) {
	path := t.PathOf(h.API(), d.Index)
	return t.Root(h, path, d.OldValue, d.Siblings), t.Root(h, path, d.NewValue, d.Siblings)
}

// Apply asserts the update starts at root and returns the new root.
func (t Tree) Apply(h *hashing.Hasher, root frontend.Variable, d Delta) frontend.Variable {
	oldRoot, newRoot := t.Roots(h, d)
	h.API().AssertIsEqual(oldRoot, root)
	return newRoot
}

// Elems assigns field elements to circuit variables.
func Elems(in []fr.Element) []frontend.Variable {
	out := make([]frontend.Variable, len(in))
	for i := range in {
		out[i] = in[i].String()
	}
	return out
}
