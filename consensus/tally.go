package consensus

import (
	"fmt"

	"github.com/parthnet/parth/consensus/bls"
)

// Tally collects votes into quorum certificates.
type Tally struct {
	set       *ValidatorSet
	known     map[uint64]map[Target]bool
	first     map[uint64]map[int]Vote // each validator's first vote per height
	slashed   map[uint64]map[int]bool // equivocators per height
	evidence  []Evidence
	finalized map[uint64]*QC
}

// NewTally tallies votes of set.
func NewTally(set *ValidatorSet) *Tally {
	return &Tally{set: set, known: map[uint64]map[Target]bool{}, first: map[uint64]map[int]Vote{},
		slashed: map[uint64]map[int]bool{}, finalized: map[uint64]*QC{}}
}

// Know registers a block this node has verified: votes for it count.
func (t *Tally) Know(block uint64, target Target) {
	if t.known[block] == nil {
		t.known[block] = map[Target]bool{}
	}
	t.known[block][target] = true
}

// Evidence is the slashing evidence recorded so far.
func (t *Tally) Evidence() []Evidence { return append([]Evidence(nil), t.evidence...) }

// Finalized is block n's certificate, if it has one.
func (t *Tally) Finalized(n uint64) *QC { return t.finalized[n] }

// Add counts a vote. It returns the block's certificate when this vote
// completes a quorum (and only then). A refused vote changes nothing,
// except that an equivocating one is recorded as evidence (ErrEquivocation).
func (t *Tally) Add(v Vote) (*QC, error) {
	if err := t.set.Verify(&v); err != nil {
		return nil, err
	}
	if !t.known[v.Block][v.Target] {
		return nil, fmt.Errorf("%w: block %d, checkpoint %s", ErrUnknownBlock, v.Block, v.Target.Checkpoint.String())
	}
	if t.first[v.Block] == nil {
		t.first[v.Block] = map[int]Vote{}
	}
	prev, voted := t.first[v.Block][v.Validator]
	if voted {
		if prev.Target == v.Target {
			return nil, fmt.Errorf("%w: validator %d, block %d", ErrDuplicateVote, v.Validator, v.Block)
		}
		if t.slashed[v.Block][v.Validator] {
			return nil, fmt.Errorf("%w: validator %d at block %d (already recorded)", ErrEquivocation, v.Validator, v.Block)
		}
		if t.slashed[v.Block] == nil {
			t.slashed[v.Block] = map[int]bool{}
		}
		t.slashed[v.Block][v.Validator] = true
		t.evidence = append(t.evidence, Evidence{A: prev, B: v})
		return nil, fmt.Errorf("%w: validator %d (%s) voted for two checkpoints at block %d", ErrEquivocation, v.Validator, t.set.Validators[v.Validator].Name, v.Block)
	}
	t.first[v.Block][v.Validator] = v
	if t.finalized[v.Block] != nil {
		return nil, nil
	}
	qc, err := t.certificate(v.Block, v.Target)
	if err != nil || qc == nil {
		return nil, err
	}
	t.finalized[v.Block] = qc
	return qc, nil
}

// Stake is the stake counted for a target at a height.
func (t *Tally) Stake(block uint64, target Target) uint64 {
	var s uint64
	for i, v := range t.first[block] {
		if v.Target == target && !t.slashed[block][i] {
			s += t.set.Validators[i].Stake
		}
	}
	return s
}

func (t *Tally) certificate(block uint64, target Target) (*QC, error) {
	if !t.set.Quorum(t.Stake(block, target)) {
		return nil, nil
	}
	q := &QC{Chain: t.set.ChainID, Block: block, Target: target, Signers: make([]byte, (len(t.set.Validators)+7)/8)}
	var sigs []bls.Signature
	for i := range t.set.Validators {
		v, ok := t.first[block][i]
		if !ok || v.Target != target || t.slashed[block][i] {
			continue
		}
		q.Signers[i/8] |= 1 << (i % 8)
		sigs = append(sigs, v.Sig)
	}
	agg, err := bls.Aggregate(sigs)
	if err != nil {
		return nil, err
	}
	q.Sig = agg
	return q, nil
}
