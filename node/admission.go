package node

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/parthnet/parth/sequencer"
	"github.com/parthnet/parth/sequencer/journal"
	"github.com/parthnet/parth/sequencer/poh"
	"github.com/parthnet/parth/session"
	"github.com/parthnet/parth/state"
)

// Admission errors: each refusal says which check failed, and a refused
// end cap changes nothing.
var (
	// ErrMalformed is a body that is not an end-cap job (or too large).
	ErrMalformed = errors.New("node: malformed end cap")
	// ErrInvalidProof is an end cap whose proofs do not verify.
	ErrInvalidProof = errors.New("node: end cap proofs do not verify")
	// ErrRejected is a well-formed, proven end cap the chain would not
	// apply (stale or foreign checkpoint, replayed nonce, wrong key, deltas
	// off its roots, unknown user): state's error says which.
	ErrRejected = errors.New("node: end cap rejected")
	// ErrUserBusy is an end cap of a user who has one in a block not yet
	// applied: the next one must start from that one's result.
	ErrUserBusy = errors.New("node: the user has an end cap in the pipeline")
	// ErrNonceConflict is an end cap for a user and nonce another end cap
	// sequenced here already has (and that was not dropped).
	ErrNonceConflict = errors.New("node: another end cap has this user and nonce")
	// ErrNotLeader is an end cap sent to a node that follows another
	// leader: it sequences nothing until it takes over.
	ErrNotLeader = errors.New("node: not the leader")
	// ErrInFlight is an end cap being admitted whose outcome is not known
	// yet: ask for its status, or submit it again, shortly.
	ErrInFlight = errors.New("node: end cap in flight")
)

// DefaultMargin is how many blocks may be cut between admission and
// sequencing while an admitted end cap's checkpoint stays in the window.
const DefaultMargin = 4

// Admission checks end caps natively before anything is stored (the
// chain's own checks of Chain.Admit, then the proofs), refuses a user who
// has an end cap in a block not yet applied, and sequences what passes
// (the sequencer's journal fsyncs it before Submit returns).
type Admission struct {
	Keys   *session.NetworkKeys
	Chain  *state.Chain
	Submit func(ctx context.Context, s sequencer.Submission) (uint64, error)
	Latest func() poh.Hash // the PoH hash a submission references
	Margin uint64          // default DefaultMargin
	// LastCut, if set, is the last block the sequencer cut (Driver.
	// LastCut): the window is measured from the block after it, not from
	// the chain's head, which may lag while cut blocks wait to be applied.
	LastCut func() uint64
	// Tracker, if set, makes a resubmission of an end cap already
	// sequenced here the same resource, whatever stage it is at.
	Tracker *Tracker
	// Gate, if set, is asked before the checks: an error (ErrNotLeader)
	// refuses an end cap not known already.
	Gate func() error

	mu   sync.Mutex
	busy map[state.UserID]poh.Hash // users with an end cap sequenced and not yet applied
}

// Admit checks raw (an encoded end-cap job), sequences it and returns its
// id. A resubmission of an end cap already sequenced is not an error: it
// returns the same id.
func (a *Admission) Admit(ctx context.Context, raw []byte) (poh.Hash, error) {
	if len(raw) > sequencer.MaxJobBytes {
		return poh.Hash{}, fmt.Errorf("%w: %d bytes (at most %d)", ErrMalformed, len(raw), sequencer.MaxJobBytes)
	}
	// Decoding checks the job's shape and its deltas against its header,
	// once: the checks below take them as checked.
	j, err := session.Decode(raw)
	if err != nil {
		return poh.Hash{}, fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	h := j.Header()
	id := poh.Hash(h.Event())
	if a.Tracker != nil {
		if st, err := a.Tracker.Status(id); err != nil {
			return id, err
		} else if st.Stage != Unknown && st.Stage != Dropped {
			return id, nil // a dropped end cap is sequenced again
		}
	}
	// A node that does not lead says so before any check (a known end
	// cap, above, is the same resource wherever it is asked for).
	if a.Gate != nil {
		if err := a.Gate(); err != nil {
			return id, err
		}
	}
	if err := a.nonceFree(&h, id); err != nil {
		return id, err
	}
	// The user is reserved before any state check, so two end caps of one
	// user can never both pass them against the same account; a refusal
	// releases it.
	u := h.User
	if err := a.reserve(u, id); err != nil {
		return id, err
	}
	release := true
	defer func() {
		if release {
			a.Applied(u, id)
		}
	}()
	margin := a.Margin
	if margin == 0 {
		margin = DefaultMargin
	}
	if a.LastCut != nil {
		head, err := a.Chain.Head()
		if err != nil {
			return id, err
		}
		if cut := a.LastCut(); cut > head.Number {
			margin += cut - head.Number
		}
	}
	if err := a.Chain.AdmitHeader(&h, margin); err != nil {
		return id, fmt.Errorf("%w: %w", ErrRejected, err)
	}
	// The proofs last: they cost the most to check.
	if err := a.Keys.CheckDecoded(j); err != nil {
		return id, fmt.Errorf("%w: %w", ErrInvalidProof, err)
	}
	s := j.Submission(a.Latest())
	if a.Tracker != nil {
		if err := (Records{a.Tracker.Store}).PutNonce(uint64(u), h.Nonce, id); err != nil {
			return id, err
		}
	}
	// Once queued, the driver sequences it whether or not this request is
	// still waiting, so the wait does not end with the client's request;
	// if it ends anyway (the driver stopped), the outcome is unknown and the
	// user stays reserved: a resubmission finds it journaled, or not.
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), SubmitTimeout)
	defer cancel()
	_, err = a.Submit(sctx, s)
	switch {
	case err == nil:
		release = false
		return id, nil
	case errors.Is(err, sequencer.ErrNotQueued):
		// Not taken by the driver: not sequenced, the user is free.
		return id, fmt.Errorf("%w: the sequencer did not take it in %v", ErrInFlight, SubmitTimeout)
	case errors.Is(err, context.DeadlineExceeded):
		release = false
		return id, fmt.Errorf("%w: the sequencer did not answer in %v", ErrInFlight, SubmitTimeout)
	case errors.Is(err, sequencer.ErrDuplicate):
		release = false // queued already (a restart's queue): it is the same resource
		return id, nil
	}
	return id, err
}

