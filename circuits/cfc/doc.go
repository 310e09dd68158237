// Package cfc holds contract-function circuits (CFC): PLONK circuits that
// prove one call moved CSTATE(user, contract) from root Before to root After
// by the function's logic, given the checkpoint for reads.
//
// # Shape (every CFC, hand-written here or emitted by the Dapen compiler)
//
//   - exactly one public input: the hash of the Header (state.CFCHeader);
//   - the header's fields are witnesses bound by that hash;
//   - exactly one BSB22 commitment (the range checker's), so that every user
//     circuit has the same verifying-key shape and one recursive verifier
//     (with the key as witness) accepts them all.
//
// The circuits here are the seed's Diamonds & Rubies buyRubies and USDT
// transfer and claim, mirroring state/apps line by line: same slots, same
// order of writes (each write is a delta proof chained on the previous root),
// same checks (asserts, checked 64-bit arithmetic).
package cfc
