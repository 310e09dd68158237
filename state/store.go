package state

import (
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/parthnet/parth/state/smt"
)

// Snapshot is the whole state as of one finalized checkpoint. Reads never see
// anything committed later.
type Snapshot interface {
	// Node returns a stored tree node; ok is false for an empty subtree.
	Node(tree TreeID, level int, index uint64) (v fr.Element, ok bool, err error)
	Account(u UserID) (a Account, ok bool, err error)
	Contract(c ContractID) (info ContractInfo, ok bool, err error)
}

// Store keeps every finalized checkpoint readable and commits a block
// atomically. state/store implements it on pebble; NewMemStore in memory.
type Store interface {
	// Head returns the latest committed checkpoint, or ErrNoGenesis.
	Head() (Checkpoint, error)
	// Checkpoint returns CHKP(n), or ErrUnknownCheckpoint.
	Checkpoint(n uint64) (Checkpoint, error)
	// Snapshot returns the state as of CHKP(n), or ErrUnknownCheckpoint.
	Snapshot(n uint64) (Snapshot, error)
	// Commit writes block c.Checkpoint.Number, which must follow the head
	// (or be 0 on an empty store), all at once.
	Commit(c *Commit) error
}

// Commit is everything a block changes.
type Commit struct {
	Checkpoint Checkpoint
	Nodes      []TreeWrite
	Accounts   []AccountWrite
	Contracts  []ContractWrite
}

// TreeWrite is one changed node of one tree.
type TreeWrite struct {
	Tree TreeID
	smt.NodeWrite
}

type AccountWrite struct {
	User    UserID
	Account Account
}

type ContractWrite struct {
	Contract ContractID
	Info     ContractInfo
}

// treeReader adapts a Snapshot to one tree's smt.NodeReader.
type treeReader struct {
	snap Snapshot
	id   TreeID
}

func (r treeReader) Node(level int, index uint64) (fr.Element, bool, error) {
	return r.snap.Node(r.id, level, index)
}

// openTree returns a tree over the snapshot (nil snapshot: empty tree).
func openTree(snap Snapshot, id TreeID) *smt.Tree {
	if snap == nil {
		return smt.New(id.Spec(), nil)
	}
	return smt.New(id.Spec(), treeReader{snap, id})
}

// collect appends a tree's changes to a commit.
func (c *Commit) collect(id TreeID, t *smt.Tree) {
	for _, w := range t.Changes() {
		c.Nodes = append(c.Nodes, TreeWrite{Tree: id, NodeWrite: w})
	}
}
