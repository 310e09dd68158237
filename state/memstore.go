package state

import (
	"fmt"
	"sort"
	"sync"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/parthnet/parth/state/smt"
)

// MemStore is an in-memory Store keeping every version, for pure tests and
// in-memory benchmarks. It is the reference the pebble store is tested against.
type MemStore struct {
	mu struct {
		sync.RWMutex
		checkpoints []Checkpoint
		nodes       map[memNodeKey][]version[fr.Element]
		accounts    map[UserID][]version[Account]
		contracts   map[ContractID][]version[ContractInfo]
	}
}

type memNodeKey struct {
	tree TreeID
	smt.NodeKey
}

type version[T any] struct {
	block   uint64
	value   T
	deleted bool
}

// NewMemStore returns an empty in-memory store.
func NewMemStore() *MemStore {
	s := &MemStore{}
	s.mu.nodes = make(map[memNodeKey][]version[fr.Element])
	s.mu.accounts = make(map[UserID][]version[Account])
	s.mu.contracts = make(map[ContractID][]version[ContractInfo])
	return s
}

func (s *MemStore) Head() (Checkpoint, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if len(s.mu.checkpoints) == 0 {
		return Checkpoint{}, ErrNoGenesis
	}
	return s.mu.checkpoints[len(s.mu.checkpoints)-1], nil
}

func (s *MemStore) Checkpoint(n uint64) (Checkpoint, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if n >= uint64(len(s.mu.checkpoints)) {
		return Checkpoint{}, fmt.Errorf("%w: %d", ErrUnknownCheckpoint, n)
	}
	return s.mu.checkpoints[n], nil
}

func (s *MemStore) Snapshot(n uint64) (Snapshot, error) {
	if _, err := s.Checkpoint(n); err != nil {
		return nil, err
	}
	return memSnapshot{s, n}, nil
}

func (s *MemStore) Commit(c *Commit) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if want := uint64(len(s.mu.checkpoints)); c.Checkpoint.Number != want {
		return fmt.Errorf("%w: block %d, want %d", ErrCommitOutOfSequence, c.Checkpoint.Number, want)
	}
	n := c.Checkpoint.Number
	for _, w := range c.Nodes {
		k := memNodeKey{w.Tree, w.NodeKey}
		s.mu.nodes[k] = append(s.mu.nodes[k], version[fr.Element]{n, w.Value, w.Empty})
	}
	for _, w := range c.Accounts {
		s.mu.accounts[w.User] = append(s.mu.accounts[w.User], version[Account]{block: n, value: w.Account})
	}
	for _, w := range c.Contracts {
		s.mu.contracts[w.Contract] = append(s.mu.contracts[w.Contract], version[ContractInfo]{block: n, value: w.Info})
	}
	s.mu.checkpoints = append(s.mu.checkpoints, c.Checkpoint)
	return nil
}

// at returns the latest version at or before block n.
func at[T any](vs []version[T], n uint64) (T, bool) {
	i := sort.Search(len(vs), func(i int) bool { return vs[i].block > n })
	if i == 0 || vs[i-1].deleted {
		var zero T
		return zero, false
	}
	return vs[i-1].value, true
}

type memSnapshot struct {
	s *MemStore
	n uint64
}

func (m memSnapshot) Node(tree TreeID, level int, index uint64) (fr.Element, bool, error) {
	m.s.mu.RLock()
	defer m.s.mu.RUnlock()
	v, ok := at(m.s.mu.nodes[memNodeKey{tree, smt.NodeKey{Level: uint8(level), Index: index}}], m.n)
	return v, ok, nil
}

func (m memSnapshot) Account(u UserID) (Account, bool, error) {
	m.s.mu.RLock()
	defer m.s.mu.RUnlock()
	a, ok := at(m.s.mu.accounts[u], m.n)
	return a, ok, nil
}

func (m memSnapshot) Contract(c ContractID) (ContractInfo, bool, error) {
	m.s.mu.RLock()
	defer m.s.mu.RUnlock()
	ci, ok := at(m.s.mu.contracts[c], m.n)
	return ci, ok, nil
}
