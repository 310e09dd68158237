package smt

import (
	"math/rand/v2"
	"testing"

	"github.com/parthnet/parth/state/hashing"
)

// populated returns a depth-32 tree with n random leaves committed to a base.
func populated(b *testing.B, n int) (*Spec, mapReader, []uint64) {
	s := testSpec(32)
	base := mapReader{}
	t := New(s, base)
	rng := rand.New(rand.NewPCG(5, 6))
	idx := make([]uint64, n)
	leaves := make([]Leaf, n)
	for i := range leaves {
		idx[i] = rng.Uint64N(1 << 32)
		leaves[i] = Leaf{Index: idx[i], Value: hashing.Uint(rng.Uint64())}
	}
	if err := t.Apply(leaves); err != nil {
		b.Fatal(err)
	}
	base.commit(t.Changes())
	return s, base, idx
}

// BenchmarkSet: one leaf update with its delta proof, depth 32, in memory.
func BenchmarkSet(b *testing.B) {
	s, base, idx := populated(b, 10000)
	t := New(s, base)
	i := 0
	for b.Loop() {
		if _, err := t.Set(idx[i%len(idx)], hashing.Uint(uint64(i))); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "updates/s")
}

// BenchmarkApplyBatch1000: 1,000 random leaves in one batched update
// (shared upper nodes hashed once), depth 32, in memory.
func BenchmarkApplyBatch1000(b *testing.B) {
	s, base, _ := populated(b, 10000)
	rng := rand.New(rand.NewPCG(7, 8))
	leaves := make([]Leaf, 1000)
	for b.Loop() {
		for i := range leaves {
			leaves[i] = Leaf{Index: rng.Uint64N(1 << 32), Value: hashing.Uint(rng.Uint64())}
		}
		if err := New(s, base).Apply(leaves); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*1000)/b.Elapsed().Seconds(), "updates/s")
}

func BenchmarkProve(b *testing.B) {
	s, base, idx := populated(b, 10000)
	t := New(s, base)
	i := 0
	for b.Loop() {
		if _, err := t.Prove(idx[i%len(idx)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "proofs/s")
}

func BenchmarkVerifyDelta(b *testing.B) {
	s, base, idx := populated(b, 10000)
	d, err := New(s, base).Set(idx[0], hashing.Uint(1))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := d.Verify(s); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "verifies/s")
}

func BenchmarkDecodeDelta(b *testing.B) {
	enc := sampleProof(b, 32)
	var d DeltaProof
	for b.Loop() {
		if err := d.UnmarshalBinary(enc); err != nil {
			b.Fatal(err)
		}
	}
}
