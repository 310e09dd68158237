package smt

import (
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
)

// Proof is an inclusion proof of Value at Index under Root.
type Proof struct {
	Index    uint64
	Siblings []fr.Element // leaf to root
	Value    fr.Element
	Root     fr.Element
}

// Verify checks the proof against the spec.
func (p *Proof) Verify(s *Spec) error {
	if len(p.Siblings) != s.depth {
		return fmt.Errorf("%w: %d siblings for %s of depth %d", ErrDepthMismatch, len(p.Siblings), s.name, s.depth)
	}
	if err := s.CheckIndex(p.Index); err != nil {
		return err
	}
	if r := s.RootFrom(p.Index, p.Value, p.Siblings); !r.Equal(&p.Root) {
		return fmt.Errorf("%w: %s index %d", ErrRootMismatch, s.name, p.Index)
	}
	return nil
}

// DeltaProof proves that setting leaf Index from OldValue to NewValue moves
// the tree from OldRoot to NewRoot (the seed's IDeltaMerkleProof).
type DeltaProof struct {
	Index    uint64
	Siblings []fr.Element // leaf to root; unchanged by the update
	OldValue fr.Element
	NewValue fr.Element
	OldRoot  fr.Element
	NewRoot  fr.Element
}

// Verify checks that both roots follow from the values and the siblings.
func (d *DeltaProof) Verify(s *Spec) error {
	_, err := d.verify(s)
	return err
}

// verify checks the proof and returns the nodes of the new path, leaf
// excluded: path[l] is the node at level l+1.
func (d *DeltaProof) verify(s *Spec) ([]fr.Element, error) {
	if len(d.Siblings) != s.depth {
		return nil, fmt.Errorf("%w: %d siblings for %s of depth %d", ErrDepthMismatch, len(d.Siblings), s.name, s.depth)
	}
	if err := s.CheckIndex(d.Index); err != nil {
		return nil, err
	}
	if r := s.RootFrom(d.Index, d.OldValue, d.Siblings); !r.Equal(&d.OldRoot) {
		return nil, fmt.Errorf("%w: %s index %d", ErrOldRootMismatch, s.name, d.Index)
	}
	path := make([]fr.Element, s.depth)
	h := d.NewValue
	for l := range d.Siblings {
		h = s.parent(d.Index>>uint(l), &h, &d.Siblings[l])
		path[l] = h
	}
	if !h.Equal(&d.NewRoot) {
		return nil, fmt.Errorf("%w: %s index %d", ErrNewRootMismatch, s.name, d.Index)
	}
	return path, nil
}

// VerifyChain verifies every proof and that they chain from 'from' to 'to':
// the first starts at from, each new root is the next old root, and the last
// ends at to. An empty chain is valid only if from == to.
func VerifyChain(s *Spec, from, to fr.Element, proofs []DeltaProof) error {
	cur := from
	for i := range proofs {
		if !proofs[i].OldRoot.Equal(&cur) {
			return fmt.Errorf("%w: proof %d of %s", ErrChainBroken, i, s.name)
		}
		if err := proofs[i].Verify(s); err != nil {
			return fmt.Errorf("proof %d: %w", i, err)
		}
		cur = proofs[i].NewRoot
	}
	if !cur.Equal(&to) {
		return fmt.Errorf("%w: %s chain ends at another root", ErrChainBroken, s.name)
	}
	return nil
}
