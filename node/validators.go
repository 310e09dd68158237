package node

import (
	"crypto/sha256"
	"errors"
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/parthnet/parth/circuits/block"
	"github.com/parthnet/parth/consensus"
	"github.com/parthnet/parth/consensus/bls"
	"github.com/parthnet/parth/internal/wire"
	"github.com/parthnet/parth/prover"
	"github.com/parthnet/parth/sequencer/poh"
	"github.com/parthnet/parth/session"
	"github.com/parthnet/parth/state"
)

// DevValidators is the development validator set of a node that runs its
// validators in-process: n validators of stake 1 whose BLS keys derive
// from public seeds ("parth dev validator i"), so anyone can make their
// certificates. It is for devnets and tests only; a network's genesis
// names its validators' keys (consensus.LoadGenesis).
func DevValidators(n int, chainID uint64) (*consensus.ValidatorSet, []*bls.SecretKey, error) {
	if n < 1 {
		return nil, nil, fmt.Errorf("node: %d development validators (want at least 1)", n)
	}
	g := consensus.Genesis{ChainID: chainID}
	byName := map[string]*bls.SecretKey{}
	for i := 0; i < n; i++ {
		seed := sha256.Sum256([]byte(fmt.Sprint("parth dev validator ", i)))
		k, err := bls.KeyFromSeed(seed[:])
		if err != nil {
			return nil, nil, err
		}
		name := fmt.Sprint("dev-", i)
		byName[name] = k
		g.Validators = append(g.Validators, consensus.GenesisEntry(name, k, 1))
	}
	set, err := consensus.NewValidatorSet(g)
	if err != nil {
		return nil, nil, err
	}
	keys := make([]*bls.SecretKey, len(set.Validators))
	for i, v := range set.Validators {
		keys[i] = byName[v.Name]
	}
	return set, keys, nil
}

// localValidators are validators running in the node's process. Each
// checks every block in order (its PoH view must follow the chain) and
// stores its state with its vote before the vote is counted (records
// 'v' ‖ index): restarted, it gives the same vote for a block it signed
// and can never sign another at that height.
type localValidators struct {
	set     *consensus.ValidatorSet
	keys    []*bls.SecretKey
	signers []*consensus.Signer
	votes   []*consensus.Vote // each one's last vote (nil: none yet)
	rec     Records
	onVote  func(i int) // a vote signed (metrics)
}

// BlockVerifier is a validator's check of a block proof: the block
// circuit's verifier over the proof's encoding.
func BlockVerifier(bk *prover.Keys) consensus.ProofVerifier {
	return func(prev, next fr.Element, proof []byte) error {
		var p prover.Proof
		if err := p.UnmarshalBinary(proof); err != nil {
			return err
		}
		return block.Verify(bk, prev, next, &p)
	}
}

func openLocalValidators(rec Records, set *consensus.ValidatorSet, keys []*bls.SecretKey, cfg poh.Config, genesis state.Checkpoint, verify consensus.ProofVerifier) (*localValidators, error) {
	v := &localValidators{set: set, keys: keys, rec: rec}
	for i, k := range keys {
		st, vote, ok, err := rec.Validator(i)
		if err != nil {
			return nil, err
		}
		var s *consensus.Signer
		if ok {
			s, err = consensus.RestoreSigner(k, set, cfg, st, verify, session.CheckSequenced)
		} else {
			s, err = consensus.NewSigner(k, set, cfg, genesis.PoH, genesis, verify, session.CheckSequenced)
		}
		if err != nil {
			return nil, fmt.Errorf("node: validator %d: %w", i, err)
		}
		v.signers = append(v.signers, s)
		v.votes = append(v.votes, vote)
	}
	return v, nil
}

// certify has every local validator check proposal p and vote (or give
// its stored vote, if it signed this block before a restart), and returns
// the quorum certificate. A validator that refuses the block is an error:
// the node proved a block its own validators do not accept.
func (v *localValidators) certify(p *consensus.Proposal) (*consensus.QC, error) {
	n := p.Block.Number
	target := consensus.Target{Checkpoint: p.Checkpoint.Root, PoH: p.Block.PoH}
	tally := consensus.NewTally(v.set)
	tally.Know(n, target)
	var qc *consensus.QC
	for i, s := range v.signers {
		var vote consensus.Vote
		switch last := s.Last().Number; {
		case last == n && v.votes[i] != nil && v.votes[i].Block == n:
			vote = *v.votes[i]
			if vote.Target != target {
				return nil, fmt.Errorf("node: validator %d signed block %d for another target before the restart", i, n)
			}
		case last+1 == n:
			var err error
			if vote, err = s.Check(p); err != nil {
				return nil, fmt.Errorf("node: validator %d refuses block %d: %w", i, n, err)
			}
			if err := v.rec.PutValidator(i, s.State(), &vote); err != nil {
				return nil, err
			}
			v.votes[i] = &vote
			if v.onVote != nil {
				v.onVote(i)
			}
		default:
			return nil, fmt.Errorf("node: validator %d is at block %d, cannot vote for block %d", i, last, n)
		}
		q, err := tally.Add(vote)
		if err != nil {
			return nil, fmt.Errorf("node: validator %d's vote: %w", i, err)
		}
		if q != nil && qc == nil {
			qc = q
		}
	}
	if qc == nil {
		return nil, errors.New("node: the local validators gave no quorum")
	}
	return qc, nil
}

const tagValidatorRecord = "PARTH/node/validator"

// PutValidator stores in-process validator i's state and its last vote
// (one fsynced record).
func (r Records) PutValidator(i int, st consensus.SignerState, v *consensus.Vote) error {
	var e wire.Encoder
	e.Tag(tagValidatorRecord, 1)
	if err := e.Marshal(&st); err != nil {
		return err
	}
	if err := e.Marshal(v); err != nil {
		return err
	}
	return r.St.PutRecord(recordsNS, blockKey(keyValidator, uint64(i)), e.Bytes())
}

// Validator is in-process validator i's stored state and last vote.
func (r Records) Validator(i int) (consensus.SignerState, *consensus.Vote, bool, error) {
	var st consensus.SignerState
	b, ok, err := r.St.Record(recordsNS, blockKey(keyValidator, uint64(i)))
	if err != nil || !ok {
		return st, nil, false, err
	}
	d := wire.NewDecoder(b)
	d.Tag(tagValidatorRecord, 1)
	var v consensus.Vote
	d.Unmarshal(&st, 64<<20, "validator state")
	d.Unmarshal(&v, 1<<10, "vote")
	if err := d.Finish(); err != nil {
		return st, nil, false, fmt.Errorf("node: validator %d's record: %w", i, err)
	}
	return st, &v, true, nil
}
