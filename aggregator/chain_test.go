package aggregator

import (
	"crypto/sha256"
	"fmt"
	"strings"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/parthnet/parth/circuits/block"
	"github.com/parthnet/parth/consensus"
	"github.com/parthnet/parth/consensus/bls"
	"github.com/parthnet/parth/prover"
	"github.com/parthnet/parth/sequencer"
	"github.com/parthnet/parth/sequencer/poh"
	"github.com/parthnet/parth/session"
	"github.com/parthnet/parth/state"
)

// chain is the rest of the network around the proving network in the
// end-to-end tests: a sequencer whose PoH chain starts at the genesis
// checkpoint's PoH hash, and four validators of equal stake, one of them
// offline, that verify each proven block (its slots, the CHKP chain and
// the real block proof) and vote until a quorum certificate finalizes it.
type chain struct {
	seq     *sequencer.Core
	block   *sequencer.Block // the block being proven
	set     *consensus.ValidatorSet
	signers []*consensus.Signer
	tally   *consensus.Tally
	qcs     []*consensus.QC
	leader  *bls.SecretKey // validator 0 of the set: the sequencer
}

var seqConfig = poh.Config{HashesPerTick: 512, TicksPerSlot: 4, MaxRefAge: 64}

func newChain(t *testing.T, genesis state.Checkpoint, bk *prover.Keys) *chain {
	c := &chain{}
	var err error
	if c.seq, err = sequencer.NewCore(seqConfig, genesis.PoH, genesis.Number+1); err != nil {
		t.Fatal(err)
	}
	g := consensus.Genesis{ChainID: 1}
	var keys []*bls.SecretKey
	for i := 0; i < 4; i++ {
		seed := sha256.Sum256([]byte(fmt.Sprint("e2e validator ", i)))
		k, _ := bls.KeyFromSeed(seed[:])
		keys = append(keys, k)
		g.Validators = append(g.Validators, consensus.GenesisEntry(fmt.Sprint("v", i), k, 25))
	}
	if c.set, err = consensus.NewValidatorSet(g); err != nil {
		t.Fatal(err)
	}
	verify := func(prev, next fr.Element, proof []byte) error {
		var p prover.Proof
		if err := p.UnmarshalBinary(proof); err != nil {
			return err
		}
		return block.Verify(bk, prev, next, &p)
	}
	for _, k := range keys {
		s, err := consensus.NewSigner(k, c.set, seqConfig, genesis.PoH, genesis, verify, session.CheckSequenced)
		if err != nil {
			t.Fatal(err)
		}
		c.signers = append(c.signers, s)
		if s.Index == 0 {
			c.leader = k
		}
	}
	c.tally = consensus.NewTally(c.set)
	return c
}

// sequence sends a block's end-cap jobs through the sequencer and returns
// the aggregator's input as the sequencer hands it over (FromSequencer):
// the slot's final PoH hash is the one CHKP(n) commits to.
func (c *chain) sequence(t *testing.T, in *BlockInput) *BlockInput {
	t.Helper()
	for _, e := range in.EndCaps {
		c.seq.Run(17)
		s, err := e.Job.Submission(c.seq.Recorder().Latest())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.seq.Submit(s); err != nil {
			t.Fatal(err)
		}
	}
	var b *sequencer.Block
	for b == nil {
		c.seq.Run(1 << 20)
		b = c.seq.Tick()
	}
	out, err := FromSequencer(b, in.Parent, in.Siblings, in.History)
	if err != nil {
		t.Fatal(err)
	}
	c.block = b
	return out
}

// finalize has the validators check the proven block and vote; the
// fourth is offline. The third vote makes the quorum certificate.
func (c *chain) finalize(t *testing.T, r *BlockResult) *consensus.QC {
	t.Helper()
	enc, err := r.Proof.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	p := &consensus.Proposal{Block: c.block, Checkpoint: r.Next, Proof: enc}
	p.Sign(c.leader, 0, c.set.ChainID)
	target := consensus.Target{Checkpoint: r.Next.Root, PoH: c.block.PoH}
	c.tally.Know(r.Next.Number, target)
	// A block with another checkpoint (a wrong GUSR root) is not voted for.
	bad := *p
	bad.Checkpoint = r.Next
	bad.Checkpoint.GUSRRoot = fr.NewElement(5)
	bad.Checkpoint = bad.Checkpoint.Sealed()
	if _, err := c.signers[0].Check(&bad); err == nil {
		t.Fatalf("block %d: a validator voted for a checkpoint the proof does not prove", r.Next.Number)
	}
	// Nor for one that names other end caps than the sequenced (finding 3).
	dropped := *p
	dropped.Checkpoint = r.Next
	subset := map[state.UserID]fr.Element{} // all but the last sequenced end cap
	for _, e := range c.block.EndCaps[:len(c.block.EndCaps)-1] {
		var h fr.Element
		h.SetBytes(e.Hash[:])
		subset[state.UserID(e.User)] = h
	}
	dropped.Checkpoint.EndCaps, _ = state.EndCapAccumulator(subset)
	dropped.Checkpoint = dropped.Checkpoint.Sealed()
	if _, err := c.signers[0].Check(&dropped); err == nil || !strings.Contains(err.Error(), "other end caps") {
		t.Fatalf("block %d: a validator took a checkpoint naming other end caps: %v", r.Next.Number, err)
	}
	var qc *consensus.QC
	for i, s := range c.signers[:3] {
		v, err := s.Check(p)
		if err != nil {
			t.Fatalf("block %d: validator %d: %v", r.Next.Number, i, err)
		}
		q, err := c.tally.Add(v)
		if err != nil {
			t.Fatal(err)
		}
		if (q != nil) != (i == 2) {
			t.Fatalf("block %d: certificate after %d votes: %v", r.Next.Number, i+1, q != nil)
		}
		qc = q
	}
	if err := consensus.VerifyQC(c.set, qc); err != nil {
		t.Fatal(err)
	}
	c.qcs = append(c.qcs, qc)
	return qc
}
