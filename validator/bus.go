package validator

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/parthnet/parth/consensus"
)

// The validators' streams on NATS JetStream:
//
//	PARTH_PROPOSALS  parth.proposals.<block>          the leader's proposals (consensus codec)
//	PARTH_VOTES      parth.votes.<block>.<validator>  the validators' votes
//
// Each message's JetStream id is the SHA-256 of its content: a
// republication after a restart is stored once, and no other publisher can
// take a message's id with other content to suppress it. (Subjects are not
// authenticated: a vote is checked against the set's keys, a proposal by
// every validator; give validators and provers their own NATS
// credentials on an untrusted network.)
const (
	proposalsStream = "PARTH_PROPOSALS"
	votesStream     = "PARTH_VOTES"
	proposalsPrefix = "parth.proposals."
	votesPrefix     = "parth.votes."
)

// Bus is a connection to the validators' streams.
type Bus struct {
	nc  *nats.Conn
	js  jetstream.JetStream
	log *slog.Logger
}

// Connect connects to NATS at url and creates (or updates) the streams.
// It keeps reconnecting if the server goes away.
func Connect(ctx context.Context, url, name string, log *slog.Logger) (*Bus, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	nc, err := nats.Connect(url, nats.Name(name), nats.MaxReconnects(-1), nats.ReconnectWait(250*time.Millisecond))
	if err != nil {
		return nil, fmt.Errorf("validator: connect: %w", err)
	}
	js, err := jetstream.New(nc)
	if err != nil {
		nc.Close()
		return nil, err
	}
	for _, sc := range []jetstream.StreamConfig{
		{Name: proposalsStream, Subjects: []string{proposalsPrefix + "*"}, Storage: jetstream.FileStorage, Duplicates: time.Hour},
		{Name: votesStream, Subjects: []string{votesPrefix + "*.*"}, Storage: jetstream.FileStorage, Duplicates: time.Hour},
	} {
		if _, err := js.CreateOrUpdateStream(ctx, sc); err != nil {
			nc.Close()
			return nil, fmt.Errorf("validator: stream %s: %w", sc.Name, err)
		}
	}
	return &Bus{nc: nc, js: js, log: log}, nil
}

// Close closes the connection.
func (b *Bus) Close() { b.nc.Close() }

// PublishProposal publishes p (stored once however often it is published).
func (b *Bus) PublishProposal(ctx context.Context, p *consensus.Proposal) error {
	raw, err := p.MarshalBinary()
	if err != nil {
		return err
	}
	if len(raw) > int(b.nc.MaxPayload()) {
		return fmt.Errorf("%w: block %d's proposal is %d bytes, the NATS server takes %d", ErrTooLarge, p.Block.Number, len(raw), b.nc.MaxPayload())
	}
	return b.publish(ctx, proposalsPrefix+strconv.FormatUint(p.Block.Number, 10), raw)
}

// ErrTooLarge is a proposal over the NATS server's max payload.
var ErrTooLarge = errors.New("validator: proposal too large for the NATS server")

// publish publishes raw with its content hash as the message id: a copy
// is stored once, and nobody can take a message's id with other content.
func (b *Bus) publish(ctx context.Context, subject string, raw []byte) error {
	sum := sha256.Sum256(raw)
	_, err := b.js.Publish(ctx, subject, raw, jetstream.WithMsgID(hex.EncodeToString(sum[:])))
	return err
}

// PublishVote publishes v.
func (b *Bus) PublishVote(ctx context.Context, v consensus.Vote) error {
	raw, err := v.MarshalBinary()
	if err != nil {
		return err
	}
	return b.publish(ctx, fmt.Sprintf("%s%d.%d", votesPrefix, v.Block, v.Validator), raw)
}

// ErrRetry, returned by a handler, has the message delivered again later
// (Serve resumes from its own record).
var ErrRetry = errors.New("validator: retry later")

// Proposals delivers the proposals stored from stream sequence from on
// (1: all), in order, to fn, with an ephemeral ordered consumer: where a
// validator resumes is its own record's business (ProposalSeq), not the
// server's. A message that does not decode is logged and skipped. When fn
// returns an error, delivery stops and the error is sent on the returned
// channel (once).
func (b *Bus) Proposals(ctx context.Context, from uint64, fn func(*consensus.Proposal) error) (stop func(), failed <-chan error, err error) {
	if from == 0 {
		from = 1
	}
	c, err := b.js.OrderedConsumer(ctx, proposalsStream, jetstream.OrderedConsumerConfig{
		DeliverPolicy: jetstream.DeliverByStartSequencePolicy, OptStartSeq: from})
	if err != nil {
		return nil, nil, fmt.Errorf("validator: proposals: %w", err)
	}
	fail := make(chan error, 1)
	var running sync.WaitGroup
	var mu sync.Mutex
	stopped := false
	cc, err := c.Consume(func(msg jetstream.Msg) {
		running.Add(1)
		defer running.Done()
		mu.Lock()
		if stopped {
			mu.Unlock()
			return
		}
		mu.Unlock()
		var p consensus.Proposal
		if err := p.UnmarshalBinary(msg.Data()); err != nil {
			b.log.Warn("a proposal that does not decode; skipped", "subject", msg.Subject(), "err", err)
			return
		}
		if err := fn(&p); err != nil {
			mu.Lock()
			if !stopped {
				stopped = true
				fail <- err
			}
			mu.Unlock()
		}
	})
	if err != nil {
		return nil, nil, err
	}
	// stop returns once a handler that was running has returned.
	return func() {
		mu.Lock()
		stopped = true
		mu.Unlock()
		cc.Stop()
		running.Wait()
	}, fail, nil
}

