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
// The user's part ends there: a user proves only small circuits (a CFC,
// a step, the start and the signature; about 4 s for a one-call session on
// two cores) and sends the bundle's EndCapJob. The network wraps each CFC
// proof (the wrapper: a PLONK proof into a Groth16 proof of its
// attestation) and proves the end cap's nodes (ProveEndCap), with keys the
// user never loads. The signature is not wrapped: the standard signature
// circuits (EdDSA, secp256k1 ECDSA) are Groth16 circuits whose keys are in
// the node's key set, and the end node verifies their proofs directly. A
// user PLONK signature circuit would go through the wrapper, which the end
// node also accepts.
//
// A one-call session signed with the standard EdDSA key (the commonest)
// carries direct data in its job (Direct: the CFC header, the whitelist and
// GCON paths, the signature itself), and the network proves its end cap in
// one proof, the wrapper's cap mode, instead of a wrap and two node proofs.
//
// An EndCapJob (Bundle.Job) is what a user sends the network: headers,
// step proofs, the CFC proofs with their key hashes and public inputs, the
// signature proof, the checkpoint preimage and the deltas, with a
// canonical encoding. CheckEndCapJob is its native check (every proof
// against its key, each CFC against its step's attestation, the chain, the
// signature key and payload), run by the aggregator before a job is queued
// and by ProveEndCap before it proves.
package session
