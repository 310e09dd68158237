// Package wire is the canonical binary encoding PARTH's jobs and results
// use: big-endian uint64s, 32-byte big-endian field elements (canonical:
// below the modulus), length-prefixed proofs. The decoder's error is
// sticky, so a decode reads straight through and checks once.
package wire

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/parthnet/parth/prover"
	"github.com/parthnet/parth/state"
)

// ErrEncoding reports bytes that do not decode.
var ErrEncoding = errors.New("wire: bad encoding")

// MaxProofBytes bounds a proof's encoding (a compressed Groth16 proof with
// one commitment is under 200 bytes, a PLONK proof ~600).
const MaxProofBytes = 1 << 12

// Encoder appends to a buffer.
type Encoder struct{ bytes.Buffer }

func (e *Encoder) U64(v uint64) { e.Write(binary.BigEndian.AppendUint64(nil, v)) }

func (e *Encoder) El(v fr.Element) {
	b := v.Bytes()
	e.Write(b[:])
}

func (e *Encoder) Els(vs ...fr.Element) {
	for _, v := range vs {
		e.El(v)
	}
}

// Proof writes a length-prefixed proof.
func (e *Encoder) Proof(p *prover.Proof) error {
	b, err := p.MarshalBinary()
	if err != nil {
		return err
	}
	e.U64(uint64(len(b)))
	e.Write(b)
	return nil
}

// Decoder reads from a byte slice; the first error sticks.
type Decoder struct {
	r   *bytes.Reader
	Err error
}

func NewDecoder(b []byte) *Decoder { return &Decoder{r: bytes.NewReader(b)} }

func (d *Decoder) fail(format string, a ...any) {
	if d.Err == nil {
		d.Err = fmt.Errorf("%w: "+format, append([]any{ErrEncoding}, a...)...)
	}
}

// Read returns the next n bytes (zeros after an error).
func (d *Decoder) Read(n int) []byte {
	b := make([]byte, n)
	if d.Err != nil {
		return b
	}
	if _, err := io.ReadFull(d.r, b); err != nil {
		d.fail("truncated")
	}
	return b
}

func (d *Decoder) U64() uint64 { return binary.BigEndian.Uint64(d.Read(8)) }

// Count reads a count in [lo, hi].
func (d *Decoder) Count(lo, hi uint64, what string) int {
	n := d.U64()
	if d.Err == nil && (n < lo || n > hi) {
		d.fail("%d %s (%d..%d)", n, what, lo, hi)
		return 0
	}
	return int(n)
}

func (d *Decoder) El() fr.Element {
	var v fr.Element
	b := d.Read(fr.Bytes)
	if d.Err == nil {
		if err := v.SetBytesCanonical(b); err != nil {
			d.fail("field element: %v", err)
		}
	}
	return v
}

// Proof reads a length-prefixed proof (nil after an error).
func (d *Decoder) Proof() *prover.Proof {
	n := d.U64()
	if d.Err == nil && (n == 0 || n > MaxProofBytes || n > uint64(d.r.Len())) {
		d.fail("proof of %d bytes", n)
	}
	if d.Err != nil {
		return nil
	}
	p := new(prover.Proof)
	if err := p.UnmarshalBinary(d.Read(int(n))); err != nil {
		d.fail("%v", err)
		return nil
	}
	return p
}

// Finish is the decode's error, or one for trailing bytes.
func (d *Decoder) Finish() error {
	if d.Err == nil && d.r.Len() != 0 {
		d.fail("%d trailing bytes", d.r.Len())
	}
	return d.Err
}

// Checkpoint writes a checkpoint in its canonical encoding
// (state.Checkpoint.MarshalBinary).
func (e *Encoder) Checkpoint(c *state.Checkpoint) {
	b, _ := c.MarshalBinary() // never fails
	e.Write(b)
}

// Checkpoint reads one, checking that its root is its preimage's hash.
func (d *Decoder) Checkpoint() state.Checkpoint {
	var c state.Checkpoint
	b := d.Read(state.CheckpointEncodedLen)
	if d.Err != nil {
		return c
	}
	if err := c.UnmarshalBinary(b); err != nil {
		d.Err = fmt.Errorf("%w: %w", ErrEncoding, err)
	}
	return c
}
