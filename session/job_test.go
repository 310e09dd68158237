package session

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/parthnet/parth/internal/testproof"
	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/hashing"
	"github.com/parthnet/parth/state/smt"
)

func sampleJob(t testing.TB, calls int) *EndCapJob {
	p, pl := testproof.Groth16(t), testproof.PLONK(t)
	chk := state.Checkpoint{Number: 4, Prev: hashing.Uint(1), GUSRRoot: hashing.Uint(2), GCONRoot: hashing.Uint(3), PoH: [32]byte{9, 9}}.Sealed()
	roots, deltas := testproof.Deltas(t, 7, calls)
	j := &EndCapJob{Header: state.EndCapHeader{User: 7, Nonce: 2, Checkpoint: 4, CheckpointRoot: chk.Root,
		PublicKey: hashing.Uint(5), UCONBefore: roots[0], UCONAfter: roots[calls], Payload: hashing.Uint(10)},
		Checkpoint: chk, SigKey: hashing.Uint(11), SigProof: p, Deltas: deltas}
	for i := range j.SigParams {
		j.SigParams[i] = hashing.Uint(uint64(20 + i))
	}
	for i := 0; i < calls; i++ {
		j.Steps = append(j.Steps, state.StepHeader{User: 7, Nonce: 2, Step: uint64(i + 1), UCONBefore: roots[i], UCONAfter: roots[i+1]})
		j.StepProofs = append(j.StepProofs, p)
		j.CFCKeys = append(j.CFCKeys, hashing.Uint(uint64(30+i)))
		j.CFCPublics = append(j.CFCPublics, hashing.Uint(uint64(40+i)))
		j.CFCProofs = append(j.CFCProofs, pl)
	}
	return j
}

