package node

import (
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/parthnet/parth/aggregator"
	"github.com/parthnet/parth/sequencer/journal"
	"github.com/parthnet/parth/sequencer/poh"
	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/store"
)

// Stage is how far an end cap has come, in pipeline order (doc.go).
type Stage int

const (
	Unknown Stage = iota
	Sequenced
	Included
	Executed
	Proven
	Finalized
	Anchored
	// Dropped is terminal: acknowledged by a leader that lost the lead
	// before it cut a block with it (doc.go); its user submits it again.
	Dropped
)

var stageNames = [...]string{"unknown", "sequenced", "included", "executed", "proven", "finalized", "anchored", "dropped"}

func (s Stage) String() string {
	if s < 0 || int(s) >= len(stageNames) {
		return fmt.Sprintf("stage %d", int(s))
	}
	return stageNames[s]
}

// Status is an end cap's stage with what the records say about it.
type Status struct {
	ID       poh.Hash
	Stage    Stage
	User     uint64
	Position uint64 // its PoH position (its timestamp)
	Slot     uint64
	Block    uint64     // Included and later
	PoH      poh.Hash   // the block's final PoH hash (CHKP(Block) commits to it): Included and later
	CHKP     fr.Element // CHKP(Block): Executed and later
	L1Tx     [32]byte   // Anchored
}

// Tracker derives statuses from the records (doc.go): the sequencer's
// journal, the chain, the aggregator's and the node's records, all in one
// pebble store.
type Tracker struct {
	Journal *journal.Journal
	Chain   *state.Chain
	Store   *store.Store
	// Pending, if set, says whether a sequenced end cap not yet in a block
	// still waits for one (in the sequencer's queue); one that does not was
	// dropped. Nil: every such end cap waits.
	Pending func(poh.Hash) (bool, error)
}

// Status is end cap id's status (Stage Unknown: never sequenced here).
func (t *Tracker) Status(id poh.Hash) (Status, error) {
	s := Status{ID: id}
	ev, n, ok, err := t.Journal.Lookup(id)
	if err != nil || !ok {
		return s, err
	}
	s.Stage, s.User, s.Position, s.Slot = Sequenced, ev.User, ev.Position, ev.Slot
	if n == 0 && t.Pending != nil {
		if pending, err := t.Pending(id); err != nil || pending {
			return s, err
		}
		// Not pending: cut since the lookup (the driver forgets an end cap
		// only once the journal holds its block), or dropped.
		if ev, n, ok, err = t.Journal.Lookup(id); err != nil || !ok {
			return s, err
		}
		if n == 0 {
			s.Stage = Dropped
			return s, nil
		}
	}
	if n == 0 {
		return s, nil
	}
	b, ok, err := t.Journal.ReadBlock(n)
	if err != nil {
		return s, err
	}
	if !ok {
		return s, fmt.Errorf("node: end cap %x is indexed under block %d, which the journal does not hold", id[:8], n)
	}
	s.Stage, s.Block, s.PoH = Included, n, b.PoH
	head, err := t.Chain.Head()
	if err != nil {
		return s, err
	}
	if head.Number < n {
		return s, nil
	}
	c, err := t.Chain.Checkpoint(n)
	if err != nil {
		return s, err
	}
	if b.PoH != c.PoH {
		return s, fmt.Errorf("node: the chain's CHKP(%d) is not of the journal's block %d (another PoH hash)", n, n)
	}
	s.Stage, s.CHKP = Executed, c.Root
	r := Records{t.Store}
	proven, err := aggregator.ProvenCheckpoint(t.Store, n)
	if err != nil {
		return s, err
	}
	if proven == nil { // a followed block: proven by its leader
		p, err := r.Proposal(n)
		if err != nil || p == nil {
			return s, err
		}
		proven = &p.Checkpoint
	}
	if *proven != c {
		return s, fmt.Errorf("node: block %d was proven to CHKP %s, the chain has %s", n, proven.Root.String(), c.Root.String())
	}
	s.Stage = Proven
	qc, err := r.QC(n)
	if err != nil || qc == nil {
		return s, err
	}
	if !qc.Target.Checkpoint.Equal(&c.Root) {
		return s, fmt.Errorf("node: block %d's certificate is for another checkpoint", n)
	}
	s.Stage = Finalized
	tx, ok, err := r.Anchor(n)
	if err != nil || !ok {
		return s, err
	}
	s.Stage, s.L1Tx = Anchored, tx
	return s, nil
}
