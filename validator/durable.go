// Package validator runs PARTH validators. A Durable is a validator whose
// state and last vote are stored before the vote leaves it (Ethereum's
// slashing protection, EIP-3076, keeps the same "last signed" record): a
// restart can never make it sign two targets at one height. The node's
// in-process validators and `parth validator` processes are both Durables.
package validator

import (
	"errors"
	"fmt"
	"sync"

	"github.com/parthnet/parth/consensus"
	"github.com/parthnet/parth/consensus/bls"
	"github.com/parthnet/parth/internal/wire"
	"github.com/parthnet/parth/sequencer"
	"github.com/parthnet/parth/sequencer/poh"
	"github.com/parthnet/parth/session"
	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/store"
)

// Errors of Vote: a proposal the validator will not sign.
var (
	// ErrOld is a proposal for a block below the one it last voted for.
	ErrOld = errors.New("validator: block already passed")
	// ErrGap is a proposal for a block past the next one: the blocks
	// between must be checked first (its PoH view follows the chain).
	ErrGap = errors.New("validator: blocks missing before this one")
	// ErrSigned is a proposal for the block it last voted for with
	// another target: signing it would equivocate.
	ErrSigned = errors.New("validator: already signed another target at this height")
)

// Durable is one validator with its durable record. It is safe for
// concurrent use (votes are taken one at a time).
type Durable struct {
	mu     sync.Mutex
	signer *consensus.Signer
	last   *consensus.Vote // nil: none yet
	st     *store.Store
	ns     string
	key    []byte
}

// Config is what a validator checks against: its key, the set, the PoH
// chain's configuration, the genesis checkpoint (whose PoH hash seeds the
// chain) and the block proof verifier.
type Config struct {
	Key     *bls.SecretKey
	Set     *consensus.ValidatorSet
	PoH     poh.Config
	Genesis state.Checkpoint
	Verify  consensus.ProofVerifier
	// Data checks each end cap's data (default session.CheckSequenced).
	Data consensus.DataCheck
	// TimeoutTicks is the chain's leader timeout in PoH ticks (0: no
	// failover; consensus.Signer.TimeoutTicks).
	TimeoutTicks uint64
}

// Open resumes the validator whose record is key in namespace ns of st,
// or starts it at genesis if there is none.
func Open(st *store.Store, ns string, key []byte, cfg Config) (*Durable, error) {
	d := &Durable{st: st, ns: ns, key: append([]byte(nil), key...)}
	if cfg.Data == nil {
		cfg.Data = session.CheckSequenced
	}
	s, vote, ok, err := d.read()
	if err != nil {
		return nil, err
	}
	if ok {
		d.signer, err = consensus.RestoreSigner(cfg.Key, cfg.Set, cfg.PoH, s, cfg.Verify, cfg.Data)
		d.last = vote
	} else {
		d.signer, err = consensus.NewSigner(cfg.Key, cfg.Set, cfg.PoH, cfg.Genesis.PoH, cfg.Genesis, cfg.Verify, cfg.Data)
	}
	if err != nil {
		return nil, err
	}
	d.signer.TimeoutTicks = cfg.TimeoutTicks
	return d, nil
}

// Index is the validator's index in the set.
func (d *Durable) Index() int { return d.signer.Index } // fixed at Open

// Last is the number of the block it last voted for (0: none).
func (d *Durable) Last() uint64 {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.signer.Last().Number
}

// Leader is the validator this one takes as the chain's leader: the
// genesis leader, or the last one whose takeover block it accepted.
func (d *Durable) Leader() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.signer.Leader()
}

// SequencerState is where this validator's node starts its sequencer if it
// takes over as leader (consensus.Signer.SequencerState).
func (d *Durable) SequencerState() sequencer.CoreState {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.signer.SequencerState()
}

// Vote checks proposal p and returns the validator's vote, stored before
// it is returned; fresh says it was signed now (not the stored vote for a
// block it signed before a restart).
func (d *Durable) Vote(p *consensus.Proposal) (v consensus.Vote, fresh bool, err error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if p.Block == nil {
		return v, false, fmt.Errorf("%w: a proposal without a block", consensus.ErrInvalidBlock)
	}
	// The proposer's signature before anything else: an unsigned or forged
	// proposal (anyone on NATS can publish) must not be taken for a gap,
	// which would make the reader resume, nor for a second proposal at a
	// signed height.
	if err := d.signer.Set.VerifyProposer(p); err != nil {
		return v, false, fmt.Errorf("%w: %v", consensus.ErrInvalidBlock, err)
	}
	n, last := p.Block.Number, d.signer.Last().Number
	target := consensus.Target{Checkpoint: p.Checkpoint.Root, PoH: p.Block.PoH}
	switch {
	case n < last || n == last && d.last == nil:
		return v, false, fmt.Errorf("%w: block %d, it voted for block %d", ErrOld, n, last)
	case n == last:
		if d.last.Block != n || d.last.Target != target {
			return v, false, fmt.Errorf("%w: block %d", ErrSigned, n)
		}
		return *d.last, false, nil
	case n > last+1:
		return v, false, fmt.Errorf("%w: block %d after block %d", ErrGap, n, last)
	}
	// A refused proposal changes nothing (Check leaves the signer as it
	// was); an accepted one is stored before the vote leaves.
	snapshot := d.signer.State()
	if v, err = d.signer.Check(p); err != nil {
		return v, false, err
	}
	if err := d.write(d.signer.State(), &v); err != nil {
		// The signer moved on in memory but not on disk: put it back, so
		// the vote that was never stored is never given.
		if r, rerr := consensus.RestoreSigner(d.signer.Key, d.signer.Set, snapshot.Chain.Recorder.Config, snapshot, d.signer.Verify, d.signer.Data); rerr == nil {
			r.TimeoutTicks = d.signer.TimeoutTicks
			d.signer = r
		}
		return consensus.Vote{}, false, err
	}
	d.last = &v
	return v, true, nil
}

const (
	tagRecord = "PARTH/validator/record"
	// maxState bounds a stored state (its PoH view's codec takes 64 MiB).
	maxState = 60 << 20
)

func (d *Durable) write(s consensus.SignerState, v *consensus.Vote) error {
	var e wire.Encoder
	e.Tag(tagRecord, 1)
	if err := e.Marshal(&s); err != nil {
		return err
	}
	if err := e.Marshal(v); err != nil {
		return err
	}
	// What read cannot take back is not written (the vote is not given).
	if len(e.Bytes()) > maxState {
		return fmt.Errorf("validator: a state of %d bytes (at most %d): too many end caps waiting", len(e.Bytes()), maxState)
	}
	return d.st.PutRecord(d.ns, d.key, e.Bytes())
}

func (d *Durable) read() (consensus.SignerState, *consensus.Vote, bool, error) {
	var s consensus.SignerState
	b, ok, err := d.st.Record(d.ns, d.key)
	if err != nil || !ok {
		return s, nil, false, err
	}
	dec := wire.NewDecoder(b)
	dec.Tag(tagRecord, 1)
	var v consensus.Vote
	dec.Unmarshal(&s, maxState, "validator state")
	dec.Unmarshal(&v, 1<<10, "vote")
	if err := dec.Finish(); err != nil {
		return s, nil, false, fmt.Errorf("validator: its record: %w", err)
	}
	return s, &v, true, nil
}
