package poh

import (
	"fmt"
	"runtime"
	"sync"
)

// Event is a mixin with its place in the chain.
type Event struct {
	Mixin
	Position uint64 // hash count since genesis of its mixing hash
	Entry    int    // index of its entry in the slot
}

// Events lists a slot's events in chain order with their positions.
func (s *Slot) Events() []Event {
	var out []Event
	count := s.StartCount
	for i := range s.Entries {
		e := &s.Entries[i]
		k := uint64(len(e.Mixins))
		base := count + e.NumHashes - k
		for j, m := range e.Mixins {
			out = append(out, Event{Mixin: m, Position: base + uint64(j) + 1, Entry: i})
		}
		count += e.NumHashes
	}
	return out
}

// Verifier checks a chain slot by slot. It carries what a slot needs of
// the ones before it: the hash, count and tick height it starts at, and
// the hashes its events may reference.
type Verifier struct {
	cfg    Config
	slot   uint64
	hash   Hash
	count  uint64
	tick   uint64
	recent *Recent
	// Workers is how many cores check a slot's hashes (default: all).
	Workers int
}

// NewVerifier verifies the chain a recorder with cfg and seed produces.
func NewVerifier(cfg Config, seed Hash) (*Verifier, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	v := &Verifier{cfg: cfg, hash: seed, recent: NewRecent(cfg.MaxRefAge)}
	v.recent.Add(seed, 0)
	return v, nil
}

// Next is the number of the slot Verify expects.
func (v *Verifier) Next() uint64 { return v.slot }

// Hash is the last verified hash.
func (v *Verifier) Hash() Hash { return v.hash }

// Verify checks slot s and, if it is valid, moves past it. An invalid
// slot changes nothing.
func (v *Verifier) Verify(s *Slot) error {
	if s.Number != v.slot {
		return fmt.Errorf("poh: slot %d, expected %d", s.Number, v.slot)
	}
	if s.Start != v.hash || s.StartCount != v.count || s.StartTick != v.tick {
		return fmt.Errorf("poh: slot %d does not start where slot %d ended (%s at %d, tick %d)", s.Number, v.slot-1, v.hash, v.count, v.tick)
	}
	recent, tick, err := v.structure(s)
	if err != nil {
		return err
	}
	if err := VerifyHashes(s, v.Workers); err != nil {
		return err
	}
	v.slot++
	v.hash = s.End()
	v.count += s.NumHashes()
	v.tick = tick
	v.recent = recent
	return nil
}

// structure checks the counts and the events' references (sequential and
// cheap: no hashing of the chain).
func (v *Verifier) structure(s *Slot) (*Recent, uint64, error) {
	recent, tick := v.recent.Clone(), v.tick
	var inTick, ticks uint64
	for i := range s.Entries {
		e := &s.Entries[i]
		k := uint64(len(e.Mixins))
		if e.NumHashes == 0 || e.NumHashes < k {
			return nil, 0, fmt.Errorf("%w: slot %d entry %d has %d hashes for %d mixins", ErrCount, s.Number, i, e.NumHashes, k)
		}
		if ticks == v.cfg.TicksPerSlot {
			return nil, 0, fmt.Errorf("%w: slot %d has entries after its last tick", ErrCount, s.Number)
		}
		inTick += e.NumHashes
		if e.IsTick() {
			if inTick != v.cfg.HashesPerTick {
				return nil, 0, fmt.Errorf("%w: slot %d tick %d has %d hashes, want %d", ErrCount, s.Number, ticks, inTick, v.cfg.HashesPerTick)
			}
			inTick = 0
			ticks++
			tick++
			recent.Add(e.Hash, tick)
			recent.Prune(tick)
			continue
		}
		if inTick >= v.cfg.HashesPerTick {
			return nil, 0, fmt.Errorf("%w: slot %d entry %d overruns its tick (%d hashes)", ErrCount, s.Number, i, inTick)
		}
		for j, m := range e.Mixins {
			if err := recent.Check(m.Ref, tick); err != nil {
				return nil, 0, fmt.Errorf("slot %d entry %d event %d: %w", s.Number, i, j, err)
			}
		}
		recent.Add(e.Hash, tick)
	}
	if ticks != v.cfg.TicksPerSlot {
		return nil, 0, fmt.Errorf("%w: slot %d has %d ticks, want %d", ErrCount, s.Number, ticks, v.cfg.TicksPerSlot)
	}
	return recent, tick, nil
}

// VerifyHashes replays every entry of s from the one before it, on
// workers cores (≤ 0: all): the entries are split into contiguous segments
// of about equal hash counts. It reports the first entry that does not
// replay.
func VerifyHashes(s *Slot, workers int) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	n := len(s.Entries)
	if n == 0 {
		return nil
	}
	if workers > n {
		workers = n
	}
	total := s.NumHashes()
	// bounds[w] is the first entry of segment w.
	bounds := make([]int, 0, workers+1)
	bounds = append(bounds, 0)
	var acc uint64
	for i := range s.Entries {
		if len(bounds) < workers && acc >= total*uint64(len(bounds))/uint64(workers) && i > bounds[len(bounds)-1] {
			bounds = append(bounds, i)
		}
		acc += s.Entries[i].NumHashes
	}
	bounds = append(bounds, n)
	bad := make([]int, len(bounds)-1)
	errs := make([]error, len(bounds)-1)
	var wg sync.WaitGroup
	for w := 0; w+1 < len(bounds); w++ {
		bad[w] = -1
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := bounds[w]; i < bounds[w+1]; i++ {
				start := s.Start
				if i > 0 {
					start = s.Entries[i-1].Hash
				}
				h, err := s.Entries[i].Replay(start)
				if err == nil && h != s.Entries[i].Hash {
					err = ErrHash
				}
				if err != nil {
					bad[w], errs[w] = i, err
					return
				}
			}
		}(w)
	}
	wg.Wait()
	for w := range bad {
		if bad[w] >= 0 {
			return fmt.Errorf("slot %d entry %d: %w", s.Number, bad[w], errs[w])
		}
	}
	return nil
}

// Clone copies the verifier (to check several slots all or nothing).
func (v *Verifier) Clone() *Verifier {
	c := *v
	c.recent = v.recent.Clone()
	return &c
}
