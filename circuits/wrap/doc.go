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
package wrap
