package wrap

import (
	"math/big"
	"strings"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fp"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/std/algebra"
	"github.com/consensys/gnark/std/algebra/emulated/sw_bn254"
	"github.com/consensys/gnark/std/math/emulated"

	"github.com/parthnet/parth/circuits/internal/freechoice"
)

// foldH is exactly the quotient fold of gnark's std/recursion/plonk verifier
// (PrepareVerification: foldedH = MSM([H1,H2],[ζ^{n+2},ζ^{2(n+2)}]); foldedH =
// curve.Add(foldedH, H0)), with the proof points H0..H2 first checked on G1
// (which gnark's verifier does not even do), and the result exposed.
type foldH struct {
	H      [3]G1
	Z1, Z2 emulated.Element[FR]
	Want   G1
}

func (c *foldH) Define(api frontend.API) error {
	curve, err := algebra.GetCurve[FR, G1](api)
	if err != nil {
		return err
	}
	pr, err := sw_bn254.NewPairing(api)
	if err != nil {
		return err
	}
	for i := range c.H {
		pr.AssertIsOnG1(&c.H[i]) // (0,0) passes: it is gnark's point at infinity
	}
	f, err := curve.MultiScalarMul([]*G1{&c.H[1], &c.H[2]}, []*emulated.Element[FR]{&c.Z1, &c.Z2})
	if err != nil {
		return err
	}
	f = curve.Add(f, &c.H[0]) // incomplete: 0/0 slope when both are (0,0)
	curve.AssertIsEqual(f, &c.Want)
	return nil
}

func g1(x, y *big.Int) G1 {
	return G1{X: emulated.ValueOf[emulated.BN254Fp](x), Y: emulated.ValueOf[emulated.BN254Fp](y)}
}

// TestGnarkFoldedHIsFree: H0 = H1 = H2 = (0,0) (accepted by AssertIsOnG1)
// makes the PLONK verifier's foldedH the prover's choice (λ², −λ³).
func TestGnarkFoldedHIsFree(t *testing.T) {
	p := fp.Modulus()
	zero := big.NewInt(0)
	lam := big.NewInt(5)
	x := new(big.Int).Exp(lam, big.NewInt(2), p)
	y := new(big.Int).Sub(p, new(big.Int).Exp(lam, big.NewInt(3), p))
	mk := func(want G1) *foldH {
		return &foldH{H: [3]G1{g1(zero, zero), g1(zero, zero), g1(zero, zero)},
			Z1: emulated.ValueOf[FR](12345), Z2: emulated.ValueOf[FR](67890), Want: want}
	}
	// Honest solver: the fold is (0,0), and (25, -125) is refused.
	if err := freechoice.IsSolved(nil, mk(g1(zero, zero))); err != nil {
		t.Fatalf("honest (0,0) refused: %v", err)
	}
	if freechoice.IsSolved(nil, mk(g1(x, y))) == nil {
		t.Fatal("honest solver gave (25,-125)")
	}
	// Dishonest: the 0/0 slope of curve.Add is λ = 5.
	zeroDivs := 0
	pv := freeSlope(t, lam, &zeroDivs)
	if err := freechoice.IsSolved(pv, mk(g1(x, y))); err != nil {
		t.Fatalf("dishonest fold refused: %v", err)
	}
	t.Logf("accepted foldedH = (λ², −λ³) = (%s, p−125) for λ = 5 after %d free 0/0 slope(s)", x, zeroDivs)
}

// freeSlope is a prover that answers every emulated 0/0 slope (gnark's
// ratioHint with numerator and denominator 0) with lam, counting them in
// *n; every other ratio is honest.
func freeSlope(t *testing.T, lam *big.Int, n *int) *freechoice.Prover {
	return &freechoice.Prover{Hint: func(name string, _ int, in, honest []*big.Int, _ error) []*big.Int {
		if !strings.HasSuffix(name, ".ratioHint") {
			return nil
		}
		out := make([]*big.Int, len(honest))
		for i := range out {
			out[i] = new(big.Int)
		}
		if err := emulated.UnwrapHint(in, out, func(mod *big.Int, ein, eout []*big.Int) error {
			if new(big.Int).Mod(ein[0], mod).Sign() == 0 && new(big.Int).Mod(ein[1], mod).Sign() == 0 {
				*n++
				eout[0].Set(lam)
				return nil
			}
			return ratioVal(mod, ein, eout)
		}); err != nil {
			t.Fatal(err)
		}
		return out
	}}
}

func ratioVal(p *big.Int, in, out []*big.Int) error {
	den := new(big.Int).Mod(in[1], p)
	if den.Sign() == 0 {
		out[0].SetInt64(0)
		return nil
	}
	den.ModInverse(den, p)
	out[0].Mod(in[0], p).Mul(out[0], den).Mod(out[0], p)
	return nil
}
