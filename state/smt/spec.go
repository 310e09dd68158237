package smt

import (
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/parthnet/parth/state/hashing"
)

// MaxDepth bounds every tree: indices are uint64.
const MaxDepth = 64

// Spec fixes a kind of tree. Build it with NewSpec; it is immutable.
type Spec struct {
	name  string
	tag   hashing.Tag
	depth int
	zeros []fr.Element // zeros[l] = hash of an empty subtree of height l
}

// NewSpec returns the spec of a tree of the given depth whose internal nodes
// hash with tag and whose empty leaves hold emptyLeaf.
func NewSpec(name string, tag hashing.Tag, depth int, emptyLeaf fr.Element) *Spec {
	if depth < 1 || depth > MaxDepth {
		panic(fmt.Sprintf("smt: depth %d out of [1, %d]", depth, MaxDepth))
	}
	s := &Spec{name: name, tag: tag, depth: depth, zeros: make([]fr.Element, depth+1)}
	s.zeros[0] = emptyLeaf
	for l := 1; l <= depth; l++ {
		s.zeros[l] = hashing.Node(tag, &s.zeros[l-1], &s.zeros[l-1])
	}
	return s
}

func (s *Spec) Name() string     { return s.name }
func (s *Spec) Tag() hashing.Tag { return s.tag }
func (s *Spec) Depth() int       { return s.depth }

// Zero returns the hash of an empty subtree whose root is at level l.
func (s *Spec) Zero(level int) fr.Element { return s.zeros[level] }

// EmptyRoot is the root of a tree with no non-empty leaf.
func (s *Spec) EmptyRoot() fr.Element { return s.zeros[s.depth] }

// CheckIndex reports ErrIndexOutOfRange if index is not a leaf of the tree.
func (s *Spec) CheckIndex(index uint64) error {
	if s.depth < 64 && index>>uint(s.depth) != 0 {
		return fmt.Errorf("%w: %s index %d >= 2^%d", ErrIndexOutOfRange, s.name, index, s.depth)
	}
	return nil
}

// parent hashes two children at level l-1 into their parent.
func (s *Spec) parent(index uint64, self, sib *fr.Element) fr.Element {
	if index&1 == 0 {
		return hashing.Node(s.tag, self, sib)
	}
	return hashing.Node(s.tag, sib, self)
}

// Path is the nodes from a leaf up to the root its siblings give: Path[l]
// is the node at level l over the leaf (Path[0] the leaf, the last the
// root). A client that verified the root learns every node on the path,
// and each sibling is the node beside it.
func (s *Spec) Path(index uint64, leaf fr.Element, siblings []fr.Element) []fr.Element {
	out := make([]fr.Element, len(siblings)+1)
	out[0] = leaf
	for l := range siblings {
		out[l+1] = s.parent(index>>uint(l), &out[l], &siblings[l])
	}
	return out
}

// RootFrom hashes a leaf value up its siblings (leaf to root order).
func (s *Spec) RootFrom(index uint64, leaf fr.Element, siblings []fr.Element) fr.Element {
	cur := leaf
	for l := range siblings {
		cur = s.parent(index>>uint(l), &cur, &siblings[l])
	}
	return cur
}
