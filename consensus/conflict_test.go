package consensus_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/parthnet/parth/consensus"
	"github.com/parthnet/parth/consensus/bls"
)

func qcOf(t *testing.T, set *consensus.ValidatorSet, keys []*bls.SecretKey, block uint64, tg consensus.Target, signers ...int) *consensus.QC {
	t.Helper()
	tally := consensus.NewTally(set)
	tally.Know(block, tg)
	var qc *consensus.QC
	for _, i := range signers {
		q, err := tally.Add(consensus.SignVote(keys[i], i, set.ChainID, block, tg))
		if err != nil {
			t.Fatal(err)
		}
		if q != nil {
			qc = q
		}
	}
	return qc
}

// TestConflictingCertificates: two certificates at one height for
// different checkpoints name the validators that signed both — at least a
// third of the stake — without any of their single votes; anything else is
// no conflict.
func TestConflictingCertificates(t *testing.T) {
	set, keys := genesisSet(t, []uint64{10, 10, 10, 10})
	var a, b consensus.Target
	a.Checkpoint.SetUint64(1)
	b.Checkpoint.SetUint64(2)
	qa := qcOf(t, set, keys, 5, a, 0, 1, 2)
	qb := qcOf(t, set, keys, 5, b, 1, 2, 3)
	if qa == nil || qb == nil {
		t.Fatal("no certificates")
	}
	both, err := (&consensus.Conflict{A: qa, B: qb}).Verify(set)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(both, []int{1, 2}) {
		t.Fatalf("equivocators %v, want [1 2]", both)
	}
	forged := *qb
	forged.Sig = qa.Sig
	other := qcOf(t, set, keys, 6, b, 1, 2, 3)
	for name, c := range map[string]*consensus.Conflict{
		"same certificate twice": {A: qa, B: qa},
		"different heights":      {A: qa, B: other},
		"a forged certificate":   {A: qa, B: &forged},
		"a missing certificate":  {A: qa},
	} {
		if _, err := c.Verify(set); !errors.Is(err, consensus.ErrNoConflict) {
			t.Errorf("%s: %v", name, err)
		}
	}
}
