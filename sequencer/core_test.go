package sequencer

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/parthnet/parth/sequencer/poh"
)

var cfg = poh.Config{HashesPerTick: 32, TicksPerSlot: 4, MaxRefAge: 8}

func capHash(user uint64, i int) poh.Hash { return sha256.Sum256([]byte(fmt.Sprint(user, "/", i))) }

func sub(c *Core, user uint64, i int) Submission {
	return Submission{User: user, Hash: capHash(user, i), Ref: c.Recorder().Latest(), Job: []byte{byte(user), byte(i)}}
}

// finishSlot ticks to the end of the current slot and returns its block.
func finishSlot(c *Core) *Block {
	for {
		c.Run(1 << 20)
		start := c.Recorder().TickHeight()
		b := c.Tick()
		if (start+1)%cfg.TicksPerSlot == 0 {
			return b
		}
	}
}

func TestBlocksFromSlots(t *testing.T) {
	seed := poh.Hash{7}
	c, err := NewCore(cfg, seed, 1)
	if err != nil {
		t.Fatal(err)
	}
	mustSubmit := func(s Submission) uint64 {
		t.Helper()
		q, err := c.Submit(s)
		if err != nil {
			t.Fatal(err)
		}
		return q.Position
	}
	// Slot 0: Alice, Bob, Alice again, Carol.
	c.Run(3)
	pa := mustSubmit(sub(c, 1, 0))
	c.Run(2)
	pb := mustSubmit(sub(c, 2, 0))
	pa2 := mustSubmit(sub(c, 1, 1))
	c.Tick()
	pc := mustSubmit(sub(c, 3, 0))
	b1 := finishSlot(c)
	if b1 == nil || b1.Number != 1 {
		t.Fatalf("block 1: %+v", b1)
	}
	users := func(b *Block) (out []uint64) {
		for _, e := range b.EndCaps {
			out = append(out, e.User)
		}
		return
	}
	if got := fmt.Sprint(users(b1)); got != "[1 2 3]" {
		t.Fatalf("block 1 users %s, want [1 2 3] (Alice's second end cap waits)", got)
	}
	if b1.EndCaps[0].Position != pa || b1.EndCaps[1].Position != pb || b1.EndCaps[2].Position != pc {
		t.Fatal("positions")
	}
	if !(pa < pb && pb < pa2 && pa2 < pc) {
		t.Fatalf("positions not increasing: %d %d %d %d", pa, pb, pa2, pc)
	}
	if len(b1.Slots) != 1 || b1.PoH != b1.Slots[0].End() {
		t.Fatal("block 1 slots / PoH hash")
	}
	// Slot 1: nothing new; Alice's second end cap makes block 2.
	b2 := finishSlot(c)
	if b2 == nil || b2.Number != 2 || fmt.Sprint(users(b2)) != "[1]" || b2.EndCaps[0].Position != pa2 {
		t.Fatalf("block 2: %+v", b2)
	}
	// Slots 2 and 3: slot 2 is empty (no block); Dan in slot 3.
	if b := finishSlot(c); b != nil {
		t.Fatalf("an empty slot made block %d", b.Number)
	}
	mustSubmit(sub(c, 4, 0))
	b3 := finishSlot(c)
	if b3 == nil || b3.Number != 3 || len(b3.Slots) != 2 || b3.Slots[0].Number != 2 {
		t.Fatalf("block 3 should cover slots 2 and 3: %+v", b3)
	}
	// The blocks' slots are the whole chain: a verifier accepts them in order.
	v, _ := poh.NewVerifier(cfg, seed)
	for _, b := range []*Block{b1, b2, b3} {
		for _, s := range b.Slots {
			if err := v.Verify(s); err != nil {
				t.Fatal(err)
			}
		}
		// Every end cap in the block is an event of its slots, at its position.
		at := map[uint64]poh.Hash{}
		for _, s := range append([]*poh.Slot{}, b.Slots...) {
			for _, e := range s.Events() {
				at[e.Position] = e.Data
			}
		}
		for _, e := range b.EndCaps {
			if d, ok := at[e.Position]; !ok && e.Slot >= b.Slots[0].Number || ok && d != e.Hash {
				t.Fatalf("block %d end cap at %d not in its slots", b.Number, e.Position)
			}
		}
	}
}

