package block

import (
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/test"

	"github.com/parthnet/parth/circuits/hashing"
	"github.com/parthnet/parth/circuits/internal/fakevk"
	"github.com/parthnet/parth/circuits/node"
	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/apps"
	native "github.com/parthnet/parth/state/hashing"
	"github.com/parthnet/parth/state/smt"
)

type logicCircuit struct {
	P frontend.Variable
	L Logic
}

func (c *logicCircuit) Define(api frontend.API) error {
	h, err := hashing.New(api)
	if err != nil {
		return err
	}
	c.L.Check(api, h, c.P)
	return nil
}

var keys = state.NodeKeys{Node: native.Uint(11), Wrap: native.Uint(22), Step: native.Uint(33)}

func str(e fr.Element) string { return e.String() }

// fixture is a block with Bob's transfer only: his end cap (read against
// CHKP(0), lag blocks of Alice's before), its history proof and GUSR path,
// the root subtree, the parent checkpoint, its history slot and the
// block's checkpoint.
type fixture struct {
	ec           *state.EndCapHeader
	read         *smt.Proof
	path         []fr.Element
	root         state.Subtree
	parent, next state.Checkpoint
	slot         smt.Proof
}

func bobAlone(t *testing.T, lag int) *fixture {
	t.Helper()
	w, err := apps.NewWorld(state.NewMemStore(), 3)
	if err != nil {
		t.Fatal(err)
	}
	step := apps.USDTBlocks[0][1]
	ec, err := w.EndCap(step.User, step.Calls...)
	if err != nil {
		t.Fatal(err)
	}
	for range lag {
		if _, err := w.Block(apps.Step{User: apps.Alice, Calls: []state.Call{apps.Transfer(apps.USDTContract, apps.Carol, 1)}}); err != nil {
			t.Fatal(err)
		}
	}
	parent, _ := w.Chain.Head()
	v, _ := w.Chain.View(parent.Number)
	hist, err := state.NewBlockHistory(w.Chain.Checkpoint, parent.Number+1)
	if err != nil {
		t.Fatal(err)
	}
	read, err := hist.Read(&ec.Header)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := v.Tree(state.GUSRTree).Prove(uint64(step.User))
	leaf, err := state.LeafOf(&ec.Header, read)
	if err != nil {
		t.Fatal(err)
	}
	root, err := leaf.Climb(state.DepthGUSR, p.Siblings)
	if err != nil {
		t.Fatal(err)
	}
	next, err := w.Chain.ApplyBlock([]*state.EndCap{ec}, apps.SlotPoH(parent.Number+1))
	if err != nil {
		t.Fatal(err)
	}
	// The native twins agree: the aggregation statement and the state.
	if root.New != next.GUSRRoot || root.History != next.History || root.EndCaps != next.EndCaps {
		t.Fatal("native: the root subtree is not the applied block's")
	}
	return &fixture{ec: &ec.Header, read: read, path: p.Siblings, root: root, parent: parent, next: next, slot: hist.Slot}
}

// subtreeRoot and capRoot are block witnesses whose root proof states a
// subtree or an end cap (the proof's public input is the honest one).
func (f *fixture) subtreeRoot(root state.Subtree, next state.Checkpoint, ks state.NodeKeys) *logicCircuit {
	h := root.Header(ks.Hash())
	return f.witness(node.SubtreeChild(&root, nil), h.Hash(), next, ks)
}

func (f *fixture) capRoot(ec state.EndCapHeader, path []fr.Element, next state.Checkpoint, ks state.NodeKeys) *logicCircuit {
	h := state.EndCapOf(ks.Hash(), &ec)
	return f.witness(node.CapChild(&ec, f.read, path), h.Hash(), next, ks)
}

func (f *fixture) witness(stmt node.AggChild, public fr.Element, next state.Checkpoint, ks state.NodeKeys) *logicCircuit {
	c := Assign(keys, node.FixedChild{}, stmt, &f.parent, &f.slot, &next)
	c.Logic.Keys = keys
	return &logicCircuit{P: str(public), L: c.Logic}
}

func resealed(c state.Checkpoint, f func(*state.Checkpoint)) state.Checkpoint {
	f(&c)
	return c.Sealed()
}

