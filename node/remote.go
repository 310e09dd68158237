package node

import (
	"context"
	"errors"
	"strconv"
	"sync"

	"github.com/parthnet/parth/consensus"
)

// remoteVotes are the votes remote validators published (validator.Bus),
// by block, as the votes consumer hands them over.
type remoteVotes struct {
	mu      sync.Mutex
	byBlock map[uint64][]consensus.Vote
	changed chan struct{}
}

func newRemoteVotes() *remoteVotes {
	return &remoteVotes{byBlock: map[uint64][]consensus.Vote{}, changed: make(chan struct{})}
}

// add records a vote (the votes consumer; the tally checks it).
func (r *remoteVotes) add(v consensus.Vote) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.byBlock[v.Block] = append(r.byBlock[v.Block], v)
	close(r.changed)
	r.changed = make(chan struct{})
	return nil
}

// take returns block n's votes from the i-th on, and a channel closed at
// the next vote.
func (r *remoteVotes) take(n uint64, i int) ([]consensus.Vote, <-chan struct{}) {
	r.mu.Lock()
	defer r.mu.Unlock()
	vs := r.byBlock[n]
	if i > len(vs) {
		i = len(vs)
	}
	return append([]consensus.Vote(nil), vs[i:]...), r.changed
}

// drop forgets the votes of blocks up to n (finalized).
func (r *remoteVotes) drop(n uint64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for b := range r.byBlock {
		if b <= n {
			delete(r.byBlock, b)
		}
	}
}

// certify is block p's quorum certificate: the in-process validators'
// votes, then, if they are not a quorum, the remote validators' as they
// come (the proposal is published for them first). A remote vote that does
// not verify, or is for another target, is logged and not counted (the
// tally keeps equivocation evidence).
func (n *Node) certify(ctx context.Context, p *consensus.Proposal) (*consensus.QC, error) {
	b := p.Block.Number
	target := consensus.Target{Checkpoint: p.Checkpoint.Root, PoH: p.Block.PoH}
	tally := consensus.NewTally(n.set)
	tally.Know(b, target)
	if n.bus != nil {
		if err := n.bus.PublishProposal(ctx, p); err != nil {
			return nil, err
		}
	}
	qc, err := n.validators.certify(p, tally)
	if err != nil || qc != nil {
		return qc, err
	}
	if n.bus == nil {
		return nil, errNoQuorum
	}
	seen := 0
	for {
		vs, changed := n.remote.take(b, seen)
		seen += len(vs)
		for _, v := range vs {
			if v.Target != target {
				n.log.Warn("a remote vote for another target", "block", b, "validator", v.Validator)
			}
			q, err := tally.Add(v)
			if err != nil {
				n.log.Warn("a remote vote refused", "block", b, "validator", v.Validator, "err", err)
				continue
			}
			n.metrics.votes.WithLabelValues(itoa(v.Validator)).Inc()
			if q != nil {
				return q, nil
			}
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

var errNoQuorum = errors.New("node: the validators gave no quorum")

func itoa(i int) string { return strconv.Itoa(i) }
