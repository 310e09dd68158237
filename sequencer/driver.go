package sequencer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/parthnet/parth/sequencer/poh"
)

// DefaultConfig is the PoH timing of a sequencer: at ~13 M hashes/s on one
// core (measured: bench/poh) a tick is ~1 ms and a slot ~64 ms; events may
// reference hashes up to 2,048 ticks (~2 s) old.
var DefaultConfig = poh.Config{HashesPerTick: 12_800, TicksPerSlot: 64, MaxRefAge: 2048}

// Driver runs a Core: it hashes flat out on one core, Batch hashes at a
// time, takes submissions between batches and sends finished blocks to
// Blocks.
type Driver struct {
	core   *Core
	blocks chan<- *Block
	subs   chan request
	latest atomic.Pointer[poh.Hash]
	count  atomic.Uint64
	cut    atomic.Uint64 // the last block cut (journaled, when there is a journal)
	// pending mirrors the core's queue for readers outside Run: the end
	// caps sequenced (journaled) and not yet in a cut block.
	pendMu  sync.Mutex
	pending map[poh.Hash]bool
	// stopped is closed when Run returns: a submission it did not take is
	// answered with ErrStopped instead of waiting.
	stopped  chan struct{}
	stopOnce sync.Once
	// Batch is how many hashes run between looks at the submissions
	// (default 2,048: ~0.15 ms).
	Batch uint64
	Log   *slog.Logger
	// Journal, if set, makes the driver durable: a submission is written
	// (fsynced) before it is acknowledged, a block when it is cut, and a
	// snapshot at cuts and every SnapshotSlots slots (default 16). A
	// journal write that fails stops Run: the chain in memory would hold an
	// event the journal does not, so the process must restart from the
	// journal (and the client, answered with the error, resubmits).
	Journal       Journal
	SnapshotSlots uint64
	// TickInterval, when positive, paces the chain: a tick's hashes start
	// no earlier than its wall-clock time (tick k at k·TickInterval after
	// Run starts), so an idle sequencer costs HashesPerTick per interval
	// instead of a core. Zero hashes flat out.
	TickInterval time.Duration
}

// Journal is where a driver makes its work durable (package
// sequencer/journal, in the node's pebble store).
type Journal interface {
	Events([]Sequenced) error // accepted submissions in one write, durable (fsynced) when it returns
	Cut(*Block, *Core) error  // a cut block with the core's state after it, in one write
	Snapshot(*Core) error     // the core's state
}

type request struct {
	s     Submission
	reply chan result
}

type result struct {
	pos uint64
	err error
}

// NewDriver drives core, sending blocks to blocks.
func NewDriver(core *Core, blocks chan<- *Block) *Driver {
	d := &Driver{core: core, blocks: blocks, subs: make(chan request, 1024), stopped: make(chan struct{})}
	h := core.Recorder().Latest()
	d.latest.Store(&h)
	d.cut.Store(core.next - 1)
	d.pending = make(map[poh.Hash]bool, len(core.queue))
	for _, q := range core.queue {
		d.pending[q.Hash] = true
	}
	return d
}

// Pending says whether end cap h is sequenced here and waiting for a
// block: in the core's queue, or taken and not yet cut. Safe to call
// while Run runs.
func (d *Driver) Pending(h poh.Hash) bool {
	d.pendMu.Lock()
	defer d.pendMu.Unlock()
	return d.pending[h]
}

// ErrStopped is a submission to a driver that has stopped: it was not
// sequenced.
var ErrStopped = errors.New("sequencer: stopped")

// ErrNotQueued is a submission whose context ended before the driver took
// it: it was not sequenced (the context's error is wrapped too).
var ErrNotQueued = errors.New("sequencer: not queued")

// Latest is the most recent published PoH hash (what clients reference).
func (d *Driver) Latest() poh.Hash { return *d.latest.Load() }

// LastCut is the number of the last block cut (the block before the
// core's first, before any): admission measures the checkpoint window
// from the block after it.
func (d *Driver) LastCut() uint64 { return d.cut.Load() }

// Count is the PoH hash count at the last published entry.
func (d *Driver) Count() uint64 { return d.count.Load() }

// Submit sequences an end cap and returns its PoH position.
func (d *Driver) Submit(ctx context.Context, s Submission) (uint64, error) {
	r := request{s: s, reply: make(chan result, 1)}
	select {
	case d.subs <- r:
	case <-ctx.Done():
		return 0, fmt.Errorf("%w: %w", ErrNotQueued, ctx.Err())
	case <-d.stopped:
		return 0, ErrStopped
	}
	select {
	case res := <-r.reply:
		return res.pos, res.err
	case <-ctx.Done():
		return 0, ctx.Err()
	case <-d.stopped:
		select { // answered just before it stopped
		case res := <-r.reply:
			return res.pos, res.err
		default:
			return 0, ErrStopped
		}
	}
}

