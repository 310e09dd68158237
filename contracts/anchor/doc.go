// Package anchor submits finalized PARTH blocks to the L1 Rollup contract
// (contracts/src/Rollup.sol) and deploys it.
//
// An Anchor holds one L1 account, which pays for submissions; the Rollup
// trusts none: it takes a block only with the validators' quorum
// certificate. SubmitFinalized checks the certificate natively first, and is
// idempotent: it reads the contract first, so a block already anchored with
// the same checkpoint is reported as such and not sent again, and a retry
// after a lost answer or a restart never double-submits (a second copy would
// revert anyway: the Rollup only takes block n+1). Before sending it
// estimates gas — a transaction the contract would revert (a bad proof, a
// block out of order) is refused there with the contract's decoded error and
// costs nothing — and sends with a 25% margin. Transient failures (the
// endpoint unreachable, a receipt that does not come) are retried with a
// doubling backoff; a revert is final.
//
// Decisions:
//   - The block verifier is gnark's exported Solidity verifier of the block
//     circuit's key. Dev keys are set up per machine (keys cache), so the
//     bytecode checked in (make generate) is a template for the circuit's
//     shape, and a node writes its key's values into it
//     (contracts.BlockVerifier); the Rollup, whose code does not depend on
//     any key, is checked in with its bindings.
//   - The default L1 is go-ethereum's in-process simulated backend with the
//     chain rules of Ethereum mainnet as they are today (every fork mainnet
//     has activated — Prague, Osaka and its blob-parameter forks — and none it
//     has not), so gas is what mainnet would charge. A JSON-RPC URL replaces
//     it (Dial).
//   - Anyone may submit. Any prover could make a valid proof of another block
//     on the same parent (another ordering of the same end caps); only the
//     block the validators finalized has a certificate, which L1 checks
//     (BLS12-381 aggregate with the EIP-2537 precompiles, against the set
//     committed at deployment). The set travels in calldata (~16 gas a byte)
//     rather than storage (2,100 a slot read): submitBlock costs 664 k gas
//     with 4 validators and 1.09 M with 100 (TestSubmitBlockGas).
package anchor
