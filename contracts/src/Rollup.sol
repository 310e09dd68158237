// SPDX-License-Identifier: UNLICENSED
pragma solidity 0.8.28;

import "./ValidatorQuorum.sol";

/// The block circuit's Groth16 verifier, as gnark exports it: it reverts
/// unless `proof` is a valid proof for `input` = [CHKP(n-1), CHKP(n)].
interface IBlockVerifier {
    function verifyProof(bytes calldata proof, uint256[2] calldata input) external view;
}

/// Rollup anchors PARTH block proofs on L1.
///
/// It stores the latest checkpoint root CHKP(n) and its block number n, and
/// every anchored checkpoint by number. `submitBlock` accepts block n + 1
/// only with
///
///   - the validators' quorum certificate for (n + 1, CHKP(n + 1), PoH hash)
///     under the validator set committed at deployment (ValidatorQuorum:
///     ≥ 2/3 of the stake, BLS12-381 aggregate checked with EIP-2537), so
///     the block is the one the validators finalized, whoever sends it;
///   - a block proof whose public inputs the contract builds itself: the
///     stored CHKP(n) and the certified CHKP(n + 1). A checkpoint commits
///     to its number and its PoH hash, so the proof binds both.
///
/// Anyone may submit: a second valid block for the same parent has no
/// certificate unless a third of the stake equivocated.
contract Rollup is ValidatorQuorum {
    /// The BN254 scalar field: public inputs must be reduced.
    uint256 internal constant R = 21888242871839275222246405745257275088548364400416034343698204186575808495617;

    IBlockVerifier public immutable verifier;

    /// The number of the latest anchored block (0 = genesis).
    uint256 public blockNumber;
    /// CHKP(blockNumber).
    uint256 public checkpoint;
    /// Every anchored checkpoint, by block number.
    mapping(uint256 => uint256) public checkpoints;

    event BlockAnchored(uint256 indexed number, uint256 checkpoint, uint256 parent, bytes32 poh);

    error BlockOutOfOrder(uint256 expected, uint256 got);
    error CheckpointNotInField(uint256 checkpoint);
    error ProofRejected(uint256 number);

    constructor(
        IBlockVerifier verifier_,
        uint256 genesisCheckpoint,
        uint64 chainId_,
        bytes[] memory keys,
        uint64[] memory stakes
    ) ValidatorQuorum(chainId_, keys, stakes) {
        if (genesisCheckpoint >= R) revert CheckpointNotInField(genesisCheckpoint);
        verifier = verifier_;
        checkpoint = genesisCheckpoint;
        checkpoints[0] = genesisCheckpoint;
    }

    /// Anchors block qc.number with checkpoint qc.checkpoint, finalized by
    /// qc (signed by the validators named in its bitmap; keys and stakes are
    /// the committed set) and proven by `proof` (gnark's Solidity encoding
    /// of the block circuit's Groth16 proof).
    function submitBlock(bytes calldata proof, bytes[] calldata keys, uint64[] calldata stakes, Certificate calldata qc)
        external
    {
        uint256 n = blockNumber;
        if (qc.number != n + 1) revert BlockOutOfOrder(n + 1, qc.number);
        if (qc.checkpoint >= R) revert CheckpointNotInField(qc.checkpoint);
        checkQuorum(keys, stakes, qc);
        uint256 prev = checkpoint;
        try verifier.verifyProof(proof, [prev, qc.checkpoint]) {}
        catch {
            revert ProofRejected(qc.number);
        }
        blockNumber = qc.number;
        checkpoint = qc.checkpoint;
        checkpoints[qc.number] = qc.checkpoint;
        emit BlockAnchored(qc.number, qc.checkpoint, prev, qc.poh);
    }
}