func TestSubmitRefusals(t *testing.T) {
	c, _ := NewCore(cfg, poh.Hash{1}, 1)
	c.MaxQueued = 2
	s := sub(c, 1, 0)
	if _, err := c.Submit(s); err != nil {
		t.Fatal(err)
	}
	h, n := c.Recorder().Hash(), c.Recorder().Count()
	check := func(name string, s Submission, want error) {
		t.Helper()
		if _, err := c.Submit(s); !errors.Is(err, want) {
			t.Fatalf("%s: %v, want %v", name, err, want)
		}
		if c.Recorder().Hash() != h || c.Recorder().Count() != n {
			t.Fatalf("%s changed the chain", name)
		}
	}
	check("duplicate", s, ErrDuplicate)
	bad := sub(c, 2, 0)
	bad.Ref = poh.Hash{0xba, 0xd}
	check("unknown reference", bad, poh.ErrUnknownRef)
	if _, err := c.Submit(sub(c, 2, 0)); err != nil {
		t.Fatal(err)
	}
	h, n = c.Recorder().Hash(), c.Recorder().Count()
	check("queue full", sub(c, 3, 0), ErrQueueFull)
	c.MaxQueued = 10
	c.Run(1 << 20)
	h, n = c.Recorder().Hash(), c.Recorder().Count()
	check("tick due", sub(c, 3, 1), poh.ErrTickDue)
}

// TestHoldRefusesEndCaps: a core holding for a takeover takes no end cap
// and cuts no block until its hold's ticks have passed, then takes them
// again, and its first block's slots open with the whole hold in ticks.
func TestHoldRefusesEndCaps(t *testing.T) {
	c, _ := NewCore(cfg, poh.Hash{1}, 1)
	c.HoldFor(2 * cfg.TicksPerSlot)
	for i := uint64(0); i < 2*cfg.TicksPerSlot; i++ {
		h, n := c.Recorder().Hash(), c.Recorder().Count()
		if _, err := c.Submit(sub(c, 1, int(i))); !errors.Is(err, ErrHeld) {
			t.Fatalf("tick %d of the hold: %v", i, err)
		}
		if c.Recorder().Hash() != h || c.Recorder().Count() != n || c.Queued() != 0 {
			t.Fatal("a refused end cap changed the core")
		}
		c.Run(1 << 20)
		if c.Tick() != nil {
			t.Fatal("a block during the hold")
		}
	}
	if _, err := c.Submit(sub(c, 1, 99)); err != nil {
		t.Fatalf("after the hold: %v", err)
	}
	b := finishSlot(c)
	if b == nil {
		t.Fatal("no block after the hold")
	}
	var ticks uint64
	for _, sl := range b.Slots {
		for _, e := range sl.Entries {
			if !e.IsTick() {
				if ticks < 2*cfg.TicksPerSlot {
					t.Fatalf("the first end cap after %d ticks, the hold was %d", ticks, 2*cfg.TicksPerSlot)
				}
				return
			}
			ticks++
		}
	}
	t.Fatal("the block has no end cap")
}

// TestDriver runs the real loop: three clients submit concurrently, each
// referencing the latest hash it sees; every end cap lands in exactly one
// block, blocks come in order and their slots verify.
func TestDriver(t *testing.T) {
	c, _ := NewCore(poh.Config{HashesPerTick: 2000, TicksPerSlot: 8, MaxRefAge: 64}, poh.Hash{9}, 1)
	blocks := make(chan *Block, 64)
	d := NewDriver(c, blocks)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx) }()
	var wg sync.WaitGroup
	const perUser = 5
	for u := uint64(1); u <= 3; u++ {
		wg.Add(1)
		go func(u uint64) {
			defer wg.Done()
			for i := 0; i < perUser; i++ {
				if _, err := d.Submit(ctx, Submission{User: u, Hash: capHash(u, i), Ref: d.Latest()}); err != nil {
					t.Error(err)
					return
				}
				time.Sleep(time.Millisecond)
			}
		}(u)
	}
	wg.Wait()
	seen := map[poh.Hash]uint64{}
	v, _ := poh.NewVerifier(poh.Config{HashesPerTick: 2000, TicksPerSlot: 8, MaxRefAge: 64}, poh.Hash{9})
	next := uint64(1)
	deadline := time.After(30 * time.Second)
	for len(seen) < 3*perUser {
		select {
		case b := <-blocks:
			if b.Number != next {
				t.Fatalf("block %d, want %d", b.Number, next)
			}
			next++
			users := map[uint64]bool{}
			for _, e := range b.EndCaps {
				if users[e.User] {
					t.Fatalf("block %d has user %d twice", b.Number, e.User)
				}
				users[e.User] = true
				if _, dup := seen[e.Hash]; dup {
					t.Fatalf("end cap in two blocks")
				}
				seen[e.Hash] = b.Number
			}
			for _, s := range b.Slots {
				if err := v.Verify(s); err != nil {
					t.Fatal(err)
				}
			}
		case <-deadline:
			t.Fatalf("only %d of %d end caps in blocks", len(seen), 3*perUser)
		}
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
}

