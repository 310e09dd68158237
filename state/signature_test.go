package state

import (
	"math/rand/v2"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
)

// TestEdDSAKeyBytes: a key's encoding reads back as the same key (it signs
// the same), and an encoding whose public key is not its scalar's, or of
// the wrong length, is refused.
func TestEdDSAKeyBytes(t *testing.T) {
	e := NewEdDSA(fr.NewElement(77))
	k, err := e.GenerateKey(rand.NewChaCha8([32]byte{1}))
	if err != nil {
		t.Fatal(err)
	}
	b := k.Bytes()
	back, err := e.KeyFromBytes(b)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := KeyHash(k)
	if got, _ := KeyHash(back); got != want {
		t.Fatal("the decoded key has another public key")
	}
	sig, err := back.Sign(fr.NewElement(5))
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Verify(back.PublicKey(), fr.NewElement(5), sig); err != nil {
		t.Fatalf("the decoded key's signature: %v", err)
	}
	other, _ := e.GenerateKey(rand.NewChaCha8([32]byte{2}))
	mixed := append(append([]byte(nil), other.Bytes()[:32]...), b[32:]...)
	for name, bad := range map[string][]byte{"short": b[:len(b)-1], "long": append(append([]byte(nil), b...), 0), "another public key": mixed, "empty": nil} {
		if _, err := e.KeyFromBytes(bad); err == nil {
			t.Errorf("a %s encoding decodes", name)
		}
	}
}
