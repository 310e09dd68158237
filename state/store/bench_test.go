package store

import (
	"math/rand/v2"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/hashing"
	"github.com/parthnet/parth/state/smt"
)

// BenchmarkTreeUpdates: blocks of 1,000 random GUSR leaf updates, read from
// and committed to pebble on disk (fsync per block), over a tree that grows
// by the same amount each block.
func BenchmarkTreeUpdates(b *testing.B) {
	s, err := Open(b.TempDir(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	rng := rand.New(rand.NewPCG(1, 2))
	prev := fr.Element{}
	const perBlock = 1000
	for n := uint64(0); b.Loop(); n++ {
		var tree *smt.Tree
		if n == 0 {
			tree = smt.New(state.GUSRSpec, nil)
		} else {
			v, err := state.NewView(s, n-1)
			if err != nil {
				b.Fatal(err)
			}
			tree = v.Tree(state.GUSRTree)
		}
		leaves := make([]smt.Leaf, perBlock)
		for i := range leaves {
			leaves[i] = smt.Leaf{Index: rng.Uint64N(1 << 32), Value: hashing.Uint(rng.Uint64())}
		}
		if err := tree.Apply(leaves); err != nil {
			b.Fatal(err)
		}
		root, err := tree.Root()
		if err != nil {
			b.Fatal(err)
		}
		c := &state.Commit{Checkpoint: state.Checkpoint{Number: n, Prev: prev, GUSRRoot: root, GCONRoot: fr.Element{}, PoH: [32]byte{}}.Sealed()}
		for _, w := range tree.Changes() {
			c.Nodes = append(c.Nodes, state.TreeWrite{Tree: state.GUSRTree, NodeWrite: w})
		}
		if err := s.Commit(c); err != nil {
			b.Fatal(err)
		}
		prev = c.Checkpoint.Root
	}
	b.ReportMetric(float64(b.N*perBlock)/b.Elapsed().Seconds(), "updates/s")
}

// BenchmarkProveFromDisk: inclusion proofs of random leaves read from pebble.
func BenchmarkProveFromDisk(b *testing.B) {
	s, err := Open(b.TempDir(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	tree := smt.New(state.GUSRSpec, nil)
	rng := rand.New(rand.NewPCG(3, 4))
	idx := make([]uint64, 10000)
	leaves := make([]smt.Leaf, len(idx))
	for i := range leaves {
		idx[i] = rng.Uint64N(1 << 32)
		leaves[i] = smt.Leaf{Index: idx[i], Value: hashing.Uint(uint64(i + 1))}
	}
	tree.Apply(leaves)
	root, _ := tree.Root()
	c := &state.Commit{Checkpoint: state.Checkpoint{Number: 0, Prev: fr.Element{}, GUSRRoot: root, GCONRoot: fr.Element{}, PoH: [32]byte{}}.Sealed()}
	for _, w := range tree.Changes() {
		c.Nodes = append(c.Nodes, state.TreeWrite{Tree: state.GUSRTree, NodeWrite: w})
	}
	if err := s.Commit(c); err != nil {
		b.Fatal(err)
	}
	v, _ := state.NewView(s, 0)
	t := v.Tree(state.GUSRTree)
	i := 0
	for b.Loop() {
		p, err := t.Prove(idx[i%len(idx)])
		if err != nil {
			b.Fatal(err)
		}
		if err := p.Verify(state.GUSRSpec); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "proofs/s")
}
