package validator

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/parthnet/parth/consensus"
	"github.com/parthnet/parth/internal/ctxutil"
)

// Serve runs validator d over bus until ctx ends: it reads the proposals
// in order from the one after the last block its record voted for (so a
// restart, or a data directory restored from a backup, resumes where the
// record is, whatever the server remembers), votes on each and publishes
// the vote (the stored one again for a block it signed before a restart:
// the leader may not have received it). A proposal it refuses is logged
// and passed; a vote it could not store or publish is retried.
// m (nil: none) counts the votes and refusals. Serve returns once a vote
// in progress is done (its store may be closed then).
func Serve(ctx context.Context, d *Durable, bus *Bus, log *slog.Logger, m *Metrics) error {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	m.start(d.Index(), d.Last())
	handle := func(p *consensus.Proposal) error {
		_, _, err := VoteOn(ctx, d, bus, log, m, p)
		switch {
		case errors.Is(err, ErrOld):
			return nil // a block it passed
		case errors.Is(err, ErrGap):
			// Read in stream order from its last block, a later block
			// before the next is out of order (a validator signing ahead):
			// passed, not resumed from (that would read it again forever).
			log.Warn("a proposal past the next block; passed", "block", p.Block.Number, "last_voted", d.Last(), "leader", p.Leader)
			return nil
		}
		return err // ErrRetry: delivered again
	}
	// Each round reads the stream from the record's last block (all of it
	// for a new validator), until a handler asks to resume or ctx ends.
	for ctx.Err() == nil {
		// From the first proposal of the block it voted for last: its
		// stored vote is published again (a crash may have come between
		// storing and publishing it), then the blocks after it.
		from, found, err := bus.ResumeSeq(ctx, max(d.Last(), 1))
		if err == nil && !found && d.Last() > 0 {
			// Its last block is not in the stream (a new NATS): from the
			// next one's.
			from, _, err = bus.ResumeSeq(ctx, d.Last()+1)
		}
		if err != nil {
			log.Warn("reading the proposals stream", "err", err)
			if !ctxutil.Sleep(ctx, time.Second) {
				break
			}
			continue
		}
		stop, failed, err := bus.Proposals(ctx, from, handle)
		if err != nil {
			log.Warn("following the proposals stream", "err", err)
			if !ctxutil.Sleep(ctx, time.Second) {
				break
			}
			continue
		}
		select {
		case <-ctx.Done():
			stop()
		case err := <-failed:
			stop()
			log.Info("resuming the proposals from the record", "last_voted", d.Last(), "because", err)
			ctxutil.Sleep(ctx, time.Second)
		}
	}
	return nil
}

// VoteOn votes on p as d and publishes the vote on bus: a fresh one, or
// the stored one again for a block d signed before (its leader may not
// have received it). A proposal d refuses (an invalid block, not from the
// leader, or a second one at a height d signed) is logged and gives
// neither a vote nor an error. The errors are d's ErrOld and ErrGap (p is
// not of the block after d's record), and ErrRetry: the vote could not be
// stored or published, and p must be delivered again. m (nil: none)
// counts the votes and refusals.
func VoteOn(ctx context.Context, d *Durable, bus *Bus, log *slog.Logger, m *Metrics, p *consensus.Proposal) (*consensus.Vote, bool, error) {
	n, start := p.Block.Number, time.Now()
	v, fresh, err := d.Vote(p)
	switch {
	case errors.Is(err, ErrOld), errors.Is(err, ErrGap):
		return nil, false, err
	case errors.Is(err, ErrSigned):
		log.Error("a second proposal at a height already signed: not signing (the leader equivocates, or the chain was reset)", "block", n, "leader", p.Leader, "validator", d.Index(), "err", err)
		m.refusal(d.Index(), err)
		return nil, false, nil
	case errors.Is(err, consensus.ErrInvalidBlock), errors.Is(err, consensus.ErrLeader):
		log.Warn("proposal refused", "block", n, "leader", p.Leader, "validator", d.Index(), "err", err)
		m.refusal(d.Index(), err)
		return nil, false, nil
	case err != nil:
		// Not a verdict on the block (its record could not be written).
		log.Error("voting failed; retrying", "block", n, "validator", d.Index(), "err", err)
		return nil, false, ErrRetry
	}
	if err := bus.PublishVote(ctx, v); err != nil {
		log.Warn("publishing the vote failed; retrying", "block", n, "validator", d.Index(), "err", err)
		return nil, false, ErrRetry // the stored vote is published again
	}
	took := time.Since(start)
	log.Info("voted", "block", n, "validator", d.Index(), "checkpoint", v.Target.Checkpoint.String(), "fresh", fresh, "took", took.Round(time.Millisecond))
	m.voted(d.Index(), n, fresh, took)
	return &v, fresh, nil
}
