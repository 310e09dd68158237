// Package bls is BLS12-381 signing for validator votes: supranational's
// blst (the implementation Ethereum's consensus clients use) with the
// standard proof-of-possession ciphersuite of the IETF BLS draft,
// "minimal-pubkey-size" (public keys in G1, 48 bytes; signatures in G2,
// 96 bytes) — the same as Ethereum's consensus layer, whose published test
// vectors it is checked against.
//
// Proof of possession (a signature of the public key under the POP tag) is
// what makes fast aggregate verification — one pairing check for all the
// signers of one message — safe against rogue-key attacks: a validator's
// key enters the genesis set only with a valid proof.
package bls

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"

	blst "github.com/supranational/blst/bindings/go"
)

// The ciphersuite's domain separation tags.
const (
	SigDST = "BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_"
	PopDST = "BLS_POP_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_"
)

var (
	sigDST = []byte(SigDST)
	popDST = []byte(PopDST)
	// ErrEncoding is a key or signature that is not a valid encoding of a
	// point in the right subgroup.
	ErrEncoding = errors.New("bls: invalid encoding")
)

// SecretKey is a validator's signing key.
type SecretKey struct{ s blst.SecretKey }

// PublicKey is a compressed G1 point.
type PublicKey [48]byte

// Signature is a compressed G2 point.
type Signature [96]byte

func (p PublicKey) String() string { return hex.EncodeToString(p[:]) }
func (s Signature) String() string { return hex.EncodeToString(s[:]) }

// GenerateKey makes a key from 32 bytes of the system's randomness.
func GenerateKey() (*SecretKey, error) {
	ikm := make([]byte, 32)
	if _, err := rand.Read(ikm); err != nil {
		return nil, err
	}
	return KeyFromSeed(ikm)
}

// KeyFromSeed derives a key from input keying material (≥ 32 bytes; the
// draft's KeyGen).
func KeyFromSeed(ikm []byte) (*SecretKey, error) {
	if len(ikm) < 32 {
		return nil, fmt.Errorf("bls: key seed of %d bytes, need at least 32", len(ikm))
	}
	sk := blst.KeyGen(ikm)
	if sk == nil {
		return nil, errors.New("bls: key generation failed")
	}
	return &SecretKey{*sk}, nil
}

// SecretKeyFromBytes reads a 32-byte big-endian secret key.
func SecretKeyFromBytes(b []byte) (*SecretKey, error) {
	if len(b) != 32 {
		return nil, fmt.Errorf("%w: secret key of %d bytes", ErrEncoding, len(b))
	}
	var s blst.SecretKey
	if s.Deserialize(b) == nil || !s.Valid() {
		return nil, fmt.Errorf("%w: secret key out of range", ErrEncoding)
	}
	return &SecretKey{s}, nil
}

// Bytes is the 32-byte big-endian secret key.
func (k *SecretKey) Bytes() []byte { return k.s.Serialize() }

// PublicKey is the key's public key.
func (k *SecretKey) PublicKey() PublicKey {
	var p PublicKey
	copy(p[:], new(blst.P1Affine).From(&k.s).Compress())
	return p
}

// Sign signs msg.
func (k *SecretKey) Sign(msg []byte) Signature {
	var s Signature
	copy(s[:], new(blst.P2Affine).Sign(&k.s, msg, sigDST).Compress())
	return s
}

// ProvePossession signs the key's own public key under the POP tag.
func (k *SecretKey) ProvePossession() Signature {
	pk := k.PublicKey()
	var s Signature
	copy(s[:], new(blst.P2Affine).Sign(&k.s, pk[:], popDST).Compress())
	return s
}

func (p PublicKey) point() (*blst.P1Affine, error) {
	pt := new(blst.P1Affine).Uncompress(p[:])
	if pt == nil || !pt.KeyValidate() {
		return nil, fmt.Errorf("%w: public key %s", ErrEncoding, p)
	}
	return pt, nil
}

func (s Signature) point() (*blst.P2Affine, error) {
	pt := new(blst.P2Affine).Uncompress(s[:])
	if pt == nil || !pt.SigValidate(true) {
		return nil, fmt.Errorf("%w: signature", ErrEncoding)
	}
	return pt, nil
}

// Validate checks that p is a valid public key (on the curve, in the
// subgroup, not the identity).
func (p PublicKey) Validate() error {
	_, err := p.point()
	return err
}

// Verify checks sig on msg under pk.
func Verify(pk PublicKey, msg []byte, sig Signature) bool {
	k, err := ParseKey(pk)
	return err == nil && k.verify(msg, sig, sigDST)
}

// VerifyPossession checks a proof of possession of pk.
func VerifyPossession(pk PublicKey, proof Signature) bool {
	k, err := ParseKey(pk)
	return err == nil && k.verify(pk[:], proof, popDST)
}

// Aggregate adds signatures (each checked to be a valid encoding).
func Aggregate(sigs []Signature) (Signature, error) {
	if len(sigs) == 0 {
		return Signature{}, errors.New("bls: nothing to aggregate")
	}
	pts := make([]*blst.P2Affine, len(sigs))
	for i := range sigs {
		p, err := sigs[i].point()
		if err != nil {
			return Signature{}, fmt.Errorf("signature %d: %w", i, err)
		}
		pts[i] = p
	}
	var agg blst.P2Aggregate
	if !agg.Aggregate(pts, false) {
		return Signature{}, errors.New("bls: aggregation failed")
	}
	var out Signature
	copy(out[:], agg.ToAffine().Compress())
	return out, nil
}

// FastAggregateVerify checks an aggregate signature of one message by
// every key of pks (keys with proven possession).
func FastAggregateVerify(pks []PublicKey, msg []byte, agg Signature) bool {
	keys := make([]*Key, len(pks))
	for i := range pks {
		k, err := ParseKey(pks[i])
		if err != nil {
			return false
		}
		keys[i] = k
	}
	return FastAggregateVerifyKeys(keys, msg, agg)
}

// Key is a public key decoded and checked once (a validator set keeps
// its keys this way: decompression and the subgroup check are most of a
// certificate check's cost otherwise).
type Key struct {
	pk PublicKey
	p  *blst.P1Affine
}

// ParseKey decodes and validates pk.
func ParseKey(pk PublicKey) (*Key, error) {
	p, err := pk.point()
	if err != nil {
		return nil, err
	}
	return &Key{pk, p}, nil
}

// PublicKey is the key's encoding.
func (k *Key) PublicKey() PublicKey { return k.pk }

// Verify checks sig on msg under k.
func (k *Key) Verify(msg []byte, sig Signature) bool { return k.verify(msg, sig, sigDST) }

func (k *Key) verify(msg []byte, sig Signature, dst []byte) bool {
	s, err := sig.point()
	if err != nil {
		return false
	}
	return s.Verify(false, k.p, false, msg, dst)
}

// FastAggregateVerifyKeys is FastAggregateVerify for parsed keys.
func FastAggregateVerifyKeys(keys []*Key, msg []byte, agg Signature) bool {
	if len(keys) == 0 {
		return false
	}
	pts := make([]*blst.P1Affine, len(keys))
	for i, k := range keys {
		pts[i] = k.p
	}
	s, err := agg.point()
	if err != nil {
		return false
	}
	return s.FastAggregateVerify(false, pts, msg, sigDST)
}
