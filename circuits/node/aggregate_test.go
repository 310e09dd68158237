package node

import (
	"math/big"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark/test"

	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/apps"
	native "github.com/parthnet/parth/state/hashing"
	"github.com/parthnet/parth/state/smt"
)

// aggCircuit is the node's logic in its aggregation modes.
type aggCircuit = logicCircuit

type aggFixture struct {
	keys  state.NodeKeys
	ks    fr.Element
	caps  map[state.UserID]*state.EndCapHeader
	reads map[state.UserID]*smt.Proof
	paths map[state.UserID][]fr.Element
	old   state.Checkpoint
}

// leaf is u's end cap as a height-0 subtree.
func (f *aggFixture) leaf(t *testing.T, u state.UserID) state.Subtree {
	t.Helper()
	s, err := state.LeafOf(f.caps[u], f.reads[u])
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// cap is u's end cap as an aggregation child.
func (f *aggFixture) cap(u state.UserID) AggChild { return CapChild(f.caps[u], f.reads[u], f.paths[u]) }

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
		caps: map[state.UserID]*state.EndCapHeader{}, reads: map[state.UserID]*smt.Proof{}, paths: map[state.UserID][]fr.Element{}, old: head}
	f.ks = f.keys.Hash()
	hist, err := state.NewBlockHistory(w.Chain.Checkpoint, head.Number+1)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range apps.USDTBlocks[0] {
		ec, err := w.EndCap(s.User, s.Calls...)
		if err != nil {
			t.Fatal(err)
		}
		f.caps[s.User] = &ec.Header
		if f.reads[s.User], err = hist.Read(&ec.Header); err != nil {
			t.Fatal(err)
		}
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
	c3 := mustOf(t)(f.leaf(t, apps.Carol).Climb(2, f.paths[apps.Carol][:2]))
	c4 := mustOf(t)(f.leaf(t, apps.Mike).Climb(2, f.paths[apps.Mike][:2]))
	m := mustOf(t)(state.MergeSubtrees(c3, c4))
	m = mustOf(t)(m.Climb(top, f.paths[apps.Carol][3:top]))
	return &aggCircuit{KL: f.keys.Node.String(), PL: str(f.capPublic(apps.Carol)), KR: f.keys.Node.String(), PR: str(f.capPublic(apps.Mike)),
		Out: str(f.subPublic(&m)),
		L:   MergeLogic(&f.keys, f.cap(apps.Carol), f.cap(apps.Mike), 3, top, f.paths[apps.Carol])}, m
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
	future := *f.caps[apps.Mike]
	future.Checkpoint = 1
	futurePub := state.EndCapOf(f.ks, &future)
	replay := f.leaf(t, apps.Carol)
	replay.New = state.UserLeaf(f.caps[apps.Carol].PublicKey, f.caps[apps.Carol].UCONAfter, f.caps[apps.Carol].Nonce)
	checkLogic(t, v, map[string]*aggCircuit{
		"tampered sibling of a child":    mutate(v, func(c *aggCircuit) { c.L.Agg.Left.Siblings[1] = bumped(c.L.Agg.Left.Siblings[1]) }),
		"tampered sibling of the result": mutate(v, func(c *aggCircuit) { c.L.Agg.Siblings[20] = bumped(c.L.Agg.Siblings[20]) }),
		"claimed old root": mutate(v, func(c *aggCircuit) {
			c.Out = str(f.subPublic(&state.Subtree{Height: 32, History: root.History, Old: f.old.GUSRRoot, New: root.Old, EndCaps: root.EndCaps}))
		}),
		"left and right swapped": mutate(v, func(c *aggCircuit) {
			c.L.Agg.Left, c.L.Agg.Right = c.L.Agg.Right, c.L.Agg.Left
			c.PL, c.PR = c.PR, c.PL
		}),
		"meeting at another height": mutate(v, func(c *aggCircuit) { c.L.Agg.Height = 4 }),
		"merge at height zero":      mutate(v, func(c *aggCircuit) { c.L.Agg.Height = 0 }),
		"result below its merge":    mutate(v, func(c *aggCircuit) { c.L.Agg.Top = 2 }),
		"an end cap of a checkpoint not in the history": mutate(v, func(c *aggCircuit) {
			c.L.Agg.Right.Cap.CheckpointRoot = str(otherChk.CheckpointRoot)
			c.PR = str(otherPub.Hash())
		}),
		"an end cap of a checkpoint after the parent": mutate(v, func(c *aggCircuit) {
			c.L.Agg.Right.Cap.Checkpoint = 1
			c.PR = str(futurePub.Hash())
		}),
		"a tampered history sibling": mutate(v, func(c *aggCircuit) { c.L.Agg.Right.History[6] = bumped(c.L.Agg.Right.History[6]) }),
		"the left end cap left out of the accumulator": mutate(v, func(c *aggCircuit) {
			drop := root
			drop.EndCaps = f.caps[apps.Mike].Hash()
			c.Out = str(f.subPublic(&drop))
		}),
		"the accumulator in the other order": mutate(v, func(c *aggCircuit) {
			swap := root
			swap.EndCaps = native.Hash(native.TagAccumulator, f.caps[apps.Mike].Hash(), f.caps[apps.Carol].Hash())
			c.Out = str(f.subPublic(&swap))
		}),
		"cap child by the step key":         mutate(v, func(c *aggCircuit) { c.KR = f.keys.Step.String() }),
		"cap child by the signature key":    mutate(v, func(c *aggCircuit) { c.KL = f.keys.EdDSA.String() }),
		"another end cap than the proven":   mutate(v, func(c *aggCircuit) { c.L.Agg.Left.Cap.UCONAfter = bumped(c.L.Agg.Left.Cap.UCONAfter) }),
		"nonce not incremented (replay)":    mutate(v, func(c *aggCircuit) { c.Out = str(f.subPublic(&replay)) }),
		"mode outside the modes":            mutate(v, func(c *aggCircuit) { c.L.Mode = nModes }),
		"result of another key set":         mutate(v, func(c *aggCircuit) { c.L.Keys.Step = bumped(c.L.Keys.Step) }),
		"child claimed as a subtree":        mutate(v, func(c *aggCircuit) { c.L.Agg.Left.IsCap = 0 }),
		"another user's leaf (index moved)": mutate(v, func(c *aggCircuit) { c.L.Agg.Left.Cap.User = uint64(apps.Bob) }),
	})
	// An end cap is an end node's proof or a one-proof cap, the wrapper's.
	checkLogic(t, mutate(v, func(c *aggCircuit) { c.KL, c.KR = f.keys.Wrap.String(), f.keys.Wrap.String() }), nil)
	checkLogic(t, mutate(v, func(c *aggCircuit) { c.KR = f.keys.Wrap.String() }), nil)
}

