package prover

import (
	"bytes"
	"testing"
)

// FuzzProofDecode feeds arbitrary bytes to the proof decoder (proofs arrive
// from users and workers): it must never panic, and whatever it accepts must
// re-encode to exactly the input (one encoding per proof).
func FuzzProofDecode(f *testing.F) {
	dir := f.TempDir()
	srs, err := DevSRS(dir, 1<<10+3, nil)
	if err != nil {
		f.Fatal(err)
	}
	s := &Setup{Dir: dir, SRS: srs}
	for _, sys := range []System{Groth16, PLONK} {
		k, err := s.Keys(Circuit{Name: "cube", System: sys, Shape: &cube{}})
		if err != nil {
			f.Fatal(err)
		}
		p, err := k.Prove(CPU{}, &cube{X: 3, Y: 35})
		if err != nil {
			f.Fatal(err)
		}
		good, _ := p.MarshalBinary()
		f.Add(good)
	}
	f.Add([]byte{byte(PLONK)})
	f.Add([]byte{9, 1, 2, 3})
	f.Fuzz(func(t *testing.T, b []byte) {
		var q Proof
		if err := q.UnmarshalBinary(b); err != nil {
			return
		}
		again, err := q.MarshalBinary()
		if err != nil {
			t.Fatalf("accepted proof does not re-encode: %v", err)
		}
		if !bytes.Equal(again, b) {
			t.Fatalf("accepted a non-canonical encoding")
		}
	})
}
