package consensus_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/parthnet/parth/consensus"
	"github.com/parthnet/parth/sequencer"
	"github.com/parthnet/parth/sequencer/poh"
	"github.com/parthnet/parth/state"
)

// sequenceAll has core c sequence one end cap per name (user users[i]) and
// cut the block.
func sequenceAll(t *testing.T, c *sequencer.Core, users []uint64, names []string) *sequencer.Block {
	t.Helper()
	for i, name := range names {
		h := capHash(name)
		c.Run(5)
		if c.Recorder().TickDue() {
			c.Tick()
		}
		if _, err := c.Submit(sequencer.Submission{User: users[i], Hash: h, Ref: c.Recorder().Latest(), Job: jobOf(h)}); err != nil {
			t.Fatal(err)
		}
	}
	var b *sequencer.Block
	for b == nil {
		c.Run(1 << 20)
		b = c.Tick()
	}
	return b
}

// proposal is block b with a CHKP(n) over its listed end caps and a valid
// proof of it, signed by the leader: only the contents rule can refuse it.
func (n *network) proposal(t *testing.T, b *sequencer.Block) *consensus.Proposal {
	t.Helper()
	parent := n.chain[len(n.chain)-1]
	ck := state.Checkpoint{Number: b.Number, Prev: parent.Root, GUSRRoot: fr.NewElement(1000 + b.Number), GCONRoot: parent.GCONRoot,
		PoH: b.PoH, Chain: parent.Chain, EndCaps: accOf(t, b.EndCaps)}.Sealed()
	p := &consensus.Proposal{Block: b, Checkpoint: ck, Proof: proveLink(t, &parent, &ck)}
	p.Sign(n.keys[0], 0, n.set.ChainID)
	return p
}

// TestLeaderCannotChooseContents (finding 3, from the leader's side): a
// block must take exactly the earliest sequenced end cap of each user — all
// of them — and carry the rest; a leader that leaves one out, defers one,
// applies a user's later session, or adds one it never sequenced is
// refused, even with a valid proof of the CHKP(n) over its own list.
func TestLeaderCannotChooseContents(t *testing.T) {
	n := newNetwork(t, []uint64{10})
	s := n.signers[0]
	// Users 1 and 2; user 1 twice (sessions A then B): A is in block 1 and
	// B waits for block 2.
	b := sequenceAll(t, n.seq, []uint64{1, 2, 1}, []string{"A", "user 2", "B"})
	if len(b.EndCaps) != 2 || len(b.Waiting) != 1 || b.Waiting[0].Hash != capHash("B") {
		t.Fatalf("the sequencer's block: %d end caps, %d waiting", len(b.EndCaps), len(b.Waiting))
	}
	a, two, later := b.EndCaps[0], b.EndCaps[1], b.Waiting[0]
	unsequenced := sequencer.Sequenced{Submission: sequencer.Submission{User: 3, Hash: capHash("never sequenced"), Job: jobOf(capHash("never sequenced"))},
		Position: later.Position + 1}
	for name, tc := range map[string]struct {
		in, wait []sequencer.Sequenced
		want     string
	}{
		"user 2's end cap left out (censorship)": {[]sequencer.Sequenced{a}, []sequencer.Sequenced{later}, "left out"},
		"user 2's end cap deferred":              {[]sequencer.Sequenced{a}, []sequencer.Sequenced{two, later}, "earliest"},
		"user 1's later session applied":         {[]sequencer.Sequenced{two, later}, []sequencer.Sequenced{a}, "earliest"},
		"user 1's waiting session left out":      {[]sequencer.Sequenced{a, two}, nil, "left out"},
		"an end cap that was never sequenced":    {[]sequencer.Sequenced{a, two, unsequenced}, []sequencer.Sequenced{later}, "no end cap was sequenced"},
		"an end cap listed twice":                {[]sequencer.Sequenced{a, two}, []sequencer.Sequenced{later, later}, "twice"},
	} {
		bad := *b
		bad.EndCaps, bad.Waiting = tc.in, tc.wait
		if _, err := s.Check(n.proposal(t, &bad)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want an error naming %q", name, err, tc.want)
		}
	}
	// The honest block is voted for; B lands in the next block, and a
	// leader that leaves it out there, or misnames it, is refused.
	p1 := n.proposal(t, b)
	if _, err := s.Check(p1); err != nil {
		t.Fatal(err)
	}
	n.chain = append(n.chain, p1.Checkpoint)
	b2 := sequenceAll(t, n.seq, []uint64{2}, []string{"user 2 again"})
	if len(b2.EndCaps) != 2 || b2.EndCaps[0].Hash != capHash("B") {
		t.Fatalf("block 2 should take the waiting session B first: %v", b2.EndCaps)
	}
	dropB := *b2
	dropB.EndCaps = b2.EndCaps[1:]
	if _, err := s.Check(n.proposal(t, &dropB)); err == nil || !strings.Contains(err.Error(), "waiting end cap") {
		t.Errorf("block 2 without the waiting session: %v", err)
	}
	renamed := *b2
	renamed.EndCaps = slices.Clone(b2.EndCaps)
	renamed.EndCaps[0].User = 5
	if _, err := s.Check(n.proposal(t, &renamed)); err == nil || !strings.Contains(err.Error(), "not the one that waited") {
		t.Errorf("block 2 with the waiting session under another user: %v", err)
	}
	if _, err := s.Check(n.proposal(t, b2)); err != nil {
		t.Fatalf("the honest block 2: %v", err)
	}
}

