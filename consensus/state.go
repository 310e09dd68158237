package consensus

import (
	"errors"
	"fmt"

	"github.com/parthnet/parth/consensus/bls"
	"github.com/parthnet/parth/internal/wire"
	"github.com/parthnet/parth/sequencer"
	"github.com/parthnet/parth/sequencer/poh"
	"github.com/parthnet/parth/state"
)

// SignerState is everything a validator carries from one block to the
// next: the leader it follows, the checkpoint it last voted for, and its
// PoH view (the chain at the end of that block and the end caps it left
// waiting). A validator stores it durably after Check and before its vote
// leaves the process; restored, it refuses any block at or below Last, so
// a restart can never make it sign two targets at one height (Ethereum's
// slashing protection, EIP-3076, keeps the same "last signed" record).
type SignerState struct {
	Key    bls.PublicKey // whose state it is
	Leader int
	Last   state.Checkpoint
	Chain  sequencer.CoreState // Recorder at a slot boundary, Queue = waiting, Next = Last.Number+1
}

// State is the validator's state, to store after each vote.
func (s *Signer) State() SignerState {
	return SignerState{Key: s.Key.PublicKey(), Leader: s.leader, Last: s.last, Chain: s.SequencerState()}
}

// ErrSignerState is a stored validator state that cannot be resumed.
var ErrSignerState = errors.New("consensus: bad validator state")

// RestoreSigner resumes validator k from its stored state st, as
// NewSigner starts one at genesis. The state must be for the chain's PoH
// configuration cfg and consistent with itself.
func RestoreSigner(k *bls.SecretKey, set *ValidatorSet, cfg poh.Config, st SignerState, verify ProofVerifier, data DataCheck) (*Signer, error) {
	if verify == nil || data == nil {
		return nil, errors.New("consensus: a validator needs a proof verifier and a data check")
	}
	if st.Key != k.PublicKey() {
		return nil, fmt.Errorf("%w: the state of validator %s, not of %s", ErrSignerState, st.Key, k.PublicKey())
	}
	if st.Chain.Recorder.Config != cfg {
		return nil, fmt.Errorf("%w: PoH configuration %+v, the chain's is %+v", ErrSignerState, st.Chain.Recorder.Config, cfg)
	}
	if st.Leader < 0 || st.Leader >= len(set.Validators) {
		return nil, fmt.Errorf("%w: leader index %d of %d validators", ErrSignerState, st.Leader, len(set.Validators))
	}
	if err := st.Last.Verify(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrSignerState, err)
	}
	if st.Chain.Next != st.Last.Number+1 || len(st.Chain.Slots) != 0 {
		return nil, fmt.Errorf("%w: next block %d after checkpoint %d", ErrSignerState, st.Chain.Next, st.Last.Number)
	}
	if st.Last.PoH != st.Chain.Recorder.Hash {
		return nil, fmt.Errorf("%w: the PoH view does not end at CHKP(%d)'s hash", ErrSignerState, st.Last.Number)
	}
	// The waiting end caps: distinct, in PoH order, before the view's end.
	seen := map[poh.Hash]bool{}
	for i, w := range st.Chain.Queue {
		if w.Position == 0 || w.Position > st.Chain.Recorder.Count || i > 0 && w.Position <= st.Chain.Queue[i-1].Position || seen[w.Hash] {
			return nil, fmt.Errorf("%w: waiting end cap %d (position %d) is out of order, repeated or past the PoH view", ErrSignerState, i, w.Position)
		}
		seen[w.Hash] = true
	}
	v, err := poh.RestoreVerifier(st.Chain.Recorder)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrSignerState, err)
	}
	i, ok := set.Index(k.PublicKey())
	if !ok {
		return nil, fmt.Errorf("%w: this key is not in genesis", ErrUnknownValidator)
	}
	return &Signer{Key: k, Index: i, Set: set, Verify: verify, Data: data,
		leader: st.Leader, poh: v, last: st.Last, waiting: cloneSequenced(st.Chain.Queue)}, nil
}

const tagSignerState = "PARTH/consensus/signer-state"

// MarshalBinary is the state's canonical encoding.
func (s *SignerState) MarshalBinary() ([]byte, error) {
	var e wire.Encoder
	e.Tag(tagSignerState, codecVersion)
	e.Write(s.Key[:])
	e.U64(uint64(s.Leader))
	if err := e.Fixed(&s.Last); err != nil {
		return nil, err
	}
	if err := e.Marshal(&s.Chain); err != nil {
		return nil, err
	}
	return e.Bytes(), nil
}

// UnmarshalBinary decodes a state; RestoreSigner validates it.
func (s *SignerState) UnmarshalBinary(b []byte) error {
	d := wire.NewDecoder(b)
	d.Tag(tagSignerState, codecVersion)
	var out SignerState
	copy(out.Key[:], d.Read(len(out.Key)))
	out.Leader = d.Count(0, maxSigners-1, "leader index")
	d.Fixed(&out.Last, state.CheckpointEncodedLen, "checkpoint")
	d.Unmarshal(&out.Chain, maxBlockBytes, "PoH view")
	if err := d.Finish(); err != nil {
		return err
	}
	*s = out
	return nil
}
