// Package hashing is the in-circuit twin of state/hashing: the same
// Poseidon2 sponge (BN254, width 3, rF 8, rP 56), the same capacity
// tag·2^32 + n, the same absorption order; and the same Merkle node, the
// width-2 compression (rF 8, rP 56) plus the tag's constant: 216 R1CS or
// 347 PLONK constraints a node, against 240 and 645 for the sponge's
// permutation.
package hashing