// TestDriverStopped: once Run has returned, a submission is answered at
// once with ErrStopped (it was not sequenced) instead of waiting.
func TestDriverStopped(t *testing.T) {
	c, _ := NewCore(cfg, poh.Hash{3}, 1)
	d := NewDriver(c, make(chan *Block, 8))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx) }()
	if _, err := d.Submit(ctx, Submission{User: 1, Hash: capHash(1, 0), Ref: d.Latest()}); err != nil {
		t.Fatal(err)
	}
	cancel()
	<-done
	for i := 1; i < 3; i++ { // more than fit the buffer would block without the stop
		if _, err := d.Submit(context.Background(), Submission{User: 2, Hash: capHash(2, i)}); !errors.Is(err, ErrStopped) {
			t.Fatalf("submission %d after the stop: %v", i, err)
		}
	}
}

// TestDriverPending: an end cap is pending from its acknowledgement until
// the block that takes it is cut, a second of the same user stays pending
// in the queue, and a driver on a core with a queue knows its end caps.
func TestDriverPending(t *testing.T) {
	// Paced at 40 ms a tick, 8 ticks a slot: the submissions below are
	// made well inside the first slot.
	pc := poh.Config{HashesPerTick: 100, TicksPerSlot: 8, MaxRefAge: 64}
	c, _ := NewCore(pc, poh.Hash{4}, 1)
	if _, err := c.Submit(Submission{User: 7, Hash: capHash(7, 0), Ref: c.Recorder().Latest()}); err != nil {
		t.Fatal(err)
	}
	blocks := make(chan *Block, 8)
	d := NewDriver(c, blocks)
	d.TickInterval = 40 * time.Millisecond
	if !d.Pending(capHash(7, 0)) {
		t.Fatal("the core's queued end cap is not pending in a new driver")
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx) }()
	for i := 1; i <= 2; i++ {
		if _, err := d.Submit(ctx, Submission{User: 8, Hash: capHash(8, i), Ref: d.Latest()}); err != nil {
			t.Fatal(err)
		}
		if !d.Pending(capHash(8, i)) {
			t.Fatalf("end cap %d is not pending once acknowledged", i)
		}
	}
	if d.Pending(capHash(9, 0)) {
		t.Fatal("an end cap never submitted is pending")
	}
	var b *Block
	select {
	case b = <-blocks:
	case <-time.After(10 * time.Second):
		t.Fatal("no block cut")
	}
	if len(b.EndCaps) != 2 || len(b.Waiting) != 1 || b.Number != 1 {
		t.Fatalf("block %d: %d end caps, %d waiting; want 2 and 1", b.Number, len(b.EndCaps), len(b.Waiting))
	}
	for _, e := range b.EndCaps {
		if d.Pending(e.Hash) {
			t.Fatalf("end cap %s is still pending after the cut of its block", e.Hash)
		}
	}
	if !d.Pending(b.Waiting[0].Hash) {
		t.Fatal("the waiting end cap is not pending")
	}
	cancel()
	<-done
}

