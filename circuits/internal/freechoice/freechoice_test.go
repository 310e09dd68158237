package freechoice

import (
	"math/big"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/test"
)

// divCircuit asserts A/B = Want with gnark's unchecked division.
type divCircuit struct{ A, B, Want frontend.Variable }

func (c *divCircuit) Define(api frontend.API) error {
	api.AssertIsEqual(api.DivUnchecked(c.A, c.B), c.Want)
	return nil
}

func TestZeroOverZeroIsTheProversChoice(t *testing.T) {
	w := &divCircuit{A: 0, B: 0, Want: 5}
	if test.IsSolved(&divCircuit{}, w, ecc.BN254.ScalarField()) == nil {
		t.Fatal("gnark's test engine accepted 0/0 = 5; the honest solver should refuse it")
	}
	p := &Prover{Div: func(int) *big.Int { return big.NewInt(5) }}
	if err := IsSolved(p, w); err != nil {
		t.Fatalf("0/0 = 5 under the wrapper: %v", err)
	}
	if p.ZeroDivisions != 1 {
		t.Fatalf("ZeroDivisions = %d, want 1", p.ZeroDivisions)
	}
	if IsSolved(nil, w) == nil {
		t.Fatal("0/0 chosen as 0 satisfied A/B = 5")
	}
}

func TestDivisionStillConstrained(t *testing.T) {
	// A non-zero divisor leaves nothing to choose, and x/0 with x ≠ 0 has
	// no solution whatever the prover writes.
	p := &Prover{Div: func(int) *big.Int { return big.NewInt(7) }}
	if err := IsSolved(p, &divCircuit{A: 14, B: 2, Want: 7}); err != nil {
		t.Fatalf("14/2 = 7 rejected: %v", err)
	}
	if IsSolved(p, &divCircuit{A: 14, B: 2, Want: 8}) == nil {
		t.Fatal("14/2 = 8 accepted")
	}
	if IsSolved(p, &divCircuit{A: 3, B: 0, Want: 7}) == nil {
		t.Fatal("3/0 accepted")
	}
	if p.ZeroDivisions != 0 {
		t.Fatalf("ZeroDivisions = %d, want 0", p.ZeroDivisions)
	}
}

// hintCircuit takes a square root from a hint and constrains only its
// square: the root's sign is free.
type hintCircuit struct{ X, Want frontend.Variable }

func sqrtHint(mod *big.Int, in, out []*big.Int) error {
	out[0].ModSqrt(in[0], mod)
	return nil
}

func (c *hintCircuit) Define(api frontend.API) error {
	r, err := api.Compiler().NewHint(sqrtHint, 1, c.X)
	if err != nil {
		return err
	}
	api.AssertIsEqual(api.Mul(r[0], r[0]), c.X)
	api.AssertIsEqual(r[0], c.Want)
	return nil
}

func TestHintOutputsAreTheProversChoice(t *testing.T) {
	mod := ecc.BN254.ScalarField()
	root := new(big.Int).ModSqrt(big.NewInt(4), mod)
	other := new(big.Int).Sub(mod, root)
	w := &hintCircuit{X: 4, Want: other}
	if IsSolved(nil, w) == nil {
		t.Fatal("the honest root equals the other root")
	}
	var seen string
	p := &Prover{Hint: func(name string, n int, in, honest []*big.Int, err error) []*big.Int {
		seen = name
		return []*big.Int{new(big.Int).Sub(mod, honest[0])}
	}}
	if err := IsSolved(p, w); err != nil {
		t.Fatalf("the other root, chosen by the prover: %v", err)
	}
	if seen == "" {
		t.Fatal("the hint was not offered to the prover")
	}
	// A choice the constraints exclude is still refused.
	bad := &Prover{Hint: func(string, int, []*big.Int, []*big.Int, error) []*big.Int { return []*big.Int{big.NewInt(3)} }}
	if IsSolved(bad, &hintCircuit{X: 4, Want: 3}) == nil {
		t.Fatal("3² = 4 accepted")
	}
}
