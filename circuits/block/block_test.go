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

// bobAlone: a block with Bob's transfer only: its root subtree, the parent
// checkpoint (genesis) and the block's checkpoint.
func bobAlone(t *testing.T) (state.Subtree, state.Checkpoint, state.Checkpoint) {
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
	return root, parent, next
}

func assign(root state.Subtree, parent, next state.Checkpoint, ks state.NodeKeys) *logicCircuit {
	h := root.Header(ks.Hash())
	c := Assign(keys, node.Child{}, &parent, &root, &next)
	c.Logic.Keys = keys
	return &logicCircuit{K: str(ks.Node), P: str(h.Hash()), L: c.Logic}
}

func TestBlockLogic(t *testing.T) {
	root, parent, next := bobAlone(t)
	shape := &logicCircuit{L: Logic{Keys: keys}}
	valid := assign(root, parent, next, keys)
	if err := test.IsSolved(shape, valid, ecc.BN254.ScalarField()); err != nil {
		t.Fatalf("valid block rejected: %v", err)
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
	invalid := map[string]*logicCircuit{
		"end caps read another checkpoint": assign(stale, parent, next, keys),
		"root below the top":               assign(low, parent, next, keys),
		"tree of another key set":          assign(root, parent, next, otherKeys),
		"next checkpoint's number":         func() *logicCircuit { c := assign(root, parent, next, keys); c.L.Next = str(wrongNext.Root); return c }(),
		"old root not the parent's": func() *logicCircuit {
			c := assign(notParent, parent, next, keys)
			return c
		}(),
		"claimed next checkpoint": func() *logicCircuit { c := assign(root, parent, next, keys); c.L.Next = str(otherPoH.Root); return c }(),
		"root proof not a node":   func() *logicCircuit { c := assign(root, parent, next, keys); c.K = str(keys.Wrap); return c }(),
		"parent preimage forged": func() *logicCircuit {
			c := assign(root, parent, next, keys)
			c.L.Parent.GUSRRoot = str(native.Uint(9))
			c.L.Old = str(native.Uint(9))
			return c
		}(),
	}
	for name, c := range invalid {
		if test.IsSolved(shape, c, ecc.BN254.ScalarField()) == nil {
			t.Errorf("invalid block %q accepted", name)
		}
	}
}
