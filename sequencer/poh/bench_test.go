package poh

import (
	"crypto/sha256"
	"testing"
)

// BenchmarkSHA256Loop is the bare hash loop PoH is measured against.
func BenchmarkSHA256Loop(b *testing.B) {
	var h [32]byte
	for i := 0; i < b.N; i++ {
		h = sha256.Sum256(h[:])
	}
	sink = h
}

// BenchmarkRecorderRun is the recorder's hashing (one core).
func BenchmarkRecorderRun(b *testing.B) {
	r, _ := NewRecorder(Config{HashesPerTick: 1 << 62, TicksPerSlot: 1, MaxRefAge: 1}, Hash{})
	b.ResetTimer()
	r.Run(uint64(b.N))
	sink = r.Hash()
}

// BenchmarkVerifySlot checks a 64 Ki-hash slot on 1 and all cores.
func BenchmarkVerifySlot(b *testing.B) {
	_, slots := record(b, Config{HashesPerTick: 4096, TicksPerSlot: 16, MaxRefAge: 8}, 1)
	for _, w := range []int{1, 0} {
		name := "cores=1"
		if w == 0 {
			name = "cores=all"
		}
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(slots[0].NumHashes()))
			for i := 0; i < b.N; i++ {
				if err := VerifyHashes(slots[0], w); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

var sink [32]byte
