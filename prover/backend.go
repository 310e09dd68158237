package prover

import (
	"github.com/consensys/gnark/backend"
	"github.com/consensys/gnark/backend/groth16"
	"github.com/consensys/gnark/backend/plonk"
	"github.com/consensys/gnark/backend/witness"
	"github.com/consensys/gnark/constraint"
)

// Backend proves. CPU is the default; the GPU issue implements ICICLE behind
// the icicle build tag with this same interface.
type Backend interface {
	// Name is what workers report: "cpu", "icicle-cuda", "icicle-cpu".
	Name() string
	ProveGroth16(ccs constraint.ConstraintSystem, pk groth16.ProvingKey, w witness.Witness, opts ...backend.ProverOption) (groth16.Proof, error)
	ProvePlonk(ccs constraint.ConstraintSystem, pk plonk.ProvingKey, w witness.Witness, opts ...backend.ProverOption) (plonk.Proof, error)
}

// CPU proves with gnark's CPU provers.
type CPU struct{}

func (CPU) Name() string { return "cpu" }

func (CPU) ProveGroth16(ccs constraint.ConstraintSystem, pk groth16.ProvingKey, w witness.Witness, opts ...backend.ProverOption) (groth16.Proof, error) {
	return groth16.Prove(ccs, pk, w, opts...)
}

func (CPU) ProvePlonk(ccs constraint.ConstraintSystem, pk plonk.ProvingKey, w witness.Witness, opts ...backend.ProverOption) (plonk.Proof, error) {
	return plonk.Prove(ccs, pk, w, opts...)
}
