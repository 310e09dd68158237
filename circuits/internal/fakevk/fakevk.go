// Package fakevk makes Groth16 BN254 verifying keys of a given shape from
// random points, without a setup: for tests that compile a circuit with a
// key as a constant (the block circuit's fixed node key) to count its
// constraints or run its logic, where a real setup of the key's circuit
// would take minutes and nothing depends on the key being one. No proof
// verifies under such a key. Only _test files may import it (deps_test.go).
package fakevk

import (
	"math/big"

	"github.com/consensys/gnark-crypto/ecc/bn254"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr/pedersen"
	"github.com/consensys/gnark/backend/groth16"
	groth16bn254 "github.com/consensys/gnark/backend/groth16/bn254"
)

func g1() bn254.G1Affine {
	_, _, g, _ := bn254.Generators()
	var p bn254.G1Affine
	p.ScalarMultiplication(&g, scalar())
	return p
}

func g2() bn254.G2Affine {
	_, _, _, g := bn254.Generators()
	var p bn254.G2Affine
	p.ScalarMultiplication(&g, scalar())
	return p
}

func scalar() *big.Int {
	var s fr.Element
	if _, err := s.SetRandom(); err != nil {
		panic(err)
	}
	return s.BigInt(new(big.Int))
}

// Standard is a random key of the recursive nodes' standard child shape:
// one public input and one Pedersen commitment over no public input.
func Standard() groth16.VerifyingKey {
	vk := &groth16bn254.VerifyingKey{}
	vk.G1.Alpha, vk.G1.Beta, vk.G1.Delta = g1(), g1(), g1()
	vk.G1.K = []bn254.G1Affine{g1(), g1(), g1()}
	vk.G2.Beta, vk.G2.Delta, vk.G2.Gamma = g2(), g2(), g2()
	vk.CommitmentKeys = make([]pedersen.VerifyingKey, 1)
	vk.CommitmentKeys[0].G, vk.CommitmentKeys[0].GSigmaNeg = g2(), g2()
	vk.PublicAndCommitmentCommitted = [][]int{{}}
	return vk
}
