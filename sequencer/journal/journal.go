// Package journal makes the sequencer durable in the node's pebble store
// (sequencer's doc.go, "Durability"): every accepted submission is written
// with fsync before it is acknowledged, every cut block when it is cut, and
// a snapshot of the core at cuts and every few slots. Records use the
// sequencer's canonical encodings. It is its own package so that the
// sequencer and its users (consensus, validators) do not link pebble.
package journal

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/parthnet/parth/sequencer"
	"github.com/parthnet/parth/sequencer/poh"
	"github.com/parthnet/parth/state/store"
)

// The journal's records in the node's pebble store (namespace "sequencer"):
//
//	e ‖ position (8 bytes BE)  an accepted submission, fsynced before it is acknowledged
//	h ‖ end-cap hash           its position (written with it, in one batch)
//	b ‖ number (8 bytes BE)    a cut block
//	c ‖ end-cap hash           the number of the block that includes it (with the block)
//	s                          the latest snapshot of the core
const (
	journalNS   = "sequencer"
	keyEvent    = 'e'
	keyHash     = 'h'
	keyBlock    = 'b'
	keyIncluded = 'c'
	keySnapshot = 's'
)

// Journal is the sequencer's journal (it is a sequencer.Journal). Restore
// loads the snapshot and replays the submissions after it.
type Journal struct {
	St *store.Store
	// MaxGapSlots bounds how far (in slots) a journaled submission may be
	// from the chain when it is replayed (default 256). The driver
	// snapshots every few slots, so a real journal never comes near it; a
	// corrupted position would otherwise make the restore hash for hours.
	MaxGapSlots uint64
}

func key(kind byte, n uint64) []byte {
	return binary.BigEndian.AppendUint64([]byte{kind}, n)
}

func hashKey(kind byte, h poh.Hash) []byte { return append([]byte{kind}, h[:]...) }

// Event records an accepted submission (Events of one).
func (j *Journal) Event(s sequencer.Sequenced) error { return j.Events([]sequencer.Sequenced{s}) }

// Events records accepted submissions in one batch with one fsync (the
// driver's group commit): a crash leaves all of them or none.
func (j *Journal) Events(evs []sequencer.Sequenced) error {
	kvs := make([]store.KV, 0, 2*len(evs))
	for _, s := range evs {
		b, err := s.MarshalBinary()
		if err != nil {
			return err
		}
		pos := key(keyEvent, s.Position)
		kvs = append(kvs, store.KV{Key: pos, Value: b}, store.KV{Key: hashKey(keyHash, s.Hash), Value: pos[1:]})
	}
	if len(kvs) == 0 {
		return nil
	}
	return j.St.PutRecords(journalNS, kvs...)
}

// ErrConflict is a block the journal already holds another one at.
var ErrConflict = errors.New("sequencer: journal: another block at this number")

// Cut records a cut block and the core's state after it in one batch: a
// crash leaves both or neither, so a restored core is never before a block
// the journal holds (it would cut that block again, differently). A block
// the journal holds already is not written over by another (ErrConflict).
func (j *Journal) Cut(b *sequencer.Block, c *sequencer.Core) error { return j.cut(b, c, false) }

// Follow records a block another leader cut, as a follower takes it: the
// block, the end caps it includes and leaves waiting (so Lookup finds
// them here too) and the core's state after it, in one batch (as Cut).
func (j *Journal) Follow(b *sequencer.Block, c *sequencer.Core) error { return j.cut(b, c, true) }

func (j *Journal) cut(b *sequencer.Block, c *sequencer.Core, events bool) error {
	kvs, err := j.blockRecords(b)
	if err != nil {
		return err
	}
	if events {
		for _, list := range [][]sequencer.Sequenced{b.EndCaps, b.Waiting} {
			for _, s := range list {
				enc, err := s.MarshalBinary()
				if err != nil {
					return err
				}
				pos := key(keyEvent, s.Position)
				kvs = append(kvs, store.KV{Key: pos, Value: enc}, store.KV{Key: hashKey(keyHash, s.Hash), Value: pos[1:]})
			}
		}
	}
	st := c.State()
	snap, err := st.MarshalBinary()
	if err != nil {
		return err
	}
	return j.St.PutRecords(journalNS, append(kvs, store.KV{Key: []byte{keySnapshot}, Value: snap})...)
}

func (j *Journal) blockRecords(b *sequencer.Block) ([]store.KV, error) {
	if old, ok, err := j.ReadBlock(b.Number); err != nil {
		return nil, err
	} else if ok && old.PoH != b.PoH {
		return nil, fmt.Errorf("%w: block %d (PoH %s) over the journaled one (PoH %s)", ErrConflict, b.Number, b.PoH, old.PoH)
	}
	enc, err := b.MarshalBinary()
	if err != nil {
		return nil, err
	}
	kvs := []store.KV{{Key: key(keyBlock, b.Number), Value: enc}}
	for _, e := range b.EndCaps {
		kvs = append(kvs, store.KV{Key: hashKey(keyIncluded, e.Hash), Value: key(keyBlock, b.Number)[1:]})
	}
	return kvs, nil
}

