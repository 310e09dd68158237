package node

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/parthnet/parth/consensus"
	"github.com/parthnet/parth/internal/ctxutil"
	"github.com/parthnet/parth/sequencer"
	"github.com/parthnet/parth/sequencer/journal"
	"github.com/parthnet/parth/sequencer/poh"
	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/validator"
)

// ErrLostLead is a node that led the chain while another validator took
// it over: its data directory holds blocks the chain went past without.
var ErrLostLead = errors.New("node: another validator leads the chain past this node's blocks")

// chooseRole decides at Open whether the node leads or follows: it leads
// if it took over before (its lead record), or if its validator takes it
// as the leader and the proposals stream holds no later block of another
// leader. A node that led and finds such a block has lost the lead while
// it was away (ErrLostLead).
func (n *Node) chooseRole(ctx context.Context) error {
	_, tookOver, err := n.rec.Lead()
	if err != nil {
		return err
	}
	n.tookOver = tookOver
	n.claimed.Store(-1)
	leading := n.bus == nil || tookOver || n.self.Leader() == n.cfg.Index
	if leading && n.bus != nil {
		last, err := n.bus.LastProposal(ctx, func(p *consensus.Proposal) bool { return n.set.VerifyProposer(p) == nil })
		if err != nil {
			return fmt.Errorf("node: the proposals stream: %w", err)
		}
		if last != nil && last.Leader != n.cfg.Index && last.Block.Number > n.self.Last() {
			head, err := n.chain.Head()
			if err != nil {
				return err
			}
			if head.Number > n.self.Last() {
				return fmt.Errorf("%w: validator %d proposed block %d; this node cut blocks to %d that its validator never voted for (its validator is at block %d). Start it on a new data directory: it follows the chain from the stream",
					ErrLostLead, last.Leader, last.Block.Number, head.Number, n.self.Last())
			}
			leading = false
			n.claimed.Store(int64(last.Leader)) // until its validator votes for that leader's block
		}
	}
	if !leading {
		if n.bus == nil {
			return fmt.Errorf("node: validator %d does not lead and there are no remote validators to follow", n.cfg.Index)
		}
		return nil
	}
	n.startDriver(n.core)
	return nil
}

// startDriver makes the node the sequencer, on core.
func (n *Node) startDriver(core *sequencer.Core) {
	d := sequencer.NewDriver(core, n.blocks)
	d.Journal = n.journal
	d.Log = n.log.With("component", "sequencer")
	if n.cfg.TickInterval > 0 {
		d.TickInterval = n.cfg.TickInterval
	}
	n.drv.Store(d)
	n.leading.Store(true)
}

// The admission's view of the sequencer, which a follower does not run.
func (n *Node) submit(ctx context.Context, s sequencer.Submission) (uint64, error) {
	d := n.drv.Load()
	if d == nil {
		return 0, n.gate()
	}
	return d.Submit(ctx, s)
}

func (n *Node) latest() poh.Hash {
	if d := n.drv.Load(); d != nil {
		return d.Latest()
	}
	return poh.Hash{}
}

// pending says whether a sequenced end cap not in a block waits for one: in
// the leader's sequencer, or (a follower) in the queue the followed leader's
// last block left. Any other was acknowledged by this node as a leader that
// has since lost the lead: it was dropped.
func (n *Node) pending(h poh.Hash) (bool, error) {
	if d := n.drv.Load(); d != nil {
		return d.Pending(h), nil
	}
	return n.journal.Queued(h)
}

func (n *Node) lastCut() uint64 {
	if d := n.drv.Load(); d != nil {
		return d.LastCut()
	}
	return n.executed.Get()
}

func (n *Node) gate() error {
	if n.leading.Load() {
		return nil
	}
	return fmt.Errorf("%w: this node follows validator %d, the chain's leader; it takes end caps only if it takes over", ErrNotLeader, n.watched())
}