func TestEndCapJobEncoding(t *testing.T) {
	j := sampleJob(t, 2)
	enc, err := j.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var got EndCapJob
	if err := got.UnmarshalBinary(enc); err != nil {
		t.Fatal(err)
	}
	if got.Header != j.Header || got.Checkpoint != j.Checkpoint || got.SigKey != j.SigKey || got.SigParams != j.SigParams ||
		len(got.Steps) != 2 || got.Steps[1] != j.Steps[1] || got.CFCKeys[1] != j.CFCKeys[1] || got.CFCPublics[1] != j.CFCPublics[1] || len(got.Deltas) != len(j.Deltas) ||
		got.Deltas[1].Tree != j.Deltas[1].Tree || got.Deltas[1].Proof.NewRoot != j.Deltas[1].Proof.NewRoot {
		t.Fatal("decoded job differs")
	}
	again, _ := got.MarshalBinary()
	if !bytes.Equal(again, enc) {
		t.Fatal("encoding is not canonical")
	}

	bad := map[string][]byte{
		"empty":          nil,
		"wrong magic":    append([]byte("PARTHXXX"), enc[8:]...),
		"trailing bytes": append(append([]byte(nil), enc...), 0),
		"truncated":      enc[:len(enc)-1],
		"zero calls":     func() []byte { b := append([]byte(nil), enc...); return zeroCalls(b) }(),
		// A step's user with bits above 32 would decode to the same job
		// (audit): the encoding would not be canonical.
		"step user over 32 bits": func() []byte { b := append([]byte(nil), enc...); b[zeroCallsOffset()+8] = 0x80; return b }(),
	}
	// A field element ≥ the modulus (the header's checkpoint root).
	nc := append([]byte(nil), enc...)
	copy(nc[8+8+24:], bytes.Repeat([]byte{0xff}, 32))
	bad["non-canonical element"] = nc
	// The checkpoint preimage of another checkpoint.
	other := sampleJob(t, 1)
	other.Checkpoint.Number = 5
	if _, err := other.MarshalBinary(); !errors.Is(err, ErrBundleShape) {
		t.Errorf("encoding a job with another checkpoint: %v", err)
	}
	for name, b := range bad {
		var x EndCapJob
		if err := x.UnmarshalBinary(b); !errors.Is(err, ErrJobEncoding) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := sampleJob(t, MaxCalls+1).MarshalBinary(); !errors.Is(err, ErrBundleShape) {
		t.Errorf("too many calls: %v", err)
	}
	// No data, or data that does not reproduce the header's UCON
	// transition: refused when encoding and when decoding.
	noData := sampleJob(t, 1)
	noData.Deltas = nil
	partial := sampleJob(t, 1)
	partial.Deltas = partial.Deltas[:1]
	foreign := sampleJob(t, 1)
	_, foreign.Deltas = testproof.Deltas(t, 8, 1)
	// Data for another number of calls than the steps, or whose UCON
	// updates are not the steps' transitions.
	fewer := sampleJob(t, 2)
	fewer.Steps, fewer.StepProofs = fewer.Steps[:1], fewer.StepProofs[:1]
	fewer.CFCKeys, fewer.CFCPublics, fewer.CFCProofs = fewer.CFCKeys[:1], fewer.CFCPublics[:1], fewer.CFCProofs[:1]
	fewer.Steps[0].UCONAfter = fewer.Header.UCONAfter
	shifted := sampleJob(t, 2)
	shifted.Steps[0].UCONAfter, shifted.Steps[1].UCONBefore = hashing.Uint(77), hashing.Uint(77)
	groth16CFC := sampleJob(t, 1)
	groth16CFC.CFCProofs[0] = groth16CFC.StepProofs[0]
	plonkStep := sampleJob(t, 1)
	plonkStep.StepProofs[0] = plonkStep.CFCProofs[0]
	noPublic := sampleJob(t, 2)
	noPublic.CFCPublics = noPublic.CFCPublics[:1]
	for name, j := range map[string]*EndCapJob{"no deltas": noData, "UCON update withheld": partial, "another user's deltas": foreign,
		"two calls' data for one step": fewer, "data not the steps' transitions": shifted,
		"a Groth16 cfc proof": groth16CFC, "a PLONK step proof": plonkStep, "a cfc without its public input": noPublic} {
		if _, err := j.MarshalBinary(); !errors.Is(err, ErrBundleShape) {
			t.Errorf("%s: encoded: %v", name, err)
		}
	}
	// The same faults in bytes: the last delta cut off, the count zeroed.
	csLen := state.TreeIDLen + 8 + smt.EncodedLen(state.CStateSpec.Depth())
	uconLen := state.TreeIDLen + 8 + smt.EncodedLen(state.UCONSpec.Depth())
	const noDirect = 8                                   // the direct flag, 0
	count := len(enc) - noDirect - 2*(uconLen+csLen) - 8 // two calls: CSTATE, UCON, CSTATE, UCON
	cut := append(append([]byte(nil), enc[:len(enc)-noDirect-uconLen]...), make([]byte, noDirect)...)
	binary.BigEndian.PutUint64(cut[count:], 3)
	for name, b := range map[string][]byte{"UCON delta cut off": cut} {
		var x EndCapJob
		if err := x.UnmarshalBinary(b); !errors.Is(err, ErrJobEncoding) || !errors.Is(err, state.ErrBadDeltas) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// zeroCalls sets the call count (after magic, version, header, checkpoint,
// signature key and parameters) to zero.
func zeroCalls(b []byte) []byte {
	off := zeroCallsOffset()
	copy(b[off:off+8], make([]byte, 8))
	return b
}

// zeroCallsOffset is where the call count is; the first step's user
// follows it.
func zeroCallsOffset() int { return 8 + 8 + 24 + 5*32 + state.CheckpointEncodedLen + 32 + 4*32 }

// FuzzEndCapJob: the decoder never panics, and whatever it accepts
// re-encodes to the same bytes.
func FuzzEndCapJob(f *testing.F) {
	enc, err := sampleJob(f, 1).MarshalBinary()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(enc)
	f.Fuzz(func(t *testing.T, b []byte) {
		var j EndCapJob
		err := j.UnmarshalBinary(b)
		if _, derr := Decode(b); (derr == nil) != (err == nil) {
			t.Fatalf("Decode says %v, UnmarshalBinary %v", derr, err)
		}
		if err != nil {
			if !errors.Is(err, ErrJobEncoding) {
				t.Fatalf("error not ErrJobEncoding: %v", err)
			}
			return
		}
		again, err := j.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(again, b) {
			t.Fatal("accepted a non-canonical encoding")
		}
	})
}

func sampleDirect() *Direct {
	sib := func(n int) []fr.Element {
		out := make([]fr.Element, n)
		for i := range out {
			out[i] = hashing.Uint(uint64(100 + i))
		}
		return out
	}
	return &Direct{
		CFC: state.CFCHeader{Contract: 3, Function: 1, User: 7, Caller: 7, CheckpointRoot: hashing.Uint(50), Before: hashing.Uint(51),
			After: hashing.Uint(52), ArgsHash: hashing.Uint(53)},
		Whitelist: smt.Proof{Index: 1, Siblings: sib(state.WhitelistSpec.Depth()), Value: hashing.Uint(60), Root: hashing.Uint(61)},
		Metadata:  hashing.Uint(62),
		GCON:      smt.Proof{Index: 3, Siblings: sib(state.GCONSpec.Depth()), Value: hashing.Uint(63), Root: hashing.Uint(64)},
		Signature: bytes.Repeat([]byte{7}, eddsaSignatureLen),
	}
}

// TestEndCapJobDirectEncoding: a one-call job with direct data round-trips
// canonically; direct data on a longer job, a short signature and a
// function id over 8 bits do not encode or decode.
func TestEndCapJobDirectEncoding(t *testing.T) {
	j := sampleJob(t, 1)
	j.Direct = sampleDirect()
	enc, err := j.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var got EndCapJob
	if err := got.UnmarshalBinary(enc); err != nil {
		t.Fatal(err)
	}
	d, w := got.Direct, j.Direct
	if d == nil || d.CFC != w.CFC || d.Metadata != w.Metadata || !bytes.Equal(d.Signature, w.Signature) ||
		d.Whitelist.Index != w.Whitelist.Index || d.Whitelist.Root != w.Whitelist.Root || len(d.Whitelist.Siblings) != len(w.Whitelist.Siblings) ||
		d.GCON.Value != w.GCON.Value || d.GCON.Siblings[2] != w.GCON.Siblings[2] {
		t.Fatal("decoded direct data differs")
	}
	if again, _ := got.MarshalBinary(); !bytes.Equal(again, enc) {
		t.Fatal("encoding is not canonical")
	}
	two := sampleJob(t, 2)
	two.Direct = sampleDirect()
	if _, err := two.MarshalBinary(); !errors.Is(err, ErrBundleShape) {
		t.Errorf("direct data on a two-call job: %v", err)
	}
	// What does not decode does not encode either.
	for name, m := range map[string]func(d *Direct){
		"a 63-byte signature":    func(d *Direct) { d.Signature = d.Signature[:63] },
		"a short whitelist path": func(d *Direct) { d.Whitelist.Siblings = d.Whitelist.Siblings[1:] },
		"a long GCON path":       func(d *Direct) { d.GCON.Siblings = append(d.GCON.Siblings, d.GCON.Siblings[0]) },
	} {
		bad := sampleJob(t, 1)
		bad.Direct = sampleDirect()
		m(bad.Direct)
		if _, err := bad.MarshalBinary(); !errors.Is(err, ErrBundleShape) {
			t.Errorf("%s: encoded: %v", name, err)
		}
	}
	short := append([]byte(nil), enc[:len(enc)-eddsaSignatureLen-8]...)
	short = binary.BigEndian.AppendUint64(short, 63)
	short = append(short, j.Direct.Signature[:63]...)
	var x EndCapJob
	if err := x.UnmarshalBinary(short); !errors.Is(err, ErrJobEncoding) {
		t.Errorf("a 63-byte signature: %v", err)
	}
	// The function id is the 8 bytes after the flag and the contract id,
	// which start right after the no-direct encoding's end.
	plain := sampleJob(t, 1)
	base, _ := plain.MarshalBinary()
	fn := append([]byte(nil), enc...)
	fn[len(base)-8+8+8] = 1 // the function id's top byte: ≥ 2^56
	if err := x.UnmarshalBinary(fn); !errors.Is(err, ErrJobEncoding) {
		t.Errorf("a function id over 8 bits: %v", err)
	}
}

// TestDecoded: Decode keeps the bytes as they arrived (the submission
// sequences them), a copy of the header, and refuses what UnmarshalBinary
// refuses.
func TestDecoded(t *testing.T) {
	j := sampleJob(t, 2)
	enc, err := j.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	d, err := Decode(enc)
	if err != nil {
		t.Fatal(err)
	}
	if d.Header() != j.Header || len(d.calls) != 2 {
		t.Fatalf("decoded header or calls differ: %d calls", len(d.calls))
	}
	s := d.Submission([32]byte{1})
	if !bytes.Equal(s.Job, enc) || s.Hash != j.Header.Event() || s.User != uint64(j.Header.User) || s.Ref != [32]byte{1} {
		t.Fatal("the submission is not the job as it arrived")
	}
	enc[len(enc)-1] ^= 0xff
	if bytes.Equal(d.Submission([32]byte{}).Job, enc) {
		t.Fatal("the decoded job shares the caller's buffer")
	}
	ds := d.Deltas()
	ds[0].Tree = state.TreeID{}
	if d.Deltas()[0].Tree == ds[0].Tree {
		t.Fatal("Deltas hands out the job's own list")
	}
	for name, b := range map[string][]byte{"trailing byte": append(append([]byte(nil), s.Job...), 0), "cut short": s.Job[:len(s.Job)-1], "empty": nil} {
		if _, err := Decode(b); !errors.Is(err, ErrJobEncoding) {
			t.Errorf("%s: %v, want ErrJobEncoding", name, err)
		}
	}
}
