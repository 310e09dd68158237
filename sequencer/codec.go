package sequencer

import (
	"github.com/parthnet/parth/internal/wire"
	"github.com/parthnet/parth/sequencer/poh"
)

// The canonical encodings (internal/wire) of what the sequencer hands on
// and keeps: a sequenced submission (the journal's events), a block (the
// journal, and the proposal the validators receive) and the core's state
// (the journal's snapshots). Each top-level encoding starts with a tag
// and a version, so a record of one kind never decodes as another.

// MaxJobBytes bounds a submission's job (an end-cap job with its deltas is
// a few kilobytes; a session for network-side proving is larger). Submit
// refuses more, so whatever was sequenced can be decoded again.
const MaxJobBytes = 1 << 20

const (
	codecVersion   = 1
	tagSequenced   = "PARTH/seq/event"
	tagBlock       = "PARTH/seq/block"
	tagCoreState   = "PARTH/seq/state"
	sequencedBytes = 8 + 32 + 32 + 8 + 8 + 8
	maxItems       = 1 << 24
)

func encodeSequenced(e *wire.Encoder, s *Sequenced) {
	e.U64(s.User)
	e.Hash(s.Hash)
	e.Hash(s.Ref)
	e.Blob(s.Job)
	e.U64(s.Position)
	e.U64(s.Slot)
}

func decodeSequenced(d *wire.Decoder) Sequenced {
	var s Sequenced
	s.User, s.Hash, s.Ref = d.U64(), d.Hash(), d.Hash()
	s.Job = d.Blob(MaxJobBytes, "job")
	if len(s.Job) == 0 {
		s.Job = nil
	}
	s.Position, s.Slot = d.U64(), d.U64()
	return s
}

func encodeQueue(e *wire.Encoder, q []Sequenced) {
	e.U64(uint64(len(q)))
	for i := range q {
		encodeSequenced(e, &q[i])
	}
}

func decodeQueue(d *wire.Decoder, what string) []Sequenced {
	n := d.Items(sequencedBytes, maxItems, what)
	var out []Sequenced
	for i := 0; i < n && d.Err == nil; i++ {
		out = append(out, decodeSequenced(d))
	}
	return out
}

// MarshalBinary is the sequenced submission's canonical encoding.
func (s *Sequenced) MarshalBinary() ([]byte, error) {
	var e wire.Encoder
	e.Tag(tagSequenced, codecVersion)
	encodeSequenced(&e, s)
	return e.Bytes(), nil
}

// UnmarshalBinary decodes a sequenced submission; it refuses trailing
// bytes and another record's tag.
func (s *Sequenced) UnmarshalBinary(b []byte) error {
	d := wire.NewDecoder(b)
	d.Tag(tagSequenced, codecVersion)
	v := decodeSequenced(d)
	if err := d.Finish(); err != nil {
		return err
	}
	*s = v
	return nil
}

// MarshalBinary is the block's canonical encoding.
func (b *Block) MarshalBinary() ([]byte, error) {
	var e wire.Encoder
	e.Tag(tagBlock, codecVersion)
	e.U64(b.Number)
	encodeQueue(&e, b.EndCaps)
	encodeQueue(&e, b.Waiting)
	poh.EncodeSlots(&e, b.Slots)
	e.Hash(b.PoH)
	return e.Bytes(), nil
}

// UnmarshalBinary decodes a block; it refuses trailing bytes.
func (b *Block) UnmarshalBinary(raw []byte) error {
	d := wire.NewDecoder(raw)
	d.Tag(tagBlock, codecVersion)
	v := Block{Number: d.U64()}
	v.EndCaps = decodeQueue(d, "end caps")
	v.Waiting = decodeQueue(d, "waiting end caps")
	v.Slots = poh.DecodeSlots(d)
	v.PoH = d.Hash()
	if err := d.Finish(); err != nil {
		return err
	}
	*b = v
	return nil
}

// MarshalBinary is the core state's canonical encoding.
func (s *CoreState) MarshalBinary() ([]byte, error) {
	var e wire.Encoder
	e.Tag(tagCoreState, codecVersion)
	poh.EncodeRecorderState(&e, &s.Recorder)
	encodeQueue(&e, s.Queue)
	poh.EncodeSlots(&e, s.Slots)
	e.U64(s.Next)
	e.U64(s.Hold)
	return e.Bytes(), nil
}

// UnmarshalBinary decodes a core state; RestoreCore validates it.
func (s *CoreState) UnmarshalBinary(raw []byte) error {
	d := wire.NewDecoder(raw)
	d.Tag(tagCoreState, codecVersion)
	var v CoreState
	v.Recorder = poh.DecodeRecorderState(d)
	v.Queue = decodeQueue(d, "queue")
	v.Slots = poh.DecodeSlots(d)
	v.Next, v.Hold = d.U64(), d.U64()
	if err := d.Finish(); err != nil {
		return err
	}
	*s = v
	return nil
}
