package bls

import blst "github.com/supranational/blst/bindings/go"

// The EIP-2537 encodings, which L1 contracts take (contracts/src/BLS12381.sol):
// an Fp element is 64 bytes big-endian (16 zero bytes, then 48), a G1
// point x ‖ y (128 bytes), an Fp2 element c0 ‖ c1, a G2 point x ‖ y (256
// bytes). blst's uncompressed forms are 48-byte coordinates, with Fp2
// elements as c1 ‖ c0.

// EIP2537 is p as a G1 point in EIP-2537's encoding. It fails on an invalid key.
func (p PublicKey) EIP2537() ([]byte, error) {
	pt, err := p.point()
	if err != nil {
		return nil, err
	}
	return g1EIP2537(pt), nil
}

// EIP2537 is s as a G2 point in EIP-2537's encoding. It fails on an
// invalid signature.
func (s Signature) EIP2537() ([]byte, error) {
	pt, err := s.point()
	if err != nil {
		return nil, err
	}
	return g2EIP2537(pt), nil
}

// HashToG2EIP2537 is blst's hash of msg to G2 under dst, EIP-2537 encoded
// (the twin of BLS12381.hashToG2 on L1).
func HashToG2EIP2537(msg, dst []byte) []byte {
	return g2EIP2537(blst.HashToG2(msg, dst).ToAffine())
}

func g1EIP2537(p *blst.P1Affine) []byte {
	raw := p.Serialize() // x ‖ y
	out := make([]byte, 128)
	copy(out[16:64], raw[0:48])
	copy(out[80:128], raw[48:96])
	return out
}

func g2EIP2537(p *blst.P2Affine) []byte {
	raw := p.Serialize() // x.c1 ‖ x.c0 ‖ y.c1 ‖ y.c0
	out := make([]byte, 256)
	for i, src := range []int{48, 0, 144, 96} { // x.c0, x.c1, y.c0, y.c1
		copy(out[64*i+16:64*(i+1)], raw[src:src+48])
	}
	return out
}
