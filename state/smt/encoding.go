package smt

import (
	"encoding/binary"
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
)

// Canonical binary encoding of a DeltaProof (all integers big-endian):
//
//	version  1 byte  (1)
//	depth    1 byte  (number of siblings, 1..64)
//	index    8 bytes (must be < 2^depth)
//	old value, new value, old root, new root   4 × 32 bytes
//	siblings depth × 32 bytes, leaf to root
//
// Field elements are canonical (< the BN254 scalar modulus), so every proof
// has exactly one encoding and a decoder never accepts two spellings of it.
const (
	encodingVersion = 1
	headerLen       = 1 + 1 + 8
	elemLen         = fr.Bytes
)

// EncodedLen returns the length of the encoding of a proof of depth d.
func EncodedLen(depth int) int { return headerLen + (4+depth)*elemLen }

// MarshalBinary encodes the proof canonically.
func (d *DeltaProof) MarshalBinary() ([]byte, error) {
	n := len(d.Siblings)
	if n < 1 || n > MaxDepth {
		return nil, fmt.Errorf("%w: %d siblings", ErrEncoding, n)
	}
	out := make([]byte, headerLen, EncodedLen(n))
	out[0] = encodingVersion
	out[1] = byte(n)
	binary.BigEndian.PutUint64(out[2:], d.Index)
	for _, e := range []*fr.Element{&d.OldValue, &d.NewValue, &d.OldRoot, &d.NewRoot} {
		b := e.Bytes()
		out = append(out, b[:]...)
	}
	for i := range d.Siblings {
		b := d.Siblings[i].Bytes()
		out = append(out, b[:]...)
	}
	return out, nil
}

// UnmarshalBinary decodes a proof, rejecting anything but the canonical
// encoding. It does not verify the proof: call Verify with the tree's spec.
func (d *DeltaProof) UnmarshalBinary(b []byte) error {
	if len(b) < headerLen {
		return fmt.Errorf("%w: %d bytes, shorter than the header", ErrEncoding, len(b))
	}
	if b[0] != encodingVersion {
		return fmt.Errorf("%w: version %d, want %d", ErrEncoding, b[0], encodingVersion)
	}
	depth := int(b[1])
	if depth < 1 || depth > MaxDepth {
		return fmt.Errorf("%w: depth %d out of [1, %d]", ErrEncoding, depth, MaxDepth)
	}
	if len(b) != EncodedLen(depth) {
		return fmt.Errorf("%w: %d bytes, want %d for depth %d", ErrEncoding, len(b), EncodedLen(depth), depth)
	}
	index := binary.BigEndian.Uint64(b[2:])
	if depth < 64 && index>>uint(depth) != 0 {
		return fmt.Errorf("%w: index %d does not fit depth %d", ErrEncoding, index, depth)
	}
	elems := make([]fr.Element, 4+depth)
	for i := range elems {
		off := headerLen + i*elemLen
		if err := elems[i].SetBytesCanonical(b[off : off+elemLen]); err != nil {
			return fmt.Errorf("%w: element %d is not a canonical field element", ErrEncoding, i)
		}
	}
	*d = DeltaProof{
		Index:    index,
		OldValue: elems[0], NewValue: elems[1], OldRoot: elems[2], NewRoot: elems[3],
		Siblings: elems[4:],
	}
	return nil
}
