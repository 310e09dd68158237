package consensus

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/parthnet/parth/consensus/bls"
	"github.com/parthnet/parth/sequencer"
	"github.com/parthnet/parth/sequencer/poh"
	"github.com/parthnet/parth/state"
)

// Proposal is a proven block as validators receive it, signed by the
// leader that sequenced it.
type Proposal struct {
	Block      *sequencer.Block
	Checkpoint state.Checkpoint // CHKP(n) with its preimage
	Proof      []byte           // the block proof of CHKP(n−1) → CHKP(n)
	Leader     int              // the sequencing validator's index
	LeaderSig  bls.Signature    // its signature of ProposalMessage
}

var proposalTag = []byte("PARTH/proposal/v1")

// ProposalMessage is what a leader signs: the chain, the block number and
// its final PoH hash (which commits to its slots and end caps).
func ProposalMessage(chain, block uint64, h poh.Hash) []byte {
	m := append([]byte(nil), proposalTag...)
	m = binary.BigEndian.AppendUint64(m, chain)
	m = binary.BigEndian.AppendUint64(m, block)
	return append(m, h[:]...)
}

// Sign signs p as leader index with key k.
func (p *Proposal) Sign(k *bls.SecretKey, index int, chain uint64) {
	p.Leader = index
	p.LeaderSig = k.Sign(ProposalMessage(chain, p.Block.Number, p.Block.PoH))
}

// ErrLeader is a proposal from a validator that is not the leader.
var ErrLeader = errors.New("consensus: not the leader")

// ProofVerifier checks a block proof of prev → next (the block circuit's
// verifier; aggregator.VerifyBlock over its encoding).
type ProofVerifier func(prev, next fr.Element, proof []byte) error

// DataCheck checks a sequenced end cap's data before a validator votes for
// the block that includes it: its job decodes, it is the end cap sequenced
// (its header hash is the PoH event, its user the sequenced user), and it
// carries the state deltas that reproduce its UCON transition
// (session.CheckSequenced). A validator that finalized a root without its
// data would leave that user's state unreadable.
type DataCheck func(e *sequencer.Sequenced) error

// ErrInvalidBlock is a proposal a validator will not vote for.
var ErrInvalidBlock = errors.New("consensus: invalid block")

// Signer is one validator: it checks proposals against its own view of
// the chain and signs votes.
type Signer struct {
	Key   *bls.SecretKey
	Index int
	Set   *ValidatorSet
	// Verify checks block proofs.
	Verify ProofVerifier
	// Data checks each end cap's data.
	Data DataCheck
	// TimeoutTicks is the leader timeout in PoH ticks (0: no failover):
	// validator leader+k may propose once its chain shows at least
	// k·TimeoutTicks ticks from the last block to its first end cap.
	TimeoutTicks uint64
	leader       int // the current leader (the set's order: 0 first)
	poh          *poh.Verifier
	last         state.Checkpoint // the checkpoint it last voted for
	// waiting are the end caps of verified blocks' slots not yet in a
	// block (their user had an earlier one), in PoH order: the previous
	// block's Waiting, as checked.
	waiting []sequencer.Sequenced
}

// NewSigner starts a validator at genesis checkpoint g, with the PoH chain
// of cfg and seed, checking block proofs with verify and end caps' data with
// data.
func NewSigner(k *bls.SecretKey, set *ValidatorSet, cfg poh.Config, seed poh.Hash, g state.Checkpoint, verify ProofVerifier, data DataCheck) (*Signer, error) {
	if verify == nil || data == nil {
		return nil, errors.New("consensus: a validator needs a proof verifier and a data check")
	}
	i, ok := set.Index(k.PublicKey())
	if !ok {
		return nil, fmt.Errorf("%w: this key is not in genesis", ErrUnknownValidator)
	}
	v, err := poh.NewVerifier(cfg, seed)
	if err != nil {
		return nil, err
	}
	return &Signer{Key: k, Index: i, Set: set, Verify: verify, Data: data, poh: v, last: g}, nil
}

// Last is the checkpoint the validator last voted for.
func (s *Signer) Last() state.Checkpoint { return s.last }

