// Package wire is the canonical binary encoding of PARTH's protocol types
// (jobs, results, records, the sequencer's journal, proposals and votes):
// big-endian uint64s, 32-byte big-endian field elements (canonical: below
// the modulus), 32-byte hashes, and length-prefixed blobs holding a type's
// own canonical encoding (a proof's MarshalBinary); a fixed-length type
// (a checkpoint) is written as it is. The decoder's error is sticky, so a
// decode reads straight through and checks once; Finish refuses trailing
// bytes. It knows no protocol type, so every package can use it.
package wire

import (
	"bytes"
	"encoding"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
)

// ErrEncoding reports bytes that do not decode.
var ErrEncoding = errors.New("wire: bad encoding")

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

// Hash writes 32 bytes.
func (e *Encoder) Hash(h [32]byte) { e.Write(h[:]) }

// Blob writes a length-prefixed byte string.
func (e *Encoder) Blob(b []byte) {
	e.U64(uint64(len(b)))
	e.Write(b)
}

// Marshal writes v's own encoding as a blob (a proof, a job).
func (e *Encoder) Marshal(v encoding.BinaryMarshaler) error {
	b, err := v.MarshalBinary()
	if err != nil {
		return err
	}
	e.Blob(b)
	return nil
}

// Fixed writes a fixed-length type's encoding as it is (a checkpoint).
func (e *Encoder) Fixed(v encoding.BinaryMarshaler) error {
	b, err := v.MarshalBinary()
	if err != nil {
		return err
	}
	e.Write(b)
	return nil
}

// Tag writes a record's tag and format version.
func (e *Encoder) Tag(tag string, version uint64) {
	e.WriteString(tag)
	e.U64(version)
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
		clear(b) // a partial read is not a value
	}
	return b
}

// Len is how many bytes are left: a bound for counts, so that a corrupt
// count cannot make a decode allocate more than the input could hold.
func (d *Decoder) Len() int { return d.r.Len() }

// Items reads a count of items of at least minSize bytes each: at most
// what the remaining bytes can hold, and at most hi.
func (d *Decoder) Items(minSize int, hi uint64, what string) int {
	if max := uint64(d.r.Len()) / uint64(minSize); max < hi {
		hi = max
	}
	return d.Count(0, hi, what)
}

func (d *Decoder) U64() uint64 { return binary.BigEndian.Uint64(d.Read(8)) }

// Count reads a count in [lo, hi].
func (d *Decoder) Count(lo, hi uint64, what string) int {
	n := d.U64()
	if d.Err != nil {
		return 0
	}
	if n < lo || n > hi {
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

// Tag checks a record's tag and format version (Encoder.Tag's inverse).
func (d *Decoder) Tag(tag string, version uint64) {
	if got := d.Read(len(tag)); d.Err == nil && string(got) != tag {
		d.fail("not a %s record", tag)
	}
	if v := d.U64(); d.Err == nil && v != version {
		d.fail("%s version %d (this build reads %d)", tag, v, version)
	}
}

// Hash reads 32 bytes.
func (d *Decoder) Hash() (h [32]byte) {
	copy(h[:], d.Read(32))
	return h
}

// Blob reads a length-prefixed byte string of at most max bytes (nil
// after an error).
func (d *Decoder) Blob(max int, what string) []byte {
	n := d.U64()
	if d.Err == nil && (n > uint64(max) || n > uint64(d.r.Len())) {
		d.fail("%s of %d bytes (at most %d)", what, n, max)
	}
	if d.Err != nil {
		return nil
	}
	return d.Read(int(n))
}

// Unmarshal reads a blob of at most max bytes into v (Marshal's inverse);
// an empty blob is refused.
func (d *Decoder) Unmarshal(v encoding.BinaryUnmarshaler, max int, what string) {
	b := d.Blob(max, what)
	if d.Err == nil && len(b) == 0 {
		d.fail("empty %s", what)
	}
	if d.Err != nil {
		return
	}
	if err := v.UnmarshalBinary(b); err != nil {
		d.fail("%s: %v", what, err)
	}
}

// Fixed reads n bytes into v (Fixed's inverse).
func (d *Decoder) Fixed(v encoding.BinaryUnmarshaler, n int, what string) {
	b := d.Read(n)
	if d.Err != nil {
		return
	}
	if err := v.UnmarshalBinary(b); err != nil {
		d.fail("%s: %v", what, err)
	}
}

// Finish is the decode's error, or one for trailing bytes.
func (d *Decoder) Finish() error {
	if d.Err == nil && d.r.Len() != 0 {
		d.fail("%d trailing bytes", d.r.Len())
	}
	return d.Err
}