// TestDriverPaced: with a tick interval the chain never runs ahead of the
// clock (an idle sequencer does not burn a core), and submissions made
// while it waits are sequenced and cut into blocks that verify.
func TestDriverPaced(t *testing.T) {
	pc := poh.Config{HashesPerTick: 1000, TicksPerSlot: 4, MaxRefAge: 64}
	c, _ := NewCore(pc, poh.Hash{5}, 1)
	blocks := make(chan *Block, 8)
	d := NewDriver(c, blocks)
	d.TickInterval = 20 * time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	start := time.Now()
	go func() { done <- d.Run(ctx) }()
	if _, err := d.Submit(ctx, Submission{User: 1, Hash: capHash(1, 0), Ref: d.Latest()}); err != nil {
		t.Fatal(err)
	}
	var b *Block
	select {
	case b = <-blocks:
	case <-time.After(10 * time.Second):
		t.Fatal("no block cut")
	}
	time.Sleep(200 * time.Millisecond)
	cancel()
	<-done
	elapsed := time.Since(start)
	// At most one tick per interval since the start, plus the one in progress.
	if max := (uint64(elapsed/d.TickInterval) + 2) * pc.HashesPerTick; d.Count() > max {
		t.Fatalf("%d hashes in %v: the paced chain ran ahead (at most %d)", d.Count(), elapsed, max)
	}
	if len(b.EndCaps) != 1 || b.EndCaps[0].User != 1 {
		t.Fatalf("block %d has %d end caps", b.Number, len(b.EndCaps))
	}
	v, _ := poh.NewVerifier(pc, poh.Hash{5})
	for _, s := range b.Slots {
		if err := v.Verify(s); err != nil {
			t.Fatal(err)
		}
	}
}

// TestDriverPacedBurst: ticks that a burst of submissions forces count
// toward the pace, so the chain does not stay ahead of the clock after it.
func TestDriverPacedBurst(t *testing.T) {
	pc := poh.Config{HashesPerTick: 100, TicksPerSlot: 4, MaxRefAge: 4096}
	c, _ := NewCore(pc, poh.Hash{6}, 1)
	d := NewDriver(c, make(chan *Block, 1024))
	d.TickInterval = 25 * time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	start := time.Now()
	go func() { done <- d.Run(ctx) }()
	for i := 0; time.Since(start) < 30*time.Millisecond; i++ {
		if _, err := d.Submit(ctx, Submission{User: uint64(i), Hash: capHash(uint64(i), i), Ref: d.Latest()}); err != nil {
			t.Fatal(err)
		}
	}
	burst := d.Count() / pc.HashesPerTick // ticks so far, many forced by the burst
	time.Sleep(time.Second)
	cancel()
	<-done
	elapsed := uint64(time.Since(start) / d.TickInterval)
	// After the burst the chain waits for the clock: at most one tick per
	// interval since the start, or none past the burst's if it ran ahead.
	if ticks, max := d.Count()/pc.HashesPerTick, maxU(burst, elapsed)+2; ticks > max {
		t.Fatalf("%d ticks after %d intervals (%d by the burst's end): the chain stayed ahead of the clock (at most %d)", ticks, elapsed, burst, max)
	}
}

func maxU(a, b uint64) uint64 {
	if a > b {
		return a
	}
	return b
}

// TestSubmitNotQueued: a submission the driver never took (its queue full
// until the context ended) says so — the caller knows it was not
// sequenced — while one taken and not answered in time is only a timeout.
func TestSubmitNotQueued(t *testing.T) {
	c, _ := NewCore(cfg, poh.Hash{4}, 1)
	d := NewDriver(c, make(chan *Block, 1)) // never run
	for i := 0; i < cap(d.subs); i++ {
		d.subs <- request{reply: make(chan result, 1)}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := d.Submit(ctx, Submission{User: 1, Hash: capHash(1, 0)}); !errors.Is(err, ErrNotQueued) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("a submission the full queue never took: %v", err)
	}
	<-d.subs // room for one: taken, never answered
	ctx2, cancel2 := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel2()
	if _, err := d.Submit(ctx2, Submission{User: 1, Hash: capHash(1, 0)}); errors.Is(err, ErrNotQueued) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("a queued submission not answered in time: %v", err)
	}
}

// pendingJournal checks, as each event is written, that the driver already
// reports it pending: a status read between the journal write and the
// acknowledgement must not take it for dropped.
type pendingJournal struct {
	d      *Driver
	t      *testing.T
	events int
}

func (j *pendingJournal) Events(evs []Sequenced) error {
	for _, s := range evs {
		j.events++
		if !j.d.Pending(s.Hash) {
			j.t.Errorf("end cap %s is journaled but not pending", s.Hash)
		}
	}
	return nil
}
func (j *pendingJournal) Cut(*Block, *Core) error { return nil }
func (j *pendingJournal) Snapshot(*Core) error    { return nil }

func TestDriverPendingBeforeJournal(t *testing.T) {
	c, _ := NewCore(cfg, poh.Hash{6}, 1)
	d := NewDriver(c, make(chan *Block, 64))
	j := &pendingJournal{d: d, t: t}
	d.Journal = j
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx) }()
	for i := 0; i < 5; i++ {
		if _, err := d.Submit(ctx, Submission{User: uint64(i), Hash: capHash(uint64(i), 0), Ref: d.Latest()}); err != nil {
			t.Fatal(err)
		}
	}
	cancel()
	<-done
	if j.events != 5 {
		t.Fatalf("%d events journaled, want 5", j.events)
	}
}

