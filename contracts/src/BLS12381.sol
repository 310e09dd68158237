// SPDX-License-Identifier: UNLICENSED
pragma solidity 0.8.28;

/// BLS12-381 signatures as the validators make them (blst, the POP
/// ciphersuite, minimal-pubkey-size: public keys in G1, signatures in G2),
/// verified with the EIP-2537 precompiles.
///
/// Encodings are EIP-2537's: an Fp element is 64 bytes big-endian (16 zero
/// bytes, then 48), a G1 point is x ‖ y (128 bytes), an Fp2 element is
/// c0 ‖ c1, a G2 point is x ‖ y (256 bytes); the point at infinity is all
/// zeros.
///
/// Hashing to G2 follows RFC 9380 (BLS12381G2_XMD:SHA-256_SSWU_RO_):
/// expand_message_xmd with SHA-256 to 256 bytes, four 64-byte chunks reduced
/// mod p (MODEXP precompile) into u0, u1 ∈ Fp2, then
/// MAP_FP2_TO_G2(u0) + MAP_FP2_TO_G2(u1). The precompile clears the
/// cofactor of each image; clearing is a homomorphism, so the sum equals
/// RFC 9380's clear_cofactor(map(u0) + map(u1)). A Go test checks the result
/// against blst byte for byte.
library BLS12381 {
    address internal constant G1ADD = address(0x0b);
    address internal constant G2ADD = address(0x0d);
    address internal constant PAIRING = address(0x0f);
    address internal constant MAP_FP2_TO_G2 = address(0x11);
    address internal constant MODEXP = address(0x05);

    /// The signature ciphersuite's domain separation tag (consensus/bls SigDST).
    bytes internal constant SIG_DST = "BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_";

    /// p, the base field's modulus, as 48 big-endian bytes.
    bytes internal constant P =
        hex"1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab";

    /// −G1: the generator with y negated, EIP-2537 encoded.
    bytes internal constant NEG_G1 =
        hex"0000000000000000000000000000000017f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb00000000000000000000000000000000114d1d6855d545a8aa7d76c8cf2e21f267816aef1db507c96655b9d5caac42364e6f38ba0ecb751bad54dcd6b939c2ca";

    error PrecompileFailed(address precompile);

    /// expand_message_xmd (RFC 9380 §5.3.1) with SHA-256, 256 output bytes.
    function expandMessageXMD(bytes memory message, bytes memory dst) internal pure returns (bytes memory out) {
        require(dst.length <= 255, "BLS12381: DST too long");
        bytes memory dstPrime = abi.encodePacked(dst, uint8(dst.length));
        // msg_prime = Z_pad(64) ‖ msg ‖ I2OSP(256, 2) ‖ I2OSP(0, 1) ‖ DST_prime
        bytes32 b0 = sha256(abi.encodePacked(new bytes(64), message, uint16(256), uint8(0), dstPrime));
        out = new bytes(256);
        bytes32 bi = sha256(abi.encodePacked(b0, uint8(1), dstPrime));
        for (uint256 i = 1; ; i++) {
            assembly {
                mstore(add(add(out, 32), mul(sub(i, 1), 32)), bi)
            }
            if (i == 8) break;
            bi = sha256(abi.encodePacked(b0 ^ bi, uint8(i + 1), dstPrime));
        }
    }

    /// A 64-byte big-endian integer reduced mod p, EIP-2537 encoded.
    function reduce(bytes memory chunk) internal view returns (bytes memory fp) {
        // MODEXP(base = chunk, exponent = 1, modulus = p)
        bytes memory input = abi.encodePacked(uint256(64), uint256(1), uint256(48), chunk, uint8(1), P);
        (bool ok, bytes memory r) = MODEXP.staticcall(input);
        if (!ok || r.length != 48) revert PrecompileFailed(MODEXP);
        fp = abi.encodePacked(bytes16(0), r);
    }

    /// hash_to_curve to G2 (RFC 9380, BLS12381G2_XMD:SHA-256_SSWU_RO_).
    function hashToG2(bytes memory message, bytes memory dst) internal view returns (bytes memory) {
        bytes memory u = expandMessageXMD(message, dst);
        bytes memory q0 = mapToG2(abi.encodePacked(reduce(slice(u, 0)), reduce(slice(u, 64))));
        bytes memory q1 = mapToG2(abi.encodePacked(reduce(slice(u, 128)), reduce(slice(u, 192))));
        return call(G2ADD, abi.encodePacked(q0, q1), 256);
    }

    /// e(pk, H(message)) = e(G1, sig), one pairing-check precompile call.
    /// The precompile checks both points are in their subgroups.
    function verify(bytes memory pk, bytes memory message, bytes memory sig) internal view returns (bool) {
        bytes memory h = hashToG2(message, SIG_DST);
        (bool ok, bytes memory r) = PAIRING.staticcall(abi.encodePacked(pk, h, NEG_G1, sig));
        return ok && r.length == 32 && uint256(bytes32(r)) == 1;
    }

    /// a + b in G1 (on-curve checked by the precompile; callers pass keys
    /// whose subgroup membership was checked at genesis).
    function addG1(bytes memory a, bytes memory b) internal view returns (bytes memory) {
        return call(G1ADD, abi.encodePacked(a, b), 128);
    }

    function mapToG2(bytes memory u) private view returns (bytes memory) {
        return call(MAP_FP2_TO_G2, u, 256);
    }

    function call(address precompile, bytes memory input, uint256 outLen) private view returns (bytes memory) {
        (bool ok, bytes memory r) = precompile.staticcall(input);
        if (!ok || r.length != outLen) revert PrecompileFailed(precompile);
        return r;
    }

    function slice(bytes memory b, uint256 at) private pure returns (bytes memory s) {
        s = new bytes(64);
        for (uint256 i = 0; i < 64; i++) {
            s[i] = b[at + i];
        }
    }
}

/// BLS12381Harness exposes the library to tests.
contract BLS12381Harness {
    function hashToG2(bytes calldata message, bytes calldata dst) external view returns (bytes memory) {
        return BLS12381.hashToG2(message, dst);
    }

    function verify(bytes calldata pk, bytes calldata message, bytes calldata sig) external view returns (bool) {
        return BLS12381.verify(pk, message, sig);
    }

    function addG1(bytes calldata a, bytes calldata b) external view returns (bytes memory) {
        return BLS12381.addG1(a, b);
    }
}
