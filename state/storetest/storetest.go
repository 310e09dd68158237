// Package storetest is the conformance suite every state.Store must pass;
// state's MemStore and state/store's pebble store both run it.
package storetest

import (
	"errors"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/apps"
	"github.com/parthnet/parth/state/hashing"
	"github.com/parthnet/parth/state/smt"
)

// Run runs the suite; open returns a new, empty store.
func Run(t *testing.T, open func(t *testing.T) state.Store) {
	t.Run("Empty", func(t *testing.T) { testEmpty(t, open(t)) })
	t.Run("Versions", func(t *testing.T) { testVersions(t, open(t)) })
	t.Run("Sequence", func(t *testing.T) { testSequence(t, open(t)) })
	t.Run("SeedUSDT", func(t *testing.T) { testSeedUSDT(t, open(t)) })
}

func checkpoint(n uint64, prev fr.Element) state.Checkpoint {
	return state.Checkpoint{Number: n, Prev: prev, GUSRRoot: hashing.Uint(n), GCONRoot: hashing.Uint(100 + n), PoH: [32]byte{byte(n)}}.Sealed()
}

func testEmpty(t *testing.T, s state.Store) {
	if _, err := s.Head(); !errors.Is(err, state.ErrNoGenesis) {
		t.Fatalf("Head on empty store: %v", err)
	}
	if _, err := s.Snapshot(0); !errors.Is(err, state.ErrUnknownCheckpoint) {
		t.Fatalf("Snapshot on empty store: %v", err)
	}
	if _, err := s.Checkpoint(0); !errors.Is(err, state.ErrUnknownCheckpoint) {
		t.Fatalf("Checkpoint on empty store: %v", err)
	}
}

func testVersions(t *testing.T, s state.Store) {
	tree := state.CStateTree(3, 4)
	key := smt.NodeKey{Level: 0, Index: 42}
	set := func(n uint64, v fr.Element, empty bool, nonce uint64) {
		prev := fr.Element{}
		if n > 0 {
			cp, _ := s.Checkpoint(n - 1)
			prev = cp.Root
		}
		c := &state.Commit{Checkpoint: checkpoint(n, prev),
			Nodes:     []state.TreeWrite{{Tree: tree, NodeWrite: smt.NodeWrite{NodeKey: key, Value: v, Empty: empty}}},
			Accounts:  []state.AccountWrite{{User: 3, Account: state.Account{PublicKey: hashing.Uint(9), Nonce: nonce}}},
			Contracts: []state.ContractWrite{{Contract: 4, Info: state.ContractInfo{Metadata: hashing.Uint(n)}}},
		}
		if err := s.Commit(c); err != nil {
			t.Fatal(err)
		}
	}
	set(0, hashing.Uint(1), false, 0)
	set(1, fr.Element{}, true, 1) // deleted at block 1
	set(2, hashing.Uint(3), false, 2)
	want := []struct {
		ok bool
		v  uint64
	}{{true, 1}, {false, 0}, {true, 3}}
	for n, w := range want {
		snap, err := s.Snapshot(uint64(n))
		if err != nil {
			t.Fatal(err)
		}
		v, ok, err := snap.Node(tree, 0, 42)
		if err != nil || ok != w.ok || (ok && v != hashing.Uint(w.v)) {
			t.Fatalf("block %d: node = %s, %v, %v; want %d, %v", n, v.String(), ok, err, w.v, w.ok)
		}
		// Neighbours and other trees are untouched.
		if _, ok, _ := snap.Node(tree, 0, 43); ok {
			t.Fatalf("block %d: neighbour node present", n)
		}
		if _, ok, _ := snap.Node(state.CStateTree(3, 5), 0, 42); ok {
			t.Fatalf("block %d: other tree's node present", n)
		}
		a, ok, err := snap.Account(3)
		if err != nil || !ok || a.Nonce != uint64(n) {
			t.Fatalf("block %d: account %+v %v %v", n, a, ok, err)
		}
		if _, ok, _ := snap.Account(2); ok {
			t.Fatalf("block %d: unknown account present", n)
		}
		ci, ok, err := snap.Contract(4)
		if err != nil || !ok || ci.Metadata != hashing.Uint(uint64(n)) {
			t.Fatalf("block %d: contract %+v %v %v", n, ci, ok, err)
		}
	}
	if _, err := s.Snapshot(3); !errors.Is(err, state.ErrUnknownCheckpoint) {
		t.Fatalf("snapshot past head: %v", err)
	}
	head, err := s.Head()
	if err != nil || head.Number != 2 {
		t.Fatalf("head %d, %v", head.Number, err)
	}
	cp1, _ := s.Checkpoint(1)
	if head.Prev != cp1.Root {
		t.Fatal("checkpoint round trip lost the link")
	}
}

func testSequence(t *testing.T, s state.Store) {
	if err := s.Commit(&state.Commit{Checkpoint: checkpoint(1, fr.Element{})}); !errors.Is(err, state.ErrCommitOutOfSequence) {
		t.Fatalf("commit of block 1 on empty store: %v", err)
	}
	if err := s.Commit(&state.Commit{Checkpoint: checkpoint(0, fr.Element{})}); err != nil {
		t.Fatal(err)
	}
	if err := s.Commit(&state.Commit{Checkpoint: checkpoint(0, fr.Element{})}); !errors.Is(err, state.ErrCommitOutOfSequence) {
		t.Fatalf("second block 0: %v", err)
	}
}

// testSeedUSDT runs the seed's token blocks on the store and checks the
// balances, so that every store serves the full protocol, not just the API.
func testSeedUSDT(t *testing.T, s state.Store) {
	w, err := apps.NewWorld(s, 1)
	if err != nil {
		t.Fatal(err)
	}
	for i, steps := range apps.USDTBlocks {
		cp, err := w.Block(steps...)
		if err != nil {
			t.Fatal(err)
		}
		v, _ := w.Chain.View(cp.Number)
		for u, want := range apps.USDTExpected[i] {
			if got, _ := apps.Balance(v, apps.USDTContract, u); got != want {
				t.Errorf("block %d: %s has %d, want %d", i+1, apps.Name(u), got, want)
			}
		}
	}
}
