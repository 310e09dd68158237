package hashing

import (
	"fmt"

	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/std/permutation/poseidon2"

	native "github.com/parthnet/parth/state/hashing"
)

// Hasher hashes in-circuit.
type Hasher struct {
	api  frontend.API
	perm *poseidon2.Permutation
	node *poseidon2.Permutation // width 2, Merkle nodes
}

// New returns a hasher for the circuit being defined.
func New(api frontend.API) (*Hasher, error) {
	p, err := poseidon2.NewPoseidon2FromParameters(api, native.Width, native.FullRounds, native.PartialRounds)
	if err != nil {
		return nil, fmt.Errorf("poseidon2 permutation: %w", err)
	}
	n, err := poseidon2.NewPoseidon2FromParameters(api, native.NodeWidth, native.FullRounds, native.PartialRounds)
	if err != nil {
		return nil, fmt.Errorf("poseidon2 node permutation: %w", err)
	}
	return &Hasher{api: api, perm: p, node: n}, nil
}

// API returns the circuit's API.
func (h *Hasher) API() frontend.API { return h.api }

// Hash is H(tag; in...), equal to state/hashing.Hash.
func (h *Hasher) Hash(tag native.Tag, in ...frontend.Variable) frontend.Variable {
	capacity := native.Capacity(tag, len(in))
	st := []frontend.Variable{capacity.String(), 0, 0}
	for i := 0; i < len(in) || i == 0; i += 2 {
		for j := 0; j < 2 && i+j < len(in); j++ {
			st[1+j] = h.api.Add(st[1+j], in[i+j])
		}
		if err := h.perm.Permutation(st); err != nil {
			panic(err) // width mismatch: a programming error
		}
	}
	return st[1]
}

// Node is state/hashing.Node: the width-2 compression of (left, right)
// plus the tag's constant (free: a linear term).
func (h *Hasher) Node(tag native.Tag, left, right frontend.Variable) frontend.Variable {
	c := native.Capacity(tag, 2)
	return h.api.Add(h.node.Compress(left, right), c.String())
}
