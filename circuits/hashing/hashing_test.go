package hashing

import (
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/test"

	native "github.com/parthnet/parth/state/hashing"
)

type hashCircuit struct {
	In   [5]frontend.Variable
	N    int               `gnark:"-"`
	Tag  native.Tag        `gnark:"-"`
	Out  frontend.Variable `gnark:",public"`
	Node frontend.Variable `gnark:",public"`
}

func (c *hashCircuit) Define(api frontend.API) error {
	h, err := New(api)
	if err != nil {
		return err
	}
	api.AssertIsEqual(h.Hash(c.Tag, c.In[:c.N]...), c.Out)
	api.AssertIsEqual(h.Node(native.TagNodeGUSR, c.In[0], c.In[1]), c.Node)
	return nil
}

// TestMatchesNative: for 0..5 inputs and several tags, the circuit accepts
// exactly the native hash.
func TestMatchesNative(t *testing.T) {
	assert := test.NewAssert(t)
	vals := []uint64{11, 22, 33, 44, 55}
	for n := 0; n <= 5; n++ {
		for _, tag := range []native.Tag{native.TagLeafUser, native.TagCheckpoint} {
			in := make([]frontend.Variable, 5)
			elems := make([]fr.Element, n)
			for i := range elems {
				elems[i] = native.Uint(vals[i])
			}
			nat := native.Hash(tag, elems...)
			for i := range in {
				in[i] = vals[i]
			}
			l, r := native.Uint(vals[0]), native.Uint(vals[1])
			node := native.Node(native.TagNodeGUSR, &l, &r)
			good := &hashCircuit{In: [5]frontend.Variable(in), Out: nat.String(), Node: node.String()}
			wrongTag := native.Hash(tag+1, elems...)
			bad := &hashCircuit{In: [5]frontend.Variable(in), Out: wrongTag.String(), Node: node.String()}
			other := native.Node(native.TagNodeGCON, &l, &r)
			badNode := &hashCircuit{In: [5]frontend.Variable(in), Out: nat.String(), Node: other.String()}
			assert.CheckCircuit(&hashCircuit{N: n, Tag: tag},
				test.WithValidAssignment(good), test.WithInvalidAssignment(bad), test.WithInvalidAssignment(badNode),
				test.WithCurves(ecc.BN254), test.NoProverChecks(), test.NoSerializationChecks())
		}
	}
}
