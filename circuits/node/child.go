package node

import (
	"fmt"
	"math/big"

	"github.com/consensys/gnark-crypto/ecc/bn254"
	"github.com/consensys/gnark-crypto/ecc/bn254/fp"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark/backend/groth16"
	groth16bn254 "github.com/consensys/gnark/backend/groth16/bn254"
	"github.com/consensys/gnark/constraint"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/std/algebra/emulated/sw_bn254"
	"github.com/consensys/gnark/std/math/emulated"
	stdgroth16 "github.com/consensys/gnark/std/recursion/groth16"

	"github.com/parthnet/parth/circuits/hashing"
	"github.com/parthnet/parth/circuits/model"
	native "github.com/parthnet/parth/state/hashing"
)

type (
	FR  = sw_bn254.ScalarField
	G1  = sw_bn254.G1Affine
	G2  = sw_bn254.G2Affine
	GT  = sw_bn254.GTEl
	Key = stdgroth16.VerifyingKey[G1, G2, GT]
)

// Verifier is gnark's in-circuit Groth16 verifier over BN254.
type Verifier = stdgroth16.Verifier[FR, G1, G2, GT]

// NewVerifier returns a verifier for the circuit being defined.
func NewVerifier(api frontend.API) (*Verifier, error) {
	return stdgroth16.NewVerifier[FR, G1, G2, GT](api)
}

// Child is one child proof with its key as a witness and its single public
// input.
type Child struct {
	Key    Key
	Proof  stdgroth16.Proof[G1, G2]
	Public stdgroth16.Witness[FR]
}

// PlaceholderChild is a child shaped like proofs of ccs.
func PlaceholderChild(ccs constraint.ConstraintSystem) Child {
	return Child{
		Key:    stdgroth16.PlaceholderVerifyingKey[G1, G2, GT](ccs),
		Proof:  stdgroth16.PlaceholderProof[G1, G2](ccs),
		Public: stdgroth16.PlaceholderWitness[FR](ccs),
	}
}

// AssignChild assigns a recursion-friendly Groth16 proof with public input x.
func AssignChild(vk groth16.VerifyingKey, proof groth16.Proof, x fr.Element) (Child, error) {
	k, err := stdgroth16.ValueOfVerifyingKey[G1, G2, GT](vk)
	if err != nil {
		return Child{}, err
	}
	p, err := stdgroth16.ValueOfProof[G1, G2](proof)
	if err != nil {
		return Child{}, err
	}
	return Child{Key: k, Proof: p, Public: stdgroth16.Witness[FR]{Public: []emulated.Element[FR]{emulated.ValueOf[FR](x)}}}, nil
}

// Verify asserts the child proof and returns its key's hash and its public
// input as a native variable. The caller must check the key hash.
func (c *Child) Verify(api frontend.API, v *Verifier, h *hashing.Hasher) (keyHash, public frontend.Variable, err error) {
	if len(c.Public.Public) != 1 {
		return nil, nil, fmt.Errorf("node: children have one public input, got %d", len(c.Public.Public))
	}
	if err := v.AssertProof(c.Key, c.Proof, c.Public); err != nil {
		return nil, nil, err
	}
	return h.Hash(native.TagVK, flatten(&c.Key)...), model.Scalar(api, &c.Public.Public[0]), nil
}

// flatten lists the key's witness variables: E's twelve coefficients, K,
// −γ, −δ, then each Pedersen key (G, −G/σ); G2 points as X.A0, X.A1, Y.A0,
// Y.A1; every base-field element as its limbs.
func flatten(k *Key) []frontend.Variable {
	var out []frontend.Variable
	el := func(e *emulated.Element[emulated.BN254Fp]) { out = append(out, e.Limbs...) }
	e := &k.E
	for _, x := range []*emulated.Element[emulated.BN254Fp]{&e.A0, &e.A1, &e.A2, &e.A3, &e.A4, &e.A5, &e.A6, &e.A7, &e.A8, &e.A9, &e.A10, &e.A11} {
		el(x)
	}
	for i := range k.G1.K {
		el(&k.G1.K[i].X)
		el(&k.G1.K[i].Y)
	}
	g2 := func(p *G2) { el(&p.P.X.A0); el(&p.P.X.A1); el(&p.P.Y.A0); el(&p.P.Y.A1) }
	g2(&k.G2.GammaNeg)
	g2(&k.G2.DeltaNeg)
	for i := range k.CommitmentKeys {
		g2(&k.CommitmentKeys[i].G)
		g2(&k.CommitmentKeys[i].GSigmaNeg)
	}
	return out
}

// KeyHash is the native twin of the in-circuit key hash.
func KeyHash(vk groth16.VerifyingKey) (fr.Element, error) {
	k, ok := vk.(*groth16bn254.VerifyingKey)
	if !ok {
		return fr.Element{}, fmt.Errorf("node: %T is not a BN254 Groth16 key", vk)
	}
	var in []fr.Element
	el := func(x *fp.Element) {
		b := x.BigInt(new(big.Int))
		for i := 0; i < 4; i++ {
			in = append(in, native.Uint(new(big.Int).Rsh(b, uint(64*i)).Uint64()))
		}
	}
	e, err := bn254.Pair([]bn254.G1Affine{k.G1.Alpha}, []bn254.G2Affine{k.G2.Beta})
	if err != nil {
		return fr.Element{}, err
	}
	// gnark's flattened E12 basis (sw_bn254.NewGTEl).
	nine := new(fp.Element).SetUint64(9)
	flat := func(a0, a1 *fp.Element) fp.Element {
		var t, r fp.Element
		t.Mul(nine, a1)
		r.Sub(a0, &t)
		return r
	}
	pairs := [][2]*fp.Element{{&e.C0.B0.A0, &e.C0.B0.A1}, {&e.C1.B0.A0, &e.C1.B0.A1}, {&e.C0.B1.A0, &e.C0.B1.A1},
		{&e.C1.B1.A0, &e.C1.B1.A1}, {&e.C0.B2.A0, &e.C0.B2.A1}, {&e.C1.B2.A0, &e.C1.B2.A1}}
	for _, p := range pairs {
		c := flat(p[0], p[1])
		el(&c)
	}
	for _, p := range pairs {
		el(p[1])
	}
	for i := range k.G1.K {
		el(&k.G1.K[i].X)
		el(&k.G1.K[i].Y)
	}
	g2 := func(p *bn254.G2Affine) { el(&p.X.A0); el(&p.X.A1); el(&p.Y.A0); el(&p.Y.A1) }
	var gammaNeg, deltaNeg bn254.G2Affine
	gammaNeg.Neg(&k.G2.Gamma)
	deltaNeg.Neg(&k.G2.Delta)
	g2(&gammaNeg)
	g2(&deltaNeg)
	for i := range k.CommitmentKeys {
		g2(&k.CommitmentKeys[i].G)
		g2(&k.CommitmentKeys[i].GSigmaNeg)
	}
	return native.Hash(native.TagVK, in...), nil
}