// TestSequencedTwice: a leader that mixes an end cap into PoH a second time
// (the sequencer refuses a queued hash; this one records it itself) and
// carries the copy is refused: the copy would be required of every later
// block after its nonce is spent, halting the chain for any leader.
func TestSequencedTwice(t *testing.T) {
	n := newNetwork(t, []uint64{10})
	c := n.seq
	a := capHash("A")
	c.Run(5)
	if _, err := c.Submit(sequencer.Submission{User: 1, Hash: a, Ref: c.Recorder().Latest(), Job: jobOf(a)}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Submit(sequencer.Submission{User: 1, Hash: a, Ref: c.Recorder().Latest(), Job: jobOf(a)}); !errors.Is(err, sequencer.ErrDuplicate) {
		t.Fatalf("the sequencer took a queued end cap again: %v", err)
	}
	c.Run(5)
	ref := c.Recorder().Latest()
	_, pos, err := c.Recorder().Record(poh.Mixin{Data: a, Ref: ref})
	if err != nil {
		t.Fatal(err)
	}
	b := sequenceAll(t, c, nil, nil)
	b.Waiting = []sequencer.Sequenced{{Submission: sequencer.Submission{User: 1, Hash: a, Ref: ref, Job: jobOf(a)}, Position: pos[0]}}
	if _, err := n.signers[0].Check(n.proposal(t, b)); err == nil || !strings.Contains(err.Error(), "sequenced again") {
		t.Fatalf("a block carrying a second copy of an end cap: %v", err)
	}
}

// TestWaitingIsCopied: the end caps a validator carries share no memory
// with the proposal they came in: a caller that reuses its buffers does not
// change what the next block must take.
func TestWaitingIsCopied(t *testing.T) {
	n := newNetwork(t, []uint64{10})
	s := n.signers[0]
	b := sequenceAll(t, n.seq, []uint64{1, 1}, []string{"A", "B"})
	mine := *b
	mine.Waiting = slices.Clone(b.Waiting)
	mine.Waiting[0].Job = slices.Clone(b.Waiting[0].Job) // as decoded from the wire
	p := n.proposal(t, &mine)
	if _, err := s.Check(p); err != nil {
		t.Fatal(err)
	}
	n.chain = append(n.chain, p.Checkpoint)
	for i := range mine.Waiting[0].Job {
		mine.Waiting[0].Job[i] ^= 0xff // the caller's buffer, reused
	}
	b2 := sequenceAll(t, n.seq, []uint64{2}, []string{"user 2"})
	if _, err := s.Check(n.proposal(t, b2)); err != nil {
		t.Fatalf("the honest next block after the caller reused its buffer: %v", err)
	}
	if st := s.SequencerState(); len(st.Queue) != 0 {
		t.Fatalf("%d end caps still waiting after block 2 took B", len(st.Queue))
	}
}
