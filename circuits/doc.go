// Package circuits holds PARTH's circuits and the gadgets they are built
// from. Every circuit mirrors a native twin in state/ exactly (same hash,
// same tags, same tree layout, same checks) and is tested against it on
// valid witnesses and on invalid witnesses of every constraint family.
//
// circuits/ never imports storage, networking or go-ethereum (deps_test.go).
//
// # The user side
//
//	cfc/   contract-function circuits (PLONK, user-circuit shape)
//	sig/   signature circuits (PLONK, user-circuit shape)
//	ups/   UPS start and transact steps (Groth16; attest, never verify)
//	wrap/  user PLONK proof → Groth16 proof of its attestation
//
// # Discharging a session (the end cap): measured costs
//
// Measured with gnark v0.16.0 (bench/recursion, bench/constraints.csv):
// verifying a Groth16 BN254 proof inside a BN254 circuit costs 1.14 M R1CS
// constraints with the key fixed and 1.49 M with the key as a witness, linear
// in the number of proofs without pairing batching (2.21 M / 2.91 M for two);
// verifying a user PLONK proof with its key as a witness (wrap) costs 3.26 M.
// For a one-call session (start, step, CFC, signature) the candidate splits
// cost, in constraints proven after the user's own small proofs:
//
//	A. one end cap verifying start, step, W(CFC), W(sig) with fixed keys:
//	   2 × 3.26 M (wraps) + 4 × 1.14 M ≈ 11.1 M, but its size grows with the
//	   number of calls (one circuit per session length);
//	B. a binary tree of one self-referential node (two children, keys as
//	   witnesses checked against a set of key hashes, its own hash in its
//	   header): 2 × 3.26 M + 3 nodes × 2.91 M ≈ 15.2 M, any session length,
//	   and the same node serves the block's aggregation tree;
//	C. an end cap that re-proves the start and step logic inline (~41 k
//	   constraints, not a proof verification) and verifies only the wrapped
//	   proofs: 2 × 3.26 M + 2 × 1.14 M ≈ 8.8 M — cheapest per session, but the
//	   user's step proofs then buy nothing but early feedback, and sessions of
//	   any length still need B's node over the wrapped proofs.
//
// The plan is B's node with C's shortcut at the leaves: wrapped proofs are
// aggregated pairwise by the universal node, and the end-cap mode of that
// node re-checks the session chain from the step headers; batching the two
// children's pairings (one multi-Miller loop, one final exponentiation) is
// expected to save the 20–32% measured in the design spike.
package circuits