// deferToClaim runs before a node leads (but not after its own
// takeover): it listens for ClaimWait for another validator's heartbeats.
// One that claims the lead took the chain over while this node was away
// (a restart longer than the standbys' takeover-after) and has proposed
// nothing yet, else chooseRole would have seen its block. Two leaders
// would split the validators' votes, so the node follows it instead; its
// end caps not yet in a block are lost (their users submit them again).
func (n *Node) deferToClaim(ctx context.Context) error {
	claims := make(chan consensus.Heartbeat, 1)
	stop, err := n.bus.Heartbeats(func(h consensus.Heartbeat) {
		// A claimer whose last block is behind this node's validator is
		// stale (stuck, or cut off): not the chain's leader.
		if h.Leader == n.cfg.Index || h.Block < n.self.Last() || n.set.VerifyHeartbeat(&h, time.Now()) != nil {
			return
		}
		select {
		case claims <- h:
		default:
		}
	})
	if err != nil {
		return fmt.Errorf("node: listening for heartbeats: %w", err)
	}
	defer stop()
	select {
	case h := <-claims:
		if head := n.executed.Get(); head > n.self.Last() {
			return fmt.Errorf("%w: validator %d claims the lead; this node cut blocks to %d that its validator never voted for (its validator is at block %d). Start it on a new data directory: it follows the chain from the stream",
				ErrLostLead, h.Leader, head, n.self.Last())
		}
		n.drv.Store(nil)
		n.leading.Store(false)
		n.claimed.Store(int64(h.Leader))
		n.log.Warn("another validator leads the chain (its heartbeats claim the lead): following it", "leader", h.Leader, "its_block", h.Block,
			"head", n.executed.Get(), "waiting_lost", n.core.Queued())
	case <-time.After(ClaimWait):
	case <-ctx.Done():
	}
	return nil
}

// ring is how many places b comes after a in the set's order.
func (n *Node) ring(a, b int) int {
	v := len(n.set.Validators)
	return ((b-a)%v + v) % v
}

// watched is the leader a follower watches: its validator's, or a newer
// one it learned of before its validator voted for that leader's block
// (claimed: from a proposal or a heartbeat): one after its validator's
// leader and before this node in the set's order, or any other while its
// validator takes this node itself as the leader.
func (n *Node) watched() int {
	l, c := n.self.Leader(), int(n.claimed.Load())
	if c < 0 || c == l || c == n.cfg.Index {
		return l
	}
	if l == n.cfg.Index || n.ring(l, c) < n.ring(l, n.cfg.Index) {
		return c
	}
	return l
}

// heartbeats says, every HeartbeatInterval while the node leads, that the
// leader is alive. Another validator's valid claim heard meanwhile is an
// error in the log (two leaders split the votes; see operators.md).
func (n *Node) heartbeats(ctx context.Context) {
	t := time.NewTicker(HeartbeatInterval)
	defer t.Stop()
	var mu sync.Mutex
	var warned time.Time
	stop, err := n.bus.Heartbeats(func(h consensus.Heartbeat) {
		if !n.leading.Load() || h.Leader == n.cfg.Index || n.set.VerifyHeartbeat(&h, time.Now()) != nil {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		if time.Since(warned) > time.Minute {
			warned = time.Now()
			n.log.Error("another validator claims the lead too: two leaders split the validators' votes. Stop one of the nodes (the one whose blocks are not finalized)",
				"other", h.Leader, "its_block", h.Block, "this_node_cut", n.lastCut())
		}
	})
	if err == nil {
		defer stop()
	}
	failing := false
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if !n.leading.Load() {
			continue
		}
		h := consensus.SignHeartbeat(n.key, n.cfg.Index, n.set.ChainID, n.lastCut(), time.Now())
		if err := n.bus.PublishHeartbeat(h); err != nil && !failing {
			n.log.Warn("heartbeat not sent (followers may take over)", "err", err)
			failing = true
		} else if err == nil {
			failing = false
		}
	}
}

// errFatal marks a follow error the node cannot go on from.
type errFatal struct{ error }

func (e errFatal) Unwrap() error { return e.error }

