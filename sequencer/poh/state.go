package poh

import "fmt"

// RecorderState is everything a recorder holds, to persist and restore
// it exactly (the sequencer's snapshots).
type RecorderState struct {
	Config Config
	Hash   Hash
	Count  uint64
	Tick   uint64
	InTick uint64
	Since  uint64
	Recent []RecentHash // oldest first
	Slot   Slot         // the slot being recorded
}

// RecentHash is a referencable hash and its tick height.
type RecentHash struct {
	Hash Hash
	Tick uint64
}

// State is a copy of the recorder's state.
func (r *Recorder) State() RecorderState {
	s := RecorderState{Config: r.cfg, Hash: r.hash, Count: r.count, Tick: r.tick, InTick: r.inTick, Since: r.since, Slot: r.slot}
	s.Slot.Entries = append([]Entry(nil), r.slot.Entries...)
	for _, h := range r.recent.order {
		s.Recent = append(s.Recent, RecentHash{h, r.recent.at[h]})
	}
	return s
}

// RestoreRecorder rebuilds a recorder from its state.
func RestoreRecorder(s RecorderState) (*Recorder, error) {
	if err := s.Config.Validate(); err != nil {
		return nil, err
	}
	if s.InTick >= s.Config.HashesPerTick || s.Since > s.InTick+s.Config.HashesPerTick*s.Config.TicksPerSlot {
		return nil, fmt.Errorf("poh: inconsistent recorder state (%d hashes in the tick)", s.InTick)
	}
	r := &Recorder{cfg: s.Config, hash: s.Hash, count: s.Count, tick: s.Tick, inTick: s.InTick, since: s.Since,
		recent: NewRecent(s.Config.MaxRefAge), slot: s.Slot}
	r.slot.Entries = append([]Entry(nil), s.Slot.Entries...)
	for _, h := range s.Recent {
		r.recent.Add(h.Hash, h.Tick)
	}
	return r, nil
}

// RecorderState is the state of a recorder that would continue the chain
// where v has verified it to (the end of its last slot): how the next
// leader takes over the chain after a failover.
func (v *Verifier) RecorderState() RecorderState {
	s := RecorderState{Config: v.cfg, Hash: v.hash, Count: v.count, Tick: v.tick,
		Slot: Slot{Number: v.slot, Start: v.hash, StartCount: v.count, StartTick: v.tick}}
	for _, h := range v.recent.order {
		s.Recent = append(s.Recent, RecentHash{h, v.recent.at[h]})
	}
	return s
}

// RestoreVerifier rebuilds a verifier from its RecorderState (a
// validator's persisted view): it continues at the slot boundary the
// state is at. A state in the middle of a slot, or with a slot that does
// not start where the state is, is refused.
func RestoreVerifier(s RecorderState) (*Verifier, error) {
	if err := s.Config.Validate(); err != nil {
		return nil, err
	}
	if s.InTick != 0 || s.Since != 0 || len(s.Slot.Entries) != 0 {
		return nil, fmt.Errorf("poh: a verifier's state is at a slot boundary (%d hashes, %d entries into slot %d)", s.InTick, len(s.Slot.Entries), s.Slot.Number)
	}
	if s.Slot.Start != s.Hash || s.Slot.StartCount != s.Count || s.Slot.StartTick != s.Tick || s.Tick != s.Slot.Number*s.Config.TicksPerSlot ||
		s.Count != s.Tick*s.Config.HashesPerTick {
		return nil, fmt.Errorf("poh: inconsistent verifier state (slot %d does not start at hash %d, tick %d)", s.Slot.Number, s.Count, s.Tick)
	}
	for _, h := range s.Recent {
		if h.Tick > s.Tick {
			return nil, fmt.Errorf("poh: inconsistent verifier state (a recent hash at tick %d, past the state's tick %d)", h.Tick, s.Tick)
		}
	}
	v := &Verifier{cfg: s.Config, slot: s.Slot.Number, hash: s.Hash, count: s.Count, tick: s.Tick, recent: NewRecent(s.Config.MaxRefAge)}
	for _, h := range s.Recent {
		v.recent.Add(h.Hash, h.Tick)
	}
	return v, nil
}
