package node

import (
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/apps"
	native "github.com/parthnet/parth/state/hashing"
)

// aggCircuit is the node's logic in its aggregation modes.
type aggCircuit = logicCircuit

type aggFixture struct {
	keys  state.NodeKeys
	ks    fr.Element
	caps  map[state.UserID]*state.EndCapHeader
	paths map[state.UserID][]fr.Element
	old   state.Checkpoint
}

// block1 is the seed's USDT block #1 (users 1..4), not applied: its end
// caps and every user's path in the old GUSR tree.
func block1(t *testing.T) *aggFixture {
	t.Helper()
	w, err := apps.NewWorld(state.NewMemStore(), 3)
	if err != nil {
		t.Fatal(err)
	}
	head, _ := w.Chain.Head()
	v, _ := w.Chain.View(head.Number)
	f := &aggFixture{keys: state.NodeKeys{Node: native.Uint(11), Wrap: native.Uint(22), Step: native.Uint(33)},
		caps: map[state.UserID]*state.EndCapHeader{}, paths: map[state.UserID][]fr.Element{}, old: head}
	f.ks = f.keys.Hash()
	for _, s := range apps.USDTBlocks[0] {
		ec, err := w.EndCap(s.User, s.Calls...)
		if err != nil {
			t.Fatal(err)
		}
		f.caps[s.User] = &ec.Header
		p, err := v.Tree(state.GUSRTree).Prove(uint64(s.User))
		if err != nil {
			t.Fatal(err)
		}
		f.paths[s.User] = p.Siblings
	}
	return f
}

func (f *aggFixture) capPublic(u state.UserID) fr.Element {
	h := state.EndCapOf(f.ks, f.caps[u])
	return h.Hash()
}

func (f *aggFixture) subPublic(s *state.Subtree) fr.Element {
	h := s.Header(f.ks)
	return h.Hash()
}

