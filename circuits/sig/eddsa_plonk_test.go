package sig

import (
	"math/big"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/backend"
	"github.com/consensys/gnark/backend/plonk"
	"github.com/consensys/gnark/constraint/solver"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/scs"
	stdplonk "github.com/consensys/gnark/std/recursion/plonk"
	"github.com/consensys/gnark/test/unsafekzg"

	"github.com/parthnet/parth/circuits/internal/freechoice"
)

// provePLONK compiles shape, sets it up on a test SRS, proves assignment
// with the recursion-friendly options the session's signature proofs use,
// and verifies the proof with gnark's verifier.
func provePLONK(t *testing.T, shape, assignment frontend.Circuit, hints ...solver.Hint) error {
	t.Helper()
	field := ecc.BN254.ScalarField()
	ccs, err := frontend.Compile(field, scs.NewBuilder, shape)
	if err != nil {
		t.Fatal(err)
	}
	srs, lagrange, err := unsafekzg.NewSRS(ccs)
	if err != nil {
		t.Fatal(err)
	}
	pk, vk, err := plonk.Setup(ccs, srs, lagrange)
	if err != nil {
		t.Fatal(err)
	}
	w, err := frontend.NewWitness(assignment, field)
	if err != nil {
		t.Fatal(err)
	}
	opts := []backend.ProverOption{stdplonk.GetNativeProverOptions(field, field)}
	if len(hints) > 0 {
		opts = append(opts, backend.WithSolverOptions(solver.WithHints(hints...)))
	}
	proof, err := plonk.Prove(ccs, pk, w, opts...)
	if err != nil {
		return err
	}
	public, err := w.Public()
	if err != nil {
		t.Fatal(err)
	}
	if err := plonk.Verify(proof, vk, public, stdplonk.GetNativeVerifierOptions(field, field)); err != nil {
		t.Fatalf("gnark's verifier rejects a proof its prover made: %v", err)
	}
	return nil
}

// TestEdDSAForgeryRealProof reproduces the advisory's proof of concept with
// real PLONK proofs: gnark's prover and verifier, unchanged, with only the
// solver's result for the 0/0 division chosen by the attacker. The old
// circuit yields a proof of a signature nobody made, and gnark's verifier
// accepts it; the fixed circuit cannot be proven on that witness, and still
// proves a real signature.
func TestEdDSAForgeryRealProof(t *testing.T) {
	if testing.Short() {
		t.Skip("PLONK setups")
	}
	forged := forgery(t)
	x := forgedX(t)
	attacker := &freechoice.Prover{Div: func(int) *big.Int { return x }}
	old := (*vulnerableEdDSA)(forged)
	if err := provePLONK(t, freechoice.Circuit(attacker, &vulnerableEdDSA{}), freechoice.Circuit(attacker, old), attacker.Hints()...); err != nil {
		t.Fatalf("the forgery no longer proves on the old circuit: %v", err)
	}
	if attacker.ZeroDivisions == 0 {
		t.Fatal("the forged proof met no 0/0 division")
	}
	fixed := &freechoice.Prover{Div: func(int) *big.Int { return x }}
	if provePLONK(t, freechoice.Circuit(fixed, &EdDSA{}), freechoice.Circuit(fixed, forged), fixed.Hints()...) == nil {
		t.Fatal("the fixed circuit proved the forgery")
	}
	valid, _ := validEdDSA(t)
	if err := provePLONK(t, &EdDSA{}, valid); err != nil {
		t.Fatalf("the fixed circuit does not prove a real signature: %v", err)
	}
}
