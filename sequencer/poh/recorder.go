package poh

import "fmt"

// Recorder generates the chain. It is deterministic and does no I/O.
type Recorder struct {
	cfg    Config
	hash   Hash   // the chain's current hash
	count  uint64 // hashes since genesis
	tick   uint64 // ticks since genesis (the tick height)
	inTick uint64 // hashes since the last tick
	since  uint64 // hashes since the last entry
	recent *Recent
	slot   Slot // the slot being recorded
}

// Slot is a slot's entries: Start is the hash it starts at (the previous
// slot's last tick), StartCount its hash count since genesis.
type Slot struct {
	Number     uint64
	Start      Hash
	StartCount uint64
	StartTick  uint64
	Entries    []Entry
}

// End is the slot's last hash (its last tick's).
func (s *Slot) End() Hash {
	if len(s.Entries) == 0 {
		return s.Start
	}
	return s.Entries[len(s.Entries)-1].Hash
}

// NumHashes is the slot's hash count.
func (s *Slot) NumHashes() uint64 {
	var n uint64
	for i := range s.Entries {
		n += s.Entries[i].NumHashes
	}
	return n
}

// NewRecorder starts a chain at seed (slot 0 starts there). The seed
// itself may be referenced by the first events.
func NewRecorder(cfg Config, seed Hash) (*Recorder, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	r := &Recorder{cfg: cfg, hash: seed, recent: NewRecent(cfg.MaxRefAge)}
	r.recent.Add(seed, 0)
	r.slot = Slot{Start: seed}
	return r, nil
}

// Config is the recorder's configuration.
func (r *Recorder) Config() Config { return r.cfg }

// Hash is the chain's current hash.
func (r *Recorder) Hash() Hash { return r.hash }

// Count is the number of hashes since genesis.
func (r *Recorder) Count() uint64 { return r.count }

// TickHeight is the number of ticks since genesis.
func (r *Recorder) TickHeight() uint64 { return r.tick }

// Latest is the most recent published entry hash (what clients reference).
func (r *Recorder) Latest() Hash {
	if n := len(r.slot.Entries); n > 0 {
		return r.slot.Entries[n-1].Hash
	}
	return r.slot.Start
}

// Run does up to n plain hashes, stopping one short of the tick (the
// tick's own hash is Tick's). It returns how many it did; 0 means the tick
// is due.
func (r *Recorder) Run(n uint64) uint64 {
	room := r.cfg.HashesPerTick - 1 - r.inTick
	if n > room {
		n = room
	}
	r.hash = extend(r.hash, n)
	r.count += n
	r.inTick += n
	r.since += n
	return n
}

// TickDue reports whether only the tick's hash is left in the tick.
func (r *Recorder) TickDue() bool { return r.inTick+1 >= r.cfg.HashesPerTick }

// Record mixes events in as one entry and returns it with the position
// (hash count) of each. It refuses — changing nothing — an event whose
// reference is unknown or too old, or a batch with no room left before
// the tick (ErrTickDue: call Tick first).
func (r *Recorder) Record(events ...Mixin) (Entry, []uint64, error) {
	k := uint64(len(events))
	if k == 0 {
		return Entry{}, nil, fmt.Errorf("poh: record needs at least one event")
	}
	if r.inTick+k >= r.cfg.HashesPerTick {
		return Entry{}, nil, ErrTickDue
	}
	for i, m := range events {
		if err := r.recent.Check(m.Ref, r.tick); err != nil {
			return Entry{}, nil, fmt.Errorf("event %d (%s): %w", i, m.Data, err)
		}
	}
	pos := make([]uint64, k)
	for i, m := range events {
		r.hash = mix(r.hash, m.Sum())
		r.count++
		pos[i] = r.count
	}
	r.inTick += k
	e := Entry{NumHashes: r.since + k, Hash: r.hash, Mixins: append([]Mixin(nil), events...)}
	r.since = 0
	r.publish(e)
	return e, pos, nil
}

// Tick finishes the tick (running any hashes Run has not) and returns its
// entry, and the finished slot if this tick ends one.
func (r *Recorder) Tick() (Entry, *Slot) {
	rest := r.cfg.HashesPerTick - r.inTick
	r.hash = extend(r.hash, rest)
	r.count += rest
	e := Entry{NumHashes: r.since + rest, Hash: r.hash}
	r.since, r.inTick = 0, 0
	r.tick++
	r.publish(e)
	r.recent.Prune(r.tick)
	if r.tick%r.cfg.TicksPerSlot != 0 {
		return e, nil
	}
	done := r.slot
	r.slot = Slot{Number: done.Number + 1, Start: r.hash, StartCount: r.count, StartTick: r.tick}
	return e, &done
}

// Recent is the set of hashes events may reference now (a copy).
func (r *Recorder) Recent() *Recent { return r.recent.Clone() }

func (r *Recorder) publish(e Entry) {
	r.slot.Entries = append(r.slot.Entries, e)
	r.recent.Add(e.Hash, r.tick)
}
