package node

import (
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/r1cs"
	"github.com/consensys/gnark/std/math/emulated"

	"github.com/parthnet/parth/circuits/hashing"
	native "github.com/parthnet/parth/state/hashing"
)

// partCircuit runs one part of a child's verification on a standard child.
type partCircuit struct {
	C    Child
	Part func(api frontend.API, v *Verifier, h *hashing.Hasher, c *Child) error `gnark:"-"`
}

func (c *partCircuit) Define(api frontend.API) error {
	v, err := NewVerifier(api)
	if err != nil {
		return err
	}
	h, err := hashing.New(api)
	if err != nil {
		return err
	}
	return c.Part(api, v, h, &c.C)
}

// BenchmarkVerifierParts reports the R1CS constraints (compile only) of one
// child of the node's verifier, key as a witness, and of its parts: the
// Pedersen proof-of-knowledge check, the public-input MSM, the pairing
// check (one Miller loop over three pairs times g and the residue check)
// and the key hash. Where the node's cost goes (issue 12):
// `go test -run '^$' -bench VerifierParts -benchtime 1x ./circuits/node`.
func BenchmarkVerifierParts(b *testing.B) {
	parts := []struct {
		name string
		f    func(api frontend.API, v *Verifier, h *hashing.Hasher, c *Child) error
	}{
		{"child", func(api frontend.API, v *Verifier, h *hashing.Hasher, c *Child) error {
			_, _, err := c.Verify(api, v, h)
			return err
		}},
		{"pedersen", func(api frontend.API, v *Verifier, h *hashing.Hasher, c *Child) error {
			return v.assertCommitment(&c.Proof, &c.Key)
		}},
		{"msm", func(api frontend.API, v *Verifier, h *hashing.Hasher, c *Child) error {
			_, err := v.curve.MultiScalarMul([]*G1{&c.Key.G1.K[1], &c.Key.G1.K[2]},
				[]*emulated.Element[FR]{&c.Public.Public[0], &c.Public.Public[0]})
			return err
		}},
		{"pairing", func(api frontend.API, v *Verifier, h *hashing.Hasher, c *Child) error {
			ml, err := v.pairing.MillerLoop([]*G1{&c.Key.G1.K[0], &c.Proof.Krs, &c.Proof.Ar},
				[]*G2{&c.Key.G2.GammaNeg, &c.Key.G2.DeltaNeg, &c.Proof.Bs})
			if err != nil {
				return err
			}
			v.pairing.AssertFinalExponentiationIsOne(v.pairing.Ext12.Mul(ml, &c.Key.E))
			return nil
		}},
		{"key-hash", func(api frontend.API, v *Verifier, h *hashing.Hasher, c *Child) error {
			api.AssertIsDifferent(h.Hash(native.TagVK, flatten(&c.Key)...), 0)
			return nil
		}},
	}
	for _, p := range parts {
		b.Run(p.name, func(b *testing.B) {
			var n int
			for b.Loop() {
				ccs, err := frontend.Compile(ecc.BN254.ScalarField(), r1cs.NewBuilder, &partCircuit{C: StandardChild(), Part: p.f})
				if err != nil {
					b.Fatal(err)
				}
				n = ccs.GetNbConstraints()
			}
			b.ReportMetric(float64(n), "constraints")
		})
	}
}
