package sig

import (
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/std/algebra/emulated/sw_emulated"
	"github.com/consensys/gnark/std/hash/sha3"
	"github.com/consensys/gnark/std/math/bits"
	"github.com/consensys/gnark/std/math/emulated"
	"github.com/consensys/gnark/std/math/uints"
	"github.com/consensys/gnark/std/signature/ecdsa"

	"github.com/parthnet/parth/circuits/hashing"
	native "github.com/parthnet/parth/state/hashing"
)

type (
	fp = emulated.Secp256k1Fp
	fn = emulated.Secp256k1Fr
)

// ECDSA proves a secp256k1 ECDSA signature of Keccak-256(payload bytes).
type ECDSA struct {
	Public  frontend.Variable `gnark:",public"`
	Key     ecdsa.PublicKey[fp, fn]
	Sig     ecdsa.Signature[fn]
	Payload frontend.Variable
}

func (c *ECDSA) Define(api frontend.API) error {
	// The payload's 32 big-endian bytes; the 254-bit decomposition is
	// canonical (gnark checks it is below the modulus).
	pbits := bits.ToBinary(api, c.Payload)
	bf, err := uints.NewBytes(api)
	if err != nil {
		return err
	}
	msg := make([]uints.U8, 32)
	for i := range msg {
		v := frontend.Variable(0)
		for j := 7; j >= 0; j-- {
			b := 8*(31-i) + j
			if b < len(pbits) {
				v = api.Add(api.Mul(v, 2), pbits[b])
			} else {
				v = api.Mul(v, 2)
			}
		}
		msg[i] = bf.ValueOf(v)
	}
	k, err := sha3.NewLegacyKeccak256(api)
	if err != nil {
		return err
	}
	k.Write(msg)
	digest := k.Sum()
	// Digest as a big-endian integer, to the scalar field.
	dbits := make([]frontend.Variable, 0, 256)
	for i := 31; i >= 0; i-- {
		dbits = append(dbits, api.ToBinary(bf.Value(digest[i]), 8)...)
	}
	scalars, err := emulated.NewField[fn](api)
	if err != nil {
		return err
	}
	e := scalars.FromBits(dbits...)
	// gnark's ecdsa.Verify refuses the key (0,0) but never checks that the
	// key is on the curve; its formulas do not involve b, so an off-curve
	// key computes on another curve y² = x³ + b' (an invalid-curve key, whose
	// small-order points make signatures guessable). secp256k1 has cofactor
	// 1: on the curve is in the group.
	curve, err := sw_emulated.New[fp, fn](api, sw_emulated.GetSecp256k1Params())
	if err != nil {
		return err
	}
	key := sw_emulated.AffinePoint[fp](c.Key)
	curve.AssertIsOnCurve(&key)
	c.Key.Verify(api, sw_emulated.GetSecp256k1Params(), e, &c.Sig)

	// Params: coordinates in 128-bit halves.
	coords, err := emulated.NewField[fp](api)
	if err != nil {
		return err
	}
	params := make([]frontend.Variable, 0, 5)
	for _, x := range []*emulated.Element[fp]{&c.Key.X, &c.Key.Y} {
		xb := coords.ToBitsCanonical(x)
		params = append(params, bits.FromBinary(api, xb[128:256]), bits.FromBinary(api, xb[:128]))
	}
	h, err := hashing.New(api)
	if err != nil {
		return err
	}
	api.AssertIsEqual(h.Hash(native.TagSignature, append(params, c.Payload)...), c.Public)
	return nil
}
