// Package hashing is the in-circuit twin of state/hashing: the same
// Poseidon2 sponge (BN254, width 3, rF 8, rP 56), the same capacity
// tag·2^32 + n, the same absorption order. A 2-to-1 node is one permutation
// (240 R1CS constraints).
package hashing
