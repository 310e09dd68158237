package smt

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/parthnet/parth/state/hashing"
)

// NodeReader reads the stored nodes of one tree at one version. A node that is
// not stored is the root of an empty subtree (ok == false).
type NodeReader interface {
	Node(level int, index uint64) (v fr.Element, ok bool, err error)
}

// NodeKey addresses a node: level 0 holds leaves, level Depth the root.
type NodeKey struct {
	Level uint8
	Index uint64
}

// NodeWrite is one changed node. Empty means the node is again the root of an
// empty subtree: storage removes it rather than storing the zero hash.
type NodeWrite struct {
	NodeKey
	Value fr.Element
	Empty bool
}

// Leaf is one leaf assignment of a batched update.
type Leaf struct {
	Index uint64
	Value fr.Element
}

// Tree is a sparse Merkle tree over a read-only base with an in-memory
// overlay of writes. It is not safe for concurrent use.
type Tree struct {
	spec  *Spec
	base  NodeReader
	dirty map[NodeKey]fr.Element
}

// New returns a tree of spec over base; a nil base is the empty tree.
func New(spec *Spec, base NodeReader) *Tree {
	return &Tree{spec: spec, base: base, dirty: make(map[NodeKey]fr.Element)}
}

// Spec returns the tree's spec.
func (t *Tree) Spec() *Spec { return t.spec }

func (t *Tree) node(level int, index uint64) (fr.Element, error) {
	k := NodeKey{uint8(level), index}
	if v, ok := t.dirty[k]; ok {
		return v, nil
	}
	if t.base != nil {
		v, ok, err := t.base.Node(level, index)
		if err != nil {
			return fr.Element{}, fmt.Errorf("read %s node (%d,%d): %w", t.spec.name, level, index, err)
		}
		if ok {
			return v, nil
		}
	}
	return t.spec.zeros[level], nil
}

// Root returns the current root.
func (t *Tree) Root() (fr.Element, error) { return t.node(t.spec.depth, 0) }

// Get returns the leaf at index.
func (t *Tree) Get(index uint64) (fr.Element, error) {
	if err := t.spec.CheckIndex(index); err != nil {
		return fr.Element{}, err
	}
	return t.node(0, index)
}

func (t *Tree) siblings(index uint64) ([]fr.Element, error) {
	sib := make([]fr.Element, t.spec.depth)
	for l := 0; l < t.spec.depth; l++ {
		v, err := t.node(l, (index>>uint(l))^1)
		if err != nil {
			return nil, err
		}
		sib[l] = v
	}
	return sib, nil
}

// Prove returns an inclusion proof of the leaf at index.
func (t *Tree) Prove(index uint64) (*Proof, error) {
	if err := t.spec.CheckIndex(index); err != nil {
		return nil, err
	}
	sib, err := t.siblings(index)
	if err != nil {
		return nil, err
	}
	v, err := t.node(0, index)
	if err != nil {
		return nil, err
	}
	root, err := t.Root()
	if err != nil {
		return nil, err
	}
	return &Proof{Index: index, Siblings: sib, Value: v, Root: root}, nil
}

// Set writes value at index and returns the delta proof of the change.
func (t *Tree) Set(index uint64, value fr.Element) (*DeltaProof, error) {
	if err := t.spec.CheckIndex(index); err != nil {
		return nil, err
	}
	sib, err := t.siblings(index)
	if err != nil {
		return nil, err
	}
	old, err := t.node(0, index)
	if err != nil {
		return nil, err
	}
	oldRoot, err := t.Root()
	if err != nil {
		return nil, err
	}
	t.dirty[NodeKey{0, index}] = value
	cur := value
	for l := 0; l < t.spec.depth; l++ {
		cur = t.spec.parent(index>>uint(l), &cur, &sib[l])
		t.dirty[NodeKey{uint8(l + 1), index >> uint(l+1)}] = cur
	}
	return &DeltaProof{Index: index, Siblings: sib, OldValue: old, NewValue: value, OldRoot: oldRoot, NewRoot: cur}, nil
}

// ApplyDelta applies a delta proof produced elsewhere: it must start at this
// tree's root, name the leaf's current value, and verify. On error the tree is
// unchanged.
func (t *Tree) ApplyDelta(d *DeltaProof) error {
	root, err := t.Root()
	if err != nil {
		return err
	}
	if !root.Equal(&d.OldRoot) {
		return fmt.Errorf("%w: %s", ErrStaleRoot, t.spec.name)
	}
	if err := t.spec.CheckIndex(d.Index); err != nil {
		return err
	}
	cur, err := t.node(0, d.Index)
	if err != nil {
		return err
	}
	if !cur.Equal(&d.OldValue) {
		return fmt.Errorf("%w: %s index %d", ErrOldValueMismatch, t.spec.name, d.Index)
	}
	path, err := d.verify(t.spec)
	if err != nil {
		return err
	}
	// The proof verified against this tree's root, so its siblings are the
	// tree's (anything else is a Poseidon2 collision): its new path is the
	// tree's new path.
	t.dirty[NodeKey{0, d.Index}] = d.NewValue
	for l := range path {
		t.dirty[NodeKey{uint8(l + 1), d.Index >> uint(l+1)}] = path[l]
	}
	return nil
}

// Apply writes many leaves at once and recomputes each affected internal node
// once (a batched update): cost is the number of distinct nodes on the
// changed paths rather than leaves × depth. Later entries for the same index
// win. On an out-of-range index nothing is written.
func (t *Tree) Apply(leaves []Leaf) error {
	for _, lf := range leaves {
		if err := t.spec.CheckIndex(lf.Index); err != nil {
			return err
		}
	}
	idx := make([]uint64, 0, len(leaves))
	for _, lf := range leaves {
		t.dirty[NodeKey{0, lf.Index}] = lf.Value
		idx = append(idx, lf.Index)
	}
	slices.Sort(idx)
	idx = slices.Compact(idx)
	for l := 0; l < t.spec.depth; l++ {
		// Parents of the changed nodes at level l, each computed once.
		// idx is sorted, so equal parents are adjacent. parents reuses idx's
		// array: it never gets ahead of the element being read.
		parents := idx[:0]
		for _, x := range idx {
			if p := x >> 1; len(parents) == 0 || parents[len(parents)-1] != p {
				parents = append(parents, p)
			}
		}
		for _, p := range parents {
			left, err := t.node(l, p<<1)
			if err != nil {
				return err
			}
			right, err := t.node(l, p<<1|1)
			if err != nil {
				return err
			}
			t.dirty[NodeKey{uint8(l + 1), p}] = hashing.Node(t.spec.tag, &left, &right)
		}
		idx = parents
	}
	return nil
}

// Changes returns the nodes written since the tree was created, sorted by
// (level, index), with nodes equal to their empty-subtree hash marked Empty.
func (t *Tree) Changes() []NodeWrite {
	out := make([]NodeWrite, 0, len(t.dirty))
	for k, v := range t.dirty {
		z := t.spec.zeros[k.Level]
		out = append(out, NodeWrite{NodeKey: k, Value: v, Empty: v.Equal(&z)})
	}
	slices.SortFunc(out, func(a, b NodeWrite) int {
		if c := cmp.Compare(a.Level, b.Level); c != 0 {
			return c
		}
		return cmp.Compare(a.Index, b.Index)
	})
	return out
}

// Dirty reports whether the tree has unsaved writes.
func (t *Tree) Dirty() bool { return len(t.dirty) > 0 }
