package wrap

import (
	"testing"

	"github.com/consensys/gnark/std/math/emulated"

	"github.com/parthnet/parth/circuits/internal/freechoice"
)

func pt(x, y int64) G1 {
	return G1{X: emulated.ValueOf[emulated.BN254Fp](x), Y: emulated.ValueOf[emulated.BN254Fp](y)}
}

// TestWrapRefusesJunkPoints: a real signature proof with junk in each kind
// of proof point — the point at infinity where gnark's incomplete additions
// would leave a free slope, (x, 0) and off-curve points where nothing
// checked them — is refused through the dishonest prover's wrapper, which
// still accepts the real proof.
func TestWrapRefusesJunkPoints(t *testing.T) {
	f := load(t)
	sh := shape(t, f)
	valid := func() *Circuit {
		c, err := Assign(f.eddsa.PlVK, f.sProof.PLONK, f.sPublic)
		if err != nil {
			t.Fatal(err)
		}
		c.Base = sh.Base
		return c
	}
	if err := freechoice.IsSolved(nil, valid()); err != nil {
		t.Fatalf("the real proof is refused under the wrapper: %v", err)
	}
	cases := map[string]func(c *Circuit){
		"H = (0,0)³": func(c *Circuit) {
			for i := range c.Proof.H {
				c.Proof.H[i].G1El = pt(0, 0)
			}
		},
		"L = (5,0)":                      func(c *Circuit) { c.Proof.LRO[0].G1El = pt(5, 0) },
		"Z = (1,1) off the curve":        func(c *Circuit) { c.Proof.Z.G1El = pt(1, 1) },
		"BSB22 commitment (5,0)":         func(c *Circuit) { c.Proof.Bsb22Commitments[0].G1El = pt(5, 0) },
		"batched opening quotient (0,0)": func(c *Circuit) { c.Proof.BatchedProof.Quotient = pt(0, 0) },
		"shifted opening quotient (0,0)": func(c *Circuit) { c.Proof.ZShiftedOpening.Quotient = pt(0, 0) },
		"both opening quotients (0,0)":   func(c *Circuit) { c.Proof.BatchedProof.Quotient, c.Proof.ZShiftedOpening.Quotient = pt(0, 0), pt(0, 0) },
	}
	for name, mutate := range cases {
		c := valid()
		mutate(c)
		if freechoice.IsSolved(nil, c) == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
