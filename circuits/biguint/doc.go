// Package biguint is checked 64-bit unsigned arithmetic in-circuit, the twin
// of state.Add/Sub/Mul and state.ToUint: values are range-checked to 64 bits,
// and an operation whose true result leaves [0, 2^64) makes the witness
// unsatisfiable instead of wrapping modulo p.
//
// Soundness: inputs must already be 64-bit (Checked does this); then a+b
// < 2^65 and a·b < 2^128 never wrap the 254-bit field, so range-checking the
// field result to 64 bits is exactly the overflow check, and a−b is in range
// iff a ≥ b (otherwise it is p − (b − a), far above 2^64). Range checks use
// gnark's std/rangecheck (a log-derivative lookup over a commitment, whose
// decomposition hint is pinned by the lookup and the recomposition).
package biguint
