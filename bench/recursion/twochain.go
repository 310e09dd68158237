package main

import (
	"fmt"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/backend/groth16"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/r1cs"
	"github.com/consensys/gnark/frontend/cs/scs"
	"github.com/consensys/gnark/std/algebra/native/sw_bls12377"
	"github.com/consensys/gnark/std/rangecheck"
	stdgroth16 "github.com/consensys/gnark/std/recursion/groth16"
	stdplonk "github.com/consensys/gnark/std/recursion/plonk"
)

// The 2-chain's types: BLS12-377 proofs verified in a BW6-761 circuit,
// whose scalar field is BLS12-377's base field (native arithmetic).
type (
	frB = sw_bls12377.ScalarField
	g1B = sw_bls12377.G1Affine
	g2B = sw_bls12377.G2Affine
	gtB = sw_bls12377.GT
)

// userShaped has our user circuits' shape: one public input and one
// commitment (from a range check).
type userShaped struct {
	X [4]frontend.Variable
	N frontend.Variable `gnark:",public"`
}

func (c *userShaped) Define(api frontend.API) error {
	rc := rangecheck.New(api)
	sum := frontend.Variable(0)
	for i := range c.X {
		rc.Check(c.X[i], 32)
		sum = api.Add(sum, c.X[i])
	}
	api.AssertIsEqual(sum, c.N)
	return nil
}

type plonkB struct {
	VK     stdplonk.VerifyingKey[frB, g1B, g2B]
	Proof  stdplonk.Proof[frB, g1B, g2B]
	Public stdplonk.Witness[frB]
}

func (c *plonkB) Define(api frontend.API) error {
	v, err := stdplonk.NewVerifier[frB, g1B, g2B, gtB](api)
	if err != nil {
		return err
	}
	return v.AssertProof(c.VK, c.Proof, c.Public)
}

// twoChainResults counts BLS12-377 Groth16 proofs (1 and 8, key fixed or a
// witness) and one PLONK proof (key a witness) verified in BW6-761. The
// fixed key needs concrete values: a setup of the tiny inner circuit.
func twoChainResults() ([]result, error) {
	ccs, err := frontend.Compile(ecc.BLS12_377.ScalarField(), r1cs.NewBuilder, &userShaped{})
	if err != nil {
		return nil, err
	}
	_, vk, err := groth16.Setup(ccs)
	if err != nil {
		return nil, err
	}
	fixed, err := stdgroth16.ValueOfVerifyingKeyFixed[g1B, g2B, gtB](vk)
	if err != nil {
		return nil, err
	}
	var out []result
	for _, n := range []int{1, 8} {
		for _, fx := range []bool{true, false} {
			c := &verifyN[frB, g1B, g2B, gtB]{Fixed: fx, FixedVK: fixed, VK: stdgroth16.PlaceholderVerifyingKey[g1B, g2B, gtB](ccs)}
			for range n {
				c.Proofs = append(c.Proofs, stdgroth16.PlaceholderProof[g1B, g2B](ccs))
				c.Publics = append(c.Publics, stdgroth16.PlaceholderWitness[frB](ccs))
			}
			out = append(out, compileCount(ecc.BW6_761, fmt.Sprintf("2-chain: bls12-377 groth16 x%d in bw6-761, key %s", n,
				map[bool]string{true: "fixed", false: "witness"}[fx]), n, fx, c))
		}
	}
	sc, err := frontend.Compile(ecc.BLS12_377.ScalarField(), scs.NewBuilder, &userShaped{})
	if err != nil {
		return nil, err
	}
	p := &plonkB{VK: stdplonk.PlaceholderVerifyingKey[frB, g1B, g2B](sc), Proof: stdplonk.PlaceholderProof[frB, g1B, g2B](sc),
		Public: stdplonk.PlaceholderWitness[frB](sc)}
	out = append(out, compileCount(ecc.BW6_761, "2-chain: bls12-377 plonk x1 in bw6-761, key witness", 1, false, p))
	return out, nil
}
