package smt

import (
	"bytes"
	"errors"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/parthnet/parth/state/hashing"
)

func sampleProof(t testing.TB, depth int) []byte {
	tr := New(testSpec(depth), nil)
	tr.Set(1, hashing.Uint(3))
	d, err := tr.Set(2, hashing.Uint(4))
	if err != nil {
		t.Fatal(err)
	}
	b, err := d.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestEncodingRoundTrip(t *testing.T) {
	b := sampleProof(t, 16)
	var d DeltaProof
	if err := d.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	if err := d.Verify(testSpec(16)); err != nil {
		t.Fatal(err)
	}
	again, _ := d.MarshalBinary()
	if !bytes.Equal(again, b) {
		t.Fatal("re-encoding differs")
	}
}

func TestDecodeRejects(t *testing.T) {
	good := sampleProof(t, 16)
	mod := fr.Modulus().Bytes()
	cases := map[string]func([]byte) []byte{
		"empty":           func(b []byte) []byte { return nil },
		"bad version":     func(b []byte) []byte { b[0] = 2; return b },
		"depth zero":      func(b []byte) []byte { b[1] = 0; return b },
		"depth too large": func(b []byte) []byte { b[1] = 65; return b },
		"truncated":       func(b []byte) []byte { return b[:len(b)-1] },
		"trailing byte":   func(b []byte) []byte { return append(b, 0) },
		"index too large": func(b []byte) []byte { b[2] = 1; return b },
		"non-canonical":   func(b []byte) []byte { copy(b[headerLen+(32-len(mod)):], mod); return b },
	}
	for name, mut := range cases {
		b := mut(append([]byte(nil), good...))
		var d DeltaProof
		if err := d.UnmarshalBinary(b); !errors.Is(err, ErrEncoding) {
			t.Errorf("%s: got %v, want ErrEncoding", name, err)
		}
	}
}

// FuzzDeltaProof feeds arbitrary bytes to the decoder and the verifier: they
// must never panic, a decoded proof must re-encode to the same bytes, and a
// proof that verifies must really move the tree it claims to move.
func FuzzDeltaProof(f *testing.F) {
	f.Add(sampleProof(f, 16))
	f.Add(sampleProof(f, 4))
	f.Add([]byte{1, 4, 0, 0, 0, 0, 0, 0, 0, 1})
	spec := map[int]*Spec{4: testSpec(4), 16: testSpec(16)}
	f.Fuzz(func(t *testing.T, b []byte) {
		var d DeltaProof
		if err := d.UnmarshalBinary(b); err != nil {
			return
		}
		again, err := d.MarshalBinary()
		if err != nil || !bytes.Equal(again, b) {
			t.Fatalf("decoded proof does not re-encode to its input: %v", err)
		}
		s, ok := spec[len(d.Siblings)]
		if !ok {
			return
		}
		if d.Verify(s) != nil {
			return
		}
		if r := s.RootFrom(d.Index, d.NewValue, d.Siblings); !r.Equal(&d.NewRoot) {
			t.Fatal("verified proof whose new root does not follow")
		}
	})
}
