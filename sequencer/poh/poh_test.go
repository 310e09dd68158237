package poh

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"strings"
	"testing"
)

var testCfg = Config{HashesPerTick: 64, TicksPerSlot: 4, MaxRefAge: 3}

func data(i int) Hash { return sha256.Sum256([]byte(fmt.Sprint("end cap ", i))) }

// record produces slots of a chain with events mixed in: in every tick,
// events referencing the latest entry at a few places.
func record(t testing.TB, cfg Config, slots int) (*Recorder, []*Slot) {
	t.Helper()
	r, err := NewRecorder(cfg, sha256.Sum256([]byte("genesis")))
	if err != nil {
		t.Fatal(err)
	}
	var out []*Slot
	ev := 0
	for len(out) < slots {
		r.Run(10)
		if ev%3 != 2 {
			if _, _, err := r.Record(Mixin{Data: data(ev), Ref: r.Latest()}); err != nil {
				t.Fatal(err)
			}
		} else if _, _, err := r.Record(Mixin{Data: data(ev), Ref: r.Latest()}, Mixin{Data: data(ev + 1000), Ref: r.Latest()}); err != nil {
			t.Fatal(err)
		}
		ev++
		r.Run(20)
		for !r.TickDue() {
			r.Run(1 << 20)
		}
		if _, s := r.Tick(); s != nil {
			out = append(out, s)
		}
	}
	return r, out
}

func verifier(t testing.TB, r *Recorder, workers int) *Verifier {
	v, err := NewVerifier(r.Config(), sha256.Sum256([]byte("genesis")))
	if err != nil {
		t.Fatal(err)
	}
	v.Workers = workers
	return v
}

func TestRecordAndVerify(t *testing.T) {
	r, slots := record(t, testCfg, 5)
	for _, workers := range []int{1, 2, 3, 64} {
		v := verifier(t, r, workers)
		for _, s := range slots {
			if err := v.Verify(s); err != nil {
				t.Fatalf("workers %d: %v", workers, err)
			}
		}
		if v.Hash() != r.Hash() {
			t.Fatalf("verifier ends at %s, recorder at %s", v.Hash(), r.Hash())
		}
	}
	// Counts: every slot is HashesPerSlot hashes; positions increase and
	// are where the mixing hash is.
	var last uint64
	for _, s := range slots {
		if s.NumHashes() != testCfg.HashesPerSlot() {
			t.Fatalf("slot %d: %d hashes", s.Number, s.NumHashes())
		}
		evs := s.Events()
		if len(evs) == 0 {
			t.Fatal("no events")
		}
		for _, e := range evs {
			if e.Position <= last {
				t.Fatalf("position %d after %d", e.Position, last)
			}
			last = e.Position
		}
	}
	if r.Count() != 5*testCfg.HashesPerSlot() || r.TickHeight() != 5*testCfg.TicksPerSlot {
		t.Fatalf("count %d, ticks %d", r.Count(), r.TickHeight())
	}
}

// TestPositionsAreTimestamps: Record's positions equal Events'.
func TestPositionsAreTimestamps(t *testing.T) {
	r, _ := NewRecorder(testCfg, Hash{1})
	r.Run(5)
	_, pos, err := r.Record(Mixin{Data: data(1), Ref: r.Latest()}, Mixin{Data: data(2), Ref: r.Latest()})
	if err != nil {
		t.Fatal(err)
	}
	if pos[0] != 6 || pos[1] != 7 {
		t.Fatalf("positions %v, want [6 7]", pos)
	}
	var s *Slot
	for s == nil {
		r.Run(1000)
		_, s = r.Tick()
	}
	evs := s.Events()
	if len(evs) != 2 || evs[0].Position != 6 || evs[1].Position != 7 {
		t.Fatalf("events %+v", evs)
	}
}

