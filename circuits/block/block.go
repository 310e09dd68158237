// Package block is the block circuit (Groth16): the proof anchored on L1.
//
// It verifies the root of a block's aggregation tree (a node proof of the
// pinned key set: the node, wrapper and UPS step keys are constants of
// this circuit, so a tree built with any other key is rejected), and
// checks:
//
//   - the root is the whole GUSR tree (height 32, index 0), or the end cap
//     of a block's only user climbed to it past its unchanged siblings;
//   - every end cap in it read CHKP(n−1) — the latest finalized
//     checkpoint — and the root's old side is GUSR of CHKP(n−1) (preimage
//     witness);
//   - CHKP(n) = H(n, CHKP(n−1), new GUSR root, GCON, PoH hash).
//
// Its public inputs are CHKP(n−1) and CHKP(n): an L1 contract that stores
// the latest checkpoint supplies the first itself. Contract deployments
// (GCON changes) are not part of blocks yet — no issue asks for them and the
// state model has none — so GCON is carried unchanged; the seam is the
// GCON root in both preimages.
package block

import (
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark/frontend"

	"github.com/parthnet/parth/circuits/hashing"
	"github.com/parthnet/parth/circuits/model"
	"github.com/parthnet/parth/circuits/node"
	"github.com/parthnet/parth/state"
	native "github.com/parthnet/parth/state/hashing"
)

// Logic is the block circuit without its proof verification.
type Logic struct {
	// Keys are the pinned key hashes (constants).
	Keys state.NodeKeys `gnark:"-"`

	Prev, Next frontend.Variable // CHKP(n−1), CHKP(n) (the circuit's public inputs)
	Parent     model.Checkpoint  // CHKP(n−1)'s preimage
	// Root is what the root proof states: the tree's root subtree, or —
	// in a block with one user — that user's end cap, which climbs to the
	// GUSR root here past its unchanged siblings (so a one-user block
	// needs no tree node).
	Root node.AggChild
	// CHKP(n)'s PoH hash halves (its number is the parent's + 1, its GCON
	// the parent's).
	PoHHi, PoHLo frontend.Variable
}

// Check constrains the root proof (key hash k, public input p).
func (l *Logic) Check(api frontend.API, h *hashing.Hasher, k, p frontend.Variable) {
	api.AssertIsEqual(k, fe(l.Keys.Node))
	public, chkp, old, nw := l.Root.ToRoot(api, h, fe(l.Keys.Hash()))
	api.AssertIsEqual(p, public)
	api.AssertIsEqual(chkp, l.Prev)
	api.AssertIsEqual(l.Parent.Root(h), l.Prev)
	api.AssertIsEqual(l.Parent.GUSRRoot, old)
	next := model.Checkpoint{Number: api.Add(l.Parent.Number, 1), Prev: l.Prev, GUSRRoot: nw, GCONRoot: l.Parent.GCONRoot,
		PoHHi: l.PoHHi, PoHLo: l.PoHLo}
	api.AssertIsEqual(next.Root(h), l.Next)
}

func fe(e fr.Element) frontend.Variable { return e.String() }

// Circuit is the block circuit.
type Circuit struct {
	Prev, Next frontend.Variable `gnark:",public"`
	Root       node.Child
	Logic      Logic
}

// New is the circuit's shape for a key set.
func New(keys state.NodeKeys) *Circuit {
	return &Circuit{Root: node.StandardChild(), Logic: Logic{Keys: keys}}
}

func (c *Circuit) Define(api frontend.API) error {
	v, err := node.NewVerifier(api)
	if err != nil {
		return err
	}
	h, err := hashing.New(api)
	if err != nil {
		return err
	}
	k, p, err := c.Root.Verify(api, v, h)
	if err != nil {
		return err
	}
	api.AssertIsEqual(c.Logic.Prev, c.Prev)
	api.AssertIsEqual(c.Logic.Next, c.Next)
	c.Logic.Check(api, h, k, p)
	return nil
}

// Assign is a block witness: the root proof (child) and its statement
// (node.CapChild with its 32 siblings, or node.SubtreeChild of the root
// subtree), the parent checkpoint and the new checkpoint.
func Assign(keys state.NodeKeys, root node.Child, stmt node.AggChild, parent *state.Checkpoint, next *state.Checkpoint) *Circuit {
	poh := native.Bytes32(next.PoH)
	return &Circuit{Prev: parent.Root.String(), Next: next.Root.String(), Root: root,
		Logic: Logic{Keys: keys, Prev: parent.Root.String(), Next: next.Root.String(), Parent: model.CheckpointOf(parent),
			Root: stmt, PoHHi: poh[0].String(), PoHLo: poh[1].String()}}
}
