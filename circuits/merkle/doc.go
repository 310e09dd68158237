// Package merkle verifies PARTH's sparse-Merkle inclusion and delta proofs
// in-circuit, mirroring state/smt: levels from the leaf up, siblings leaf to
// root, the index's bit l choosing whether the running node is the right
// child at level l. The index is decomposed into exactly depth bits, which
// also constrains it to the tree's range.
package merkle
