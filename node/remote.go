package node

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/parthnet/parth/consensus"
)

var errNoQuorum = errors.New("node: the validators gave no quorum")

// certify is block p's quorum certificate: the in-process validators'
// votes, then, if they are not a quorum, the remote validators' from the
// votes stream (every vote for the block ever published, so a restarted
// node loses none). A proposal of this node's is published for the remote
// validators first, and its in-process validators' votes after it (for
// nodes following it, which tally from the stream). A followed block's
// proposal is the leader's, and this node's validator voted on it as it
// came (follow), so its certificate is made from the stream alone. A
// remote vote that does not verify is logged and not counted; one for
// another target is kept by the tally as evidence.
func (n *Node) certify(ctx context.Context, p *consensus.Proposal) (*consensus.QC, error) {
	b := p.Block.Number
	tally := consensus.NewTally(n.set)
	tally.Know(b, consensus.Target{Checkpoint: p.Checkpoint.Root, PoH: p.Block.PoH})
	own := p.Leader == n.cfg.Index
	// The proposal goes to the remote validators first; failing that is
	// not fatal (the local votes may be a quorum; otherwise it is retried
	// below while the votes are awaited).
	published := n.bus == nil || !own
	publish := func() {
		if published {
			return
		}
		if err := n.bus.PublishProposal(ctx, p); err != nil {
			n.log.Error("publishing the proposal to the remote validators failed; retrying", "block", b, "err", err)
			return
		}
		published = true
	}
	if own {
		publish()
		votes, qc, err := n.validators.certify(p, tally)
		if err != nil {
			return nil, err
		}
		if n.bus != nil {
			for _, v := range votes {
				if err := n.bus.PublishVote(ctx, v); err != nil {
					n.log.Warn("publishing an in-process validator's vote failed (followers count the others')", "block", b, "validator", v.Validator, "err", err)
				}
			}
		}
		if qc != nil {
			return qc, nil
		}
	}
	if n.bus == nil {
		return nil, errNoQuorum
	}
	got, done := make(chan consensus.Vote, 64), make(chan struct{})
	stop, err := n.bus.Votes(ctx, b, func(v consensus.Vote) {
		select {
		case got <- v:
		case <-done:
		case <-ctx.Done():
		}
	})
	if err != nil {
		return nil, err
	}
	defer stop()
	defer close(done) // first: a callback still sending returns, then stop
	retry := time.NewTicker(5 * time.Second)
	defer retry.Stop()
	for {
		select {
		case <-retry.C:
			publish()
		case v := <-got:
			q, err := tally.Add(v)
			if err != nil {
				n.log.Warn("a remote vote refused", "block", b, "validator", v.Validator, "err", err)
				continue
			}
			if !n.validators.local(v.Validator) { // its own are counted when signed
				n.metrics.received.WithLabelValues(strconv.Itoa(v.Validator)).Inc()
			}
			if q != nil {
				return q, nil
			}
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}
