package hashing

import (
	"math/big"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr/poseidon2"
)

// TestHashIsSponge recomputes the sponge from the raw permutation so that a
// change to the construction (order, padding, capacity) is caught.
func TestHashIsSponge(t *testing.T) {
	p := poseidon2.NewPermutation(3, 8, 56)
	in := []fr.Element{Uint(7), Uint(11), Uint(13)}
	st := []fr.Element{Capacity(TagLeafUser, 3), in[0], in[1]}
	if err := p.Permutation(st); err != nil {
		t.Fatal(err)
	}
	st[1].Add(&st[1], &in[2])
	if err := p.Permutation(st); err != nil {
		t.Fatal(err)
	}
	got := Hash(TagLeafUser, in...)
	if !got.Equal(&st[1]) {
		t.Fatalf("Hash = %s, sponge = %s", got.String(), st[1].String())
	}
}

// TestNodeIsCompression recomputes a node from gnark-crypto's own width-2
// compression and the tag's offset.
func TestNodeIsCompression(t *testing.T) {
	p := poseidon2.NewPermutation(2, 8, 56)
	l, r := Uint(1), Uint(2)
	lb, rb := l.Bytes(), r.Bytes()
	out, err := p.Compress(lb[:], rb[:])
	if err != nil {
		t.Fatal(err)
	}
	var want fr.Element
	if err := want.SetBytesCanonical(out); err != nil {
		t.Fatal(err)
	}
	c := Capacity(TagNodeGUSR, 2)
	want.Add(&want, &c)
	if got := Node(TagNodeGUSR, &l, &r); !got.Equal(&want) {
		t.Fatalf("Node = %s, compression + tag = %s", got.String(), want.String())
	}
	if a, b := Node(TagNodeGUSR, &l, &r), Node(TagNodeUCON, &l, &r); a.Equal(&b) {
		t.Fatal("nodes of two trees agree")
	}
	if a, b := Node(TagNodeGUSR, &l, &r), Node(TagNodeGUSR, &r, &l); a.Equal(&b) {
		t.Fatal("Node is symmetric")
	}
}

func TestDomainSeparation(t *testing.T) {
	a, b := Uint(1), Uint(2)
	seen := map[fr.Element]string{}
	add := func(name string, e fr.Element) {
		t.Helper()
		if prev, ok := seen[e]; ok {
			t.Fatalf("%s collides with %s", name, prev)
		}
		seen[e] = name
	}
	for tag := range tagNames {
		add(tag.String()+"(a,b)", Hash(tag, a, b))
	}
	// Length separation: (a, b) and (a, b, 0) must differ although padding is 0.
	add("gusr(a,b,0)", Hash(TagNodeGUSR, a, b, fr.Element{}))
	add("gusr(a)", Hash(TagNodeGUSR, a))
	add("gusr()", Hash(TagNodeGUSR))
	add("gusr(b,a)", Hash(TagNodeGUSR, b, a))
}

func TestBytes32RoundTrip(t *testing.T) {
	var d [32]byte
	for i := range d {
		d[i] = 0xff
	}
	parts := Bytes32(d)
	for _, p := range parts {
		var bi big.Int
		if n := p.BigInt(&bi).BitLen(); n != 128 {
			t.Fatalf("half has %d bits, want 128", n)
		}
	}
	if BytesHash([]byte("a")) == BytesHash([]byte("a\x00")) {
		t.Fatal("BytesHash ignores length")
	}
}

func BenchmarkNode(b *testing.B) {
	l, r := Uint(1), Uint(2)
	for b.Loop() {
		l = Node(TagNodeGUSR, &l, &r)
	}
}