// groupJournal is a slow disk: each write takes a while, and it checks that
// a cut block names only end caps already written.
type groupJournal struct {
	mu      sync.Mutex
	t       *testing.T
	writes  int
	written map[poh.Hash]bool
	fail    error
}

func (j *groupJournal) Events(evs []Sequenced) error {
	time.Sleep(2 * time.Millisecond)
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.fail != nil {
		return j.fail
	}
	j.writes++
	for _, s := range evs {
		j.written[s.Hash] = true
	}
	return nil
}

func (j *groupJournal) Cut(b *Block, _ *Core) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	for _, e := range b.EndCaps {
		if !j.written[e.Hash] {
			j.t.Errorf("block %d names end cap %s before its event is journaled", b.Number, e.Hash)
		}
	}
	return nil
}
func (j *groupJournal) Snapshot(*Core) error { return nil }

func (j *groupJournal) has(h poh.Hash) bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.written[h]
}

// TestDriverGroupCommit: concurrent submissions share journal writes (what
// arrives during one write goes in the next), each is answered only once
// its write returned, positions are distinct, and blocks cut meanwhile
// name only journaled end caps.
func TestDriverGroupCommit(t *testing.T) {
	// Paced (a tick a millisecond, so blocks are cut between the writes),
	// with references that stay fresh while 300 clients wait their turn.
	c, err := NewCore(poh.Config{HashesPerTick: 32, TicksPerSlot: 4, MaxRefAge: 1 << 14}, poh.Hash{8}, 1)
	if err != nil {
		t.Fatal(err)
	}
	blocks := make(chan *Block, 1024)
	d := NewDriver(c, blocks)
	d.TickInterval = time.Millisecond
	j := &groupJournal{t: t, written: map[poh.Hash]bool{}}
	d.Journal = j
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx) }()
	const n = 300
	var wg sync.WaitGroup
	pos := make([]uint64, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			h := capHash(uint64(i), 0)
			p, err := d.Submit(ctx, Submission{User: uint64(i), Hash: h, Ref: d.Latest()})
			if err != nil {
				t.Error(err)
				return
			}
			if !j.has(h) {
				t.Errorf("end cap %d answered before its journal write", i)
			}
			pos[i] = p
		}()
	}
	wg.Wait()
	cancel()
	<-done
	seen := map[uint64]bool{}
	for i, p := range pos {
		if seen[p] {
			t.Fatalf("end cap %d shares position %d", i, p)
		}
		seen[p] = true
	}
	if len(j.written) != n {
		t.Fatalf("%d end caps journaled, want %d", len(j.written), n)
	}
	if j.writes >= n/2 {
		t.Fatalf("%d journal writes for %d concurrent submissions: no group commit", j.writes, n)
	}
	cut := 0
	for len(blocks) > 0 {
		cut += len((<-blocks).EndCaps)
	}
	t.Logf("%d submissions in %d journal writes; %d in blocks cut meanwhile", n, j.writes, cut)
}

// TestDriverGroupFails: a failed group write answers every submission in
// it with the error and stops the driver.
func TestDriverGroupFails(t *testing.T) {
	c, _ := NewCore(poh.Config{HashesPerTick: 32, TicksPerSlot: 4, MaxRefAge: 1 << 14}, poh.Hash{9}, 1)
	d := NewDriver(c, make(chan *Block, 1024))
	d.TickInterval = time.Millisecond
	disk := errors.New("disk gone")
	d.Journal = &groupJournal{t: t, written: map[poh.Hash]bool{}, fail: disk}
	done := make(chan error, 1)
	go func() { done <- d.Run(context.Background()) }()
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := d.Submit(context.Background(), Submission{User: uint64(i), Hash: capHash(uint64(i), 1), Ref: d.Latest()})
			if !errors.Is(err, disk) && !errors.Is(err, ErrStopped) {
				t.Errorf("submission %d: %v, want the journal's error or stopped", i, err)
			}
		}()
	}
	wg.Wait()
	if err := <-done; !errors.Is(err, disk) {
		t.Fatalf("driver: %v, want the journal's error", err)
	}
}
