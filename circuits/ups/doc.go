// Package ups holds the User Proving Session step circuits (Groth16, small,
// proven by the user as the session goes):
//
//   - Start proves the user exists at the checkpoint: its GUSR leaf
//     H(pk, UCON start, nonce) is under the checkpoint's GUSR root.
//   - Step (transact) takes one call's CFC header and the hash of its CFC
//     verifying key, checks that hash is the function's entry in the
//     contract's whitelist committed in GCON at the checkpoint, moves UCON
//     from the previous step's root by a delta proof from the CFC's
//     before-root to its after-root, and attests — without verifying — the
//     CFC proof (H(vk hash, CFC header hash)) and the previous step (the hash
//     of its header).
//
// Neither verifies a proof, so a step costs a few Merkle paths (k_tx = CFC +
// step). The end cap discharges the attestations by verifying the committed
// proofs. Headers are state.StartHeader and state.StepHeader; each circuit's
// single public input is its header's hash.
package ups
