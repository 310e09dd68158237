package sequencer

import (
	"fmt"

	"github.com/parthnet/parth/sequencer/poh"
)

// CoreState is everything a Core holds (the journal's snapshots).
type CoreState struct {
	Recorder poh.RecorderState
	Queue    []Sequenced
	Slots    []*poh.Slot
	Next     uint64
	Hold     uint64 // no block at or before this tick height (HoldFor)
}

// State is a copy of the core's state.
func (c *Core) State() CoreState {
	s := CoreState{Recorder: c.rec.State(), Queue: append([]Sequenced(nil), c.queue...), Next: c.next, Hold: c.hold}
	s.Slots = append(s.Slots, c.slots...)
	return s
}

// RestoreCore rebuilds a core from its state.
func RestoreCore(s CoreState) (*Core, error) {
	r, err := poh.RestoreRecorder(s.Recorder)
	if err != nil {
		return nil, err
	}
	c := &Core{rec: r, queue: append([]Sequenced(nil), s.Queue...), queued: map[poh.Hash]bool{}, slots: append([]*poh.Slot(nil), s.Slots...), next: s.Next, hold: s.Hold}
	for _, q := range c.queue {
		c.queued[q.Hash] = true
	}
	return c, nil
}

// Replay re-sequences a journaled submission at its position: the chain
// after the last event is deterministic (plain hashes and ticks), so
// running to position−1 and recording gives the same hashes, ticks and
// blocks as before. It returns the blocks cut on the way.
func (c *Core) Replay(s Sequenced) ([]*Block, error) {
	if s.Position <= c.rec.Count() {
		return nil, fmt.Errorf("sequencer: journal event at %d, the chain is at %d", s.Position, c.rec.Count())
	}
	var cut []*Block
	for c.rec.Count() < s.Position-1 {
		if c.rec.Run(s.Position-1-c.rec.Count()) == 0 {
			if b := c.Tick(); b != nil {
				cut = append(cut, b)
			}
		}
	}
	q, err := c.Submit(s.Submission)
	if err != nil {
		return cut, fmt.Errorf("sequencer: journal event at %d does not replay: %w", s.Position, err)
	}
	if q.Position != s.Position {
		return cut, fmt.Errorf("sequencer: journal event replays at %d, not %d", q.Position, s.Position)
	}
	return cut, nil
}