// Lookup finds a sequenced end cap by its hash: the submission as it was
// journaled, and the number of the block that includes it (0: none yet).
// The latest sequencing of a hash wins (a hash may be sequenced again
// after its block, by a user's resubmission after a failover).
func (j *Journal) Lookup(h poh.Hash) (s sequencer.Sequenced, block uint64, ok bool, err error) {
	pos, ok, err := j.St.Record(journalNS, hashKey(keyHash, h))
	if err != nil || !ok {
		return s, 0, false, err
	}
	if len(pos) != 8 {
		return s, 0, false, fmt.Errorf("sequencer: journal: end cap %s has an index of %d bytes", h, len(pos))
	}
	raw, ok, err := j.St.Record(journalNS, append([]byte{keyEvent}, pos...))
	if err != nil {
		return s, 0, false, err
	}
	if !ok {
		return s, 0, false, fmt.Errorf("sequencer: journal: end cap %s indexed at a position with no event", h)
	}
	if err := s.UnmarshalBinary(raw); err != nil {
		return s, 0, false, fmt.Errorf("sequencer: journal event of %s: %w", h, err)
	}
	if s.Hash != h || binary.BigEndian.Uint64(pos) != s.Position {
		return s, 0, false, fmt.Errorf("sequencer: journal: end cap %s is indexed at %x, which holds %s at %d", h, pos, s.Hash, s.Position)
	}
	if nb, has, err := j.St.Record(journalNS, hashKey(keyIncluded, h)); err != nil {
		return s, 0, false, err
	} else if has && len(nb) == 8 {
		block = binary.BigEndian.Uint64(nb)
	}
	return s, block, true, nil
}

// Queued says whether end cap h is in the queue of the latest snapshot
// (for a follower, the queue of the leader's block it followed last: the
// end caps that block left waiting).
func (j *Journal) Queued(h poh.Hash) (bool, error) {
	raw, ok, err := j.St.Record(journalNS, []byte{keySnapshot})
	if err != nil || !ok {
		return false, err
	}
	var s sequencer.CoreState
	if err := s.UnmarshalBinary(raw); err != nil {
		return false, fmt.Errorf("sequencer: journal snapshot: %w", err)
	}
	for _, q := range s.Queue {
		if q.Hash == h {
			return true, nil
		}
	}
	return false, nil
}

// ReadBlock reads cut block n.
func (j *Journal) ReadBlock(n uint64) (*sequencer.Block, bool, error) {
	raw, ok, err := j.St.Record(journalNS, key(keyBlock, n))
	if err != nil || !ok {
		return nil, false, err
	}
	var b sequencer.Block
	if err := b.UnmarshalBinary(raw); err != nil {
		return nil, false, fmt.Errorf("sequencer: journal block %d: %w", n, err)
	}
	return &b, true, nil
}

// Snapshot records the core's state.
func (j *Journal) Snapshot(c *sequencer.Core) error {
	st := c.State()
	b, err := st.MarshalBinary()
	if err != nil {
		return err
	}
	return j.St.PutRecord(journalNS, []byte{keySnapshot}, b)
}

// Blocks reads the cut blocks numbered from first on.
func (j *Journal) Blocks(first uint64) ([]*sequencer.Block, error) {
	var out []*sequencer.Block
	err := j.St.Records(journalNS, []byte{keyBlock}, func(k, v []byte) error {
		if len(k) != 9 || binary.BigEndian.Uint64(k[1:]) < first {
			return nil
		}
		var b sequencer.Block
		if err := b.UnmarshalBinary(v); err != nil {
			return fmt.Errorf("sequencer: journal block %x: %w", k, err)
		}
		out = append(out, &b)
		return nil
	})
	return out, err
}

// Restore rebuilds the core: the latest snapshot (or a new core if there
// is none) and every journaled submission after it, replayed at its
// position. Blocks cut during the replay are journaled again.
func (j *Journal) Restore(fresh func() (*sequencer.Core, error)) (*sequencer.Core, error) {
	raw, ok, err := j.St.Record(journalNS, []byte{keySnapshot})
	if err != nil {
		return nil, err
	}
	var c *sequencer.Core
	if ok {
		var s sequencer.CoreState
		if err := s.UnmarshalBinary(raw); err != nil {
			return nil, fmt.Errorf("sequencer: journal snapshot: %w", err)
		}
		if c, err = sequencer.RestoreCore(s); err != nil {
			return nil, err
		}
	} else if c, err = fresh(); err != nil {
		return nil, err
	}
	from := c.Recorder().Count()
	err = j.St.Records(journalNS, []byte{keyEvent}, func(k, v []byte) error {
		if len(k) != 9 || binary.BigEndian.Uint64(k[1:]) <= from {
			return nil
		}
		var s sequencer.Sequenced
		if err := s.UnmarshalBinary(v); err != nil {
			return fmt.Errorf("sequencer: journal event %x: %w", k, err)
		}
		if s.Position != binary.BigEndian.Uint64(k[1:]) {
			return fmt.Errorf("sequencer: journal event %x holds an event at %d", k, s.Position)
		}
		gap := j.MaxGapSlots
		if gap == 0 {
			gap = 256
		}
		if max := c.Recorder().Count() + gap*c.Recorder().Config().HashesPerSlot(); s.Position > max {
			return fmt.Errorf("sequencer: journal event at %d is more than %d slots past the chain (%d)", s.Position, gap, c.Recorder().Count())
		}
		cut, err := c.Replay(s)
		for _, b := range cut {
			// Cut again as it was (replay is deterministic): the journal
			// holds it, or it is recorded now; another block is an error.
			kvs, err := j.blockRecords(b)
			if err != nil {
				return err
			}
			if err := j.St.PutRecords(journalNS, kvs...); err != nil {
				return err
			}
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}
