// SPDX-License-Identifier: UNLICENSED
pragma solidity 0.8.28;

import "./BLS12381.sol";

/// ValidatorQuorum checks the validators' quorum certificates on L1, so that
/// no single submitting account is trusted with finality.
///
/// The validator set (BLS12-381 G1 keys in EIP-2537 encoding, and stakes, in
/// the order of the genesis: bit i of a certificate's bitmap is validator i)
/// is committed at deployment as keccak256(abi.encode(keys, stakes)); a
/// submitter passes the set in calldata, which costs ~16 gas a byte against
/// ~2,100 per storage slot read. Keys are checked to be in G1 at deployment.
/// Their proofs of possession are checked off-chain by whoever deploys, and
/// the set is public: a rogue key would let its holder forge aggregates, so
/// the deployment is part of what everyone verifies once.
///
/// A certificate is valid when its bitmap names only members, the members
/// it names hold at least two thirds of the stake, and the aggregate
/// signature verifies under the sum of their keys for the vote message
/// "PARTH/vote/v1" ‖ chain id ‖ block number ‖ CHKP ‖ PoH hash (big-endian,
/// 8 + 8 + 32 + 32 bytes, as consensus.VoteMessage).
abstract contract ValidatorQuorum {
    uint64 public immutable chainId;
    bytes32 public immutable validatorSetHash;
    uint256 public immutable totalStake;
    uint256 public immutable validatorCount;

    address internal constant G1MSM = address(0x0c);
    /// keccak256 of the points at infinity (all zeros) of G1 and G2.
    bytes32 internal constant ZERO_G1 = keccak256(abi.encodePacked(bytes32(0), bytes32(0), bytes32(0), bytes32(0)));
    bytes32 internal constant ZERO_G2 = keccak256(
        abi.encodePacked(
            bytes32(0), bytes32(0), bytes32(0), bytes32(0), bytes32(0), bytes32(0), bytes32(0), bytes32(0)
        )
    );

    error EmptyValidatorSet();
    error ValidatorSetShape(uint256 keys, uint256 stakes);
    error BadValidatorKey(uint256 index);
    error ZeroStake(uint256 index);
    error WrongValidatorSet();
    error BadSignerBitmap();
    error NoQuorum(uint256 signed, uint256 total);
    error BadAggregateSignature();

    constructor(uint64 chainId_, bytes[] memory keys, uint64[] memory stakes) {
        if (keys.length == 0) revert EmptyValidatorSet();
        if (keys.length != stakes.length) revert ValidatorSetShape(keys.length, stakes.length);
        uint256 total;
        for (uint256 i = 0; i < keys.length; i++) {
            if (keys[i].length != 128 || !inG1(keys[i])) revert BadValidatorKey(i);
            if (stakes[i] == 0) revert ZeroStake(i);
            total += stakes[i];
        }
        chainId = chainId_;
        validatorSetHash = keccak256(abi.encode(keys, stakes));
        totalStake = total;
        validatorCount = keys.length;
    }

    /// voteMessage is consensus.VoteMessage.
    function voteMessage(uint64 number, uint256 checkpoint, bytes32 poh) public view returns (bytes memory) {
        return abi.encodePacked("PARTH/vote/v1", chainId, number, checkpoint, poh);
    }

    /// A quorum certificate for block `number` with `checkpoint` and `poh`.
    struct Certificate {
        uint64 number;
        uint256 checkpoint;
        bytes32 poh;
        bytes signers; // bitmap: bit i (byte i / 8, bit i % 8) = validator i
        bytes sig; // the aggregate signature, EIP-2537 G2
    }

    /// checkQuorum reverts unless qc is a quorum certificate of the
    /// committed set (passed as keys and stakes).
    function checkQuorum(bytes[] calldata keys, uint64[] calldata stakes, Certificate calldata qc) internal view {
        if (keccak256(abi.encode(keys, stakes)) != validatorSetHash) revert WrongValidatorSet();
        (uint256 signed, bytes memory agg) = aggregate(keys, stakes, qc.signers);
        if (3 * signed < 2 * totalStake) revert NoQuorum(signed, totalStake);
        // The identity as the aggregate key (signers whose keys sum to it)
        // or as the signature verifies any message: refused, as blst does.
        if (keccak256(agg) == ZERO_G1 || qc.sig.length != 256 || keccak256(qc.sig) == ZERO_G2) {
            revert BadAggregateSignature();
        }
        if (!BLS12381.verify(agg, voteMessage(qc.number, qc.checkpoint, qc.poh), qc.sig)) {
            revert BadAggregateSignature();
        }
    }

    /// aggregate sums the signers' stakes and keys.
    function aggregate(bytes[] calldata keys, uint64[] calldata stakes, bytes calldata signers)
        private
        view
        returns (uint256 signed, bytes memory agg)
    {
        uint256 n = keys.length;
        if (signers.length != (n + 7) / 8) revert BadSignerBitmap();
        // No bit beyond the set.
        if (n % 8 != 0 && uint8(signers[signers.length - 1]) >> (n % 8) != 0) revert BadSignerBitmap();
        for (uint256 i = 0; i < n; i++) {
            if (uint8(signers[i / 8]) & (uint8(1) << uint8(i % 8)) == 0) continue;
            signed += stakes[i];
            agg = agg.length == 0 ? keys[i] : BLS12381.addG1(agg, keys[i]);
        }
    }

    /// inG1 is true when key is a point of G1 (the G1MSM precompile
    /// refuses points outside the subgroup) other than the identity.
    function inG1(bytes memory key) private view returns (bool) {
        bool zero = true;
        for (uint256 i = 0; i < key.length; i++) {
            if (key[i] != 0) {
                zero = false;
                break;
            }
        }
        if (zero) return false;
        (bool ok, bytes memory r) = G1MSM.staticcall(abi.encodePacked(key, uint256(1)));
        return ok && r.length == 128;
    }
}

/// QuorumHarness exposes ValidatorQuorum to tests and gas measurements.
contract QuorumHarness is ValidatorQuorum {
    constructor(uint64 chainId_, bytes[] memory keys, uint64[] memory stakes)
        ValidatorQuorum(chainId_, keys, stakes)
    {}

    function check(bytes[] calldata keys, uint64[] calldata stakes, Certificate calldata qc)
        external
        view
        returns (bool)
    {
        checkQuorum(keys, stakes, qc);
        return true;
    }
}