// Check verifies p and returns the validator's vote: its PoH slots, its
// contents (checkContents) and its end caps' data, the CHKP chain —
// including that CHKP(n)'s end-cap accumulator is its end caps' — and the
// block proof. A refused proposal changes nothing (not even the
// validator's PoH position).
func (s *Signer) Check(p *Proposal) (Vote, error) {
	b, c := p.Block, &p.Checkpoint
	if b == nil || len(b.Slots) == 0 {
		return Vote{}, fmt.Errorf("%w: no slots", ErrInvalidBlock)
	}
	if err := s.checkLeader(p); err != nil {
		return Vote{}, err
	}
	// 1. PoH: the block's slots continue this validator's chain.
	v := s.poh.Clone()
	fresh := map[uint64]poh.Hash{} // the events of the block's slots
	for _, sl := range b.Slots {
		if err := v.Verify(sl); err != nil {
			return Vote{}, fmt.Errorf("%w %d: %v", ErrInvalidBlock, b.Number, err)
		}
		for _, e := range sl.Events() {
			fresh[e.Position] = e.Data
		}
	}
	if v.Hash() != b.PoH {
		return Vote{}, fmt.Errorf("%w %d: PoH hash is not its last slot's", ErrInvalidBlock, b.Number)
	}
	// 2. Its contents: EndCaps and Waiting are exactly the end caps not
	// yet in a block — those left waiting by the previous block and every
	// event of the new slots — and EndCaps is the earliest of each user
	// (sequencer.Pick). So a leader can neither leave out an end cap it
	// sequenced (censorship), nor add one it did not, nor choose which of a
	// user's sessions is applied.
	if err := s.checkContents(b, fresh); err != nil {
		return Vote{}, fmt.Errorf("%w %d: %v", ErrInvalidBlock, b.Number, err)
	}
	caps := make(map[state.UserID]fr.Element, len(b.EndCaps))
	for i, e := range b.EndCaps {
		var h fr.Element
		if err := h.SetBytesCanonical(e.Hash[:]); err != nil || e.User > uint64(^uint32(0)) {
			return Vote{}, fmt.Errorf("%w %d: end cap %d is not an end-cap header hash of a user", ErrInvalidBlock, b.Number, i)
		}
		caps[state.UserID(e.User)] = h
		if err := s.Data(&b.EndCaps[i]); err != nil {
			return Vote{}, fmt.Errorf("%w %d: end cap %d (user %d): %v", ErrInvalidBlock, b.Number, i, e.User, err)
		}
	}
	// A new end cap that waits is bound to its user and data now, so a
	// leader cannot misname whose it is to defer it.
	for i := range b.Waiting {
		if _, ok := fresh[b.Waiting[i].Position]; !ok {
			continue // checked when it first waited
		}
		if err := s.Data(&b.Waiting[i]); err != nil {
			return Vote{}, fmt.Errorf("%w %d: waiting end cap at %d (user %d): %v", ErrInvalidBlock, b.Number, b.Waiting[i].Position, b.Waiting[i].User, err)
		}
	}
	// 3. The CHKP chain.
	if err := c.Verify(); err != nil {
		return Vote{}, fmt.Errorf("%w %d: %v", ErrInvalidBlock, b.Number, err)
	}
	if c.Number != b.Number || c.Number != s.last.Number+1 {
		return Vote{}, fmt.Errorf("%w: CHKP number %d for block %d after %d", ErrInvalidBlock, c.Number, b.Number, s.last.Number)
	}
	if !c.Prev.Equal(&s.last.Root) {
		return Vote{}, fmt.Errorf("%w %d: CHKP(n−1) is not the one this validator voted for", ErrInvalidBlock, b.Number)
	}
	if c.PoH != b.PoH {
		return Vote{}, fmt.Errorf("%w %d: CHKP's PoH hash is not the block's", ErrInvalidBlock, b.Number)
	}
	// What the block applied: CHKP(n) commits to the accumulator of the
	// end-cap headers its proof folded, and it must be exactly the
	// sequenced ones — not a subset (censorship), a superset, or another
	// signed session of a sequenced user.
	acc, err := state.EndCapAccumulator(caps)
	if err != nil {
		return Vote{}, fmt.Errorf("%w %d: %v", ErrInvalidBlock, b.Number, err)
	}
	if !c.EndCaps.Equal(&acc) {
		return Vote{}, fmt.Errorf("%w %d: the block applied other end caps than the %d sequenced", ErrInvalidBlock, b.Number, len(caps))
	}
	if !c.Chain.Equal(&s.last.Chain) {
		return Vote{}, fmt.Errorf("%w %d: CHKP names another chain", ErrInvalidBlock, b.Number)
	}
	// 4. The block proof.
	if err := s.Verify(s.last.Root, c.Root, p.Proof); err != nil {
		return Vote{}, fmt.Errorf("%w %d: block proof: %v", ErrInvalidBlock, b.Number, err)
	}
	s.poh, s.last, s.waiting, s.leader = v, *c, cloneSequenced(b.Waiting), p.Leader
	return SignVote(s.Key, s.Index, s.Set.ChainID, b.Number, Target{Checkpoint: c.Root, PoH: b.PoH}), nil
}

