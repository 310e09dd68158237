package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"sync"

	"github.com/cockroachdb/pebble/v2"
	"github.com/cockroachdb/pebble/v2/vfs"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/parthnet/parth/state"
)

// Options configure Open.
type Options struct {
	// FS is the filesystem; nil means the OS's. Tests pass vfs.NewMem().
	FS vfs.FS
	// Logger receives pebble's notices; nil discards them.
	Logger *slog.Logger
}

// Store is a state.Store on pebble. It is safe for concurrent use; commits
// are serialised.
type Store struct {
	db *pebble.DB
	mu struct {
		sync.Mutex // serialises commits
		head       int64
	}
}

var _ state.Store = (*Store)(nil)

// Open opens or creates the store in dir.
func Open(dir string, o Options) (*Store, error) {
	popts := &pebble.Options{FS: o.FS, Logger: pebbleLogger{o.Logger}}
	if popts.FS == nil {
		popts.FS = vfs.Default
	}
	db, err := pebble.Open(dir, popts)
	if err != nil {
		return nil, fmt.Errorf("open pebble at %s: %w", dir, err)
	}
	s := &Store{db: db}
	if err := s.init(); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

func (s *Store) init() error {
	v, err := s.get(keyVersion)
	switch {
	case errors.Is(err, pebble.ErrNotFound):
		b := s.db.NewBatch()
		defer b.Close()
		b.Set(keyVersion, binary.BigEndian.AppendUint64(nil, schemaVersion), nil)
		if err := b.Commit(pebble.Sync); err != nil {
			return fmt.Errorf("write schema version: %w", err)
		}
	case err != nil:
		return err
	case len(v) != 8 || binary.BigEndian.Uint64(v) != schemaVersion:
		return fmt.Errorf("%w: found %x, want %d", ErrSchema, v, schemaVersion)
	}
	s.mu.head = -1
	h, err := s.get(keyHead)
	switch {
	case errors.Is(err, pebble.ErrNotFound):
	case err != nil:
		return err
	case len(h) != 8:
		return fmt.Errorf("%w: head pointer of %d bytes", ErrCorrupt, len(h))
	default:
		s.mu.head = int64(binary.BigEndian.Uint64(h))
	}
	return nil
}

// Close flushes and closes the database.
func (s *Store) Close() error { return s.db.Close() }

func (s *Store) get(key []byte) ([]byte, error) {
	v, closer, err := s.db.Get(key)
	if err != nil {
		return nil, err
	}
	defer closer.Close()
	return append([]byte(nil), v...), nil
}

func (s *Store) head() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.mu.head
}

// Head returns the latest complete block's checkpoint.
func (s *Store) Head() (state.Checkpoint, error) {
	h := s.head()
	if h < 0 {
		return state.Checkpoint{}, state.ErrNoGenesis
	}
	return s.Checkpoint(uint64(h))
}

// Checkpoint returns CHKP(n) if block n is complete.
func (s *Store) Checkpoint(n uint64) (state.Checkpoint, error) {
	if h := s.head(); h < 0 || n > uint64(h) {
		return state.Checkpoint{}, fmt.Errorf("%w: %d", state.ErrUnknownCheckpoint, n)
	}
	v, err := s.get(checkpointKey(n))
	if err != nil {
		return state.Checkpoint{}, fmt.Errorf("%w: checkpoint %d below head is missing: %v", ErrCorrupt, n, err)
	}
	return decodeCheckpoint(v)
}

// Snapshot returns the state as of CHKP(n).
func (s *Store) Snapshot(n uint64) (state.Snapshot, error) {
	if h := s.head(); h < 0 || n > uint64(h) {
		return nil, fmt.Errorf("%w: %d", state.ErrUnknownCheckpoint, n)
	}
	return snapshot{s.db, n}, nil
}

