package anchor

import (
	"fmt"

	groth16bn254 "github.com/consensys/gnark/backend/groth16/bn254"

	"github.com/parthnet/parth/prover"
)

// EVMProof is a block proof in the encoding of gnark's Solidity verifier
// (A, B, C, the commitments and their proof of knowledge). The proof must
// have been made with prover.ForEVM.
func EVMProof(p *prover.Proof) ([]byte, error) {
	if p == nil || p.System != prover.Groth16 {
		return nil, fmt.Errorf("anchor: a block proof is a Groth16 proof")
	}
	g, ok := p.Groth16.(*groth16bn254.Proof)
	if !ok {
		return nil, fmt.Errorf("anchor: a block proof is a BN254 proof, not %T", p.Groth16)
	}
	return g.MarshalSolidity(), nil
}
