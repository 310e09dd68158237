// Package smt implements PARTH's fixed-depth sparse Merkle trees ("zero-hash"
// trees): inclusion proofs, delta Merkle proofs (the seed's IDeltaMerkleProof:
// index, siblings, old value, new value, old root, new root), their
// verification and canonical encoding, and batched updates.
//
// A tree is described by a Spec: its depth, the hashing tag of its internal
// nodes and the value of an empty leaf. Empty subtrees hash to precomputed
// zero hashes, so only nodes that differ from them need to be stored. Levels
// are counted from the leaves: level 0 holds the leaves, level Depth the root.
// Siblings in proofs are ordered leaf to root (Siblings[0] is the leaf's
// sibling); circuits walk them in the same order.
//
// The package is pure: a Tree reads its base nodes through the NodeReader
// interface and keeps its own writes in memory until the caller collects
// them with Changes. Storage lives elsewhere (state/store).
package smt