// Commit writes a block in one synced batch.
func (s *Store) Commit(c *state.Commit) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := c.Checkpoint.Number
	if n != uint64(s.mu.head+1) {
		return fmt.Errorf("%w: block %d, head is %d", state.ErrCommitOutOfSequence, n, s.mu.head)
	}
	b := s.db.NewBatch()
	defer b.Close()
	for _, w := range c.Nodes {
		var val []byte
		if !w.Empty {
			e := w.Value.Bytes()
			val = e[:]
		}
		if err := b.Set(versioned(nodeBase(w.Tree, w.NodeKey), n), val, nil); err != nil {
			return err
		}
	}
	for _, w := range c.Accounts {
		if err := b.Set(versioned(accountBase(w.User), n), encodeAccount(w.Account), nil); err != nil {
			return err
		}
	}
	for _, w := range c.Contracts {
		if err := b.Set(versioned(contractBase(w.Contract), n), encodeContract(w.Info), nil); err != nil {
			return err
		}
	}
	if err := b.Set(checkpointKey(n), encodeCheckpoint(&c.Checkpoint), nil); err != nil {
		return err
	}
	if err := b.Set(keyHead, binary.BigEndian.AppendUint64(nil, n), nil); err != nil {
		return err
	}
	if err := b.Commit(pebble.Sync); err != nil {
		return fmt.Errorf("commit block %d: %w", n, err)
	}
	s.mu.head = int64(n)
	return nil
}

// snapshot reads versions at or below block n.
type snapshot struct {
	db *pebble.DB
	n  uint64
}

// latest returns the newest version of base at or below the snapshot's block.
func (sn snapshot) latest(base []byte) ([]byte, bool, error) {
	lower := versioned(append([]byte(nil), base...), sn.n)
	upper := versioned(append([]byte(nil), base...), 0)
	upper = append(upper, 0) // just past the oldest possible version
	it, err := sn.db.NewIter(&pebble.IterOptions{LowerBound: lower, UpperBound: upper})
	if err != nil {
		return nil, false, err
	}
	defer it.Close()
	if !it.First() {
		return nil, false, it.Error()
	}
	return append([]byte(nil), it.Value()...), true, nil
}

func (sn snapshot) Node(t state.TreeID, level int, index uint64) (fr.Element, bool, error) {
	v, ok, err := sn.latest(nodeBase(t, nodeKey(level, index)))
	if err != nil || !ok || len(v) == 0 {
		return fr.Element{}, false, err
	}
	var e fr.Element
	if len(v) != fr.Bytes || e.SetBytesCanonical(v) != nil {
		return fr.Element{}, false, fmt.Errorf("%w: node %v (%d,%d)", ErrCorrupt, t, level, index)
	}
	return e, true, nil
}

func (sn snapshot) Account(u state.UserID) (state.Account, bool, error) {
	v, ok, err := sn.latest(accountBase(u))
	if err != nil || !ok {
		return state.Account{}, false, err
	}
	a, err := decodeAccount(v)
	return a, err == nil, err
}

func (sn snapshot) Contract(c state.ContractID) (state.ContractInfo, bool, error) {
	v, ok, err := sn.latest(contractBase(c))
	if err != nil || !ok {
		return state.ContractInfo{}, false, err
	}
	ci, err := decodeContract(v)
	return ci, err == nil, err
}

// pebbleLogger forwards pebble's messages to slog (or drops them).
type pebbleLogger struct{ l *slog.Logger }

func (p pebbleLogger) Infof(format string, args ...any) {
	if p.l != nil {
		p.l.Debug(fmt.Sprintf(format, args...), "component", "pebble")
	}
}

func (p pebbleLogger) Errorf(format string, args ...any) {
	if p.l != nil {
		p.l.Error(fmt.Sprintf(format, args...), "component", "pebble")
	}
}

func (p pebbleLogger) Fatalf(format string, args ...any) {
	// pebble calls Fatalf on unrecoverable corruption and expects no return.
	panic(fmt.Sprintf("pebble: "+format, args...))
}