func mustOf(t *testing.T) func(state.Subtree, error) state.Subtree {
	return func(s state.Subtree, err error) state.Subtree {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
}

// carolMike: caps 3 (011) and 4 (100) meet at height 3; the result climbs
// to top.
func (f *aggFixture) carolMike(t *testing.T, top int) (*aggCircuit, state.Subtree) {
	c3 := mustOf(t)(state.LeafOf(f.caps[apps.Carol]).Climb(2, f.paths[apps.Carol][:2]))
	c4 := mustOf(t)(state.LeafOf(f.caps[apps.Mike]).Climb(2, f.paths[apps.Mike][:2]))
	m := mustOf(t)(state.MergeSubtrees(c3, c4))
	m = mustOf(t)(m.Climb(top, f.paths[apps.Carol][3:top]))
	return &aggCircuit{KL: f.keys.Node.String(), PL: str(f.capPublic(apps.Carol)), KR: f.keys.Node.String(), PR: str(f.capPublic(apps.Mike)),
		Out: str(f.subPublic(&m)),
		L:   MergeLogic(&f.keys, CapChild(f.caps[apps.Carol], f.paths[apps.Carol]), CapChild(f.caps[apps.Mike], f.paths[apps.Mike]), 3, top, f.paths[apps.Carol])}, m
}

// TestMergeCaps: two end caps merge and climb to the root; the root moves
// GUSR exactly as applying the two end caps does.
func TestMergeCaps(t *testing.T) {
	f := block1(t)
	v, root := f.carolMike(t, state.DepthGUSR)
	if root.Old != f.old.GUSRRoot {
		t.Fatal("native: the climbed old side is not the old GUSR root")
	}
	// The new side: apply Carol's and Mike's end caps natively.
	w, _ := apps.NewWorld(state.NewMemStore(), 3)
	next, err := w.Block(apps.USDTBlocks[0][2:]...)
	if err != nil {
		t.Fatal(err)
	}
	if root.New != next.GUSRRoot {
		t.Fatal("native: the climbed new side is not the block's GUSR root")
	}
	otherChk := *f.caps[apps.Mike]
	otherChk.CheckpointRoot = native.Uint(77)
	otherPub := state.EndCapOf(f.ks, &otherChk)
	replay := state.LeafOf(f.caps[apps.Carol])
	replay.New = state.UserLeaf(f.caps[apps.Carol].PublicKey, f.caps[apps.Carol].UCONAfter, f.caps[apps.Carol].Nonce)
	checkLogic(t, v, map[string]*aggCircuit{
		"tampered sibling of a child":    mutate(v, func(c *aggCircuit) { c.L.Agg.Left.Siblings[1] = bumped(c.L.Agg.Left.Siblings[1]) }),
		"tampered sibling of the result": mutate(v, func(c *aggCircuit) { c.L.Agg.Siblings[20] = bumped(c.L.Agg.Siblings[20]) }),
		"claimed old root": mutate(v, func(c *aggCircuit) {
			c.Out = str(f.subPublic(&state.Subtree{Height: 32, CheckpointRoot: root.CheckpointRoot, Old: f.old.GUSRRoot, New: root.Old}))
		}),
		"left and right swapped": mutate(v, func(c *aggCircuit) {
			c.L.Agg.Left, c.L.Agg.Right = c.L.Agg.Right, c.L.Agg.Left
			c.PL, c.PR = c.PR, c.PL
		}),
		"meeting at another height": mutate(v, func(c *aggCircuit) { c.L.Agg.Height = 4 }),
		"merge at height zero":      mutate(v, func(c *aggCircuit) { c.L.Agg.Height = 0 }),
		"result below its merge":    mutate(v, func(c *aggCircuit) { c.L.Agg.Top = 2 }),
		"end caps of two checkpoints": mutate(v, func(c *aggCircuit) {
			c.L.Agg.Right.Cap.CheckpointRoot = str(otherChk.CheckpointRoot)
			c.PR = str(otherPub.Hash())
		}),
		"child proof not a node":            mutate(v, func(c *aggCircuit) { c.KR = f.keys.Wrap.String() }),
		"another end cap than the proven":   mutate(v, func(c *aggCircuit) { c.L.Agg.Left.Cap.UCONAfter = bumped(c.L.Agg.Left.Cap.UCONAfter) }),
		"nonce not incremented (replay)":    mutate(v, func(c *aggCircuit) { c.Out = str(f.subPublic(&replay)) }),
		"mode outside the modes":            mutate(v, func(c *aggCircuit) { c.L.Mode = nModes }),
		"result of another key set":         mutate(v, func(c *aggCircuit) { c.L.Keys.Step = bumped(c.L.Keys.Step) }),
		"child claimed as a subtree":        mutate(v, func(c *aggCircuit) { c.L.Agg.Left.IsCap = 0 }),
		"another user's leaf (index moved)": mutate(v, func(c *aggCircuit) { c.L.Agg.Left.Cap.User = uint64(apps.Bob) }),
	})
}

// TestMergeSubtreeAndCap: Bob and Carol (siblings at height 1) form a
// subtree; Alice's cap meets it at height 2; the result climbs to 2 (a
// child of the block's root task at 3).
func TestMergeSubtreeAndCap(t *testing.T) {
	f := block1(t)
	s := mustOf(t)(state.MergeSubtrees(state.LeafOf(f.caps[apps.Bob]), state.LeafOf(f.caps[apps.Carol])))
	a := mustOf(t)(state.LeafOf(f.caps[apps.Alice]).Climb(1, f.paths[apps.Alice][:1]))
	m := mustOf(t)(state.MergeSubtrees(a, s))
	v := &aggCircuit{KL: f.keys.Node.String(), PL: str(f.capPublic(apps.Alice)), KR: f.keys.Node.String(), PR: str(f.subPublic(&s)),
		Out: str(f.subPublic(&m)),
		L:   MergeLogic(&f.keys, CapChild(f.caps[apps.Alice], f.paths[apps.Alice]), SubtreeChild(&s, f.paths[apps.Bob]), 2, 2, nil)}
	wrap := s
	wrap.Index += 1 << 31 // an index ≥ 2^31 at height 1: its position overflows 32 bits
	checkLogic(t, v, map[string]*aggCircuit{
		"subtree above the merge": mutate(v, func(c *aggCircuit) {
			up := mustOf(t)(s.Climb(2, f.paths[apps.Bob][1:2]))
			c.L.Agg.Right, c.PR = SubtreeChild(&up, f.paths[apps.Bob]), str(f.subPublic(&up))
		}),
		"subtree not proven": mutate(v, func(c *aggCircuit) { c.L.Agg.Right.Sub.New = bumped(c.L.Agg.Right.Sub.New) }),
		"subtree index overflows": mutate(v, func(c *aggCircuit) {
			c.L.Agg.Right, c.PR = SubtreeChild(&wrap, f.paths[apps.Bob]), str(f.subPublic(&wrap))
		}),
	})
}

// TestSingle: a lone end cap climbs to the root.
func TestSingle(t *testing.T) {
	f := block1(t)
	root := mustOf(t)(state.LeafOf(f.caps[apps.Bob]).Climb(32, f.paths[apps.Bob]))
	pub := str(f.capPublic(apps.Bob))
	v := &aggCircuit{KL: f.keys.Node.String(), PL: pub, KR: f.keys.Node.String(), PR: pub, Out: str(f.subPublic(&root)),
		L: SingleLogic(&f.keys, CapChild(f.caps[apps.Bob], f.paths[apps.Bob]))}
	if root.Old != f.old.GUSRRoot {
		t.Fatal("native: not the old root")
	}
	s := mustOf(t)(state.MergeSubtrees(state.LeafOf(f.caps[apps.Bob]), state.LeafOf(f.caps[apps.Carol])))
	checkLogic(t, v, map[string]*aggCircuit{
		"tampered sibling":     mutate(v, func(c *aggCircuit) { c.L.Agg.Left.Siblings[31] = bumped(c.L.Agg.Left.Siblings[31]) }),
		"a subtree, not a cap": mutate(v, func(c *aggCircuit) { c.L.Agg.Left, c.PL = SubtreeChild(&s, f.paths[apps.Bob]), str(f.subPublic(&s)) }),
		"stops below the root": mutate(v, func(c *aggCircuit) {
			low := mustOf(t)(state.LeafOf(f.caps[apps.Bob]).Climb(31, f.paths[apps.Bob][:31]))
			c.Out = str(f.subPublic(&low))
		}),
	})
}