// checkContents checks b.EndCaps and b.Waiting against the end caps this
// validator left waiting and the events of the block's slots (fresh, by
// position): the same end caps, each once, and split by sequencer.Pick.
func (s *Signer) checkContents(b *sequencer.Block, fresh map[uint64]poh.Hash) error {
	old := make(map[uint64]*sequencer.Sequenced, len(s.waiting))
	for i := range s.waiting {
		old[s.waiting[i].Position] = &s.waiting[i]
	}
	listed := make([]sequencer.Sequenced, 0, len(b.EndCaps)+len(b.Waiting))
	listed = append(append(listed, b.EndCaps...), b.Waiting...)
	seen := make(map[uint64]bool, len(listed))
	hashes := make(map[poh.Hash]uint64, len(listed))
	for _, e := range listed {
		if seen[e.Position] {
			return fmt.Errorf("the end cap at PoH position %d is listed twice", e.Position)
		}
		seen[e.Position] = true
		// One end cap, one position: a copy mixed in again would be
		// carried and required of every later block, after its nonce is
		// spent (the sequencer refuses a queued hash; a leader that mixes
		// one in anyway is refused here).
		if p, dup := hashes[e.Hash]; dup {
			return fmt.Errorf("the end cap at PoH position %d is sequenced again at %d", p, e.Position)
		}
		hashes[e.Hash] = e.Position
		if w, ok := old[e.Position]; ok {
			if w.Hash != e.Hash || w.User != e.User || !bytes.Equal(w.Job, e.Job) {
				return fmt.Errorf("the waiting end cap at PoH position %d is not the one that waited", e.Position)
			}
			continue
		}
		if d, ok := fresh[e.Position]; !ok || d != e.Hash {
			return fmt.Errorf("no end cap was sequenced at PoH position %d with that hash", e.Position)
		}
	}
	for p := range old {
		if !seen[p] {
			return fmt.Errorf("the waiting end cap at PoH position %d is left out", p)
		}
	}
	for p := range fresh {
		if !seen[p] {
			return fmt.Errorf("the end cap sequenced at PoH position %d is left out", p)
		}
	}
	slices.SortFunc(listed, func(x, y sequencer.Sequenced) int { return cmp.Compare(x.Position, y.Position) })
	in, wait := sequencer.Pick(listed)
	same := func(a, b []sequencer.Sequenced) bool {
		return slices.EqualFunc(a, b, func(x, y sequencer.Sequenced) bool { return x.Position == y.Position })
	}
	if !same(in, b.EndCaps) || !same(wait, b.Waiting) {
		return fmt.Errorf("the block does not take the earliest end cap of each user, in PoH order")
	}
	return nil
}

// Leader is the validator this one takes as the leader.
func (s *Signer) Leader() int { return s.leader }

// PoHState is the recorder state that continues the chain from the end of
// the last block this validator voted for.
func (s *Signer) PoHState() poh.RecorderState { return s.poh.RecorderState() }

// SequencerState is where a validator taking over as leader starts its
// sequencer (sequencer.RestoreCore): the PoH chain from the end of the last
// block it voted for, the end caps that block left waiting (which the next
// block must take), and the next block's number. The takeover leader holds
// its first block (Core.HoldFor) for the ticks the takeover needs
// (ValidatorSet.TakeoverTicks), or it would cut one at the first slot end
// for the waiting end caps, before its timeout.
func (s *Signer) SequencerState() sequencer.CoreState {
	return sequencer.CoreState{Recorder: s.PoHState(), Queue: cloneSequenced(s.waiting), Next: s.last.Number + 1}
}

// cloneSequenced copies end caps with their job bytes: the validator's
// carried list shares no memory with a proposal or a caller.
func cloneSequenced(in []sequencer.Sequenced) []sequencer.Sequenced {
	out := slices.Clone(in)
	for i := range out {
		out[i].Job = slices.Clone(out[i].Job)
	}
	return out
}

// VerifyProposer checks that proposal p is signed by the validator it
// names (not that this validator may lead: Signer.Check decides that).
func (s *ValidatorSet) VerifyProposer(p *Proposal) error {
	if p.Leader < 0 || p.Leader >= len(s.Validators) {
		return fmt.Errorf("%w: leader index %d", ErrLeader, p.Leader)
	}
	if p.Block == nil || !s.Validators[p.Leader].key.Verify(ProposalMessage(s.ChainID, p.Block.Number, p.Block.PoH), p.LeaderSig) {
		return fmt.Errorf("%w: the proposal is not signed by validator %d", ErrLeader, p.Leader)
	}
	return nil
}

// checkLeader: the proposal is signed by the current leader, or by the
// validator k places after it with at least k·TimeoutTicks PoH ticks
// between the last block and the block's first new end cap — the timeout
// is measured by the proposer's own PoH chain, which validators verify,
// so no clock is trusted (seed 000 §5.6–5.7).
func (s *Signer) checkLeader(p *Proposal) error {
	if err := s.Set.VerifyProposer(p); err != nil {
		return err
	}
	need, ok := s.Set.TakeoverTicks(s.leader, p.Leader, s.TimeoutTicks)
	if !ok {
		return fmt.Errorf("%w: validator %d proposed block %d; the leader is %d", ErrLeader, p.Leader, p.Block.Number, s.leader)
	}
	if need == 0 {
		return nil
	}
	var gap uint64
gaps:
	for _, sl := range p.Block.Slots {
		for i := range sl.Entries {
			if !sl.Entries[i].IsTick() {
				break gaps
			}
			gap++
		}
	}
	if gap < need {
		return fmt.Errorf("%w: validator %d proposed block %d after %d ticks; taking over from %d needs %d", ErrLeader, p.Leader, p.Block.Number, gap, s.leader, need)
	}
	return nil
}
