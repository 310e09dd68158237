// Package wrap turns any user PLONK proof (a contract-function or signature
// proof: one public input, one commitment, made with the universal SRS) into
// a Groth16 proof of uniform shape whose single public input is the
// attestation
//
//	H(TagAttest; vk hash, inner public input)
//
// the commitment that UPS steps put in a session's proof tree. Every later
// recursion verifies only Groth16 proofs of this one wrapper key, so the
// expensive PLONK-in-BN254 verifier (~3 M constraints) exists exactly once.
//
// Soundness: the inner verifying key is a witness. gnark's PLONK verifier
// does not bind the key's Size, Generator or commitment indexes into its
// transcript, and nothing ties a key to an identity, so the circuit hashes
// the whole circuit-specific key (every field, every limb) into vk hash; the
// SRS part of the key (BaseVerifyingKey) is a circuit constant. A key whose
// hash is not the one expected (whitelist, user's public key) is rejected by
// whoever consumes the attestation.
//
// # Cap mode
//
// The wrapper has a second mode (IsCap = 1) for the commonest session: one
// call, signed with the standard EdDSA key. It verifies the call's CFC
// proof as above and, instead of exposing the attestation, checks
// everything the step circuit, the node's pair mode and its end mode would
// (node.Cap: the call's whitelist entry, GCON leaf, checkpoint and UCON
// update, the user's key, the EdDSA signature of the payload, inline) and
// exposes the end cap's node header. That is one 3.30 M-constraint proof
// per such session where there were three (the wrap, 3.26 M, and two node
// proofs of 4.12 M each), and its PLONK verifier is the one this package
// already has, so no new key is set up.
//
// Why in the wrapper and not in a circuit of its own: a separate cap
// circuit would cost about as much (the PLONK verification is 99% of it)
// and a second ~12-minute Groth16 setup in every fresh deployment and test
// run; the mode costs 36 k constraints (78.6% of 2^22) and leaves the
// wrapper's key the only one that verifies PLONK proofs.
//
// Why the modes cannot stand for each other: the attestation mode's output
// is H(TagAttest; ·) and the cap's is H(TagNode; ·), and every consumer
// fixes which it expects (the node's pair and end modes an attestation, its
// aggregation modes an end-cap header), so a proof of one mode would have to
// be a hash collision across tags to pass for the other. The attestation
// mode's key is any PLONK key at all (it is the consumer who whitelists
// it), which is why the cap mode must never output an attestation-shaped
// value and never does.
package wrap
