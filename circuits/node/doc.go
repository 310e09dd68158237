// Package node is the groundwork of PARTH's universal recursive node: the
// one Groth16 circuit that verifies two child proofs of different kinds
// (wrapped user proofs, UPS steps, and itself) and, by mode, merges a
// session's proofs into its end cap or merges GUSR subtrees into a block.
//
// This file set provides the child verification with the child's key as a
// witness and the key's identity: the circuit hashes the *whole* key (e(α,β)
// in gnark's flattened E12 basis, every K point, −γ, −δ, every Pedersen key;
// all as 64-bit limbs) and the node checks that hash against the allowed
// kinds — a constant for fixed kinds (wrap, start, step) and, for itself,
// the hash carried in its own header and pinned by the consumer (end cap
// check, block circuit). gnark's Groth16 recursion binds nothing of a
// witness key to an identity, so without this hash any key would do.
//
// Shape: one placeholder key serves every child, so every circuit a node
// verifies has the same key shape: one public input and one Pedersen
// commitment over no public input (the wrapper's comes from its range
// checks; the UPS circuits commit to their header wire). TestRecursiveChildShape
// in circuits/ enforces it.
package node
