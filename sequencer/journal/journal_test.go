package journal

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/parthnet/parth/sequencer"
	"github.com/parthnet/parth/sequencer/poh"
	"github.com/parthnet/parth/state/store"
)

var cfg = poh.Config{HashesPerTick: 32, TicksPerSlot: 4, MaxRefAge: 8}

func capHash(user uint64, i int) poh.Hash { return sha256.Sum256([]byte(fmt.Sprint(user, "/", i))) }

// script drives a core through steps [from, to): some hashes, a
// submission in two steps of three, two ticks. With a journal it writes
// what the driver writes: each submission, each block, and snapshots at
// some cuts.
func script(t *testing.T, c *sequencer.Core, j *Journal, from, to int) []*sequencer.Block {
	t.Helper()
	var blocks []*sequencer.Block
	cut := func(b *sequencer.Block, snap bool) {
		if b == nil {
			return
		}
		blocks = append(blocks, b)
		if j != nil {
			// The driver writes each cut with its snapshot (Cut); a cut
			// without one is what a journal from before that looks like,
			// and restores by replaying across it.
			if snap {
				if err := j.Cut(b, c); err != nil {
					t.Fatal(err)
				}
			} else {
				kvs, err := j.blockRecords(b)
				if err != nil {
					t.Fatal(err)
				}
				if err := j.St.PutRecords(journalNS, kvs...); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	for i := from; i < to; i++ {
		c.Run(uint64(3 + i%5))
		if i%3 != 2 {
			if c.Recorder().TickDue() {
				cut(c.Tick(), true)
			}
			s := sequencer.Submission{User: uint64(i % 4), Hash: capHash(uint64(i), i), Ref: c.Recorder().Latest(), Job: []byte{byte(i)}}
			q, err := c.Submit(s)
			if err != nil {
				t.Fatal(err)
			}
			if j != nil {
				if err := j.Event(q); err != nil {
					t.Fatal(err)
				}
			}
		}
		for k := 0; k < 2; k++ {
			c.Run(1 << 20)
			cut(c.Tick(), i%4 == 1) // a snapshot at every other block cut
		}
	}
	return blocks
}

// advance runs a core (hashes and ticks only) to count.
func advance(c *sequencer.Core, count uint64) []*sequencer.Block {
	var out []*sequencer.Block
	for c.Recorder().Count() < count {
		if c.Run(count-c.Recorder().Count()) == 0 {
			if b := c.Tick(); b != nil {
				out = append(out, b)
			}
		}
	}
	return out
}

func blockMap(t *testing.T, m map[uint64]string, bs []*sequencer.Block) {
	t.Helper()
	for _, b := range bs {
		v := fmt.Sprint(b.PoH, len(b.EndCaps), len(b.Slots))
		for _, e := range b.EndCaps {
			v += fmt.Sprint(" ", e.Position)
		}
		if old, ok := m[b.Number]; ok && old != v {
			t.Fatalf("block %d cut twice differently", b.Number)
		}
		m[b.Number] = v
	}
}

// TestJournalRestore: a sequencer that stops at any point restores from
// its journal — the latest snapshot plus the submissions after it — to a
// chain that goes on exactly as one that never stopped: the same hashes,
// the same positions, the same blocks.
func TestJournalRestore(t *testing.T) {
	seed := poh.Hash{4}
	fresh := func() (*sequencer.Core, error) { return sequencer.NewCore(cfg, seed, 1) }
	ref, _ := fresh()
	want := map[uint64]string{}
	blockMap(t, want, script(t, ref, nil, 0, 40))
	if len(want) < 5 {
		t.Fatalf("%d blocks", len(want))
	}
	snapshots := 0
	for _, stop := range []int{1, 7, 13, 22, 31} {
		dir := filepath.Join(t.TempDir(), "db")
		st, err := store.Open(dir, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		crashed, _ := fresh()
		got := map[uint64]string{}
		blockMap(t, got, script(t, crashed, &Journal{St: st}, 0, stop))
		st.Close() // the process is gone

		st, err = store.Open(dir, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		j := &Journal{St: st}
		if _, ok, _ := st.Record(journalNS, []byte{keySnapshot}); ok {
			snapshots++
		}
		c, err := j.Restore(fresh)
		if err != nil {
			t.Fatalf("stop %d: %v", stop, err)
		}
		// The chain after the last submission is deterministic: running
		// to where the crashed process was gives its hash.
		blockMap(t, got, advance(c, crashed.Recorder().Count()))
		if c.Recorder().Hash() != crashed.Recorder().Hash() || c.Queued() != crashed.Queued() {
			t.Fatalf("stop %d: restored core at %s with %d queued, the crashed one at %s with %d", stop,
				c.Recorder().Hash(), c.Queued(), crashed.Recorder().Hash(), crashed.Queued())
		}
		stored, err := j.Blocks(1)
		if err != nil {
			t.Fatal(err)
		}
		blockMap(t, got, stored)
		blockMap(t, got, script(t, c, j, stop, 40))
		if c.Recorder().Hash() != ref.Recorder().Hash() {
			t.Fatalf("stop %d: the restored chain diverged", stop)
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("stop %d: blocks differ", stop)
		}
		st.Close()
	}
	if snapshots < 2 {
		t.Fatalf("only %d of the restores started from a snapshot", snapshots)
	}
}

// TestJournalCorrupt: a journal record that does not decode, or an event
// that does not replay at its position, stops the restore with an error.
func TestJournalCorrupt(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    func(st *store.Store)
	}{
		{"undecodable event", func(st *store.Store) { st.PutRecord(journalNS, key(keyEvent, 1<<40), []byte("junk")) }},
		{"event at a position it cannot have", func(st *store.Store) {
			q := sequencer.Sequenced{Submission: sequencer.Submission{User: 1, Hash: poh.Hash{1}, Ref: poh.Hash{2}}, Position: 1 << 40}
			b, _ := q.MarshalBinary()
			st.PutRecord(journalNS, key(keyEvent, 1<<40), b)
		}},
		{"undecodable snapshot", func(st *store.Store) { st.PutRecord(journalNS, []byte{keySnapshot}, []byte{1, 2, 3}) }},
	} {
		st, err := store.Open(filepath.Join(t.TempDir(), "db"), store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		c, _ := sequencer.NewCore(cfg, poh.Hash{4}, 1)
		script(t, c, &Journal{St: st}, 0, 5)
		tc.f(st)
		if _, err := (&Journal{St: st}).Restore(func() (*sequencer.Core, error) { return sequencer.NewCore(cfg, poh.Hash{4}, 1) }); err == nil {
			t.Fatalf("%s: restored", tc.name)
		}
		st.Close()
	}
}

// TestDriverJournal: every submission the driver acknowledged is in the
// journal: after the driver stops, a restored core holds each of them,
// in a stored block or still queued.
func TestDriverJournal(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "db")
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	pcfg := poh.Config{HashesPerTick: 2000, TicksPerSlot: 8, MaxRefAge: 64}
	fresh := func() (*sequencer.Core, error) { return sequencer.NewCore(pcfg, poh.Hash{5}, 1) }
	c, _ := fresh()
	blocks := make(chan *sequencer.Block, 16)
	d := sequencer.NewDriver(c, blocks)
	d.Journal, d.SnapshotSlots = &Journal{St: st}, 2
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx) }()
	acked := map[poh.Hash]bool{}
	for i := 0; i < 5; i++ { // one user: one end cap per block, the rest wait
		h := capHash(1, i)
		if _, err := d.Submit(ctx, sequencer.Submission{User: 1, Hash: h, Ref: d.Latest()}); err != nil {
			t.Fatal(err)
		}
		acked[h] = true
	}
	<-blocks
	cancel()
	<-done
	st.Close()

	st, err = store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	j := &Journal{St: st}
	r, err := j.Restore(fresh)
	if err != nil {
		t.Fatal(err)
	}
	stored, err := j.Blocks(1)
	if err != nil {
		t.Fatal(err)
	}
	found := map[poh.Hash]bool{}
	for _, b := range stored {
		for _, e := range b.EndCaps {
			found[e.Hash] = true
		}
	}
	for _, q := range r.State().Queue {
		found[q.Hash] = true
	}
	for h := range acked {
		if !found[h] {
			t.Fatalf("acknowledged end cap %s lost", h)
		}
	}
	// Each is found by its hash, with the block that includes it.
	inBlock := map[poh.Hash]uint64{}
	for _, b := range stored {
		for _, e := range b.EndCaps {
			inBlock[e.Hash] = b.Number
		}
	}
	for h := range acked {
		s, n, ok, err := j.Lookup(h)
		if err != nil || !ok || s.Hash != h || n != inBlock[h] {
			t.Fatalf("Lookup(%s) = %v at %d, block %d, %v, %v; want block %d", h, s.Hash, s.Position, n, ok, err, inBlock[h])
		}
	}
	if _, _, ok, err := j.Lookup(poh.Hash{1}); ok || err != nil {
		t.Fatalf("Lookup of a hash never sequenced: %v, %v", ok, err)
	}
	if len(stored) > 0 {
		b, ok, err := j.ReadBlock(stored[0].Number)
		if err != nil || !ok || b.PoH != stored[0].PoH {
			t.Fatalf("ReadBlock(%d): %v, %v", stored[0].Number, ok, err)
		}
	}
}

// TestCutIsAtomic: a block is journaled with the core's state after it
// (one write), so a core restored after any crash is past every journaled
// block: what it is given next goes into the next block, never into a
// second, different cut of a block the journal (and the chain) already
// has. The journal refuses to hold two blocks at one number.
func TestCutIsAtomic(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	j := &Journal{St: st}
	fresh := func() (*sequencer.Core, error) { return sequencer.NewCore(cfg, capHash(9, 9), 1) }
	c, _ := fresh()
	q, err := c.Submit(sequencer.Submission{User: 1, Hash: capHash(1, 1), Ref: c.Recorder().Latest()})
	if err != nil {
		t.Fatal(err)
	}
	if err := j.Event(q); err != nil {
		t.Fatal(err)
	}
	var b1 *sequencer.Block
	for b1 == nil {
		c.Run(1 << 20)
		b1 = c.Tick()
	}
	if err := j.Cut(b1, c); err != nil {
		t.Fatal(err)
	}
	// kill -9 here; the restored core takes another end cap.
	r, err := j.Restore(fresh)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Submit(sequencer.Submission{User: 2, Hash: capHash(2, 2), Ref: r.Recorder().Latest()}); err != nil {
		t.Fatal(err)
	}
	var b *sequencer.Block
	for b == nil {
		r.Run(1 << 20)
		b = r.Tick()
	}
	if b.Number != b1.Number+1 || len(b.EndCaps) != 1 || b.EndCaps[0].User != 2 {
		t.Fatalf("after the restore the core cut block %d with %d end caps, want block %d with user 2's", b.Number, len(b.EndCaps), b1.Number+1)
	}
	other := *b
	other.Number = b1.Number
	if err := j.Cut(&other, r); !errors.Is(err, ErrConflict) {
		t.Fatalf("another block %d over the journaled one: %v", b1.Number, err)
	}
	if got, ok, err := j.ReadBlock(b1.Number); err != nil || !ok || got.PoH != b1.PoH {
		t.Fatal("the journaled block was changed")
	}
	if err := j.Cut(b1, c); err != nil {
		t.Fatalf("the same block again: %v", err)
	}
}

// TestFollow: a follower journals the leader's block with the state after
// it: Lookup finds each included end cap in the block and the waiting one
// as sequenced, the restored core continues where the leader's did (the
// waiting end cap queued, the next block's number), and nothing is
// replayed twice.
func TestFollow(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	leader, _ := sequencer.NewCore(cfg, capHash(9, 9), 1)
	var subs []sequencer.Sequenced
	for i, u := range []uint64{1, 2, 1} { // user 1's second end cap waits
		q, err := leader.Submit(sequencer.Submission{User: u, Hash: capHash(u, i), Ref: leader.Recorder().Latest()})
		if err != nil {
			t.Fatal(err)
		}
		subs = append(subs, q)
	}
	var b *sequencer.Block
	for b == nil {
		leader.Run(1 << 20)
		b = leader.Tick()
	}
	if len(b.EndCaps) != 2 || len(b.Waiting) != 1 {
		t.Fatalf("block of %d end caps, %d waiting", len(b.EndCaps), len(b.Waiting))
	}
	j := &Journal{St: st}
	if err := j.Follow(b, leader); err != nil {
		t.Fatal(err)
	}
	for i, s := range subs {
		got, in, ok, err := j.Lookup(s.Hash)
		want := uint64(1)
		if i == 2 {
			want = 0 // waiting
		}
		if err != nil || !ok || got.Position != s.Position || in != want {
			t.Fatalf("end cap %d: %+v in block %d (%v, %v), want block %d", i, got, in, ok, err, want)
		}
	}
	for i, s := range subs { // the waiting one is queued in the snapshot
		if q, err := j.Queued(s.Hash); err != nil || q != (i == 2) {
			t.Fatalf("end cap %d queued: %v (%v)", i, q, err)
		}
	}
	r, err := j.Restore(func() (*sequencer.Core, error) { t.Fatal("no snapshot"); return nil, nil })
	if err != nil {
		t.Fatal(err)
	}
	if r.Queued() != 1 || r.Recorder().Hash() != leader.Recorder().Hash() {
		t.Fatalf("restored: %d queued, chain at %x; the leader's: 1, %x", r.Queued(), r.Recorder().Hash(), leader.Recorder().Hash())
	}
	other := *b
	other.PoH[0] ^= 1
	if err := j.Follow(&other, leader); !errors.Is(err, ErrConflict) {
		t.Fatalf("another block 1: %v", err)
	}
}
