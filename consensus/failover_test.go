package consensus_test

import (
	"errors"
	"testing"

	"github.com/parthnet/parth/consensus"
	"github.com/parthnet/parth/sequencer"
)

// TestLeaderFailover: the leader (validator 0) stops after block 1, which
// left user 1's second session waiting. The next validator by stake takes
// the chain over from where it verified it (with that waiting end cap)
// and, once its own PoH shows the timeout passed, proposes block 2, which
// takes it; the validators accept it and from then on take it as the
// leader. Too early,
// too far down the order, with another's signature, or from the old
// leader, a proposal is refused.
func TestLeaderFailover(t *testing.T) {
	const timeout = 8 // ticks: two slots
	n := newNetwork(t, []uint64{10, 10, 10, 10})
	for _, s := range n.signers {
		s.TimeoutTicks = timeout
	}
	vote := func(p *consensus.Proposal, voters ...int) *consensus.QC {
		t.Helper()
		n.tally.Know(p.Block.Number, target(p))
		var qc *consensus.QC
		for _, i := range voters {
			v, err := n.signers[i].Check(p)
			if err != nil {
				t.Fatalf("block %d, validator %d: %v", p.Block.Number, i, err)
			}
			if q, err := n.tally.Add(v); err != nil {
				t.Fatal(err)
			} else if q != nil {
				qc = q
			}
		}
		if qc == nil {
			t.Fatalf("block %d not finalized", p.Block.Number)
		}
		return qc
	}
	refused := func(name string, p *consensus.Proposal) {
		t.Helper()
		for _, i := range []int{1, 2, 3} {
			if _, err := n.signers[i].Check(p); !errors.Is(err, consensus.ErrLeader) {
				t.Fatalf("%s: validator %d: %v", name, i, err)
			}
		}
	}
	b1 := n.propose(t, 1, 2, 1)
	if len(b1.Block.Waiting) != 1 {
		t.Fatalf("block 1 leaves %d end caps waiting, want user 1's second", len(b1.Block.Waiting))
	}
	vote(b1, 0, 1, 2, 3)
	n.chain = append(n.chain, b1.Checkpoint)

	// Validator 0 is gone. Validator 1 continues the chain it verified.
	from := func(leader int) *sequencer.Core {
		c, err := sequencer.RestoreCore(n.signers[leader].SequencerState())
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	refused("validator 1 before the timeout", n.proposeWith(t, from(1), 1, timeout-4, 3))
	refused("validator 2 after one timeout", n.proposeWith(t, from(2), 2, timeout, 3))
	forged := n.proposeWith(t, from(1), 1, timeout, 3)
	forged.Sign(n.keys[2], 1, n.set.ChainID) // validator 2's signature, claiming to be 1
	refused("another validator's signature", forged)

	b2 := n.proposeWith(t, from(1), 1, timeout, 3)
	if len(b2.Block.EndCaps) != 2 || b2.Block.EndCaps[0].Position != b1.Block.Waiting[0].Position {
		t.Fatal("the takeover block does not take the end cap block 1 left waiting")
	}
	vote(b2, 1, 2, 3)
	n.chain = append(n.chain, b2.Checkpoint)
	for i := 1; i < 4; i++ {
		if n.signers[i].Leader() != 1 {
			t.Fatalf("validator %d takes %d as the leader", i, n.signers[i].Leader())
		}
	}
	// The old leader is now three places after the new one.
	c1 := from(1)
	old := n.proposeWith(t, from(1), 0, 1, 4)
	old.Sign(n.keys[0], 0, n.set.ChainID)
	refused("the old leader", old)
	// The new leader goes on without waiting.
	b3 := n.proposeWith(t, c1, 1, 0, 4)
	vote(b3, 1, 2, 3)
}
