package consensus_test

import (
	"errors"
	"testing"

	"github.com/parthnet/parth/consensus"
)

// TestValidatorsCheckData: a block whose end cap comes without its data (or
// with another end cap's) is refused by every validator, and the refusal
// changes nothing: the same block with its data is then accepted. Without
// this check a finalized root could be left without the state behind it
// (found by a review helper: the PoH event and the block proof bind the end
// cap's header, not its deltas).
func TestValidatorsCheckData(t *testing.T) {
	n := newNetwork(t, []uint64{10, 10, 10, 10})
	p := n.propose(t, 3, 5)
	good := p.Block.EndCaps[0].Job
	for name, job := range map[string][]byte{
		"no data":              nil,
		"another end cap's":    p.Block.EndCaps[1].Job,
		"data of another kind": []byte("not an end-cap job"),
	} {
		p.Block.EndCaps[0].Job = job
		for i, s := range n.signers {
			if _, err := s.Check(p); !errors.Is(err, consensus.ErrInvalidBlock) {
				t.Fatalf("%s: validator %d: %v", name, i, err)
			}
		}
	}
	p.Block.EndCaps[0].Job = good
	for i, s := range n.signers {
		if _, err := s.Check(p); err != nil {
			t.Fatalf("validator %d refuses the block with its data after the refusals: %v", i, err)
		}
	}
}
