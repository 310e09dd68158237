package bls

import (
	"encoding/hex"
	"encoding/json"
	"os"
	"testing"
)

type vectors struct {
	Keys []struct{ Secret, Public string }
	Sign []struct{ Secret, Message, Signature string }
}

func unhex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestPublishedVectors: keys, signatures and verification match the
// Ethereum consensus-spec vectors of the POP ciphersuite.
func TestPublishedVectors(t *testing.T) {
	raw, err := os.ReadFile("testdata/eth-bls-sign.json")
	if err != nil {
		t.Fatal(err)
	}
	var v vectors
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	if len(v.Keys) != 3 || len(v.Sign) != 9 {
		t.Fatalf("%d keys, %d sign cases", len(v.Keys), len(v.Sign))
	}
	for _, k := range v.Keys {
		sk, err := SecretKeyFromBytes(unhex(t, k.Secret))
		if err != nil {
			t.Fatal(err)
		}
		if pk := sk.PublicKey(); pk.String() != k.Public {
			t.Fatalf("public key %s, want %s", pk, k.Public)
		}
	}
	for i, c := range v.Sign {
		sk, err := SecretKeyFromBytes(unhex(t, c.Secret))
		if err != nil {
			t.Fatal(err)
		}
		msg := unhex(t, c.Message)
		sig := sk.Sign(msg)
		if sig.String() != c.Signature {
			t.Fatalf("case %d: signature %s, want %s", i, sig, c.Signature)
		}
		if !Verify(sk.PublicKey(), msg, sig) {
			t.Fatalf("case %d: the published signature does not verify", i)
		}
		other := append([]byte(nil), msg...)
		other[0] ^= 1
		if Verify(sk.PublicKey(), other, sig) {
			t.Fatalf("case %d: verifies for another message", i)
		}
		wrong, _ := SecretKeyFromBytes(unhex(t, v.Sign[(i+3)%9].Secret))
		if Verify(wrong.PublicKey(), msg, sig) {
			t.Fatalf("case %d: verifies under another key", i)
		}
	}
}

func TestPossessionAndAggregation(t *testing.T) {
	var keys []*SecretKey
	var pks []PublicKey
	for i := 0; i < 5; i++ {
		k, err := GenerateKey()
		if err != nil {
			t.Fatal(err)
		}
		keys, pks = append(keys, k), append(pks, k.PublicKey())
		if !VerifyPossession(k.PublicKey(), k.ProvePossession()) {
			t.Fatal("proof of possession does not verify")
		}
	}
	if VerifyPossession(pks[0], keys[1].ProvePossession()) {
		t.Fatal("another key's proof of possession verifies")
	}
	// A proof of possession is not a signature of the key bytes (separate tags).
	if Verify(pks[0], pks[0][:], keys[0].ProvePossession()) {
		t.Fatal("POP verifies as a plain signature")
	}
	msg := []byte("vote")
	var sigs []Signature
	for _, k := range keys {
		sigs = append(sigs, k.Sign(msg))
	}
	agg, err := Aggregate(sigs)
	if err != nil {
		t.Fatal(err)
	}
	if !FastAggregateVerify(pks, msg, agg) {
		t.Fatal("aggregate does not verify")
	}
	if FastAggregateVerify(pks[:4], msg, agg) {
		t.Fatal("aggregate verifies without one signer's key")
	}
	part, _ := Aggregate(sigs[:4])
	if FastAggregateVerify(pks, msg, part) {
		t.Fatal("aggregate of 4 verifies for 5 keys")
	}
	if FastAggregateVerify(pks, []byte("other"), agg) {
		t.Fatal("aggregate verifies another message")
	}
	if FastAggregateVerify(nil, msg, agg) {
		t.Fatal("empty key set")
	}
}

func TestBadEncodings(t *testing.T) {
	k, _ := KeyFromSeed(make([]byte, 32))
	sig := k.Sign([]byte("m"))
	bad := sig
	bad[10] ^= 0xff
	if Verify(k.PublicKey(), []byte("m"), bad) {
		t.Fatal("corrupted signature verifies")
	}
	if _, err := Aggregate([]Signature{sig, bad}); err == nil {
		t.Fatal("aggregate of a corrupted signature")
	}
	var zero PublicKey
	if zero.Validate() == nil {
		t.Fatal("zero public key is valid")
	}
	inf := PublicKey{0xc0} // the identity's encoding
	if inf.Validate() == nil {
		t.Fatal("identity public key is valid")
	}
	if _, err := KeyFromSeed(make([]byte, 31)); err == nil {
		t.Fatal("short seed")
	}
	if _, err := SecretKeyFromBytes(make([]byte, 31)); err == nil {
		t.Fatal("short secret key")
	}
	if _, err := SecretKeyFromBytes(make([]byte, 32)); err == nil {
		t.Fatal("zero secret key")
	}
}
