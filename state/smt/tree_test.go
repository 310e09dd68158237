package smt

import (
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/parthnet/parth/state/hashing"
)

// mapReader is a NodeReader over committed changes, as storage would hold them.
type mapReader map[NodeKey]fr.Element

func (m mapReader) Node(level int, index uint64) (fr.Element, bool, error) {
	v, ok := m[NodeKey{uint8(level), index}]
	return v, ok, nil
}

func (m mapReader) commit(ws []NodeWrite) {
	for _, w := range ws {
		if w.Empty {
			delete(m, w.NodeKey)
		} else {
			m[w.NodeKey] = w.Value
		}
	}
}

func testSpec(depth int) *Spec {
	return NewSpec("test", hashing.TagNodeCState, depth, fr.Element{})
}

// naiveRoot computes the root of a full tree of small depth from its leaves.
func naiveRoot(s *Spec, leaves map[uint64]fr.Element) fr.Element {
	level := make([]fr.Element, 1<<s.Depth())
	for i, v := range leaves {
		level[i] = v
	}
	for len(level) > 1 {
		next := make([]fr.Element, len(level)/2)
		for i := range next {
			next[i] = hashing.Node(s.Tag(), &level[2*i], &level[2*i+1])
		}
		level = next
	}
	return level[0]
}

func TestTreeMatchesNaive(t *testing.T) {
	s := testSpec(6)
	rng := rand.New(rand.NewPCG(1, 2))
	store := mapReader{}
	want := map[uint64]fr.Element{}
	for round := 0; round < 20; round++ {
		tr := New(s, store)
		for k := 0; k < 5; k++ {
			i := rng.Uint64N(64)
			v := hashing.Uint(rng.Uint64N(4)) // zero values too: deletions
			d, err := tr.Set(i, v)
			if err != nil {
				t.Fatal(err)
			}
			if err := d.Verify(s); err != nil {
				t.Fatalf("own delta proof: %v", err)
			}
			want[i] = v
		}
		root, _ := tr.Root()
		if n := naiveRoot(s, want); !root.Equal(&n) {
			t.Fatalf("round %d: root differs from naive computation", round)
		}
		store.commit(tr.Changes())
	}
	// Only non-empty nodes are stored.
	for k, v := range store {
		z := s.Zero(int(k.Level))
		if v.Equal(&z) {
			t.Fatalf("empty node %v stored", k)
		}
	}
	// Proofs from the reloaded tree verify and carry the values.
	tr := New(s, store)
	for i, v := range want {
		p, err := tr.Prove(i)
		if err != nil {
			t.Fatal(err)
		}
		if !p.Value.Equal(&v) {
			t.Fatalf("leaf %d: value differs", i)
		}
		if err := p.Verify(s); err != nil {
			t.Fatal(err)
		}
	}
}

func TestEmptyRoot(t *testing.T) {
	s := testSpec(32)
	r, _ := New(s, nil).Root()
	if e := s.EmptyRoot(); !r.Equal(&e) {
		t.Fatal("empty tree root is not the zero hash")
	}
	tr := New(s, nil)
	tr.Set(5, hashing.Uint(9))
	tr.Set(5, fr.Element{})
	r, _ = tr.Root()
	if e := s.EmptyRoot(); !r.Equal(&e) {
		t.Fatal("set then clear does not return to the empty root")
	}
	for _, w := range tr.Changes() {
		if !w.Empty {
			t.Fatalf("node %v should be empty after clearing", w.NodeKey)
		}
	}
}

func TestApplyBatchMatchesSequential(t *testing.T) {
	s := testSpec(32)
	rng := rand.New(rand.NewPCG(3, 4))
	base := mapReader{}
	seq := New(s, base)
	var leaves []Leaf
	for range 300 {
		lf := Leaf{Index: rng.Uint64N(1 << 32), Value: hashing.Uint(rng.Uint64())}
		if rng.IntN(10) == 0 && len(leaves) > 0 { // repeated index: last wins
			lf.Index = leaves[rng.IntN(len(leaves))].Index
		}
		leaves = append(leaves, lf)
		if _, err := seq.Set(lf.Index, lf.Value); err != nil {
			t.Fatal(err)
		}
	}
	bat := New(s, base)
	if err := bat.Apply(leaves); err != nil {
		t.Fatal(err)
	}
	r1, _ := seq.Root()
	r2, _ := bat.Root()
	if !r1.Equal(&r2) {
		t.Fatal("batched root differs from sequential root")
	}
	if err := bat.Apply([]Leaf{{Index: 1}, {Index: 1 << 32}}); !errors.Is(err, ErrIndexOutOfRange) {
		t.Fatalf("out of range batch: %v", err)
	}
	if r3, _ := bat.Root(); !r3.Equal(&r2) {
		t.Fatal("rejected batch changed the tree")
	}
}

