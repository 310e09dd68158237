package session

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

// EndCapJob is everything proving a session's end cap needs and nothing
// else: the statements, the step proofs and the wrapped CFC and signature
// proofs. A user who does not prove the end cap sends its encoding to the
// network; ProveEndCap gives the same proof wherever it runs.
type EndCapJob struct {
	Header      state.EndCapHeader
	Checkpoint  state.Checkpoint // preimage of Header.CheckpointRoot
	Steps       []state.StepHeader
	StepProofs  []*prover.Proof
	WrappedCFCs []*prover.Proof
	SigKey      fr.Element
	SigParams   [state.SignatureParams]fr.Element
	WrappedSig  *prover.Proof
}

// ErrJobEncoding reports an end-cap job that does not decode.
var ErrJobEncoding = errors.New("session: bad end-cap job encoding")

// Limits of a decoded job: a session has at most MaxCalls calls, a proof
// encoding at most maxProofBytes bytes (a compressed Groth16 proof with one
// commitment is 197).
const (
	MaxCalls      = 64
	maxProofBytes = 1 << 12
	jobMagic      = "PARTHECJ"
	jobVersion    = 1
)

// Job is the bundle's end-cap job (after Wrap).
func (b *Bundle) Job() (*EndCapJob, error) {
	if b.EndCap == nil || len(b.WrappedCFCs) != len(b.Steps) || b.WrappedSig == nil {
		return nil, fmt.Errorf("%w: %d steps, %d wrapped cfc proofs, wrapped signature %t (Wrap first)",
			ErrBundleShape, len(b.Steps), len(b.WrappedCFCs), b.WrappedSig != nil)
	}
	return &EndCapJob{Header: b.EndCap.Header, Checkpoint: b.Checkpoint, Steps: b.Steps, StepProofs: b.StepProofs,
		WrappedCFCs: b.WrappedCFCs, SigKey: b.SigKey, SigParams: b.SigParams, WrappedSig: b.WrappedSig}, nil
}

// check is the job's shape: counts, and the checkpoint preimage against the
// header.
func (j *EndCapJob) check() error {
	n := len(j.Steps)
	if n == 0 || n > MaxCalls || len(j.StepProofs) != n || len(j.WrappedCFCs) != n || j.WrappedSig == nil {
		return fmt.Errorf("%w: %d steps (1..%d), %d step proofs, %d wrapped cfc proofs, wrapped signature %t",
			ErrBundleShape, n, MaxCalls, len(j.StepProofs), len(j.WrappedCFCs), j.WrappedSig != nil)
	}
	for _, p := range append(append([]*prover.Proof{j.WrappedSig}, j.StepProofs...), j.WrappedCFCs...) {
		if p == nil || p.System != prover.Groth16 {
			return fmt.Errorf("%w: every proof of an end-cap job is a Groth16 proof", ErrBundleShape)
		}
	}
	c := &j.Checkpoint
	if err := c.Verify(); err != nil {
		return fmt.Errorf("%w: %v", ErrBundleShape, err)
	}
	if c.Number != j.Header.Checkpoint || c.Root != j.Header.CheckpointRoot {
		return fmt.Errorf("%w: checkpoint %d is not the end cap's (%d)", ErrBundleShape, c.Number, j.Header.Checkpoint)
	}
	return nil
}

type encoder struct{ bytes.Buffer }

func (e *encoder) u64(v uint64) { e.Write(binary.BigEndian.AppendUint64(nil, v)) }
func (e *encoder) el(v fr.Element) {
	b := v.Bytes()
	e.Write(b[:])
}
func (e *encoder) proof(p *prover.Proof) error {
	b, err := p.MarshalBinary()
	if err != nil {
		return err
	}
	e.u64(uint64(len(b)))
	e.Write(b)
	return nil
}

// MarshalBinary is the job's canonical encoding: magic, version, header,
// checkpoint preimage, signature key and parameters, the number of calls,
// each step's header, step proof and wrapped CFC proof, then the wrapped
// signature. Integers are big-endian uint64, field elements 32 bytes
// big-endian, proofs length-prefixed.
func (j *EndCapJob) MarshalBinary() ([]byte, error) {
	if err := j.check(); err != nil {
		return nil, err
	}
	var e encoder
	e.WriteString(jobMagic)
	e.u64(jobVersion)
	h := &j.Header
	e.u64(uint64(h.User))
	e.u64(h.Nonce)
	e.u64(h.Checkpoint)
	for _, v := range []fr.Element{h.CheckpointRoot, h.PublicKey, h.UCONBefore, h.UCONAfter, h.Payload} {
		e.el(v)
	}
	c := &j.Checkpoint
	e.u64(c.Number)
	for _, v := range []fr.Element{c.Prev, c.GUSRRoot, c.GCONRoot, c.Root} {
		e.el(v)
	}
	e.Write(c.PoH[:])
	e.el(j.SigKey)
	for _, v := range j.SigParams {
		e.el(v)
	}
	e.u64(uint64(len(j.Steps)))
	for i := range j.Steps {
		s := &j.Steps[i]
		e.u64(uint64(s.User))
		e.u64(s.Nonce)
		e.u64(s.Step)
		for _, v := range []fr.Element{s.PublicKey, s.CheckpointRoot, s.UCONStart, s.UCONBefore, s.UCONAfter, s.CFC, s.Prev} {
			e.el(v)
		}
		if err := e.proof(j.StepProofs[i]); err != nil {
			return nil, err
		}
		if err := e.proof(j.WrappedCFCs[i]); err != nil {
			return nil, err
		}
	}
	if err := e.proof(j.WrappedSig); err != nil {
		return nil, err
	}
	return e.Bytes(), nil
}

