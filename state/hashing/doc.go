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
// Node(tag, l, r), the internal node of a Merkle tree, is one call of the
// width-2 Poseidon2 compression, f(l, r) = P(l, r)[1] + r (gnark's
// Compress, the feed-forward that makes the permutation one-way), plus the
// constant c_tag = tag·2^32 + 2: 216 R1CS and 347 PLONK constraints in gnark,
// against 240 and 645 for a width-3 permutation (issue 12, lever 4: most of a
// contract-function circuit is Merkle paths, so the PLONK saving is most of
// a CFC's size). Rounds rF = 8, rP = 56 are the Poseidon2 paper's for t = 2
// over BN254 with its security margin; gnark-crypto's own default for t = 2
// (6, 50) drops the margin, and saves 30 constraints a node we do not need.
// The round constants are gnark-crypto's, derived from the parameters'
// name by its seeded generator (it has built-in reference constants only
// for other widths), so these hashes do not match other libraries'
// Poseidon2; gnark's circuit permutation derives the same ones.
//
// Domain separation of nodes: the tag is added to the output, not the
// input. An input offset, P(l + c_t, r), would make cross-tree collisions
// trivial (l' = l + c_t − c_t'); with an output offset, Node_t(x) =
// Node_t'(y) needs f(x) − f(y) = c_t' − c_t, as hard generically as a
// collision of f. Every tree has a fixed depth and every proof is checked
// against a root of a known tree, so the tag is defence in depth: the
// Merkle argument needs only f's collision resistance. Rejected: the tag as
// a Merkle–Damgård IV (two calls per node) and seeded round constants per
// tag (gnark's circuit permutation takes only the default seed).
//
// The circuits in circuits/ mirror these functions exactly: same permutation
// parameters, same capacity initialisation, same absorption order, the same
// node compression and offset. Any change here is a protocol change.
package hashing
