package validator

import (
	"context"
	"errors"
	"log/slog"

	"github.com/parthnet/parth/consensus"
)

// Serve runs validator d over bus until ctx ends: it takes every proposal
// in order through its durable consumer (name), votes on it and publishes
// the vote (the stored one again for a block it signed before a restart:
// the leader may not have received it). A proposal it refuses is logged
// and never retried; one that comes before those it follows is retried.
// onVote, if set, is told each vote published. Serve returns once a vote
// in progress is done (its store may be closed then).
func Serve(ctx context.Context, d *Durable, bus *Bus, name string, log *slog.Logger, onVote func(v consensus.Vote, fresh bool)) error {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	stop, err := bus.Proposals(ctx, "validator-"+name, func(p *consensus.Proposal) error {
		n := p.Block.Number
		v, fresh, err := d.Vote(p)
		switch {
		case errors.Is(err, ErrOld):
			return nil // a block it passed
		case errors.Is(err, ErrGap):
			return ErrRetry
		case errors.Is(err, ErrSigned):
			log.Error("a second proposal at a height already signed: not signing (the leader equivocates, or the chain was reset)", "block", n, "err", err)
			return errRefused
		case errors.Is(err, consensus.ErrInvalidBlock), errors.Is(err, consensus.ErrLeader):
			log.Warn("proposal refused", "block", n, "leader", p.Leader, "err", err)
			return errRefused
		case err != nil:
			// Not a verdict on the block (its record could not be written):
			// it is delivered again.
			log.Error("voting failed; retrying", "block", n, "err", err)
			return ErrRetry
		}
		if err := bus.PublishVote(ctx, v); err != nil {
			log.Warn("publishing the vote failed; retrying", "block", n, "err", err)
			return ErrRetry // the stored vote is published again
		}
		log.Info("voted", "block", n, "checkpoint", v.Target.Checkpoint.String(), "fresh", fresh)
		if onVote != nil {
			onVote(v, fresh)
		}
		return nil
	})
	if err != nil {
		return err
	}
	<-ctx.Done()
	stop()
	return nil
}

// errRefused is a proposal the validator will not sign: dropped (Term).
var errRefused = errors.New("validator: proposal refused")
