package hashing

import (
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/std/permutation/poseidon2"
	"github.com/consensys/gnark/test"
)

// spongeCircuit is the in-circuit form of Hash, written the way circuits/
// will mirror it: gnark's Poseidon2 permutation with the same parameters,
// the capacity constant, pairs absorbed into the rate.
type spongeCircuit struct {
	In  [3]frontend.Variable
	Out frontend.Variable `gnark:",public"`
}

func (c *spongeCircuit) Define(api frontend.API) error {
	p, err := poseidon2.NewPoseidon2FromParameters(api, Width, FullRounds, PartialRounds)
	if err != nil {
		return err
	}
	capacity := Capacity(TagLeafUser, len(c.In))
	st := []frontend.Variable{capacity.String(), c.In[0], c.In[1]}
	if err := p.Permutation(st); err != nil {
		return err
	}
	st[1] = api.Add(st[1], c.In[2])
	if err := p.Permutation(st); err != nil {
		return err
	}
	api.AssertIsEqual(st[1], c.Out)
	return nil
}

// TestCircuitMirrorsNative checks that gnark's in-circuit permutation with
// our parameters computes exactly Hash, and that another output is refused.
func TestCircuitMirrorsNative(t *testing.T) {
	in := [3]uint64{3, 5, 8}
	out := Hash(TagLeafUser, Uint(in[0]), Uint(in[1]), Uint(in[2]))
	good := &spongeCircuit{In: [3]frontend.Variable{in[0], in[1], in[2]}, Out: out.String()}
	bad := &spongeCircuit{In: [3]frontend.Variable{in[0], in[1], in[2] + 1}, Out: out.String()}
	test.NewAssert(t).CheckCircuit(&spongeCircuit{},
		test.WithValidAssignment(good), test.WithInvalidAssignment(bad),
		test.WithCurves(ecc.BN254), test.NoProverChecks(), test.NoSerializationChecks())
}
