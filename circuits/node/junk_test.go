package node

import (
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/std/algebra/emulated/sw_bn254"
	"github.com/consensys/gnark/std/commitments/pedersen"
	"github.com/consensys/gnark/std/math/emulated"
	stdgroth16 "github.com/consensys/gnark/std/recursion/groth16"
	"github.com/consensys/gnark/test"

	"github.com/parthnet/parth/circuits/internal/freechoice"
)

// pokCircuit is the Pedersen commitment check alone: gnark's, as the node
// called it before the curve checks, or the node's (Checked).
type pokCircuit struct {
	Proof   stdgroth16.Proof[G1, G2]
	Key     Key
	Checked bool `gnark:"-"`
}

func (c *pokCircuit) Define(api frontend.API) error {
	v, err := NewVerifier(api)
	if err != nil {
		return err
	}
	if c.Checked {
		return v.assertCommitment(&c.Proof, &c.Key)
	}
	return v.pedersen.AssertCommitment(c.Proof.Commitments[0], c.Proof.CommitmentPok, c.Key.CommitmentKeys[0])
}

func g1(x, y int64) G1 {
	return G1{X: emulated.ValueOf[emulated.BN254Fp](x), Y: emulated.ValueOf[emulated.BN254Fp](y)}
}

// TestCommitmentJunkPoints is finding 2's regression: the commitment
// (5, 0) with proof of knowledge (7, 0) is no curve point, yet gnark's
// Pedersen check passes it (its Miller loop reads (x, 0) as infinity); the
// node's check refuses it, and still accepts the real commitment.
func TestCommitmentJunkPoints(t *testing.T) {
	a, _ := proveInner(t, 5)
	child, err := AssignChild(a.vk, a.proof, a.y)
	if err != nil {
		t.Fatal(err)
	}
	shape := func(checked bool) *pokCircuit {
		ph := PlaceholderChild(a.ccs)
		return &pokCircuit{Proof: ph.Proof, Key: ph.Key, Checked: checked}
	}
	assign := func(checked bool, d, pok *G1) *pokCircuit {
		c := &pokCircuit{Proof: child.Proof, Key: child.Key, Checked: checked}
		c.Proof.Commitments = []pedersen.Commitment[G1]{{G1El: *d}}
		c.Proof.CommitmentPok.G1El = *pok
		return c
	}
	field := ecc.BN254.ScalarField()
	real := child.Proof.Commitments[0].G1El
	realPok := child.Proof.CommitmentPok.G1El
	for _, checked := range []bool{false, true} {
		if err := test.IsSolved(shape(checked), assign(checked, &real, &realPok), field); err != nil {
			t.Fatalf("checked=%v: the real commitment is rejected: %v", checked, err)
		}
	}
	d, pok := g1(5, 0), g1(7, 0)
	if err := test.IsSolved(shape(false), assign(false, &d, &pok), field); err != nil {
		t.Fatalf("gnark's Pedersen check no longer accepts (5,0), (7,0) (update docs/security): %v", err)
	}
	junk := map[string][2]G1{
		"(5,0), (7,0)":           {g1(5, 0), g1(7, 0)},
		"real D, PoK (7,0)":      {real, g1(7, 0)},
		"D (5,0), real PoK":      {g1(5, 0), realPok},
		"off curve (1,1), (1,1)": {g1(1, 1), g1(1, 1)},
		"infinity D, (7,0)":      {g1(0, 0), g1(7, 0)},
		"(5,0), infinity PoK":    {g1(5, 0), g1(0, 0)},
		"(2,0), infinity PoK":    {g1(2, 0), g1(0, 0)},
	}
	for name, pts := range junk {
		if test.IsSolved(shape(true), assign(true, &pts[0], &pts[1]), field) == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// TestChildRejectsJunkPoints runs a whole child proof with junk points in
// each of its slots through the dishonest prover: every one is refused.
func TestChildRejectsJunkPoints(t *testing.T) {
	a, _ := proveInner(t, 5)
	ha, err := KeyHash(a.vk)
	if err != nil {
		t.Fatal(err)
	}
	valid := func() *outer {
		c, err := AssignChild(a.vk, a.proof, a.y)
		if err != nil {
			t.Fatal(err)
		}
		return &outer{C: c, Allowed: ha.String(), Expected: a.y.String()}
	}
	if err := freechoice.IsSolved(nil, valid()); err != nil {
		t.Fatalf("valid child rejected under the dishonest prover's wrapper: %v", err)
	}
	var twist sw_bn254.G2Affine
	twist.P.X.A0 = emulated.ValueOf[emulated.BN254Fp](5)
	twist.P.X.A1 = emulated.ValueOf[emulated.BN254Fp](0)
	twist.P.Y.A0 = emulated.ValueOf[emulated.BN254Fp](0)
	twist.P.Y.A1 = emulated.ValueOf[emulated.BN254Fp](0)
	cases := map[string]func(o *outer){
		"A = (5,0)":           func(o *outer) { o.C.Proof.Ar = g1(5, 0) },
		"C = (5,0)":           func(o *outer) { o.C.Proof.Krs = g1(5, 0) },
		"A = (1,1) off curve": func(o *outer) { o.C.Proof.Ar = g1(1, 1) },
		"commitment (5,0)":    func(o *outer) { o.C.Proof.Commitments[0].G1El = g1(5, 0); o.C.Proof.CommitmentPok.G1El = g1(7, 0) },
		"B = ((5,0),(0,0))":   func(o *outer) { o.C.Proof.Bs = twist },
		"B = infinity (0,0)":  func(o *outer) { o.C.Proof.Bs = zeroG2() },
		"A = C = infinity":    func(o *outer) { o.C.Proof.Ar = g1(0, 0); o.C.Proof.Krs = g1(0, 0) },
	}
	for name, mutate := range cases {
		w := valid()
		mutate(w)
		if freechoice.IsSolved(nil, w) == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func zeroG2() sw_bn254.G2Affine {
	var q sw_bn254.G2Affine
	z := emulated.ValueOf[emulated.BN254Fp](0)
	q.P.X.A0, q.P.X.A1, q.P.Y.A0, q.P.Y.A1 = z, z, z, z
	return q
}
