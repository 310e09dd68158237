// Package block is the block circuit (Groth16): the proof anchored on L1.
//
// It verifies the root of a block's aggregation tree (a node proof of the
// pinned key set: the node's verifying key itself and the key set's hashes
// are constants of this circuit, so a tree built with any other key is
// rejected; the fixed key saves its in-circuit lines and hash, ~0.37 M
// constraints, and keeps the circuit clear of 2^21), and checks:
//
//   - the root is the whole GUSR tree (height 32, index 0), or the end cap
//     of a block's only user climbed to it past its unchanged siblings;
//   - the root's old side is GUSR of CHKP(n−1) (preimage witness);
//   - Hist(n) is Hist(n−1) (the parent's) with slot (n−1) mod K set to
//     H(n−1, CHKP(n−1)) — one depth-8 update — and every end cap in the
//     tree read a checkpoint in Hist(n), so one of the K before n (older
//     ones are overwritten);
//   - CHKP(n) = H(n, CHKP(n−1), new GUSR root, GCON, PoH hash, chain tag,
//     Hist(n), accumulator), where the chain tag is the parent's (so every
//     checkpoint of a chain carries CHKP(0)'s) and the accumulator is the
//     root's: the end caps the block applied, which validators recompute
//     from the sequenced end caps.
//
// Its public inputs are CHKP(n−1) and CHKP(n): an L1 contract that stores
// the latest checkpoint supplies the first itself. Contract deployments
// (GCON changes) are not part of blocks yet — no issue asks for them and the
// state model has none — so GCON is carried unchanged; the seam is the
// GCON root in both preimages.
package block

import (
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark/backend/groth16"
	"github.com/consensys/gnark/frontend"

	"github.com/parthnet/parth/circuits/hashing"
	"github.com/parthnet/parth/circuits/merkle"
	"github.com/parthnet/parth/circuits/model"
	"github.com/parthnet/parth/circuits/node"
	"github.com/parthnet/parth/state"
	native "github.com/parthnet/parth/state/hashing"
	"github.com/parthnet/parth/state/smt"
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
	// and chain tag the parent's).
	PoHHi, PoHLo frontend.Variable
	// HistOld and HistSiblings are slot (n−1) mod K of Hist(n−1): the leaf
	// CHKP(n−1) replaces (the checkpoint K blocks older, or empty) and its
	// siblings.
	HistOld      frontend.Variable
	HistSiblings [state.HistoryDepth]frontend.Variable
}

// Check constrains the root proof's public input p (the proof is of the
// node key: Circuit verifies it with that key fixed).
func (l *Logic) Check(api frontend.API, h *hashing.Hasher, p frontend.Variable) {
	public, hist, old, nw, acc := l.Root.ToRoot(api, h, fe(l.Keys.Hash()))
	api.AssertIsEqual(p, public)
	api.AssertIsEqual(l.Parent.Root(h), l.Prev)
	api.AssertIsEqual(l.Parent.GUSRRoot, old)
	// Hist(n) from Hist(n−1): CHKP(n−1) into its slot.
	tree := merkle.Of(state.HistorySpec)
	slot := model.HistorySlot(api, l.Parent.Number)
	api.AssertIsEqual(tree.Root(h, slot, l.HistOld, l.HistSiblings[:]), l.Parent.History)
	api.AssertIsEqual(hist, tree.Root(h, slot, model.HistoryLeaf(h, l.Parent.Number, l.Prev), l.HistSiblings[:]))
	next := model.Checkpoint{Number: api.Add(l.Parent.Number, 1), Prev: l.Prev, GUSRRoot: nw, GCONRoot: l.Parent.GCONRoot,
		PoHHi: l.PoHHi, PoHLo: l.PoHLo, Chain: l.Parent.Chain, History: hist, EndCaps: acc}
	api.AssertIsEqual(next.Root(h), l.Next)
}

func fe(e fr.Element) frontend.Variable { return e.String() }

// Circuit is the block circuit.
type Circuit struct {
	Prev, Next frontend.Variable `gnark:",public"`
	Root       node.FixedChild
	Logic      Logic
}

// New is the circuit's shape for a key set and the node's verifying key,
// which must be the key set's node key.
func New(keys state.NodeKeys, nodeVK groth16.VerifyingKey) (*Circuit, error) {
	if err := checkNodeKey(keys, nodeVK); err != nil {
		return nil, err
	}
	root, err := node.NewFixedChild(nodeVK)
	if err != nil {
		return nil, err
	}
	return &Circuit{Root: root, Logic: Logic{Keys: keys}}, nil
}

func checkNodeKey(keys state.NodeKeys, nodeVK groth16.VerifyingKey) error {
	h, err := node.KeyHash(nodeVK)
	if err != nil {
		return err
	}
	if h != keys.Node {
		return fmt.Errorf("block: the node key's hash %s is not the key set's %s", h.String(), keys.Node.String())
	}
	return nil
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
	p, err := c.Root.Verify(api, v)
	if err != nil {
		return err
	}
	api.AssertIsEqual(c.Logic.Prev, c.Prev)
	api.AssertIsEqual(c.Logic.Next, c.Next)
	c.Logic.Check(api, h, p)
	return nil
}

// Assign is a block witness: the root proof (child) and its statement
// (node.CapChild with its 32 siblings, or node.SubtreeChild of the root
// subtree), the parent checkpoint, the proof of the parent's slot in the
// parent's history (slot (n−1) mod K of Hist(n−1)), and the new checkpoint.
func Assign(keys state.NodeKeys, root node.FixedChild, stmt node.AggChild, parent *state.Checkpoint, slot *smt.Proof, next *state.Checkpoint) *Circuit {
	poh := native.Bytes32(next.PoH)
	l := Logic{Keys: keys, Prev: parent.Root.String(), Next: next.Root.String(), Parent: model.CheckpointOf(parent),
		Root: stmt, PoHHi: poh[0].String(), PoHLo: poh[1].String(), HistOld: slot.Value.String()}
	for i := range l.HistSiblings {
		l.HistSiblings[i] = 0
		if i < len(slot.Siblings) {
			l.HistSiblings[i] = slot.Siblings[i].String()
		}
	}
	return &Circuit{Prev: parent.Root.String(), Next: next.Root.String(), Root: root, Logic: l}
}
