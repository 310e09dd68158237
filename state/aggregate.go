package state

import (
	"errors"
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/parthnet/parth/state/hashing"
	"github.com/parthnet/parth/state/smt"
)

// NodeSubtree is the kind of an aggregation node's header: x = H(height,
// index, history root), y = H(old root, new root, end-cap accumulator).
const NodeSubtree uint64 = 3

// ErrSubtree reports subtrees that cannot be climbed or merged.
var ErrSubtree = errors.New("state: bad subtree step")

// Subtree is the statement of an aggregation node (the native twin of the
// aggregation modes of circuits/node): the GUSR subtree at Height and Index
// moves from Old to New; every end cap folded into it read a checkpoint in
// the history tree with root History (the block's Hist(n)); and EndCaps
// accumulates their header hashes (EndCapAccumulator).
type Subtree struct {
	Height   int
	Index    uint64
	History  fr.Element
	Old, New fr.Element
	EndCaps  fr.Element
}

// Header is the subtree's node header under key set keys.
func (s *Subtree) Header(keys fr.Element) NodeHeader {
	return NodeHeader{Keys: keys, Kind: NodeSubtree,
		X: hashing.Hash(hashing.TagSubtree, hashing.Uint(uint64(s.Height)), hashing.Uint(s.Index), s.History),
		Y: hashing.Hash(hashing.TagSubtree, s.Old, s.New, s.EndCaps)}
}

// LeafOf is an end cap's user leaf as a height-0 subtree — H(pk, UCON
// before, nonce) → H(pk, UCON after, nonce + 1), accumulating the end cap's
// own header hash — given the proof read that its checkpoint is in the
// block's history tree (the proof's root): at slot Checkpoint mod K, the
// leaf H(Checkpoint, CheckpointRoot).
func LeafOf(h *EndCapHeader, read *smt.Proof) (Subtree, error) {
	if read == nil {
		return Subtree{}, fmt.Errorf("%w: end cap of user %d without its checkpoint's history proof", ErrSubtree, h.User)
	}
	if read.Index != h.Checkpoint%HistoryWindow || read.Value != HistoryLeaf(h.Checkpoint, h.CheckpointRoot) {
		return Subtree{}, fmt.Errorf("%w: history proof is not of CHKP(%d)", ErrSubtree, h.Checkpoint)
	}
	if err := read.Verify(HistorySpec); err != nil {
		return Subtree{}, fmt.Errorf("%w: history proof of CHKP(%d): %v", ErrSubtree, h.Checkpoint, err)
	}
	return Subtree{Height: 0, Index: uint64(h.User), History: read.Root, EndCaps: h.Hash(),
		Old: UserLeaf(h.PublicKey, h.UCONBefore, h.Nonce), New: UserLeaf(h.PublicKey, h.UCONAfter, h.Nonce+1)}, nil
}

// Climb moves s up to height to past unchanged siblings: siblings[k] is the
// sibling at height s.Height + k, the same in the old and the new tree.
func (s Subtree) Climb(to int, siblings []fr.Element) (Subtree, error) {
	if to < s.Height || to > DepthGUSR || len(siblings) != to-s.Height {
		return Subtree{}, fmt.Errorf("%w: climb from %d to %d with %d siblings", ErrSubtree, s.Height, to, len(siblings))
	}
	for k := range siblings {
		if s.Index&1 == 0 {
			s.Old, s.New = gusrNode(s.Old, siblings[k]), gusrNode(s.New, siblings[k])
		} else {
			s.Old, s.New = gusrNode(siblings[k], s.Old), gusrNode(siblings[k], s.New)
		}
		s.Index >>= 1
		s.Height++
	}
	return s, nil
}

// MergeSubtrees joins sibling subtrees l (left) and r (right) of one
// block into their parent; the accumulator is H(left, right).
func MergeSubtrees(l, r Subtree) (Subtree, error) {
	if l.Height != r.Height || l.Height >= DepthGUSR || l.Index&1 != 0 || r.Index != l.Index+1 {
		return Subtree{}, fmt.Errorf("%w: (%d, %d) and (%d, %d) are not left and right siblings", ErrSubtree, l.Height, l.Index, r.Height, r.Index)
	}
	if l.History != r.History {
		return Subtree{}, fmt.Errorf("%w: end caps of two histories", ErrSubtree)
	}
	return Subtree{Height: l.Height + 1, Index: l.Index >> 1, History: l.History,
		Old: gusrNode(l.Old, r.Old), New: gusrNode(l.New, r.New), EndCaps: hashing.Hash(hashing.TagAccumulator, l.EndCaps, r.EndCaps)}, nil
}

func gusrNode(l, r fr.Element) fr.Element { return hashing.Node(hashing.TagNodeGUSR, &l, &r) }
