package sequencer

import (
	"errors"
	"fmt"

	"github.com/parthnet/parth/sequencer/poh"
)

// Submission is an end cap handed to the sequencer.
type Submission struct {
	User uint64   // the user's GUSR index
	Hash poh.Hash // the end cap's hash (what is mixed into PoH)
	Ref  poh.Hash // the recent PoH hash the user saw
	Job  []byte   // the end-cap job, opaque here (the aggregator's encoding)
}

// Sequenced is a submission with its PoH position.
type Sequenced struct {
	Submission
	Position uint64
	Slot     uint64
}

// Block is what a slot produced: its end caps in PoH order, the slots it
// covers (from the one after the previous block's), and the final PoH hash.
//
// EndCaps and Waiting together are every end cap sequenced and not yet in
// a block: those of the block's slots and those the previous block left
// waiting. The block takes the earliest of each user (Pick); the others
// wait for the next. Validators check that rule against the PoH events
// (consensus.Signer.Check), so a leader cannot leave out, or choose among,
// the end caps it sequenced.
type Block struct {
	Number  uint64
	EndCaps []Sequenced
	Waiting []Sequenced // carried to the next block, in PoH order
	Slots   []*poh.Slot
	PoH     poh.Hash // the last slot's final hash (CHKP(Number) commits to it)
}

// Pick is the sequencer's rule for a block's contents: of the end caps not
// yet in a block (in PoH order), the earliest of each user is in the block
// and the others wait.
func Pick(queue []Sequenced) (in, wait []Sequenced) {
	seen := map[uint64]bool{}
	for _, s := range queue {
		if seen[s.User] {
			wait = append(wait, s)
			continue
		}
		seen[s.User] = true
		in = append(in, s)
	}
	return in, wait
}

var (
	// ErrDuplicate is an end cap hash already sequenced and not yet in a block.
	ErrDuplicate = errors.New("sequencer: end cap already sequenced")
	// ErrQueueFull is a submission beyond MaxQueued.
	ErrQueueFull = errors.New("sequencer: queue full")
	// ErrHeld is a submission while the core holds for a takeover
	// (HoldFor): an end cap mixed in before the hold ends would shorten
	// the idle PoH stretch that proves the timeout, and the validators
	// would refuse the block.
	ErrHeld = errors.New("sequencer: taking over as leader, no end caps yet")
	// ErrTooLarge is a submission whose job is over MaxJobBytes.
	ErrTooLarge = errors.New("sequencer: submission too large")
)

// Core is the deterministic sequencer.
type Core struct {
	rec       *poh.Recorder
	queue     []Sequenced // sequenced, not yet in a block, in PoH order
	queued    map[poh.Hash]bool
	slots     []*poh.Slot // finished slots not yet in a block
	next      uint64      // the next block's number
	hold      uint64      // no block at or before this tick height (HoldFor)
	MaxQueued int         // default 100,000
}

// HoldFor cuts no block for the next ticks ticks, even with end caps
// queued, and takes no end cap before them (ErrHeld): a validator taking
// over as leader waits out its timeout, in PoH ticks with nothing mixed
// in, before its first block, which must also take the end caps the last
// block left waiting.
func (c *Core) HoldFor(ticks uint64) { c.hold = c.rec.TickHeight() + ticks }

// NewCore starts a sequencer whose chain starts at seed; its first block
// is number first.
func NewCore(cfg poh.Config, seed poh.Hash, first uint64) (*Core, error) {
	r, err := poh.NewRecorder(cfg, seed)
	if err != nil {
		return nil, err
	}
	return &Core{rec: r, queued: map[poh.Hash]bool{}, next: first}, nil
}

// Recorder is the PoH chain (read it; drive it through Core).
func (c *Core) Recorder() *poh.Recorder { return c.rec }

// Queued is the number of end caps waiting for a block.
func (c *Core) Queued() int { return len(c.queue) }

// Run does up to n plain PoH hashes; 0 means a tick is due.
func (c *Core) Run(n uint64) uint64 { return c.rec.Run(n) }

// Submit sequences an end cap: its hash is mixed into PoH; it returns the
// end cap with its position (what the journal writes). A refused
// submission changes nothing.
func (c *Core) Submit(s Submission) (Sequenced, error) {
	if c.queued[s.Hash] {
		return Sequenced{}, fmt.Errorf("%w: %s", ErrDuplicate, s.Hash)
	}
	if len(s.Job) > MaxJobBytes {
		return Sequenced{}, fmt.Errorf("%w: a job of %d bytes (at most %d)", ErrTooLarge, len(s.Job), MaxJobBytes)
	}
	max := c.MaxQueued
	if max == 0 {
		max = 100_000
	}
	if len(c.queue) >= max {
		return Sequenced{}, fmt.Errorf("%w (%d end caps)", ErrQueueFull, max)
	}
	if c.rec.TickDue() {
		return Sequenced{}, poh.ErrTickDue // the driver ticks first (a block may end)
	}
	if h := c.rec.TickHeight(); h < c.hold {
		return Sequenced{}, fmt.Errorf("%w: %d ticks to go", ErrHeld, c.hold-h)
	}
	_, pos, err := c.rec.Record(poh.Mixin{Data: s.Hash, Ref: s.Ref})
	if err != nil {
		return Sequenced{}, fmt.Errorf("sequencer: %w", err)
	}
	q := Sequenced{Submission: s, Position: pos[0], Slot: c.slotNumber()}
	c.queue = append(c.queue, q)
	c.queued[s.Hash] = true
	return q, nil
}

func (c *Core) slotNumber() uint64 {
	return c.rec.TickHeight() / c.rec.Config().TicksPerSlot
}

// Tick finishes the current tick; at the end of a slot with end caps
// queued it returns the block.
func (c *Core) Tick() *Block {
	_, slot := c.rec.Tick()
	if slot == nil {
		return nil
	}
	c.slots = append(c.slots, slot)
	if len(c.queue) == 0 || c.rec.TickHeight() <= c.hold {
		return nil
	}
	b := &Block{Number: c.next, Slots: c.slots, PoH: slot.End()}
	var wait []Sequenced
	b.EndCaps, wait = Pick(c.queue)
	for _, s := range b.EndCaps {
		delete(c.queued, s.Hash)
	}
	b.Waiting = append([]Sequenced(nil), wait...)
	c.queue, c.slots = wait, nil
	c.next++
	return b
}
