// Package node is PARTH's universal recursive node: one Groth16 circuit
// that verifies two child proofs of different kinds (wrapped user proofs,
// UPS steps, and itself) with their keys as witnesses and, by mode, merges a
// session's proofs into its end cap (session.go: pair, join, end) or a
// block's end caps into its GUSR transition (aggregate.go: merge, single;
// leaves and climbs happen inside them). One key serves both trees.
//
// Identity of keys: the circuit hashes each child's *whole* key (e(α,β) in
// gnark's flattened E12 basis, every K point, −γ, −δ, every Pedersen key;
// all as 64-bit limbs; native twin KeyHash) and checks the hash against the
// kind the mode expects. The accepted hashes travel as a key set (node,
// wrapper, UPS step, the standard EdDSA and ECDSA signature circuits) whose
// hash is part of every node header; a node child
// must carry the same key set, so a whole tree shares it, and the consumer
// of the root pins it (session.NetworkKeys.VerifyEndCap, later the block circuit).
// gnark's Groth16 recursion binds nothing of a witness key to an identity,
// so without this hash any key would do. Keeping the key set out of the
// circuit's constants also makes the node's constraint system independent
// of any setup (its id is the same on every machine).
//
// Shape: one placeholder key (StandardChild) serves every child, so every
// circuit a node verifies has the same key shape: one public input and one
// Pedersen commitment over no public input (the wrapper's, the node's and
// ECDSA's come from their range checks; the UPS circuits and EdDSA commit
// to an internal copy of their statement). TestRecursiveChildShape in circuits/ enforces it.
//
// Soundness: Logic is tested separately (session_test.go) with the
// children's key hashes and public inputs as witnesses, for every mode and
// every family of forgery (wrong kind of child, proof of another call,
// reordered or skipped steps, another key set, signature by another key or
// over another payload, another checkpoint, a mode out of range).
package node
