// Package anchor submits finalized PARTH blocks to the L1 Rollup contract
// (contracts/src/Rollup.sol) and deploys it.
//
// An Anchor holds one L1 account (the Rollup's anchor). Submit is
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
//     circuit's key. Dev keys are set up per machine (keys cache), so its
//     bytecode is compiled where the key is (contracts.CompileVerifier, the
//     pinned npm solc), not checked in; the Rollup, whose code does not
//     depend on any key, is checked in with its bindings (make generate).
//   - The default L1 is go-ethereum's in-process simulated backend with the
//     chain rules of Ethereum mainnet as they are today (every fork mainnet
//     has activated — Prague, Osaka and its blob-parameter forks — and none it
//     has not), so gas is what mainnet would charge. A JSON-RPC URL replaces
//     it (Dial).
//   - Submission is restricted to the anchor account: any prover could make a
//     valid proof of another block on the same parent (another ordering of
//     the same end caps), and it must not race the block validators
//     finalized. Verifying the validators' BLS quorum certificate on L1
//     (EIP-2537) is the seam that would lift the restriction.
package anchor
