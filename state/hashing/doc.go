// Package hashing is the one hash function of PARTH's state: Poseidon2 over
// the BN254 scalar field, with a domain-separation tag for every tree and every
// kind of leaf or record.
//
// # Construction
//
// Hash(tag, x1..xn) is a sponge over the width-3 Poseidon2 permutation of
// gnark-crypto (rF = 8, rP = 56, the parameters the Poseidon2 paper gives for
// t = 3 over BN254). The state is [c, r1, r2]: the capacity element c starts
// at tag·2^32 + n (domain and length separation, Poseidon paper §4.2), the
// inputs are absorbed two at a time into r1, r2 (the last pair padded with 0,
// which is unambiguous because n is in the capacity), the permutation runs
// after each pair, and the output is r1.
//
// A 2-to-1 node hash therefore costs one permutation (240 R1CS constraints in
// gnark's std/permutation/poseidon2 with the same parameters). The alternative
// that was rejected: Merkle–Damgård over gnark's width-2 compression (186
// constraints per call) with the tag as IV costs two calls per node (372) and
// puts the tag where a collision in the first call erases it.
//
// The circuits in circuits/ mirror this function exactly: same permutation
// parameters, same capacity initialisation, same absorption order. Any change
// here is a protocol change.
package hashing