func TestRecorderRefuses(t *testing.T) {
	r, _ := NewRecorder(testCfg, Hash{1})
	before := r.Hash()
	if _, _, err := r.Record(Mixin{Data: data(1), Ref: Hash{9}}); !errors.Is(err, ErrUnknownRef) {
		t.Fatalf("unknown ref: %v", err)
	}
	if _, _, err := r.Record(); err == nil {
		t.Fatal("empty record accepted")
	}
	if r.Hash() != before || r.Count() != 0 {
		t.Fatal("a refused record changed the chain")
	}
	old := r.Latest()
	// MaxRefAge+1 ticks later the reference is out of the window.
	for i := uint64(0); i <= testCfg.MaxRefAge; i++ {
		r.Tick()
	}
	if _, _, err := r.Record(Mixin{Data: data(1), Ref: old}); !errors.Is(err, ErrUnknownRef) && !errors.Is(err, ErrStaleRef) {
		t.Fatalf("stale ref: %v", err)
	}
	// No room before the tick.
	r.Run(1 << 20)
	if !r.TickDue() {
		t.Fatal("tick not due after Run to the end")
	}
	if _, _, err := r.Record(Mixin{Data: data(1), Ref: r.Latest()}); !errors.Is(err, ErrTickDue) {
		t.Fatalf("tick due: %v", err)
	}
	r.Tick()
	if _, _, err := r.Record(Mixin{Data: data(1), Ref: r.Latest()}); err != nil {
		t.Fatal(err)
	}
	if _, err := NewRecorder(Config{HashesPerTick: 1, TicksPerSlot: 1, MaxRefAge: 1}, Hash{}); err == nil {
		t.Fatal("1 hash per tick accepted")
	}
}

func clone(s *Slot) *Slot {
	c := *s
	c.Entries = make([]Entry, len(s.Entries))
	for i, e := range s.Entries {
		e.Mixins = append([]Mixin(nil), e.Mixins...)
		c.Entries[i] = e
	}
	return c2(c)
}

func c2(c Slot) *Slot { return &c }

// reseal recomputes every hash from entry i on, as a generator rewriting
// history would (so only the rule it breaks can catch it).
func reseal(s *Slot, from int) {
	for i := from; i < len(s.Entries); i++ {
		start := s.Start
		if i > 0 {
			start = s.Entries[i-1].Hash
		}
		h, err := s.Entries[i].Replay(start)
		if err != nil {
			panic(err)
		}
		s.Entries[i].Hash = h
	}
}