// follow runs the node as a follower until ctx ends (false) or it takes
// over as leader (true; the driver is then ready to run). It reads the
// proposals from the one after its head, in order (followBlock), and
// listens to the leader's heartbeats; once it has heard from the leader
// neither for k·TakeoverAfter (k: its place after the leader), it takes
// over.
func (n *Node) follow(ctx context.Context) (bool, error) {
	var mu sync.Mutex
	seen, lastBeat := time.Now(), int64(0)
	alive := func() {
		mu.Lock()
		seen = time.Now()
		mu.Unlock()
	}
	stopBeats, err := n.bus.Heartbeats(func(h consensus.Heartbeat) {
		// The watched leader's, or that of a validator between it and this
		// node that took over (a standby before this one in line): the
		// chain has a leader, and it is the one to watch from now on.
		w := n.watched()
		newer := h.Leader != w && h.Leader != n.cfg.Index && (w == n.cfg.Index || n.ring(w, h.Leader) < n.ring(w, n.cfg.Index))
		if h.Leader != w && !newer {
			return
		}
		if err := n.set.VerifyHeartbeat(&h, time.Now()); err != nil {
			n.log.Warn("a heartbeat refused", "leader", h.Leader, "err", err)
			return
		}
		mu.Lock()
		defer mu.Unlock()
		if newer {
			n.log.Info("a validator after the leader has taken over: watching it", "leader", h.Leader, "was", w)
			n.claimed.Store(int64(h.Leader))
			lastBeat = 0
		}
		if h.Time > lastBeat {
			lastBeat, seen = h.Time, time.Now()
		}
	})
	if err != nil {
		return false, err
	}
	defer stopBeats()
	n.log.Info("following the leader", "leader", n.watched(), "from_block", n.executed.Get()+1, "takeover_after", n.cfg.TakeoverAfter)

	handle := func(p *consensus.Proposal) error {
		followed, err := n.followBlock(ctx, p)
		if followed {
			alive() // a block of the chain, not any message on the stream
		}
		return err
	}
	for ctx.Err() == nil {
		from, err := n.followFrom(ctx)
		if err != nil {
			n.log.Warn("reading the proposals stream", "err", err)
			if !ctxutil.Sleep(ctx, time.Second) {
				break
			}
			continue
		}
		stop, failed, err := n.bus.Proposals(ctx, from, handle)
		if err != nil {
			n.log.Warn("following the proposals stream", "err", err)
			if !ctxutil.Sleep(ctx, time.Second) {
				break
			}
			continue
		}
		tick := time.NewTicker(time.Second)
	watch:
		for {
			select {
			case <-ctx.Done():
				break watch
			case err := <-failed:
				var fatal errFatal
				if errors.As(err, &fatal) {
					tick.Stop()
					stop()
					return false, fatal.error
				}
				n.log.Info("resuming the proposals from the head", "head", n.executed.Get(), "because", err)
				ctxutil.Sleep(ctx, time.Second)
				break watch
			case <-tick.C:
				leader := n.watched()
				k := n.ring(leader, n.cfg.Index)
				if k == 0 {
					// Its validator takes this node as the leader, yet it
					// follows: it learned of another leader it has not
					// followed a block of. Never take over from itself.
					continue
				}
				mu.Lock()
				silent := time.Since(seen)
				mu.Unlock()
				if silent < time.Duration(k)*n.cfg.TakeoverAfter {
					continue
				}
				stop() // a block being followed is done when it returns
				if n.self.Last() != n.executed.Get() {
					break watch // a block half followed: finish it first
				}
				tick.Stop()
				return true, n.takeover(leader, silent)
			}
		}
		tick.Stop()
		stop()
	}
	return false, nil
}

// followFrom is the proposals stream's sequence to follow from: that of
// the first proposal of the block after the head (validator.Bus.ResumeSeq).
func (n *Node) followFrom(ctx context.Context) (uint64, error) {
	seq, _, err := n.bus.ResumeSeq(ctx, n.executed.Get()+1)
	return seq, err
}

