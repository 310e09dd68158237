package consensus

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/parthnet/parth/consensus/bls"
	"github.com/parthnet/parth/sequencer/poh"
)

// Target is what a vote at one height is for.
type Target struct {
	Checkpoint fr.Element // CHKP(n)
	PoH        poh.Hash   // the block's final PoH hash
}

// Vote is a validator's signature of (chain id, block number, target).
type Vote struct {
	Chain     uint64
	Block     uint64
	Target    Target
	Validator int // index in the set
	Sig       bls.Signature
}

var voteTag = []byte("PARTH/vote/v1")

// VoteMessage is the signed message.
func VoteMessage(chain, block uint64, t Target) []byte {
	m := make([]byte, 0, len(voteTag)+16+64)
	m = append(m, voteTag...)
	m = binary.BigEndian.AppendUint64(m, chain)
	m = binary.BigEndian.AppendUint64(m, block)
	c := t.Checkpoint.Bytes()
	m = append(m, c[:]...)
	return append(m, t.PoH[:]...)
}

// SignVote signs a vote as validator index with key k.
func SignVote(k *bls.SecretKey, index int, chain, block uint64, t Target) Vote {
	return Vote{Chain: chain, Block: block, Target: t, Validator: index, Sig: k.Sign(VoteMessage(chain, block, t))}
}

var (
	ErrUnknownValidator = errors.New("consensus: unknown validator")
	ErrBadSignature     = errors.New("consensus: bad vote signature")
	ErrWrongChain       = errors.New("consensus: vote for another chain")
	ErrUnknownBlock     = errors.New("consensus: vote for a block this node has not verified")
	ErrDuplicateVote    = errors.New("consensus: duplicate vote")
	ErrEquivocation     = errors.New("consensus: equivocation")
	ErrBadQC            = errors.New("consensus: invalid quorum certificate")
)

// Verify checks v's signature against the set.
func (s *ValidatorSet) Verify(v *Vote) error {
	if v.Chain != s.ChainID {
		return fmt.Errorf("%w: chain %d, this is %d", ErrWrongChain, v.Chain, s.ChainID)
	}
	if v.Validator < 0 || v.Validator >= len(s.Validators) {
		return fmt.Errorf("%w: index %d of %d", ErrUnknownValidator, v.Validator, len(s.Validators))
	}
	if !s.Validators[v.Validator].key.Verify(VoteMessage(v.Chain, v.Block, v.Target), v.Sig) {
		return fmt.Errorf("%w: validator %d (%s), block %d", ErrBadSignature, v.Validator, s.Validators[v.Validator].Name, v.Block)
	}
	return nil
}

// Evidence is two signed votes of one validator at one height for
// different targets.
type Evidence struct {
	A, B Vote
}

// Verify checks that e proves equivocation under set s.
func (e *Evidence) Verify(s *ValidatorSet) error {
	if e.A.Validator != e.B.Validator || e.A.Block != e.B.Block || e.A.Chain != e.B.Chain {
		return errors.New("consensus: evidence votes are not one validator's at one height")
	}
	if e.A.Target == e.B.Target {
		return errors.New("consensus: evidence votes are for the same target")
	}
	if err := s.Verify(&e.A); err != nil {
		return err
	}
	return s.Verify(&e.B)
}

// QC is a quorum certificate: validators holding ≥ 2/3 of the stake
// signed (chain, block, target).
type QC struct {
	Chain   uint64
	Block   uint64
	Target  Target
	Signers []byte // bitmap: bit i = validator i
	Sig     bls.Signature
}

// Signed reports whether validator i is a signer.
func (q *QC) Signed(i int) bool {
	return i/8 < len(q.Signers) && q.Signers[i/8]&(1<<(i%8)) != 0
}

// VerifyQC checks a certificate against the set: the signers' stake is a
// quorum and the aggregate signature verifies for their keys.
func VerifyQC(s *ValidatorSet, q *QC) error {
	if q.Chain != s.ChainID {
		return fmt.Errorf("%w: chain %d", ErrBadQC, q.Chain)
	}
	if len(q.Signers) != (len(s.Validators)+7)/8 {
		return fmt.Errorf("%w: bitmap of %d bytes for %d validators", ErrBadQC, len(q.Signers), len(s.Validators))
	}
	for i := len(s.Validators); i < 8*len(q.Signers); i++ {
		if q.Signed(i) {
			return fmt.Errorf("%w: signer %d beyond the set", ErrBadQC, i)
		}
	}
	var stake uint64
	var keys []*bls.Key
	for i, v := range s.Validators {
		if q.Signed(i) {
			stake += v.Stake
			keys = append(keys, v.key)
		}
	}
	if !s.Quorum(stake) {
		return fmt.Errorf("%w: signers hold %d of %d stake", ErrBadQC, stake, s.Total)
	}
	if !bls.FastAggregateVerifyKeys(keys, VoteMessage(q.Chain, q.Block, q.Target), q.Sig) {
		return fmt.Errorf("%w: aggregate signature does not verify", ErrBadQC)
	}
	return nil
}