type decoder struct {
	r   *bytes.Reader
	err error
}

func (d *decoder) read(n int) []byte {
	if d.err != nil {
		return make([]byte, n)
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(d.r, b); err != nil {
		d.err = fmt.Errorf("%w: truncated", ErrJobEncoding)
	}
	return b
}

func (d *decoder) u64() uint64 { return binary.BigEndian.Uint64(d.read(8)) }

func (d *decoder) el() fr.Element {
	var v fr.Element
	b := d.read(fr.Bytes)
	if d.err == nil {
		if err := v.SetBytesCanonical(b); err != nil {
			d.err = fmt.Errorf("%w: field element: %v", ErrJobEncoding, err)
		}
	}
	return v
}

func (d *decoder) proof() *prover.Proof {
	n := d.u64()
	if d.err == nil && (n == 0 || n > maxProofBytes || n > uint64(d.r.Len())) {
		d.err = fmt.Errorf("%w: proof of %d bytes", ErrJobEncoding, n)
	}
	if d.err != nil {
		return nil
	}
	p := new(prover.Proof)
	if err := p.UnmarshalBinary(d.read(int(n))); err != nil && d.err == nil {
		d.err = fmt.Errorf("%w: %v", ErrJobEncoding, err)
	}
	return p
}

// UnmarshalBinary decodes MarshalBinary's output: non-canonical field
// elements, oversized counts, malformed proofs, trailing bytes and jobs
// whose shape or checkpoint does not hold are errors.
func (j *EndCapJob) UnmarshalBinary(b []byte) error {
	d := &decoder{r: bytes.NewReader(b)}
	if string(d.read(len(jobMagic))) != jobMagic || d.err != nil {
		return fmt.Errorf("%w: not an end-cap job", ErrJobEncoding)
	}
	if v := d.u64(); v != jobVersion {
		return fmt.Errorf("%w: version %d, want %d", ErrJobEncoding, v, jobVersion)
	}
	var out EndCapJob
	h := &out.Header
	h.User, h.Nonce, h.Checkpoint = state.UserID(d.u64()), d.u64(), d.u64()
	for _, v := range []*fr.Element{&h.CheckpointRoot, &h.PublicKey, &h.UCONBefore, &h.UCONAfter, &h.Payload} {
		*v = d.el()
	}
	c := &out.Checkpoint
	c.Number = d.u64()
	for _, v := range []*fr.Element{&c.Prev, &c.GUSRRoot, &c.GCONRoot, &c.Root} {
		*v = d.el()
	}
	copy(c.PoH[:], d.read(len(c.PoH)))
	out.SigKey = d.el()
	for i := range out.SigParams {
		out.SigParams[i] = d.el()
	}
	n := d.u64()
	if d.err == nil && (n == 0 || n > MaxCalls) {
		return fmt.Errorf("%w: %d calls (1..%d)", ErrJobEncoding, n, MaxCalls)
	}
	for i := uint64(0); i < n && d.err == nil; i++ {
		var s state.StepHeader
		s.User, s.Nonce, s.Step = state.UserID(d.u64()), d.u64(), d.u64()
		for _, v := range []*fr.Element{&s.PublicKey, &s.CheckpointRoot, &s.UCONStart, &s.UCONBefore, &s.UCONAfter, &s.CFC, &s.Prev} {
			*v = d.el()
		}
		out.Steps = append(out.Steps, s)
		out.StepProofs = append(out.StepProofs, d.proof())
		out.WrappedCFCs = append(out.WrappedCFCs, d.proof())
	}
	out.WrappedSig = d.proof()
	if d.err != nil {
		return d.err
	}
	if d.r.Len() != 0 {
		return fmt.Errorf("%w: %d trailing bytes", ErrJobEncoding, d.r.Len())
	}
	if err := out.check(); err != nil {
		return fmt.Errorf("%w: %v", ErrJobEncoding, err)
	}
	*j = out
	return nil
}