// TestMergeSubtreeAndCap: Bob and Carol (siblings at height 1) form a
// subtree; Alice's cap meets it at height 2; the result climbs to 2 (a
// child of the block's root task at 3).
func TestMergeSubtreeAndCap(t *testing.T) {
	f := block1(t)
	s := mustOf(t)(state.MergeSubtrees(f.leaf(t, apps.Bob), f.leaf(t, apps.Carol)))
	a := mustOf(t)(f.leaf(t, apps.Alice).Climb(1, f.paths[apps.Alice][:1]))
	m := mustOf(t)(state.MergeSubtrees(a, s))
	v := &aggCircuit{KL: f.keys.Node.String(), PL: str(f.capPublic(apps.Alice)), KR: f.keys.Node.String(), PR: str(f.subPublic(&s)),
		Out: str(f.subPublic(&m)),
		L:   MergeLogic(&f.keys, f.cap(apps.Alice), SubtreeChild(&s, f.paths[apps.Bob]), 2, 2, nil)}
	wrap := s
	wrap.Index += 1 << 31 // an index ≥ 2^31 at height 1: its position overflows 32 bits
	checkLogic(t, v, map[string]*aggCircuit{
		"subtree above the merge": mutate(v, func(c *aggCircuit) {
			up := mustOf(t)(s.Climb(2, f.paths[apps.Bob][1:2]))
			c.L.Agg.Right, c.PR = SubtreeChild(&up, f.paths[apps.Bob]), str(f.subPublic(&up))
		}),
		"subtree not proven":      mutate(v, func(c *aggCircuit) { c.L.Agg.Right.Sub.New = bumped(c.L.Agg.Right.Sub.New) }),
		"subtree by the wrapper":  mutate(v, func(c *aggCircuit) { c.KR = f.keys.Wrap.String() }),
		"subtree by the step key": mutate(v, func(c *aggCircuit) { c.KR = f.keys.Step.String() }),
		"subtree index overflows": mutate(v, func(c *aggCircuit) {
			c.L.Agg.Right, c.PR = SubtreeChild(&wrap, f.paths[apps.Bob]), str(f.subPublic(&wrap))
		}),
	})
}

