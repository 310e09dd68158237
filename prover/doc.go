// Package prover is the one place for proving keys and proving: it compiles
// circuits, sets them up (or loads production material), caches keys on disk
// keyed by the circuit's hash, proves, verifies, and encodes proofs and keys
// canonically.
//
// # Keys
//
// A circuit's identity is the SHA-256 of its proof system, its serialized
// constraint system and, for PLONK, the SRS's identity: two machines that
// compile the same circuit get the same id, and any change to a circuit gets
// a new one, so a stale key is never used. Keys live in Setup.Dir
// (default $PARTH_KEY_CACHE, else the user cache dir /parth/keys) as
// <name>-<id>/{pk,vk}, written to a temporary file and renamed, so a
// killed setup leaves no half key behind.
//
//   - Groth16 (protocol circuits): dev setup with groth16.Setup, or import
//     keys produced by gnark's MPC ceremony (backend/groth16/bn254/mpcsetup)
//     with ImportGroth16.
//   - PLONK (user circuits): one universal KZG SRS for all of them — the base
//     of their verifying keys must be a constant of the recursive verifier.
//     DevSRS generates one with a random, discarded τ once per machine and
//     caches it; LoadSRS reads a published BN254 SRS (gnark-crypto format).
//
// # Proving
//
// Proving goes through a Backend (CPU here; the GPU issue adds ICICLE behind
// a build tag with the same interface). Proofs meant to be verified inside
// another BN254 circuit must be made with ForRecursion, which switches the
// transcript hashes to the ones gnark's std/recursion verifiers use.
package prover