// Run drives the core until ctx ends.
func (d *Driver) Run(ctx context.Context) error {
	batch := d.Batch
	if batch == 0 {
		batch = 2048
	}
	log := d.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	defer d.stopOnce.Do(func() { close(d.stopped) })
	var pace *time.Timer
	start, height := time.Now(), d.core.rec.TickHeight()
	for {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		select {
		case r := <-d.subs:
			if err := d.handle(ctx, log, r); err != nil {
				return err
			}
		default:
		}
		if d.core.Run(batch) != 0 {
			continue
		}
		if err := d.tick(ctx, log); err != nil {
			return err
		}
		if d.TickInterval <= 0 {
			continue
		}
		// Paced: the next tick's hashes start no earlier than its time
		// (counting the ticks submissions forced too); submissions are
		// taken meanwhile.
		wait := time.Until(start.Add(time.Duration(d.core.rec.TickHeight()-height) * d.TickInterval))
		if wait <= 0 {
			continue
		}
		if pace == nil {
			pace = time.NewTimer(wait)
			defer pace.Stop()
		} else {
			pace.Reset(wait)
		}
	sleep:
		for {
			select {
			case r := <-d.subs:
				if err := d.handle(ctx, log, r); err != nil {
					return err
				}
			case <-pace.C:
				break sleep
			case <-ctx.Done():
				return ctx.Err()
			}
		}
	}
}

// MaxGroup bounds how many submissions one journal write takes.
const MaxGroup = 1024

// handle sequences submission r and every other one waiting behind it (at
// most MaxGroup), in arrival order, journals them in one write with one
// fsync (group commit: what arrives during one fsync shares the next), and
// answers them. A tick due between two of them is cut after the ones
// before it are journaled, so a journaled block never names an end cap
// the journal lacks. A journal failure answers every one with the error
// and stops the driver.
func (d *Driver) handle(ctx context.Context, log *slog.Logger, r request) error {
	group := []request{r}
more:
	for len(group) < MaxGroup {
		select {
		case r := <-d.subs:
			group = append(group, r)
		default:
			break more
		}
	}
	var (
		taken []request
		seqd  []Sequenced
	)
	flush := func() error {
		if len(seqd) == 0 {
			return nil
		}
		if d.Journal != nil {
			if err := d.Journal.Events(seqd); err != nil {
				err = fmt.Errorf("sequencer: journal: %w", err)
				for _, t := range taken {
					t.reply <- result{err: err}
				}
				return err
			}
		}
		d.publish()
		for i, t := range taken {
			log.Debug("sequenced end cap", "user", t.s.User, "hash", t.s.Hash, "position", seqd[i].Position)
			t.reply <- result{pos: seqd[i].Position}
		}
		taken, seqd = taken[:0], seqd[:0]
		return nil
	}
	fail := func(rest []request, err error) error {
		for _, r := range rest {
			r.reply <- result{err: err}
		}
		return err
	}
	for i, r := range group {
		q, err := d.core.Submit(r.s)
		if errors.Is(err, poh.ErrTickDue) {
			if err := flush(); err != nil {
				return fail(group[i:], err)
			}
			if err := d.tick(ctx, log); err != nil {
				return fail(group[i:], err)
			}
			q, err = d.core.Submit(r.s)
		}
		if err != nil {
			r.reply <- result{err: err}
			continue
		}
		// Pending before the journal write: once the event is readable, a
		// status that finds it outside a block must find it pending.
		d.pendMu.Lock()
		d.pending[q.Hash] = true
		d.pendMu.Unlock()
		taken, seqd = append(taken, r), append(seqd, q)
	}
	return flush()
}

func (d *Driver) publish() {
	h := d.core.Recorder().Latest()
	d.latest.Store(&h)
	d.count.Store(d.core.Recorder().Count())
}

func (d *Driver) tick(ctx context.Context, log *slog.Logger) error {
	b := d.core.Tick()
	d.publish()
	if d.Journal != nil {
		every := d.SnapshotSlots
		if every == 0 {
			every = 16
		}
		if b != nil {
			if err := d.Journal.Cut(b, d.core); err != nil {
				return fmt.Errorf("sequencer: journal: %w", err)
			}
		}
		slots := d.core.rec.TickHeight() / d.core.rec.Config().TicksPerSlot
		if b == nil && d.core.rec.TickHeight()%d.core.rec.Config().TicksPerSlot == 0 && slots%every == 0 {
			if err := d.Journal.Snapshot(d.core); err != nil {
				return fmt.Errorf("sequencer: journal: %w", err)
			}
		}
	}
	if b == nil {
		return nil
	}
	d.cut.Store(b.Number)
	d.pendMu.Lock()
	for _, e := range b.EndCaps {
		delete(d.pending, e.Hash)
	}
	d.pendMu.Unlock()
	log.Info("block cut", "block", b.Number, "end_caps", len(b.EndCaps), "slots", len(b.Slots), "poh", b.PoH, "waiting", d.core.Queued())
	select {
	case d.blocks <- b:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