func TestBlockLogic(t *testing.T) {
	f := bobAlone(t, 0)
	late := bobAlone(t, 3) // Bob's end cap read CHKP(0) = CHKP(n−4) (finding 4)
	ec, path, root, next := f.ec, f.path, f.root, f.next
	shape := &logicCircuit{L: Logic{Keys: keys}}
	for name, c := range map[string]*logicCircuit{
		"root subtree":                       f.subtreeRoot(root, next, keys),
		"one user's end cap root":            f.capRoot(*ec, path, next, keys),
		"an end cap of CHKP(n−4)":            late.capRoot(*late.ec, late.path, late.next, keys),
		"a root subtree read from CHKP(n−4)": late.subtreeRoot(late.root, late.next, keys),
	} {
		if err := test.IsSolved(shape, c, ecc.BN254.ScalarField()); err != nil {
			t.Fatalf("valid block (%s) rejected: %v", name, err)
		}
	}
	stale := root
	stale.History = native.Uint(5)
	low := root
	low.Height = 31
	otherKeys := keys
	otherKeys.Wrap = native.Uint(23)
	wrongNext := resealed(next, func(c *state.Checkpoint) { c.Number++ })
	otherPoH := resealed(next, func(c *state.Checkpoint) { c.PoH[0] ^= 1 })
	otherChain := resealed(next, func(c *state.Checkpoint) { c.Chain = native.Uint(8) })
	oldHistory := resealed(next, func(c *state.Checkpoint) { c.History = f.parent.History })
	otherAcc := resealed(next, func(c *state.Checkpoint) { c.EndCaps = native.Uint(6) })
	notParent := root
	notParent.Old = native.Uint(9)
	capStale := *ec
	capStale.CheckpointRoot = native.Uint(5)
	capFuture := *ec
	capFuture.Checkpoint = 1 // block 1 may read CHKP(0) only
	replay := *ec
	replay.Nonce++
	tampered := append([]fr.Element(nil), path...)
	tampered[17] = native.Uint(4)
	moved := *ec
	moved.User = apps.Carol
	// claiming is the honest root subtree with the block claiming another
	// CHKP(n).
	claiming := func(other state.Checkpoint) *logicCircuit {
		c := f.subtreeRoot(root, next, keys)
		c.L.Next = str(other.Root)
		return c
	}
	invalid := map[string]*logicCircuit{
		"end caps read another history":              f.subtreeRoot(stale, next, keys),
		"root below the top":                         f.subtreeRoot(low, next, keys),
		"tree of another key set":                    f.subtreeRoot(root, next, otherKeys),
		"next checkpoint's number":                   claiming(wrongNext),
		"old root not the parent's":                  f.subtreeRoot(notParent, next, keys),
		"claimed next checkpoint":                    claiming(otherPoH),
		"next checkpoint on another chain":           claiming(otherChain),
		"next checkpoint keeps the parent's history": claiming(oldHistory),
		"next checkpoint names other end caps":       claiming(otherAcc),
		"history slot with a tampered sibling": func() *logicCircuit {
			c := f.subtreeRoot(root, next, keys)
			c.L.HistSiblings[3] = str(native.Uint(3))
			return c
		}(),
		"history slot that is not the parent's": func() *logicCircuit {
			c := f.subtreeRoot(root, next, keys)
			c.L.HistOld = str(native.Uint(3))
			return c
		}(),
		"parent preimage forged": func() *logicCircuit {
			c := f.subtreeRoot(notParent, next, keys)
			c.L.Parent.GUSRRoot = str(native.Uint(9))
			return c
		}(),
		"end cap of a checkpoint not in the history": f.capRoot(capStale, path, next, keys),
		"end cap of a future checkpoint":             f.capRoot(capFuture, path, next, keys),
		"end cap with a tampered history sibling": func() *logicCircuit {
			c := f.capRoot(*ec, path, next, keys)
			c.L.Root.History[5] = str(native.Uint(5))
			return c
		}(),
		"end cap with a replayed nonce":   f.capRoot(replay, path, next, keys),
		"end cap past a tampered sibling": f.capRoot(*ec, tampered, next, keys),
		"end cap at another user's leaf":  f.capRoot(moved, path, next, keys),
		"end cap of another key set":      f.capRoot(*ec, path, next, otherKeys),
		"end cap proof of another header": func() *logicCircuit {
			c := f.capRoot(*ec, path, next, keys)
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

// TestNewPinsTheNodeKey: the block circuit's fixed node key must be the key
// set's; a key of another hash is refused when the circuit is built.
func TestNewPinsTheNodeKey(t *testing.T) {
	vk := fakevk.Standard()
	h, err := node.KeyHash(vk)
	if err != nil {
		t.Fatal(err)
	}
	ks := keys
	ks.Node = h
	if _, err := New(ks, vk); err != nil {
		t.Fatalf("the key set's node key refused: %v", err)
	}
	if _, err := New(keys, vk); err == nil {
		t.Fatal("a node key of another hash than the key set's is accepted")
	}
	if _, err := New(ks, fakevk.Standard()); err == nil {
		t.Fatal("another node key is accepted")
	}
}
