package node

import (
	"testing"
	"time"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark/backend/groth16"
	groth16bn254 "github.com/consensys/gnark/backend/groth16/bn254"
	"github.com/consensys/gnark/constraint"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/r1cs"
	"github.com/consensys/gnark/std/rangecheck"
	stdgroth16 "github.com/consensys/gnark/std/recursion/groth16"
	"github.com/consensys/gnark/test"

	"github.com/parthnet/parth/circuits/hashing"
	"github.com/parthnet/parth/circuits/internal/freechoice"
)

// inner: y = x³ + x + k with a range check, so its key has a Pedersen
// commitment key (the shape the wrapper has).
type inner struct {
	X frontend.Variable
	Y frontend.Variable `gnark:",public"`
	K int               `gnark:"-"`
}

func (c *inner) Define(api frontend.API) error {
	api.AssertIsEqual(c.Y, api.Add(api.Mul(c.X, c.X, c.X), c.X, c.K))
	rangecheck.New(api).Check(c.X, 16)
	return nil
}

type outer struct {
	C        Child
	Allowed  frontend.Variable `gnark:",public"`
	Expected frontend.Variable `gnark:",public"`
}

func (c *outer) Define(api frontend.API) error {
	v, err := NewVerifier(api)
	if err != nil {
		return err
	}
	h, err := hashing.New(api)
	if err != nil {
		return err
	}
	kh, pub, err := c.C.Verify(api, v, h)
	if err != nil {
		return err
	}
	api.AssertIsEqual(kh, c.Allowed)
	api.AssertIsEqual(pub, c.Expected)
	return nil
}

type innerKeys struct {
	ccs   constraint.ConstraintSystem
	pk    groth16.ProvingKey
	vk    groth16.VerifyingKey
	proof groth16.Proof
	y     fr.Element
}

// reprove proves k's statement again (fresh randomness, same key).
func (k innerKeys) reprove(t *testing.T) groth16.Proof {
	t.Helper()
	y, _ := k.y.SetInterface(k.y)
	w, _ := frontend.NewWitness(&inner{X: 3, Y: y.String()}, ecc.BN254.ScalarField())
	field := ecc.BN254.ScalarField()
	proof, err := groth16.Prove(k.ccs, k.pk, w, stdgroth16.GetNativeProverOptions(field, field))
	if err != nil {
		t.Fatal(err)
	}
	return proof
}

func proveInner(t *testing.T, k int) (innerKeys, *outer) {
	t.Helper()
	ccs, err := frontend.Compile(ecc.BN254.ScalarField(), r1cs.NewBuilder, &inner{K: k})
	if err != nil {
		t.Fatal(err)
	}
	pk, vk, err := groth16.Setup(ccs)
	if err != nil {
		t.Fatal(err)
	}
	y := 27 + 3 + k
	w, _ := frontend.NewWitness(&inner{X: 3, Y: y}, ecc.BN254.ScalarField())
	field := ecc.BN254.ScalarField()
	proof, err := groth16.Prove(ccs, pk, w, stdgroth16.GetNativeProverOptions(field, field))
	if err != nil {
		t.Fatal(err)
	}
	var yy fr.Element
	yy.SetUint64(uint64(y))
	return innerKeys{ccs: ccs, pk: pk, vk: vk, proof: proof, y: yy}, &outer{C: PlaceholderChild(ccs)}
}