// ResumeSeq is the stream sequence to read the proposals from for a
// reader whose next block is next: that of the first proposal stored for
// next (every later copy, another leader's or a replay, comes after it),
// or, if there is none yet, the one after the stream's last message (the
// proposals of next will come after it). Reading from a later copy could
// skip the block the others voted for.
//
// found says the stream holds a proposal of next.
func (b *Bus) ResumeSeq(ctx context.Context, next uint64) (seq uint64, found bool, err error) {
	s, err := b.js.Stream(ctx, proposalsStream)
	if err != nil {
		return 0, false, err
	}
	// The stream's end first: a proposal of next published after it is
	// then read either way.
	info, err := s.Info(ctx)
	if err != nil {
		return 0, false, err
	}
	m, err := s.GetMsg(ctx, 1, jetstream.WithGetMsgSubject(proposalsPrefix+strconv.FormatUint(next, 10)))
	if err == nil {
		return m.Sequence, true, nil
	} else if !errors.Is(err, jetstream.ErrMsgNotFound) {
		return 0, false, err
	}
	return info.State.LastSeq + 1, false, nil
}

// Votes delivers every vote for block n ever published, then each new one
// as it comes, to fn (an ephemeral ordered consumer: a tally that restarts
// reads them all again, so a crash loses no vote). A message that does not
// decode is logged and skipped.
func (b *Bus) Votes(ctx context.Context, n uint64, fn func(consensus.Vote)) (stop func(), err error) {
	c, err := b.js.OrderedConsumer(ctx, votesStream, jetstream.OrderedConsumerConfig{
		FilterSubjects: []string{votesPrefix + strconv.FormatUint(n, 10) + ".*"}, DeliverPolicy: jetstream.DeliverAllPolicy})
	if err != nil {
		return nil, fmt.Errorf("validator: votes of block %d: %w", n, err)
	}
	cc, err := c.Consume(func(msg jetstream.Msg) {
		var v consensus.Vote
		if err := v.UnmarshalBinary(msg.Data()); err != nil {
			b.log.Warn("a vote that does not decode; skipped", "subject", msg.Subject(), "err", err)
			return
		}
		fn(v)
	})
	if err != nil {
		return nil, err
	}
	return cc.Stop, nil
}

// heartbeatSubject carries the leader's heartbeats (core NATS, not
// stored: only the latest matters, and a follower that was away needs
// none of the old ones).
const heartbeatSubject = "parth.heartbeat"

// PublishHeartbeat sends h to whoever listens now.
func (b *Bus) PublishHeartbeat(h consensus.Heartbeat) error {
	raw, err := h.MarshalBinary()
	if err != nil {
		return err
	}
	return b.nc.Publish(heartbeatSubject, raw)
}

// Heartbeats delivers every heartbeat published from now on to fn (one at
// a time). One that does not decode is logged and skipped; checking it is
// fn's business (consensus.ValidatorSet.VerifyHeartbeat).
func (b *Bus) Heartbeats(fn func(consensus.Heartbeat)) (stop func(), err error) {
	sub, err := b.nc.Subscribe(heartbeatSubject, func(msg *nats.Msg) {
		var h consensus.Heartbeat
		if err := h.UnmarshalBinary(msg.Data); err != nil {
			b.log.Warn("a heartbeat that does not decode; skipped", "err", err)
			return
		}
		fn(h)
	})
	if err != nil {
		return nil, fmt.Errorf("validator: heartbeats: %w", err)
	}
	return func() { _ = sub.Unsubscribe() }, nil
}

// lastProposalScan bounds how far back LastProposal looks past messages
// that do not decode or are not valid.
const lastProposalScan = 1024

// LastProposal is the highest-numbered proposal among the last ones
// stored in the stream that decode and pass valid (nil: none). Anyone on
// NATS can publish, so the last message may be junk, or a replay of an
// old proposal stored after newer ones: it looks back over the last
// lastProposalScan messages.
func (b *Bus) LastProposal(ctx context.Context, valid func(*consensus.Proposal) bool) (*consensus.Proposal, error) {
	s, err := b.js.Stream(ctx, proposalsStream)
	if err != nil {
		return nil, err
	}
	info, err := s.Info(ctx)
	if err != nil {
		return nil, err
	}
	var best *consensus.Proposal
	for seq, n := info.State.LastSeq, 0; seq >= max(info.State.FirstSeq, 1) && seq > 0 && n < lastProposalScan; seq, n = seq-1, n+1 {
		m, err := s.GetMsg(ctx, seq)
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			continue
		} else if err != nil {
			return nil, err
		}
		var p consensus.Proposal
		if p.UnmarshalBinary(m.Data) != nil || p.Block == nil || !valid(&p) {
			continue
		}
		if best == nil || p.Block.Number > best.Block.Number {
			best = &p
		}
	}
	return best, nil
}
