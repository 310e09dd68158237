package anchor_test

import (
	"bytes"
	"context"
	"encoding/hex"
	"os"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/parthnet/parth/consensus/bls"
	"github.com/parthnet/parth/contracts"
	"github.com/parthnet/parth/contracts/anchor"
)

type harness struct {
	c    *contracts.BLS12381Harness
	inst *bind.BoundContract
}

func deployHarness(t *testing.T) harness {
	t.Helper()
	key, _ := crypto.GenerateKey()
	from := crypto.PubkeyToAddress(key.PublicKey)
	sim := anchor.NewSimulated(from)
	t.Cleanup(func() { sim.Close() })
	chain := sim.Client()
	raw, err := os.ReadFile("../build/BLS12381Harness.bin")
	if err != nil {
		t.Fatal(err)
	}
	bin, err := hex.DecodeString(strings.TrimSpace(string(raw)))
	if err != nil {
		t.Fatal(err)
	}
	id, _ := chain.ChainID(context.Background())
	opts := bind.NewKeyedTransactor(key, id)
	addr, tx, err := bind.DeployContract(opts, bin, chain, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bind.WaitDeployed(context.Background(), chain, tx.Hash()); err != nil {
		t.Fatal(err)
	}
	c := contracts.NewBLS12381Harness()
	return harness{c: c, inst: c.Instance(chain, addr)}
}

func (h harness) hashToG2(t *testing.T, msg, dst []byte) []byte {
	t.Helper()
	out, err := bind.Call(h.inst, nil, h.c.PackHashToG2(msg, dst), h.c.UnpackHashToG2)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func (h harness) verify(t *testing.T, pk, msg, sig []byte) bool {
	t.Helper()
	ok, err := bind.Call(h.inst, nil, h.c.PackVerify(pk, msg, sig), h.c.UnpackVerify)
	if err != nil {
		return false
	}
	return ok
}

// TestHashToG2MatchesBlst: the contract's RFC 9380 hash to G2 equals blst's,
// for the signature DST and for RFC 9380's own test DST, on empty, short and
// long messages.
func TestHashToG2MatchesBlst(t *testing.T) {
	h := deployHarness(t)
	long := bytes.Repeat([]byte("a"), 1000)
	for _, dst := range [][]byte{[]byte(bls.SigDST), []byte("QUUX-V01-CS02-with-BLS12381G2_XMD:SHA-256_SSWU_RO_")} {
		for _, msg := range [][]byte{{}, []byte("abc"), []byte("PARTH/vote/v1 block 7"), long} {
			want := bls.HashToG2EIP2537(msg, dst)
			if got := h.hashToG2(t, msg, dst); !bytes.Equal(got, want) {
				t.Errorf("dst %q, msg %q: hash to G2\n got %x\nwant %x", dst, msg[:min(len(msg), 20)], got, want)
			}
		}
	}
}

// TestVerifyBlstSignature: a validator's vote signature (blst, POP
// ciphersuite) verifies on L1; a signature of another message, by another
// key, or a tampered signature does not.
func TestVerifyBlstSignature(t *testing.T) {
	h := deployHarness(t)
	k1, _ := bls.KeyFromSeed(bytes.Repeat([]byte{1}, 32))
	k2, _ := bls.KeyFromSeed(bytes.Repeat([]byte{2}, 32))
	msg := []byte("PARTH/vote/v1 chain 1 block 7")
	point := func(k *bls.SecretKey) []byte {
		p, err := k.PublicKey().EIP2537()
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	sig := func(s bls.Signature) []byte {
		p, err := s.EIP2537()
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	s1 := k1.Sign(msg)
	if !h.verify(t, point(k1), msg, sig(s1)) {
		t.Fatal("a valid signature is rejected on L1")
	}
	bad := sig(s1)
	bad[255] ^= 1
	for name, c := range map[string][3][]byte{
		"another message":    {point(k1), []byte("PARTH/vote/v1 chain 1 block 8"), sig(s1)},
		"another key":        {point(k2), msg, sig(s1)},
		"another signature":  {point(k1), msg, sig(k2.Sign(msg))},
		"tampered signature": {point(k1), msg, bad},
	} {
		if h.verify(t, c[0], c[1], c[2]) {
			t.Errorf("%s: verified", name)
		}
	}
}
