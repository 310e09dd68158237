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
//	sig/   standard signature circuits (Groth16 protocol circuits; also
//	       built as PLONK user circuits, the shape of custom ones)
//	ups/   UPS start and transact steps (Groth16; attest, never verify)
//	wrap/  user PLONK proof → Groth16 proof of its attestation, or (cap
//	       mode) of a one-call session's end cap
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
// What was built is B's node, with the start re-checked where it matters:
//
//	pair(T_i, W(CFC_i)) → segment(T_i.Prev, H(T_i))   one per call
//	join(seg, seg)      → segment                      n−1 per session
//	end(seg, S)         → end-cap header               one per session
//
// where S is the signature proof: a standard signature circuit's own Groth16
// proof (EdDSA, 7.8 k R1CS; secp256k1 ECDSA, 449 k), whose key is in the
// node's key set, or W(sig) for a user PLONK signature circuit. So a
// one-call session costs one wrap and two node proofs (issue 12, lever 1:
// the signature's wrap was 3.26 M constraints and ~41 s of the client's
// time), and the network makes all three from the user's job: the client
// proves the CFC (PLONK), the step, the start and the signature, and
// nothing of millions of constraints. The start proof is not verified in
// the tree: its statement (the user's GUSR leaf at
// the checkpoint) is what the aggregation leaf checks against the live GUSR
// tree anyway, and verifying a 9.7 k-constraint proof would cost ~2.3 M.
// The end node binds the segment to the session's start header (the first
// step's Prev), so the step chain is still anchored.
//
// Then C, for the session most users send (one call, the standard EdDSA
// key), without the step proofs and with the PLONK verification done once:
// the wrapper's cap mode (wrap, node.Cap) verifies the CFC's PLONK proof,
// re-checks the step's call logic and the EdDSA signature inline (36 k
// constraints) and outputs the end-cap header itself: 3.30 M constraints
// for the end cap, where wrap + pair + end cost 11.5 M, and one proof where
// there were three. Per user that is 3.30 M + one merge node's 4.12 M
// ≈ 7.4 M, against 15.6 M. Longer sessions and custom signature circuits
// keep B; the aggregation nodes take an end cap from either key.
//
// Measured in the node (gnark v0.16.0): with gnark's verifier each child
// cost ~2.28 M constraints (4.57 M per node), of which the Groth16 pairing
// equation (Pair + GT equality, 3 pairs) was 1.36 M and the Pedersen
// proof-of-knowledge check (2 pairs) 0.74 M; one in-circuit pair costs
// ~0.26 M and a residue-based pairing check ~0.22 M fixed. Batching the two
// children's four pairing equations into one check needs a random linear
// combination: eight emulated G1 scalar multiplications (0.165 M each at
// full width) plus the two e(α,β) pairs, ≈ 4.1 M against 4.2 M unbatched —
// no gain at these ratios. What pays is replacing Pair + GT equality by one
// Miller loop over the three pairs times g = MillerLoop(−α, β), computed
// natively and carried in the key instead of e(α,β), and a residue check
// that the final exponentiation is one: the node is 4.06 M (−11%).
package circuits
