// Package sig holds the standard ZK-signature circuits. Each is built two
// ways from one definition: as a Groth16 protocol circuit (the network's
// key, in the node's key set; the end node verifies its proof directly, so
// a session's signature needs no wrap), and as a PLONK user circuit (one
// public input, one BSB22 commitment), the shape of a custom signature
// circuit that reaches the end node through the wrapper. Both builds have
// one public input and one commitment over an internal wire (the Groth16
// one is the node's standard child). A signature proof proves that the
// owner of a key signed a payload; its single public input is
//
//	H(TagSignature; p0, p1, p2, p3, payload)
//
// with the key's parameters padded to four elements for every scheme, so
// one end-cap circuit checks any of them.
// and a user's public key in GUSR is H(TagPublicKey; circuit id, params...),
// where the circuit id is the hash of the circuit's verifying key — so the
// end cap, which learns the verifying-key hash from the recursive verifier,
// can check a signature proof against the user's key.
//
//   - EdDSA on Baby Jubjub (the twisted Edwards curve over BN254's scalar
//     field) with Poseidon2 (Merkle–Damgård, gnark-crypto's default
//     parameters) as the EdDSA hash; params (A.x, A.y, 0, 0).
//   - ECDSA on secp256k1 over Keccak-256 of the payload's 32 big-endian
//     bytes, as an Ethereum key signs a 32-byte hash; params are the key's
//     coordinates split into 128-bit halves (x_hi, x_lo, y_hi, y_lo).
//
// Inputs gnark's gadgets take on trust are checked first: the EdDSA key and
// R in Baby Jubjub's prime-order subgroup, the key not the identity, S ≠ 0
// (eddsa.Verify checks none of these, and R = (0,0) forged any signature:
// docs/security/gnark-eddsa-unchecked-points.md); the ECDSA key on
// secp256k1. The tests run degenerate witnesses through
// circuits/internal/freechoice, a prover that picks every free value.
//
// Native twins: state.EdDSA, and ECDSA in this package's tests (gnark-crypto's
// secp256k1 ECDSA with golang.org/x/crypto's Keccak; the state package may not
// import go-ethereum, see deps_test.go).
package sig
