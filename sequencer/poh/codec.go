package poh

import (
	"github.com/parthnet/parth/internal/wire"
)

// The canonical encodings of the chain's types (internal/wire): the
// sequencer's journal and snapshots, and the slots a block proposal
// carries to the validators. Counts are bounded by the bytes left, so a
// corrupt count fails instead of allocating.

const (
	entryMinBytes  = 8 + 32 + 8
	mixinBytes     = 32 + 32
	slotMinBytes   = 8 + 32 + 8 + 8 + 8
	recentBytes    = 32 + 8
	maxSlotEntries = 1 << 24
)

// EncodeSlot writes a slot.
func EncodeSlot(e *wire.Encoder, s *Slot) {
	e.U64(s.Number)
	e.Hash(s.Start)
	e.U64(s.StartCount)
	e.U64(s.StartTick)
	e.U64(uint64(len(s.Entries)))
	for i := range s.Entries {
		en := &s.Entries[i]
		e.U64(en.NumHashes)
		e.Hash(en.Hash)
		e.U64(uint64(len(en.Mixins)))
		for _, m := range en.Mixins {
			e.Hash(m.Data)
			e.Hash(m.Ref)
		}
	}
}

// DecodeSlot reads a slot (EncodeSlot's inverse).
func DecodeSlot(d *wire.Decoder) *Slot {
	s := &Slot{Number: d.U64(), Start: d.Hash(), StartCount: d.U64(), StartTick: d.U64()}
	n := d.Items(entryMinBytes, maxSlotEntries, "slot entries")
	if n > 0 {
		s.Entries = make([]Entry, n)
	}
	for i := 0; i < n && d.Err == nil; i++ {
		en := &s.Entries[i]
		en.NumHashes, en.Hash = d.U64(), d.Hash()
		m := d.Items(mixinBytes, maxSlotEntries, "entry mixins")
		if m > 0 {
			en.Mixins = make([]Mixin, m)
		}
		for k := 0; k < m; k++ {
			en.Mixins[k] = Mixin{Data: d.Hash(), Ref: d.Hash()}
		}
	}
	return s
}

// EncodeSlots writes a list of slots.
func EncodeSlots(e *wire.Encoder, slots []*Slot) {
	e.U64(uint64(len(slots)))
	for _, s := range slots {
		EncodeSlot(e, s)
	}
}

// DecodeSlots reads a list of slots.
func DecodeSlots(d *wire.Decoder) []*Slot {
	n := d.Items(slotMinBytes, maxSlotEntries, "slots")
	var out []*Slot
	for i := 0; i < n && d.Err == nil; i++ {
		out = append(out, DecodeSlot(d))
	}
	return out
}

// MarshalBinary is the slot's canonical encoding.
func (s *Slot) MarshalBinary() ([]byte, error) {
	var e wire.Encoder
	EncodeSlot(&e, s)
	return e.Bytes(), nil
}

// UnmarshalBinary decodes a slot; it refuses trailing bytes.
func (s *Slot) UnmarshalBinary(b []byte) error {
	d := wire.NewDecoder(b)
	v := DecodeSlot(d)
	if err := d.Finish(); err != nil {
		return err
	}
	*s = *v
	return nil
}

// EncodeRecorderState writes a recorder's state.
func EncodeRecorderState(e *wire.Encoder, s *RecorderState) {
	e.U64(s.Config.HashesPerTick)
	e.U64(s.Config.TicksPerSlot)
	e.U64(s.Config.MaxRefAge)
	e.Hash(s.Hash)
	e.U64(s.Count)
	e.U64(s.Tick)
	e.U64(s.InTick)
	e.U64(s.Since)
	e.U64(uint64(len(s.Recent)))
	for _, r := range s.Recent {
		e.Hash(r.Hash)
		e.U64(r.Tick)
	}
	EncodeSlot(e, &s.Slot)
}

// DecodeRecorderState reads a recorder's state (EncodeRecorderState's
// inverse). RestoreRecorder validates it.
func DecodeRecorderState(d *wire.Decoder) RecorderState {
	var s RecorderState
	s.Config = Config{HashesPerTick: d.U64(), TicksPerSlot: d.U64(), MaxRefAge: d.U64()}
	s.Hash, s.Count, s.Tick, s.InTick, s.Since = d.Hash(), d.U64(), d.U64(), d.U64(), d.U64()
	n := d.Items(recentBytes, maxSlotEntries, "recent hashes")
	for i := 0; i < n && d.Err == nil; i++ {
		s.Recent = append(s.Recent, RecentHash{Hash: d.Hash(), Tick: d.U64()})
	}
	if sl := DecodeSlot(d); d.Err == nil {
		s.Slot = *sl
	}
	return s
}
