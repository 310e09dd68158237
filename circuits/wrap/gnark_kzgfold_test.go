package wrap

import (
	"math/big"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254"
	"github.com/consensys/gnark-crypto/ecc/bn254/fp"
	kzgnative "github.com/consensys/gnark-crypto/ecc/bn254/kzg"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/std/algebra"
	"github.com/consensys/gnark/std/algebra/emulated/sw_bn254"
	"github.com/consensys/gnark/std/commitments/kzg"
	"github.com/consensys/gnark/std/math/emulated"

	"github.com/parthnet/parth/circuits/internal/freechoice"
)

// kzgFold runs gnark's own kzg.FoldProofsMultiPoint — what the wrapper's
// BatchVerifyMultiPoints feeds to its final pairing check — after the same
// AssertIsOnG1 checks BatchVerifyMultiPoints does, and exposes the folded
// quotient (the G1 input paired with [τ]G2).
type kzgFold struct {
	Vk       kzg.VerifyingKey[G1, G2] `gnark:"-"`
	Digests  [2]kzg.Commitment[G1]
	Proofs   [2]kzg.OpeningProof[FR, G1]
	Points   [2]emulated.Element[FR]
	WantQuot G1
}

func (c *kzgFold) Define(api frontend.API) error {
	v, err := kzg.NewVerifier[FR, G1, G2, GT](api)
	if err != nil {
		return err
	}
	pr, err := sw_bn254.NewPairing(api)
	if err != nil {
		return err
	}
	for i := range c.Digests {
		pr.AssertIsOnG1(&c.Digests[i].G1El)
		pr.AssertIsOnG1(&c.Proofs[i].Quotient)
	}
	_, q, err := v.FoldProofsMultiPoint(c.Digests[:], c.Proofs[:], c.Points[:], c.Vk)
	if err != nil {
		return err
	}
	curve, err := algebra.GetCurve[FR, G1](api)
	if err != nil {
		return err
	}
	curve.AssertIsEqual(q, &c.WantQuot)
	return nil
}

func TestGnarkKZGFoldedQuotientIsFree(t *testing.T) {
	srs, err := kzgnative.NewSRS(4, big.NewInt(42))
	if err != nil {
		t.Fatal(err)
	}
	vk, err := kzg.ValueOfVerifyingKey[G1, G2](srs.Vk)
	if err != nil {
		t.Fatal(err)
	}
	_, _, g, _ := bn254.Generators()
	var g2 bn254.G1Affine
	g2.Double(&g)
	zero := big.NewInt(0)
	p := fp.Modulus()
	lam := big.NewInt(7)
	// Neg of (λ², −λ³) is (λ², λ³).
	wx := new(big.Int).Exp(lam, big.NewInt(2), p)
	wy := new(big.Int).Exp(lam, big.NewInt(3), p)
	mk := func(want G1) *kzgFold {
		return &kzgFold{Vk: vk,
			Digests: [2]kzg.Commitment[G1]{{G1El: sw_bn254.NewG1Affine(g)}, {G1El: sw_bn254.NewG1Affine(g2)}},
			Proofs: [2]kzg.OpeningProof[FR, G1]{
				{Quotient: g1(zero, zero), ClaimedValue: emulated.ValueOf[FR](3)},
				{Quotient: g1(zero, zero), ClaimedValue: emulated.ValueOf[FR](4)}},
			Points:   [2]emulated.Element[FR]{emulated.ValueOf[FR](11), emulated.ValueOf[FR](13)},
			WantQuot: want}
	}
	if err := freechoice.IsSolved(nil, mk(g1(zero, zero))); err != nil {
		t.Fatalf("honest (0,0) refused: %v", err)
	}
	if freechoice.IsSolved(nil, mk(g1(wx, wy))) == nil {
		t.Fatal("honest solver chose (49, 343)")
	}
	zeroDivs := 0
	pv := freeSlope(t, lam, &zeroDivs)
	if err := freechoice.IsSolved(pv, mk(g1(wx, wy))); err != nil {
		t.Fatalf("dishonest folded quotient refused: %v", err)
	}
	t.Logf("accepted folded quotient (λ², λ³) = (49, 343), off the curve, after %d free 0/0 slope(s)", zeroDivs)
}
