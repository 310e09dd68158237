package consensus_test

import (
	"errors"
	"reflect"
	"testing"

	"github.com/parthnet/parth/consensus"
	"github.com/parthnet/parth/internal/wire"
	"github.com/parthnet/parth/sequencer"
	"github.com/parthnet/parth/sequencer/poh"
)

// TestSignerStateRestore: a validator restored from its stored state (the
// encoding round trip) votes exactly as the one that kept running, and —
// the slashing protection — refuses the block it already voted for, or
// any other block at that height, so a restart cannot make it equivocate.
// States that do not fit the chain are refused.
func TestSignerStateRestore(t *testing.T) {
	n := newNetwork(t, []uint64{40, 30, 20, 20, 10})
	p1 := n.propose(t, 1, 2)
	s := n.signers[1]
	v1, err := s.Check(p1)
	if err != nil {
		t.Fatal(err)
	}
	n.chain = append(n.chain, p1.Checkpoint)
	st := s.State()
	raw, err := st.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var got consensus.SignerState
	if err := got.UnmarshalBinary(raw); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, st) {
		t.Fatal("the state does not round-trip")
	}
	r, err := consensus.RestoreSigner(n.keys[1], n.set, pohCfg, got, verifyLink(t), dataLink)
	if err != nil {
		t.Fatal(err)
	}
	if r.Index != s.Index || r.Last() != s.Last() {
		t.Fatal("restored as another validator or checkpoint")
	}
	if _, err := r.Check(p1); err == nil {
		t.Fatal("the restored validator voted again at the height it signed")
	}
	other := *p1
	other.Checkpoint.GUSRRoot.SetUint64(4242)
	other.Checkpoint = other.Checkpoint.Sealed()
	if _, err := r.Check(&other); err == nil {
		t.Fatal("the restored validator signed another target at its last height")
	}
	p2 := n.propose(t, 3)
	va, err := s.Check(p2)
	if err != nil {
		t.Fatal(err)
	}
	vb, err := r.Check(p2)
	if err != nil {
		t.Fatalf("the restored validator refuses the next block: %v", err)
	}
	if va != vb || va == v1 {
		t.Fatal("the restored validator's vote differs")
	}

	if _, err := consensus.RestoreSigner(n.keys[2], n.set, pohCfg, got, verifyLink(t), dataLink); !errors.Is(err, consensus.ErrSignerState) {
		t.Errorf("validator 2 resumed from validator 1's state: %v", err)
	}
	for name, bad := range map[string]func(*consensus.SignerState){
		"another PoH configuration":       func(s *consensus.SignerState) { s.Chain.Recorder.Config.TicksPerSlot++ },
		"a leader out of the set":         func(s *consensus.SignerState) { s.Leader = 5 },
		"a next block off the checkpoint": func(s *consensus.SignerState) { s.Chain.Next++ },
		"a PoH view off the checkpoint":   func(s *consensus.SignerState) { s.Chain.Recorder.Hash[0] ^= 1 },
		"a checkpoint off its preimage":   func(s *consensus.SignerState) { s.Last.Number++ },
		"a view mid-slot":                 func(s *consensus.SignerState) { s.Chain.Recorder.InTick = 1 },
		"a hash count off its ticks": func(s *consensus.SignerState) {
			s.Chain.Recorder.Count++
			s.Chain.Recorder.Slot.StartCount++
		},
		"a waiting end cap past the view": func(s *consensus.SignerState) {
			s.Chain.Queue = []sequencer.Sequenced{{Submission: sequencer.Submission{User: 9, Hash: poh.Hash{9}}, Position: s.Chain.Recorder.Count + 1}}
		},
		"waiting end caps out of order": func(s *consensus.SignerState) {
			s.Chain.Queue = []sequencer.Sequenced{{Submission: sequencer.Submission{User: 8, Hash: poh.Hash{8}}, Position: 5},
				{Submission: sequencer.Submission{User: 9, Hash: poh.Hash{9}}, Position: 4}}
		},
	} {
		b := st
		b.Chain.Recorder.Recent = append(b.Chain.Recorder.Recent[:0:0], st.Chain.Recorder.Recent...)
		bad(&b)
		if _, err := consensus.RestoreSigner(n.keys[1], n.set, pohCfg, b, verifyLink(t), dataLink); !errors.Is(err, consensus.ErrSignerState) {
			t.Errorf("%s: %v", name, err)
		}
	}
	for _, cut := range []int{0, 20, len(raw) - 1} {
		if err := new(consensus.SignerState).UnmarshalBinary(raw[:cut]); !errors.Is(err, wire.ErrEncoding) {
			t.Errorf("state truncated to %d bytes: %v", cut, err)
		}
	}
}