// TestTamperingDetected: a change anywhere in a slot is detected, on one
// core and on several.
func TestTamperingDetected(t *testing.T) {
	r, slots := record(t, testCfg, 3)
	s := slots[1]
	withMixins := -1
	for i, e := range s.Entries {
		if len(e.Mixins) == 2 {
			withMixins = i
		}
	}
	if withMixins < 0 {
		t.Fatal("fixture has no two-event entry")
	}
	type tamper struct {
		name string
		f    func(s *Slot)
		want error
	}
	var cases []tamper
	for i := range s.Entries {
		cases = append(cases, tamper{fmt.Sprintf("flipped hash of entry %d", i), func(s *Slot) { s.Entries[i].Hash[i%32] ^= 1 }, nil})
		cases = append(cases, tamper{fmt.Sprintf("count+1 of entry %d", i), func(s *Slot) { s.Entries[i].NumHashes++ }, nil})
		cases = append(cases, tamper{fmt.Sprintf("count−1 of entry %d", i), func(s *Slot) { s.Entries[i].NumHashes-- }, nil})
	}
	cases = append(cases,
		tamper{"reordered mixins", func(s *Slot) {
			m := s.Entries[withMixins].Mixins
			m[0], m[1] = m[1], m[0]
		}, ErrHash},
		tamper{"changed event data", func(s *Slot) { s.Entries[withMixins].Mixins[1].Data[0] ^= 1 }, ErrHash},
		tamper{"changed event reference", func(s *Slot) { s.Entries[withMixins].Mixins[0].Ref[5] ^= 1 }, nil},
		tamper{"dropped event", func(s *Slot) {
			e := &s.Entries[withMixins]
			e.Mixins = e.Mixins[:1]
		}, ErrHash},
		tamper{"dropped entry", func(s *Slot) { s.Entries = append(s.Entries[:withMixins], s.Entries[withMixins+1:]...) }, nil},
		tamper{"unknown reference, resealed", func(s *Slot) {
			s.Entries[withMixins].Mixins[0].Ref = Hash{0xde, 0xad}
			reseal(s, withMixins)
		}, ErrUnknownRef},
		tamper{"reference to a later entry, resealed", func(s *Slot) {
			s.Entries[withMixins].Mixins[0].Ref = s.Entries[len(s.Entries)-1].Hash
			reseal(s, withMixins)
		}, ErrUnknownRef},
		tamper{"event moved into the tick, resealed", func(s *Slot) {
			last := &s.Entries[len(s.Entries)-1]
			last.Mixins = []Mixin{{Data: data(7), Ref: s.Start}}
			reseal(s, len(s.Entries)-1)
		}, ErrCount},
		tamper{"an extra tick, resealed", func(s *Slot) {
			s.Entries = append(s.Entries, Entry{NumHashes: testCfg.HashesPerTick})
			reseal(s, len(s.Entries)-1)
		}, ErrCount},
		tamper{"wrong start", func(s *Slot) { s.Start[0] ^= 1 }, nil},
		tamper{"wrong start count", func(s *Slot) { s.StartCount++ }, nil},
		tamper{"wrong slot number", func(s *Slot) { s.Number++ }, nil},
	)
	// The parallel hash check alone finds a flipped hash in any entry, and
	// names it (the entry after it does not replay either, but the first
	// bad entry is reported).
	for _, workers := range []int{1, 2, 5} {
		for i := range s.Entries {
			bad := clone(s)
			bad.Entries[i].Hash[31] ^= 0x80
			err := VerifyHashes(bad, workers)
			if !errors.Is(err, ErrHash) || !strings.Contains(err.Error(), fmt.Sprintf("entry %d:", i)) {
				t.Fatalf("workers %d, flipped entry %d: %v", workers, i, err)
			}
		}
	}
	for _, workers := range []int{1, 2} {
		for _, tc := range cases {
			v := verifier(t, r, workers)
			if err := v.Verify(slots[0]); err != nil {
				t.Fatal(err)
			}
			bad := clone(s)
			tc.f(bad)
			err := v.Verify(bad)
			if err == nil {
				t.Fatalf("workers %d, %s: accepted", workers, tc.name)
			}
			if tc.want != nil && !errors.Is(err, tc.want) {
				t.Fatalf("workers %d, %s: %v, want %v", workers, tc.name, err, tc.want)
			}
			// A refused slot changes nothing: the real one still verifies.
			if err := v.Verify(s); err != nil {
				t.Fatalf("workers %d, after %s: %v", workers, tc.name, err)
			}
		}
	}
}

// TestStaleReferenceInSlot: an event whose reference is older than
// MaxRefAge ticks makes the slot invalid even with honest hashes.
func TestStaleReferenceInSlot(t *testing.T) {
	cfg := Config{HashesPerTick: 16, TicksPerSlot: 8, MaxRefAge: 2}
	seed := Hash{3}
	// A dishonest generator: no reference check (built by hand).
	s := &Slot{Start: seed}
	h := seed
	for i := 0; i < 8; i++ {
		if i == 5 {
			e := Entry{NumHashes: 3, Mixins: []Mixin{{Data: data(1), Ref: seed}}}
			e.Hash, _ = e.Replay(h)
			h = e.Hash
			s.Entries = append(s.Entries, e)
			e = Entry{NumHashes: 13}
			e.Hash, _ = e.Replay(h)
			h = e.Hash
			s.Entries = append(s.Entries, e)
			continue
		}
		e := Entry{NumHashes: 16}
		e.Hash, _ = e.Replay(h)
		h = e.Hash
		s.Entries = append(s.Entries, e)
	}
	v, _ := NewVerifier(cfg, seed)
	if err := VerifyHashes(s, 2); err != nil {
		t.Fatalf("hashes are honest: %v", err)
	}
	if err := v.Verify(s); !errors.Is(err, ErrUnknownRef) && !errors.Is(err, ErrStaleRef) {
		t.Fatalf("stale reference: %v", err)
	}
	s.Entries[5].Mixins[0].Ref = s.Entries[4].Hash
	reseal(s, 5)
	if err := v.Verify(s); err != nil {
		t.Fatalf("fresh reference: %v", err)
	}
}

