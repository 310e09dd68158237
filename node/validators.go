package node

import (
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/parthnet/parth/circuits/block"
	"github.com/parthnet/parth/consensus"
	"github.com/parthnet/parth/consensus/bls"
	"github.com/parthnet/parth/prover"
	"github.com/parthnet/parth/sequencer/poh"
	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/validator"
)

// DevValidators is the development validator set of a node: n
// validators of stake 1 whose BLS keys derive from public seeds
// (validator.DevKey), so anyone can make their certificates. It is for
// devnets and tests only. The keys are in the set's order.
func DevValidators(n int, chainID uint64) (*consensus.ValidatorSet, []*bls.SecretKey, consensus.Genesis, error) {
	g := consensus.Genesis{ChainID: chainID}
	if n < 1 {
		return nil, nil, g, fmt.Errorf("node: %d development validators (want at least 1)", n)
	}
	byName := map[string]*bls.SecretKey{}
	for i := 0; i < n; i++ {
		k, err := validator.DevKey(i)
		if err != nil {
			return nil, nil, g, err
		}
		name := fmt.Sprint("dev-", i)
		byName[name] = k
		g.Validators = append(g.Validators, consensus.GenesisEntry(name, k, 1))
	}
	set, err := consensus.NewValidatorSet(g)
	if err != nil {
		return nil, nil, g, err
	}
	keys := make([]*bls.SecretKey, len(set.Validators))
	for i, v := range set.Validators {
		keys[i] = byName[v.Name]
	}
	return set, keys, g, nil
}

// localValidators are validators running in the node's process
// (validator.Durable, records 'v' ‖ index in the node's namespace). Each
// checks every block in order (its PoH view must follow the chain).
type localValidators struct {
	vals   []*validator.Durable
	onVote func(i int) // a vote signed (metrics)
}

// local reports whether validator i runs in this process.
func (v *localValidators) local(i int) bool {
	for _, d := range v.vals {
		if d.Index() == i {
			return true
		}
	}
	return false
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

func openLocalValidators(rec Records, set *consensus.ValidatorSet, keys []*bls.SecretKey, cfg poh.Config, timeoutTicks uint64, genesis state.Checkpoint, verify consensus.ProofVerifier) (*localValidators, error) {
	v := &localValidators{}
	for _, k := range keys {
		i, _ := set.Index(k.PublicKey())
		d, err := validator.Open(rec.St, recordsNS, blockKey(keyValidator, uint64(i)),
			validator.Config{Key: k, Set: set, PoH: cfg, Genesis: genesis, Verify: verify, TimeoutTicks: timeoutTicks})
		if err != nil {
			return nil, fmt.Errorf("node: validator %d: %w", i, err)
		}
		v.vals = append(v.vals, d)
	}
	return v, nil
}

// certify has every local validator check proposal p and vote (or give
// its stored vote, if it signed this block before a restart) into tally,
// and returns their votes and the quorum certificate if they make one. A
// validator that refuses the block is an error: the node proved a block
// its own validators do not accept.
func (v *localValidators) certify(p *consensus.Proposal, tally *consensus.Tally) ([]consensus.Vote, *consensus.QC, error) {
	n := p.Block.Number
	var qc *consensus.QC
	var votes []consensus.Vote
	for _, d := range v.vals {
		vote, fresh, err := d.Vote(p)
		if err != nil {
			return nil, nil, fmt.Errorf("node: validator %d refuses block %d: %w", d.Index(), n, err)
		}
		votes = append(votes, vote)
		if fresh && v.onVote != nil {
			v.onVote(d.Index())
		}
		q, err := tally.Add(vote)
		if err != nil {
			return nil, nil, fmt.Errorf("node: validator %d's vote: %w", d.Index(), err)
		}
		if q != nil && qc == nil {
			qc = q
		}
	}
	return votes, qc, nil
}
