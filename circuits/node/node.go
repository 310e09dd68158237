package node

import (
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/std/commitments/pedersen"
	"github.com/consensys/gnark/std/math/emulated"
	stdgroth16 "github.com/consensys/gnark/std/recursion/groth16"

	"github.com/parthnet/parth/circuits/hashing"
)

// Circuit is the universal node: it verifies two Groth16 children with
// their keys as witnesses and applies its mode's Logic to their key hashes
// and public inputs. Its single public input is its header's hash.
type Circuit struct {
	Public      frontend.Variable `gnark:",public"`
	Left, Right Child
	Logic       Logic
}

// New returns the node's shape.
func New() *Circuit {
	return &Circuit{Left: StandardChild(), Right: StandardChild()}
}

// StandardChild is the placeholder of every child: a key with one public
// input and one Pedersen commitment over no public input, as every circuit
// the node verifies has (TestRecursiveChildShape).
func StandardChild() Child {
	return Child{
		Key: Key{
			G1:                           struct{ K []G1 }{K: make([]G1, 3)}, // one wire, the public input, the commitment
			CommitmentKeys:               make([]pedersen.VerifyingKey[G2], 1),
			PublicAndCommitmentCommitted: [][]int{{}},
		},
		Proof:  stdgroth16.Proof[G1, G2]{Commitments: make([]pedersen.Commitment[G1], 1)},
		Public: stdgroth16.Witness[FR]{Public: make([]emulated.Element[FR], 1)},
	}
}

func (c *Circuit) Define(api frontend.API) error {
	v, err := NewVerifier(api)
	if err != nil {
		return err
	}
	h, err := hashing.New(api)
	if err != nil {
		return err
	}
	kL, pL, err := c.Left.Verify(api, v, h)
	if err != nil {
		return err
	}
	kR, pR, err := c.Right.Verify(api, v, h)
	if err != nil {
		return err
	}
	api.AssertIsEqual(c.Logic.Check(api, h, kL, pL, kR, pR), c.Public)
	return nil
}
