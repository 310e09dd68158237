package aggregator

import (
	"errors"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/parthnet/parth/internal/testproof"
	"github.com/parthnet/parth/prover"
	"github.com/parthnet/parth/sequencer"
	"github.com/parthnet/parth/sequencer/poh"
	"github.com/parthnet/parth/session"
	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/hashing"
)

// TestFromSequencer: the sequencer's block becomes the aggregator's input
// (its end-cap jobs, its PoH hash); a block that is not the next one, has
// no end caps, or carries a job that is not what was sequenced is refused.
func TestFromSequencer(t *testing.T) {
	parent := state.Checkpoint{Number: 4, Prev: hashing.Uint(1), GUSRRoot: hashing.Uint(2), GCONRoot: hashing.Uint(3), PoH: [32]byte{9}}.Sealed()
	job := func(user state.UserID) *session.EndCapJob {
		p := testproof.Groth16(t)
		roots, deltas := testproof.Deltas(t, user, 1)
		return &session.EndCapJob{Steps: []state.StepHeader{{User: user, Nonce: 1, Step: 1, UCONBefore: roots[0], UCONAfter: roots[1]}}, StepProofs: []*prover.Proof{p},
			CFCKeys: []fr.Element{hashing.Uint(30)}, CFCPublics: []fr.Element{hashing.Uint(31)}, CFCProofs: []*prover.Proof{testproof.PLONK(t)}, Header: state.EndCapHeader{User: user, Nonce: 1, Checkpoint: 4, CheckpointRoot: parent.Root,
				PublicKey: hashing.Uint(5), UCONBefore: roots[0], UCONAfter: roots[1], Payload: hashing.Uint(10)},
			Checkpoint: parent, SigKey: hashing.Uint(11), SigProof: testproof.Groth16(t), Deltas: deltas}
	}
	c, err := sequencer.NewCore(poh.Config{HashesPerTick: 64, TicksPerSlot: 2, MaxRefAge: 8}, parent.PoH, 5)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []state.UserID{3, 1} {
		s, err := job(u).Submission(c.Recorder().Latest())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Submit(s); err != nil {
			t.Fatal(err)
		}
	}
	var b *sequencer.Block
	for b == nil {
		c.Run(1 << 20)
		b = c.Tick()
	}
	in, err := FromSequencer(b, parent, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if in.PoH != b.PoH || len(in.EndCaps) != 2 || in.EndCaps[0].Header.User != 3 || in.EndCaps[1].Header.User != 1 {
		t.Fatalf("input %+v", in)
	}
	if in.EndCaps[0].Job == nil || in.EndCaps[0].Job.Header != in.EndCaps[0].Header {
		t.Fatal("job not decoded")
	}
	bad := func(name string, f func(b *sequencer.Block) (*sequencer.Block, state.Checkpoint)) {
		t.Helper()
		cp := *b
		cp.EndCaps = append([]sequencer.Sequenced(nil), b.EndCaps...)
		nb, p := f(&cp)
		if _, err := FromSequencer(nb, p, nil, nil); !errors.Is(err, ErrSequenced) {
			t.Fatalf("%s: %v", name, err)
		}
	}
	bad("not the next block", func(b *sequencer.Block) (*sequencer.Block, state.Checkpoint) { b.Number = 6; return b, parent })
	bad("no end caps", func(b *sequencer.Block) (*sequencer.Block, state.Checkpoint) { b.EndCaps = nil; return b, parent })
	bad("undecodable job", func(b *sequencer.Block) (*sequencer.Block, state.Checkpoint) {
		b.EndCaps[1].Job = b.EndCaps[1].Job[:20]
		return b, parent
	})
	bad("job swapped with another's", func(b *sequencer.Block) (*sequencer.Block, state.Checkpoint) {
		b.EndCaps[0].Job, b.EndCaps[1].Job = b.EndCaps[1].Job, b.EndCaps[0].Job
		return b, parent
	})
	bad("another user", func(b *sequencer.Block) (*sequencer.Block, state.Checkpoint) { b.EndCaps[0].User = 9; return b, parent })
}