// nonceFree refuses an end cap whose user and nonce another end cap
// sequenced here has, unless that one was dropped: 409 with the other's id,
// before the state checks (which would say only that the nonce is not the
// account's once the other is applied).
func (a *Admission) nonceFree(h *state.EndCapHeader, id poh.Hash) error {
	if a.Tracker == nil {
		return nil
	}
	prior, ok, err := (Records{a.Tracker.Store}).Nonce(uint64(h.User), h.Nonce)
	if err != nil || !ok || prior == id {
		return err
	}
	st, err := a.Tracker.Status(prior)
	if err != nil {
		return err
	}
	if st.Stage == Unknown || st.Stage == Dropped { // never journaled, or dropped: the nonce is free
		return nil
	}
	return fmt.Errorf("%w: user %d's nonce %d is taken by submission %x (%s)", ErrNonceConflict, h.User, h.Nonce, prior[:], st.Stage)
}

// reserve marks user u as having end cap id in the pipeline, unless it has
// one already. One that was dropped (journaled by this node as a leader
// that lost the lead before cutting it: it will never be applied, so the
// executor never releases it) does not hold the user (review F2: after a
// deferred claim and a takeover it locked the user out until a restart).
func (a *Admission) reserve(u state.UserID, id poh.Hash) error {
	a.mu.Lock()
	prior, busy := a.busy[u]
	if !busy {
		a.mark(u, id)
		a.mu.Unlock()
		return nil
	}
	a.mu.Unlock()
	if prior == id {
		return fmt.Errorf("%w: end cap %s is being admitted", ErrInFlight, id)
	}
	if a.Tracker != nil {
		st, err := a.Tracker.Status(prior)
		if err != nil {
			return err
		}
		if st.Stage == Dropped {
			a.mu.Lock()
			defer a.mu.Unlock()
			switch cur, still := a.busy[u]; {
			case !still || cur == prior:
				a.mark(u, id)
				return nil
			case cur == id:
				return fmt.Errorf("%w: end cap %s is being admitted", ErrInFlight, id)
			default:
				prior = cur // another took the user meanwhile
			}
		}
	}
	return fmt.Errorf("%w: user %d's end cap %s is not applied yet", ErrUserBusy, u, prior)
}

func (a *Admission) mark(u state.UserID, id poh.Hash) {
	if a.busy == nil {
		a.busy = map[state.UserID]poh.Hash{}
	}
	a.busy[u] = id
}

// SubmitTimeout bounds the wait for the sequencer's answer (it answers in
// well under a millisecond plus the journal's fsync while it runs).
const SubmitTimeout = 30 * time.Second

// Busy marks user's end cap id as in the pipeline (a restart rebuilds the
// set from the journal's end caps in blocks not yet applied).
func (a *Admission) Busy(user state.UserID, id poh.Hash) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.mark(user, id)
}

// Applied releases user once its end cap id is applied (or refused).
func (a *Admission) Applied(user state.UserID, id poh.Hash) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.busy[user] == id {
		delete(a.busy, user)
	}
}

// Restore rebuilds the busy set after a restart: the end caps of the
// journal's blocks after the chain's head (cut, not yet applied) and those
// still queued in the restored sequencer core.
func (a *Admission) Restore(j *journal.Journal, head uint64, queued []sequencer.Sequenced) error {
	blocks, err := j.Blocks(head + 1)
	if err != nil {
		return err
	}
	for _, b := range blocks {
		for _, e := range b.EndCaps {
			a.Busy(state.UserID(e.User), e.Hash)
		}
		for _, e := range b.Waiting {
			a.Busy(state.UserID(e.User), e.Hash)
		}
	}
	for _, e := range queued {
		a.Busy(state.UserID(e.User), e.Hash)
	}
	return nil
}