// TestSingle: a lone end cap climbs to the root.
func TestSingle(t *testing.T) {
	f := block1(t)
	root := mustOf(t)(f.leaf(t, apps.Bob).Climb(32, f.paths[apps.Bob]))
	pub := str(f.capPublic(apps.Bob))
	v := &aggCircuit{KL: f.keys.Node.String(), PL: pub, KR: f.keys.Node.String(), PR: pub, Out: str(f.subPublic(&root)),
		L: SingleLogic(&f.keys, f.cap(apps.Bob))}
	if root.Old != f.old.GUSRRoot {
		t.Fatal("native: not the old root")
	}
	s := mustOf(t)(state.MergeSubtrees(f.leaf(t, apps.Bob), f.leaf(t, apps.Carol)))
	checkLogic(t, v, map[string]*aggCircuit{
		"tampered sibling":                   mutate(v, func(c *aggCircuit) { c.L.Agg.Left.Siblings[31] = bumped(c.L.Agg.Left.Siblings[31]) }),
		"cap by the step key":                mutate(v, func(c *aggCircuit) { c.KL = f.keys.Step.String() }),
		"unused right child by the step key": mutate(v, func(c *aggCircuit) { c.KR = f.keys.Step.String() }),
		"a subtree, not a cap":               mutate(v, func(c *aggCircuit) { c.L.Agg.Left, c.PL = SubtreeChild(&s, f.paths[apps.Bob]), str(f.subPublic(&s)) }),
		"stops below the root": mutate(v, func(c *aggCircuit) {
			low := mustOf(t)(f.leaf(t, apps.Bob).Climb(31, f.paths[apps.Bob][:31]))
			c.Out = str(f.subPublic(&low))
		}),
	})
	// A one-proof cap (the wrapper's), whose proof is also the unused right child.
	checkLogic(t, mutate(v, func(c *aggCircuit) { c.KL, c.KR = f.keys.Wrap.String(), f.keys.Wrap.String() }), nil)
}

// TestHistorySlotAliasing: Mike's end cap (CHKP(0), slot 0) claimed as
// another checkpoint number that maps to the same slot: m+K, m+2^64 (a
// slot decomposition of only the low 8 bits would alias), and p−2^64·k.
// The header hash is recomputed for each (a proof of such an end cap is
// assumed to exist), so only the history membership can refuse.
func TestHistorySlotAliasing(t *testing.T) {
	f := block1(t)
	v, _ := f.carolMike(t, state.DepthGUSR)
	with := func(num *big.Int) *aggCircuit {
		return mutate(v, func(c *aggCircuit) {
			c.L.Agg.Right.Cap.Checkpoint = num.String()
			// the end cap's public input with this number (computed natively
			// in the field)
			var e fr.Element
			e.SetBigInt(num)
			h := *f.caps[apps.Mike]
			pub := capPublicWithNumber(f.ks, &h, e)
			c.PR = pub.String()
		})
	}
	two64 := new(big.Int).Lsh(big.NewInt(1), 64)
	p := fr.Modulus()
	if err := test.IsSolved(&logicCircuit{}, with(big.NewInt(0)), ecc.BN254.ScalarField()); err != nil {
		t.Fatalf("control (honest m = 0 through the same path) refused: %v", err)
	}
	checkLogic(t, v, map[string]*aggCircuit{
		"m + K":        with(big.NewInt(state.HistoryWindow)),
		"m + 2^64":     with(two64),
		"p - 2^64 + 0": with(new(big.Int).Sub(p, two64)),
		"m + 2^64 * 7": with(new(big.Int).Mul(two64, big.NewInt(7))),
	})
}

func capPublicWithNumber(ks fr.Element, h *state.EndCapHeader, num fr.Element) fr.Element {
	x := native.Hash(native.TagEndCap, native.Uint(uint64(h.User)), native.Uint(h.Nonce), num, h.CheckpointRoot, h.PublicKey,
		h.UCONBefore, h.UCONAfter, h.Payload)
	hd := state.NodeHeader{Keys: ks, Kind: state.NodeEndCap, X: x}
	return hd.Hash()
}
