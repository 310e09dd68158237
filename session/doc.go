// Package session is the user's SDK for a User Proving Session: from a
// wallet key and a list of calls against a recent checkpoint, it executes
// the calls natively, proves every piece of the session — one CFC proof per
// call (PLONK), the UPS start and one transact step per call (Groth16), the
// signature proof over the payload (the standard EdDSA circuit, Groth16) —
// and returns a Bundle.
//
// Verify is the native discharge of a bundle, the twin of what the end-cap
// circuit proves: every proof verifies under the key its attestation names,
// the steps chain from the start to the end root, each step's CFC
// attestation is the CFC proof's (whitelisted key, header), and the signature
// proof is by the user's key over H(chain tag, user, nonce, start root, end
// root), the chain tag being the checkpoint's.
// A node can accept a bundle after Verify and prove the end cap itself
// (network-side end-cap proving); Wrap produces the wrapped CFC proofs the
// recursive end cap consumes. The signature is not wrapped: the standard
// signature circuits (EdDSA, secp256k1 ECDSA) are Groth16 circuits whose
// keys are in the node's key set, and the end node verifies their proofs
// directly. A user PLONK signature circuit would go through the wrapper,
// which the end node also accepts.
//
// An EndCapJob (Bundle.Job) is what a user sends the network: headers,
// step proofs, wrapped proofs and the checkpoint preimage, with a
// canonical encoding. CheckEndCapJob is its native check (every proof
// against its key, the chain, the signature key and payload), run by the
// aggregator before a job is queued and by ProveEndCap before it proves.
package session