// TestRecorderStateRoundTrip: a restored recorder continues exactly as
// the original.
func TestRecorderStateRoundTrip(t *testing.T) {
	r, _ := record(t, testCfg, 2)
	r.Run(7)
	if _, _, err := r.Record(Mixin{Data: data(1), Ref: r.Latest()}); err != nil {
		t.Fatal(err)
	}
	c, err := RestoreRecorder(r.State())
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range []*Recorder{r, c} {
		x.Run(3)
		if _, _, err := x.Record(Mixin{Data: data(2), Ref: x.Latest()}); err != nil {
			t.Fatal(err)
		}
	}
	var sr, sc *Slot
	for sr == nil {
		r.Run(1 << 20)
		_, sr = r.Tick()
		c.Run(1 << 20)
		_, sc = c.Tick()
	}
	if sc == nil || sr.End() != sc.End() || len(sr.Entries) != len(sc.Entries) || r.Count() != c.Count() {
		t.Fatal("the restored recorder diverged")
	}
}

// TestVerifierContinues: a recorder started from a verifier's state
// produces slots that verifier (and any verifier at the same point)
// accepts, and events referencing hashes the verifier saw are valid.
func TestVerifierContinues(t *testing.T) {
	r, slots := record(t, testCfg, 2)
	v := verifier(t, r, 2)
	for _, s := range slots {
		if err := v.Verify(s); err != nil {
			t.Fatal(err)
		}
	}
	next, err := RestoreRecorder(v.RecorderState())
	if err != nil {
		t.Fatal(err)
	}
	old := slots[1].Entries[len(slots[1].Entries)-2].Hash // a recent hash the old leader published
	next.Run(3)
	if _, _, err := next.Record(Mixin{Data: data(9), Ref: old}); err != nil {
		t.Fatal(err)
	}
	var s *Slot
	for s == nil {
		next.Run(1 << 20)
		_, s = next.Tick()
	}
	if err := v.Verify(s); err != nil {
		t.Fatalf("the continued chain: %v", err)
	}
}

// TestRestoreVerifier: a verifier rebuilt from its state (a validator's
// persisted view) accepts the next slot as the original does and refuses
// what it refuses; a recorder's state mid-slot is not a verifier's.
func TestRestoreVerifier(t *testing.T) {
	r, slots := record(t, testCfg, 3)
	v := verifier(t, r, 3)
	if err := v.Verify(slots[0]); err != nil {
		t.Fatal(err)
	}
	w, err := RestoreVerifier(v.RecorderState())
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Verify(slots[2]); err == nil {
		t.Fatal("the restored verifier skipped a slot")
	}
	for _, x := range []*Verifier{v, w} {
		if err := x.Verify(slots[1]); err != nil {
			t.Fatal(err)
		}
	}
	if v.Hash() != w.Hash() || v.Next() != w.Next() {
		t.Fatal("the restored verifier diverged")
	}
	if err := w.Verify(slots[2]); err != nil {
		t.Fatal(err)
	}
	r.Run(5)
	if _, err := RestoreVerifier(r.State()); err == nil {
		t.Fatal("a recorder's state mid-tick restored as a verifier")
	}
	bad := v.RecorderState()
	bad.Slot.StartCount++
	if _, err := RestoreVerifier(bad); err == nil {
		t.Fatal("an inconsistent state restored")
	}
}
