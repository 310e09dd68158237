package consensus_test

import (
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/parthnet/parth/consensus"
	"github.com/parthnet/parth/sequencer/poh"
)

func hundred(b *testing.B) (*consensus.ValidatorSet, []consensus.Vote, consensus.Target) {
	stakes := make([]uint64, 100)
	for i := range stakes {
		stakes[i] = uint64(100 + i)
	}
	set, keys := genesisSet(b, stakes)
	tg := consensus.Target{Checkpoint: fr.NewElement(42), PoH: poh.Hash{1}}
	votes := make([]consensus.Vote, len(keys))
	for i, k := range keys {
		votes[i] = consensus.SignVote(k, i, set.ChainID, 1, tg)
	}
	return set, votes, tg
}

// BenchmarkTally100: 100 validators' votes for one block, each signature
// verified as it arrives, until the certificate (aggregate + bitmap).
func BenchmarkTally100(b *testing.B) {
	set, votes, tg := hundred(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t := consensus.NewTally(set)
		t.Know(1, tg)
		var qc *consensus.QC
		for _, v := range votes {
			q, err := t.Add(v)
			if err != nil {
				b.Fatal(err)
			}
			if q != nil {
				qc = q
			}
		}
		if qc == nil {
			b.Fatal("no certificate")
		}
	}
}

// BenchmarkVerifyQC100: the certificate of 100 validators (signed by those
// whose votes reached the quorum: 67 of them).
func BenchmarkVerifyQC100(b *testing.B) {
	set, votes, tg := hundred(b)
	t := consensus.NewTally(set)
	t.Know(1, tg)
	var qc *consensus.QC
	for _, v := range votes {
		if q, _ := t.Add(v); q != nil {
			qc = q
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := consensus.VerifyQC(set, qc); err != nil {
			b.Fatal(err)
		}
	}
}