func TestDeltaProofRejects(t *testing.T) {
	s := testSpec(16)
	tr := New(s, nil)
	tr.Set(3, hashing.Uint(10))
	tr.Set(700, hashing.Uint(20))
	good, err := tr.Set(3, hashing.Uint(7))
	if err != nil {
		t.Fatal(err)
	}
	next, _ := tr.Set(700, hashing.Uint(21))

	clone := func() *DeltaProof {
		c := *good
		c.Siblings = append([]fr.Element(nil), good.Siblings...)
		return &c
	}
	one := hashing.Uint(1)
	cases := []struct {
		name   string
		mutate func(d *DeltaProof)
		want   error
	}{
		{"tampered sibling", func(d *DeltaProof) { d.Siblings[4].Add(&d.Siblings[4], &one) }, ErrOldRootMismatch},
		{"tampered top sibling", func(d *DeltaProof) { d.Siblings[15].Add(&d.Siblings[15], &one) }, ErrOldRootMismatch},
		{"wrong old value", func(d *DeltaProof) { d.OldValue = hashing.Uint(11) }, ErrOldRootMismatch},
		{"wrong new value", func(d *DeltaProof) { d.NewValue = hashing.Uint(8) }, ErrNewRootMismatch},
		{"wrong old root", func(d *DeltaProof) { d.OldRoot.Add(&d.OldRoot, &one) }, ErrOldRootMismatch},
		{"wrong new root", func(d *DeltaProof) { d.NewRoot.Add(&d.NewRoot, &one) }, ErrNewRootMismatch},
		{"wrong index", func(d *DeltaProof) { d.Index = 2 }, ErrOldRootMismatch},
		{"index out of range", func(d *DeltaProof) { d.Index = 1 << 16 }, ErrIndexOutOfRange},
		{"missing sibling", func(d *DeltaProof) { d.Siblings = d.Siblings[:15] }, ErrDepthMismatch},
	}
	if err := clone().Verify(s); err != nil {
		t.Fatalf("valid proof rejected: %v", err)
	}
	for _, c := range cases {
		d := clone()
		c.mutate(d)
		if err := d.Verify(s); !errors.Is(err, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, err, c.want)
		}
	}

	// Chains: in order they verify; out of order or with a gap they do not.
	if err := VerifyChain(s, good.OldRoot, next.NewRoot, []DeltaProof{*good, *next}); err != nil {
		t.Fatalf("valid chain: %v", err)
	}
	if err := VerifyChain(s, good.OldRoot, next.NewRoot, []DeltaProof{*next, *good}); !errors.Is(err, ErrChainBroken) {
		t.Errorf("reordered chain: %v", err)
	}
	if err := VerifyChain(s, good.OldRoot, next.NewRoot, []DeltaProof{*good}); !errors.Is(err, ErrChainBroken) {
		t.Errorf("truncated chain: %v", err)
	}
}

func TestApplyDelta(t *testing.T) {
	s := testSpec(16)
	src := New(s, nil)
	src.Set(1, hashing.Uint(5))
	d, _ := src.Set(1, hashing.Uint(6))

	dst := New(s, nil)
	if err := dst.ApplyDelta(d); !errors.Is(err, ErrStaleRoot) {
		t.Fatalf("delta on another root: %v", err)
	}
	if dst.Dirty() {
		t.Fatal("rejected delta changed the tree")
	}
	dst.Set(1, hashing.Uint(5))
	if err := dst.ApplyDelta(d); err != nil {
		t.Fatal(err)
	}
	r1, _ := src.Root()
	r2, _ := dst.Root()
	if !r1.Equal(&r2) {
		t.Fatal("applied delta gives another root")
	}
}

// TestPath: a proof's path is the tree's own nodes, level by level, and
// ends at its root.
func TestPath(t *testing.T) {
	s := testSpec(5)
	tr := New(s, nil)
	for i, v := range []uint64{3, 9, 27} {
		if _, err := tr.Set(uint64(7*i+1), hashing.Uint(v)); err != nil {
			t.Fatal(err)
		}
	}
	for _, idx := range []uint64{8, 9, 30} {
		p, err := tr.Prove(idx)
		if err != nil {
			t.Fatal(err)
		}
		path := s.Path(idx, p.Value, p.Siblings)
		if len(path) != s.Depth()+1 || !path[s.Depth()].Equal(&p.Root) {
			t.Fatalf("leaf %d: a path of %d nodes to %s, root %s", idx, len(path), path[len(path)-1].String(), p.Root.String())
		}
		for l, v := range path {
			want, err := tr.node(l, idx>>uint(l))
			if err != nil || !v.Equal(&want) {
				t.Fatalf("leaf %d, level %d: %s, the tree has %s", idx, l, v.String(), want.String())
			}
		}
	}
}
