package sequencer

import (
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"fmt"

	"github.com/parthnet/parth/state/store"
)

// The journal's records in the node's pebble store (namespace "sequencer"):
//
//	e ‖ position (8 bytes BE)  an accepted submission, fsynced before it is acknowledged
//	b ‖ number (8 bytes BE)    a cut block
//	s                          the latest snapshot of the core
const (
	journalNS   = "sequencer"
	keyEvent    = 'e'
	keyBlock    = 'b'
	keySnapshot = 's'
)

// Journal makes the sequencer durable: every accepted submission is
// written (fsynced) before Submit answers, every cut block when it is cut,
// and a snapshot of the core at block cuts and every few slots. Restore
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

func encode(v any) ([]byte, error) {
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func decode(b []byte, v any) error {
	return gob.NewDecoder(bytes.NewReader(b)).Decode(v)
}

// Event records an accepted submission.
func (j *Journal) Event(s Sequenced) error {
	b, err := encode(s)
	if err != nil {
		return err
	}
	return j.St.PutRecord(journalNS, key(keyEvent, s.Position), b)
}

// Block records a cut block.
func (j *Journal) Block(b *Block) error {
	enc, err := encode(b)
	if err != nil {
		return err
	}
	return j.St.PutRecord(journalNS, key(keyBlock, b.Number), enc)
}

// Snapshot records the core's state.
func (j *Journal) Snapshot(c *Core) error {
	b, err := encode(c.State())
	if err != nil {
		return err
	}
	return j.St.PutRecord(journalNS, []byte{keySnapshot}, b)
}

// Blocks reads the cut blocks numbered from first on.
func (j *Journal) Blocks(first uint64) ([]*Block, error) {
	var out []*Block
	err := j.St.Records(journalNS, []byte{keyBlock}, func(k, v []byte) error {
		if len(k) != 9 || binary.BigEndian.Uint64(k[1:]) < first {
			return nil
		}
		var b Block
		if err := decode(v, &b); err != nil {
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
func (j *Journal) Restore(fresh func() (*Core, error)) (*Core, error) {
	raw, ok, err := j.St.Record(journalNS, []byte{keySnapshot})
	if err != nil {
		return nil, err
	}
	var c *Core
	if ok {
		var s CoreState
		if err := decode(raw, &s); err != nil {
			return nil, fmt.Errorf("sequencer: journal snapshot: %w", err)
		}
		if c, err = RestoreCore(s); err != nil {
			return nil, err
		}
	} else if c, err = fresh(); err != nil {
		return nil, err
	}
	from := c.rec.Count()
	err = j.St.Records(journalNS, []byte{keyEvent}, func(k, v []byte) error {
		if len(k) != 9 || binary.BigEndian.Uint64(k[1:]) <= from {
			return nil
		}
		var s Sequenced
		if err := decode(v, &s); err != nil {
			return fmt.Errorf("sequencer: journal event %x: %w", k, err)
		}
		gap := j.MaxGapSlots
		if gap == 0 {
			gap = 256
		}
		if max := c.rec.Count() + gap*c.rec.Config().HashesPerSlot(); s.Position > max {
			return fmt.Errorf("sequencer: journal event at %d is more than %d slots past the chain (%d)", s.Position, gap, c.rec.Count())
		}
		cut, err := c.Replay(s)
		for _, b := range cut {
			if err := j.Block(b); err != nil {
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
