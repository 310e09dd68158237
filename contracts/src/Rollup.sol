// SPDX-License-Identifier: UNLICENSED
pragma solidity 0.8.28;

/// The block circuit's Groth16 verifier, as gnark exports it: it reverts
/// unless `proof` is a valid proof for `input` = [CHKP(n-1), CHKP(n)].
interface IBlockVerifier {
    function verifyProof(bytes calldata proof, uint256[2] calldata input) external view;
}

/// Rollup anchors PARTH block proofs on L1.
///
/// It stores the latest checkpoint root CHKP(n) and its block number n, and
/// every anchored checkpoint by number. `submitBlock` accepts block n + 1
/// only with a block proof whose public inputs it builds itself: the stored
/// CHKP(n) and the submitted CHKP(n + 1). A checkpoint commits to its own
/// number (CHKP(n) = H(n, CHKP(n-1), ...)), so the proof binds the number
/// too. Only the anchor account may submit: a second valid block for the same
/// parent (another ordering of the same end caps) must not race the one the
/// validators finalized.
contract Rollup {
    /// The BN254 scalar field: public inputs must be reduced.
    uint256 internal constant R = 21888242871839275222246405745257275088548364400416034343698204186575808495617;

    IBlockVerifier public immutable verifier;
    address public immutable anchor;

    /// The number of the latest anchored block (0 = genesis).
    uint256 public blockNumber;
    /// CHKP(blockNumber).
    uint256 public checkpoint;
    /// Every anchored checkpoint, by block number.
    mapping(uint256 => uint256) public checkpoints;

    event BlockAnchored(uint256 indexed number, uint256 checkpoint, uint256 parent);

    error NotAnchor(address sender);
    error BlockOutOfOrder(uint256 expected, uint256 got);
    error CheckpointNotInField(uint256 checkpoint);
    error ProofRejected(uint256 number);

    constructor(IBlockVerifier verifier_, address anchor_, uint256 genesisCheckpoint) {
        if (genesisCheckpoint >= R) revert CheckpointNotInField(genesisCheckpoint);
        verifier = verifier_;
        anchor = anchor_;
        checkpoint = genesisCheckpoint;
        checkpoints[0] = genesisCheckpoint;
    }

    /// Anchors block `number` with checkpoint `next`, proven by `proof`
    /// (gnark's Solidity encoding of the block circuit's Groth16 proof).
    function submitBlock(uint256 number, uint256 next, bytes calldata proof) external {
        if (msg.sender != anchor) revert NotAnchor(msg.sender);
        uint256 n = blockNumber;
        if (number != n + 1) revert BlockOutOfOrder(n + 1, number);
        if (next >= R) revert CheckpointNotInField(next);
        uint256 prev = checkpoint;
        try verifier.verifyProof(proof, [prev, next]) {}
        catch {
            revert ProofRejected(number);
        }
        blockNumber = number;
        checkpoint = next;
        checkpoints[number] = next;
        emit BlockAnchored(number, next, prev);
    }
}
