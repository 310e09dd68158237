package block

import (
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/test"

	"github.com/parthnet/parth/circuits/hashing"
	"github.com/parthnet/parth/circuits/node"
	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/apps"
	native "github.com/parthnet/parth/state/hashing"
)

type logicCircuit struct {
	K, P frontend.Variable
	L    Logic
}

func (c *logicCircuit) Define(api frontend.API) error {
	h, err := hashing.New(api)
	if err != nil {
		return err
	}
	c.L.Check(api, h, c.K, c.P)
	return nil
}

var keys = state.NodeKeys{Node: native.Uint(11), Wrap: native.Uint(22), Step: native.Uint(33)}

func str(e fr.Element) string { return e.String() }

// bobAlone: a block with Bob's transfer only: his end cap and GUSR path,
// the root subtree, the parent checkpoint (genesis) and the block's
// checkpoint.
func bobAlone(t *testing.T) (*state.EndCapHeader, []fr.Element, state.Subtree, state.Checkpoint, state.Checkpoint) {
	w, err := apps.NewWorld(state.NewMemStore(), 3)
	if err != nil {
		t.Fatal(err)
	}
	parent, _ := w.Chain.Head()
	v, _ := w.Chain.View(parent.Number)
	step := apps.USDTBlocks[0][1]
	ec, err := w.EndCap(step.User, step.Calls...)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := v.Tree(state.GUSRTree).Prove(uint64(step.User))
	root, err := state.LeafOf(&ec.Header).Climb(state.DepthGUSR, p.Siblings)
	if err != nil {
		t.Fatal(err)
	}
	next, err := w.Chain.ApplyBlock([]*state.EndCap{ec}, apps.SlotPoH(1))
	if err != nil {
		t.Fatal(err)
	}
	return &ec.Header, p.Siblings, root, parent, next
}

// subtreeRoot and capRoot are block witnesses whose root proof states a
// subtree or an end cap (the proof's public input is the honest one).
func subtreeRoot(root state.Subtree, parent, next state.Checkpoint, ks state.NodeKeys) *logicCircuit {
	h := root.Header(ks.Hash())
	return witness(node.SubtreeChild(&root, nil), h.Hash(), parent, next, ks)
}

func capRoot(ec state.EndCapHeader, path []fr.Element, parent, next state.Checkpoint, ks state.NodeKeys) *logicCircuit {
	h := state.EndCapOf(ks.Hash(), &ec)
	return witness(node.CapChild(&ec, path), h.Hash(), parent, next, ks)
}

func witness(stmt node.AggChild, public fr.Element, parent, next state.Checkpoint, ks state.NodeKeys) *logicCircuit {
	c := Assign(keys, node.Child{}, stmt, &parent, &next)
	c.Logic.Keys = keys
	return &logicCircuit{K: str(ks.Node), P: str(public), L: c.Logic}
}

func TestBlockLogic(t *testing.T) {
	ec, path, root, parent, next := bobAlone(t)
	shape := &logicCircuit{L: Logic{Keys: keys}}
	for name, c := range map[string]*logicCircuit{
		"root subtree":            subtreeRoot(root, parent, next, keys),
		"one user's end cap root": capRoot(*ec, path, parent, next, keys),
	} {
		if err := test.IsSolved(shape, c, ecc.BN254.ScalarField()); err != nil {
			t.Fatalf("valid block (%s) rejected: %v", name, err)
		}
	}
	stale := root
	stale.CheckpointRoot = native.Uint(5)
	low := root
	low.Height = 31
	otherKeys := keys
	otherKeys.Wrap = native.Uint(23)
	wrongNext := next
	wrongNext.Number++
	wrongNext.Root = state.CheckpointRoot(wrongNext.Number, wrongNext.Prev, wrongNext.GUSRRoot, wrongNext.GCONRoot, wrongNext.PoH)
	otherPoH := next
	otherPoH.PoH[0] ^= 1
	otherPoH.Root = state.CheckpointRoot(otherPoH.Number, otherPoH.Prev, otherPoH.GUSRRoot, otherPoH.GCONRoot, otherPoH.PoH)
	notParent := root
	notParent.Old = native.Uint(9)
	capStale := *ec
	capStale.CheckpointRoot = native.Uint(5)
	replay := *ec
	replay.Nonce++
	tampered := append([]fr.Element(nil), path...)
	tampered[17] = native.Uint(4)
	moved := *ec
	moved.User = apps.Carol
	invalid := map[string]*logicCircuit{
		"end caps read another checkpoint": subtreeRoot(stale, parent, next, keys),
		"root below the top":               subtreeRoot(low, parent, next, keys),
		"tree of another key set":          subtreeRoot(root, parent, next, otherKeys),
		"next checkpoint's number": func() *logicCircuit {
			c := subtreeRoot(root, parent, next, keys)
			c.L.Next = str(wrongNext.Root)
			return c
		}(),
		"old root not the parent's": subtreeRoot(notParent, parent, next, keys),
		"claimed next checkpoint": func() *logicCircuit {
			c := subtreeRoot(root, parent, next, keys)
			c.L.Next = str(otherPoH.Root)
			return c
		}(),
		"root proof not a node": func() *logicCircuit { c := subtreeRoot(root, parent, next, keys); c.K = str(keys.Wrap); return c }(),
		"parent preimage forged": func() *logicCircuit {
			c := subtreeRoot(notParent, parent, next, keys)
			c.L.Parent.GUSRRoot = str(native.Uint(9))
			return c
		}(),
		"end cap of another checkpoint":   capRoot(capStale, path, parent, next, keys),
		"end cap with a replayed nonce":   capRoot(replay, path, parent, next, keys),
		"end cap past a tampered sibling": capRoot(*ec, tampered, parent, next, keys),
		"end cap at another user's leaf":  capRoot(moved, path, parent, next, keys),
		"end cap of another key set":      capRoot(*ec, path, parent, next, otherKeys),
		"end cap proof of another header": func() *logicCircuit {
			c := capRoot(*ec, path, parent, next, keys)
			h := state.EndCapOf(keys.Hash(), &replay)
			c.P = str(h.Hash())
			return c
		}(),
	}
	for name, c := range invalid {
		if test.IsSolved(shape, c, ecc.BN254.ScalarField()) == nil {
			t.Errorf("invalid block %q accepted", name)
		}
	}
}