// TestChildKeyHash: the in-circuit key hash equals the native twin, the
// proof verifies with its key as a witness, and a wrong key identity, a
// wrong public input or another circuit's key are rejected.
func TestChildKeyHash(t *testing.T) {
	a, shape := proveInner(t, 5)
	b, _ := proveInner(t, 6)
	ha, err := KeyHash(a.vk)
	if err != nil {
		t.Fatal(err)
	}
	hb, _ := KeyHash(b.vk)
	if ha == hb {
		t.Fatal("two circuits share a key hash")
	}
	assign := func(k innerKeys, proof groth16.Proof, allowed, expected fr.Element) *outer {
		c, err := AssignChild(k.vk, proof, k.y)
		if err != nil {
			t.Fatal(err)
		}
		return &outer{C: c, Allowed: allowed.String(), Expected: expected.String()}
	}
	start := time.Now()
	if err := test.IsSolved(shape, assign(a, a.proof, ha, a.y), ecc.BN254.ScalarField()); err != nil {
		t.Fatalf("valid child rejected: %v", err)
	}
	t.Logf("valid child checked in %v", time.Since(start))
	var other fr.Element
	other.SetUint64(99)
	invalid := map[string]*outer{
		"key hash not the allowed one": assign(a, a.proof, hb, a.y),
		"another public input":         assign(a, a.proof, ha, other),
		"another circuit's key":        assign(b, a.proof, hb, a.y),
		"another circuit's proof":      assign(a, b.proof, ha, a.y),
	}
	// Mixed parts of two proofs of a's circuit (a's proof and a re-proof
	// with fresh randomness): each part must belong to its proof.
	p2 := a.reprove(t)
	mix := func(name string, f func(p, q *outer)) {
		p, q := assign(a, a.proof, ha, a.y), assign(a, p2, ha, a.y)
		f(p, q)
		invalid[name] = p
	}
	mix("A of another proof", func(p, q *outer) { p.C.Proof.Ar = q.C.Proof.Ar })
	mix("C of another proof", func(p, q *outer) { p.C.Proof.Krs = q.C.Proof.Krs })
	mix("commitment of another proof", func(p, q *outer) { p.C.Proof.Commitments = q.C.Proof.Commitments })
	// A key whose α, β are another key's, with its own (consistent) hash:
	// only the pairing equation can reject it.
	franken := *a.vk.(*groth16bn254.VerifyingKey)
	franken.G1.Alpha, franken.G2.Beta = b.vk.(*groth16bn254.VerifyingKey).G1.Alpha, b.vk.(*groth16bn254.VerifyingKey).G2.Beta
	hf, err := KeyHash(&franken)
	if err != nil {
		t.Fatal(err)
	}
	fc := assign(a, a.proof, hf, a.y)
	if fc.C.Key, err = KeyValue(&franken); err != nil {
		t.Fatal(err)
	}
	invalid["another key's alpha and beta"] = fc
	for name, w := range invalid {
		if test.IsSolved(shape, w, ecc.BN254.ScalarField()) == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// fixedOuter verifies a child whose key is a constant (FixedChild).
type fixedOuter struct {
	C        FixedChild
	Expected frontend.Variable `gnark:",public"`
}

func (c *fixedOuter) Define(api frontend.API) error {
	v, err := NewVerifier(api)
	if err != nil {
		return err
	}
	pub, err := c.C.Verify(api, v)
	if err != nil {
		return err
	}
	api.AssertIsEqual(pub, c.Expected)
	return nil
}

// TestFixedChild: a proof verifies under its key fixed in the circuit, and
// only that key's proofs do: another circuit's proof, another public input,
// parts of another proof and junk points (under the dishonest prover) are
// refused, as for a child whose key is a witness.
func TestFixedChild(t *testing.T) {
	a, _ := proveInner(t, 5)
	b, _ := proveInner(t, 6)
	assign := func(proof groth16.Proof, expected fr.Element) *fixedOuter {
		c, err := AssignFixedChild(a.vk, proof, expected)
		if err != nil {
			t.Fatal(err)
		}
		return &fixedOuter{C: c, Expected: expected.String()}
	}
	shape, err := NewFixedChild(a.vk)
	if err != nil {
		t.Fatal(err)
	}
	field := ecc.BN254.ScalarField()
	if err := test.IsSolved(&fixedOuter{C: shape}, assign(a.proof, a.y), field); err != nil {
		t.Fatalf("valid child rejected: %v", err)
	}
	if err := freechoice.IsSolved(nil, assign(a.proof, a.y)); err != nil {
		t.Fatalf("valid child rejected under the dishonest prover's wrapper: %v", err)
	}
	var other fr.Element
	other.SetUint64(99)
	p2 := a.reprove(t)
	mixed := assign(a.proof, a.y)
	q := assign(p2, a.y)
	mixed.C.Proof.Ar = q.C.Proof.Ar
	invalid := map[string]*fixedOuter{
		"another public input":    assign(a.proof, other),
		"another circuit's proof": assign(b.proof, b.y),
		"A of another proof":      mixed,
	}
	for name, w := range invalid {
		if test.IsSolved(&fixedOuter{C: shape}, w, field) == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	junk := map[string]func(o *fixedOuter){
		"A = (5,0)":          func(o *fixedOuter) { o.C.Proof.Ar = g1(5, 0) },
		"C = (5,0)":          func(o *fixedOuter) { o.C.Proof.Krs = g1(5, 0) },
		"commitment (5,0)":   func(o *fixedOuter) { o.C.Proof.Commitments[0].G1El = g1(5, 0); o.C.Proof.CommitmentPok.G1El = g1(7, 0) },
		"B = infinity (0,0)": func(o *fixedOuter) { o.C.Proof.Bs = zeroG2() },
		"A = C = infinity":   func(o *fixedOuter) { o.C.Proof.Ar = g1(0, 0); o.C.Proof.Krs = g1(0, 0) },
	}
	for name, mutate := range junk {
		w := assign(a.proof, a.y)
		mutate(w)
		if freechoice.IsSolved(nil, w) == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
