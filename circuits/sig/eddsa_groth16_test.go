package sig

import (
	"math/big"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/backend"
	"github.com/consensys/gnark/backend/groth16"
	"github.com/consensys/gnark/constraint"
	"github.com/consensys/gnark/constraint/solver"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/r1cs"
	stdgroth16 "github.com/consensys/gnark/std/recursion/groth16"

	"github.com/parthnet/parth/circuits/internal/freechoice"
)

func compileR1CS(t *testing.T, shape frontend.Circuit) constraint.ConstraintSystem {
	ccs, err := frontend.Compile(ecc.BN254.ScalarField(), r1cs.NewBuilder, shape)
	if err != nil {
		t.Fatal(err)
	}
	return ccs
}

func proveG16(t *testing.T, shape, assignment frontend.Circuit, hints ...solver.Hint) error {
	field := ecc.BN254.ScalarField()
	ccs := compileR1CS(t, shape)
	pk, vk, err := groth16.Setup(ccs)
	if err != nil {
		t.Fatal(err)
	}
	w, err := frontend.NewWitness(assignment, field)
	if err != nil {
		t.Fatal(err)
	}
	opts := []backend.ProverOption{stdgroth16.GetNativeProverOptions(field, field)}
	if len(hints) > 0 {
		opts = append(opts, backend.WithSolverOptions(solver.WithHints(hints...)))
	}
	proof, err := groth16.Prove(ccs, pk, w, opts...)
	if err != nil {
		return err
	}
	pub, _ := w.Public()
	if err := groth16.Verify(proof, vk, pub, stdgroth16.GetNativeVerifierOptions(field, field)); err != nil {
		t.Fatalf("verifier rejects its prover's proof: %v", err)
	}
	return nil
}

// TestEdDSAForgeryGroth16: the advisory's forgery as real Groth16 proofs
// (EdDSA is a Groth16 protocol circuit): the pre-fix circuit proves it and
// gnark's verifier accepts the proof; the fixed circuit cannot prove it; a
// valid signature proves.
func TestEdDSAForgeryGroth16(t *testing.T) {
	forged := forgery(t)
	x := forgedX(t)
	attacker := &freechoice.Prover{Div: func(int) *big.Int { return x }}
	old := (*vulnerableEdDSA)(forged)
	if err := proveG16(t, freechoice.Circuit(attacker, &vulnerableEdDSA{}), freechoice.Circuit(attacker, old), attacker.Hints()...); err != nil {
		t.Fatalf("old circuit: forgery does not prove in Groth16: %v", err)
	}
	t.Logf("old circuit: forged Groth16 proof verifies (0/0 met %d)", attacker.ZeroDivisions)
	fixed := &freechoice.Prover{Div: func(int) *big.Int { return x }}
	if proveG16(t, freechoice.Circuit(fixed, &EdDSA{}), freechoice.Circuit(fixed, forged), fixed.Hints()...) == nil {
		t.Fatal("fixed circuit proves the forgery in Groth16")
	}
	valid, _ := validEdDSA(t)
	if err := proveG16(t, &EdDSA{}, valid); err != nil {
		t.Fatalf("valid: %v", err)
	}
}

// TestEdDSADegenerateR1CS runs the degenerate witnesses (torsion R and A,
// R = (0,0) with S = 0) against the compiled R1CS, not the test engine,
// under every choice of the 0/0 result and of the subgroup hint's output
// (overridden: (0,0), the identity, the input itself). All are refused, and
// each override is checked to take effect.
func TestEdDSADegenerateR1CS(t *testing.T) {
	valid, _ := validEdDSA(t)
	field := ecc.BN254.ScalarField()
	hid := solver.GetHintID(cofactorPreimage)
	hints := map[string]solver.Hint{
		"honest":   nil,
		"(0,0)":    func(_ *big.Int, in, out []*big.Int) error { out[0].SetInt64(0); out[1].SetInt64(0); return nil },
		"identity": func(_ *big.Int, in, out []*big.Int) error { out[0].SetInt64(0); out[1].SetInt64(1); return nil },
		"input":    func(_ *big.Int, in, out []*big.Int) error { out[0].Set(in[0]); out[1].Set(in[1]); return nil },
	}
	cases := map[string]*EdDSA{}
	tor := torsion(t)
	for name, p := range tor {
		c := *valid
		c.Sig.R = pointOf(&p).gnark()
		cases["R="+name] = &c
		c2 := *valid
		c2.Key.A = pointOf(&p).gnark()
		cases["A="+name] = &c2
	}
	c0 := *forgery(t)
	cases["R=(0,0),S=0"] = &c0
	for _, d := range []*big.Int{big.NewInt(0), big.NewInt(1), forgedX(t)} {
		for hname, h := range hints {
			p := &freechoice.Prover{Div: func(int) *big.Int { return d }}
			ccs := compileR1CS(t, freechoice.Circuit(p, &EdDSA{}))
			for name, w := range cases {
				wit, err := frontend.NewWitness(freechoice.Circuit(p, w), field)
				if err != nil {
					t.Fatal(err)
				}
				opts := []solver.Option{solver.WithHints(p.Hints()...)}
				if h != nil {
					opts = append(opts, solver.OverrideHint(hid, h))
				}
				if ccs.IsSolved(wit, opts...) == nil {
					t.Errorf("R1CS accepts %s (0/0=%v, hint %s)", name, d, hname)
				}
			}
			wit, _ := frontend.NewWitness(freechoice.Circuit(p, valid), field)
			if h != nil && hname != "honest" {
				if ccs.IsSolved(wit, solver.WithHints(p.Hints()...), solver.OverrideHint(hid, h)) == nil {
					t.Errorf("override %s not active", hname)
				}
			}
			if h == nil {
				if err := ccs.IsSolved(wit, solver.WithHints(p.Hints()...)); err != nil {
					t.Errorf("R1CS rejects valid: %v", err)
				}
			}
		}
	}
}