// followBlock takes another leader's proposal of the block after the head:
// the in-process validators vote on it (checking its PoH, contents and
// proof) and publish their votes; the node stores the proposal, journals
// the block with the sequencer state a takeover would start from, and
// executes it, which must give the proposal's checkpoint. Proposals of
// blocks the node holds, and ones its validators refuse, are passed; it
// reports whether it followed p.
func (n *Node) followBlock(ctx context.Context, p *consensus.Proposal) (bool, error) {
	if p.Block == nil || n.set.VerifyProposer(p) != nil {
		n.log.Warn("a proposal not signed by its leader; passed", "leader", p.Leader)
		return false, nil
	}
	b, head := p.Block.Number, n.executed.Get()
	switch {
	case b <= head:
		if c, err := n.chain.Checkpoint(b); err == nil && c.PoH != p.Block.PoH {
			n.log.Warn("a second proposal at a block this node holds; passed", "block", b, "leader", p.Leader)
		}
		return false, nil
	case b > head+1:
		// Read in stream order from the first proposal of head+1, a later
		// block before it is out of order (a validator signing ahead):
		// passed, not resumed from (that would read it again forever).
		n.log.Warn("a proposal past the next block; passed", "block", b, "head", head, "leader", p.Leader)
		return false, nil
	}
	for _, d := range n.validators.vals {
		v, fresh, err := validator.VoteOn(ctx, d, n.bus, n.log, nil, p)
		switch {
		case errors.Is(err, validator.ErrOld), errors.Is(err, validator.ErrGap):
			return false, errFatal{fmt.Errorf("node: validator %d is at block %d, the node's head at %d: %w", d.Index(), d.Last(), head, err)}
		case err != nil:
			return false, err // ErrRetry
		case v == nil:
			return false, nil // refused: the block is not followed
		case fresh:
			n.validators.onVote(d.Index())
		}
	}
	if err := n.rec.PutProposal(p); err != nil {
		return false, errFatal{err}
	}
	core, err := sequencer.RestoreCore(n.self.SequencerState())
	if err != nil {
		return false, errFatal{err}
	}
	if err := n.journal.Follow(p.Block, core); err != nil {
		if errors.Is(err, journal.ErrConflict) {
			return false, errFatal{fmt.Errorf("%w: %w", ErrLostLead, err)}
		}
		return false, errFatal{err}
	}
	n.mu.Lock()
	n.cutAt[b] = time.Now()
	n.mu.Unlock()
	x, err := n.exec.Execute(p.Block)
	if err != nil {
		return false, errFatal{err}
	}
	if x.CHKP != p.Checkpoint {
		return false, errFatal{fmt.Errorf("node: block %d executes to CHKP %s natively; the leader's proof is of %s", b, x.CHKP.Root.String(), p.Checkpoint.Root.String())}
	}
	n.executed.Advance(b)
	n.claimed.Store(-1) // its validator now knows the leader
	n.metrics.stage("executed", b, n.cutTime(b))
	n.log.Info("block followed", "block", b, "leader", p.Leader, "end_caps", len(p.Block.EndCaps), "checkpoint", p.Checkpoint.Root.String())
	return true, nil
}

// takeover makes the node the leader after leader's silence: its
// sequencer continues the chain from the end of the last block its
// validator voted for, with the end caps that block left waiting, and
// holds (no end cap, no block) for the PoH ticks the takeover needs, so
// the first block shows them idle. The journal holds that state and the
// lead record before the sequencer runs: a restart leads again.
func (n *Node) takeover(leader int, silent time.Duration) error {
	st := n.self.SequencerState()
	core, err := sequencer.RestoreCore(st)
	if err != nil {
		return err
	}
	// The validators measure the idle ticks from the leader they know (that
	// of this node's validator), which may be before the one watched (a
	// standby that took over and fell silent before proposing): hold for
	// the longer of the two.
	need, ok := n.set.TakeoverTicks(leader, n.cfg.Index, n.cfg.TimeoutTicks)
	if !ok {
		return fmt.Errorf("node: the chain has no leader timeout; validator %d cannot take over from %d", n.cfg.Index, leader)
	}
	if l := n.self.Leader(); l != leader && l != n.cfg.Index {
		if more, ok := n.set.TakeoverTicks(l, n.cfg.Index, n.cfg.TimeoutTicks); ok && more > need {
			need = more
		}
	}
	core.HoldFor(need)
	if err := n.journal.Snapshot(core); err != nil {
		return err
	}
	if err := n.rec.PutLead(st.Next); err != nil {
		return err
	}
	for _, e := range st.Queue {
		n.adm.Busy(state.UserID(e.User), e.Hash)
	}
	n.startDriver(core)
	n.log.Warn("taking over as leader", "from_block", st.Next, "leader_was", leader, "silent_for", silent.Round(time.Millisecond),
		"hold_ticks", need, "hold", time.Duration(need)*n.cfg.TickInterval, "waiting", len(st.Queue))
	return nil
}
