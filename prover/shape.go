package prover

import (
	"encoding/binary"
	"fmt"
)

// Bounds on the variable-length parts of a proof encoding. gnark's decoders
// allocate a slice from a 32-bit length prefix before reading its elements,
// so a few hostile bytes could ask for gigabytes (found by FuzzProofDecode):
// checkShape walks the encoding first and refuses anything but compressed
// points and bounded counts.
const (
	maxCommitments   = 8
	maxClaimedValues = 64
	g1Compressed     = 32
	g2Compressed     = 64
	frBytes          = 32
)

type cursor struct {
	b   []byte
	off int
	err error
}

func (c *cursor) fail(format string, args ...any) {
	if c.err == nil {
		c.err = fmt.Errorf("%w: %s at byte %d", ErrEncoding, fmt.Sprintf(format, args...), c.off)
	}
}

// point skips a compressed point of n bytes (the top two bits of its first
// byte are gnark-crypto's compression flags; 00 means uncompressed).
func (c *cursor) point(n int) {
	if c.err != nil {
		return
	}
	if c.off+n > len(c.b) {
		c.fail("truncated point")
		return
	}
	if c.b[c.off]&0xC0 == 0 {
		c.fail("uncompressed point")
		return
	}
	c.off += n
}

func (c *cursor) skip(n int) {
	if c.err == nil && c.off+n > len(c.b) {
		c.fail("truncated")
	}
	c.off += n
}

func (c *cursor) count(max int) int {
	if c.err != nil {
		return 0
	}
	if c.off+4 > len(c.b) {
		c.fail("truncated length")
		return 0
	}
	n := binary.BigEndian.Uint32(c.b[c.off:])
	if n > uint32(max) {
		c.fail("length %d above %d", n, max)
		return 0
	}
	c.off += 4
	return int(n)
}

// checkShape validates the structure of a BN254 proof encoding (without
// the leading system byte) before gnark decodes it.
func checkShape(s System, b []byte) error {
	c := &cursor{b: b}
	switch s {
	case Groth16: // Ar, Bs, Krs, Commitments, CommitmentPok
		c.point(g1Compressed)
		c.point(g2Compressed)
		c.point(g1Compressed)
		for n := c.count(maxCommitments); n > 0; n-- {
			c.point(g1Compressed)
		}
		c.point(g1Compressed)
	case PLONK: // LRO, Z, H, BatchedProof.H, ClaimedValues, ZShifted.H, ZShifted.Value, Bsb22
		for range 8 {
			c.point(g1Compressed)
		}
		c.skip(frBytes * c.count(maxClaimedValues))
		c.point(g1Compressed)
		c.skip(frBytes)
		for n := c.count(maxCommitments); n > 0; n-- {
			c.point(g1Compressed)
		}
	default:
		return fmt.Errorf("%w: unknown proof system %d", ErrEncoding, s)
	}
	if c.err != nil {
		return c.err
	}
	if c.off != len(b) {
		return fmt.Errorf("%w: %d trailing bytes", ErrEncoding, len(b)-c.off)
	}
	return nil
}
