package state

import (
	"fmt"
)

// MaxDeltas bounds the deltas of one end cap (64 calls of up to 63 writes),
// so that checking a submission's data costs bounded work.
const MaxDeltas = 64 * 64

// CheckDeltas is the data-availability check of an end cap: deltas are the
// session's writes in SessionResult.Deltas order — for each call, the
// CSTATE(user, c) updates, then the UCON(user) update of leaf c — and they
// take the user's UCON root from h.UCONBefore to h.UCONAfter, each call's
// CSTATE updates running from the UCON leaf's old value to its new one.
// Every proof verifies, every tree is the user's own, and the chains leave
// no gap: whoever holds the user's trees at CHKP(n−1) plus these deltas
// holds them after the block, so a finalized root is never left without
// its data (the user can prove the next session, others can read it).
//
// It needs no state: the UCON delta proofs pin each CSTATE chain's start
// (the leaf value under the proven old root), and the UCON chain is pinned
// at both ends by the header, which the end-cap proof binds. It returns the
// UCON updates, one per call, in order.
func CheckDeltas(h *EndCapHeader, deltas []TreeDelta) ([]*TreeDelta, error) {
	calls, err := deltaStructure(h, deltas)
	if err != nil {
		return nil, err
	}
	for i := range deltas {
		d := &deltas[i]
		if err := d.Proof.Verify(d.Tree.Spec()); err != nil {
			return nil, fmt.Errorf("%w: delta %d (%v): %v", ErrBadDeltas, i, d.Tree, err)
		}
	}
	return calls, nil
}

// deltaStructure is CheckDeltas without hashing: ownership, the call
// structure, and that consecutive proofs link (each starts at the root or
// value the one before it ends at). It returns the UCON updates.
func deltaStructure(h *EndCapHeader, deltas []TreeDelta) ([]*TreeDelta, error) {
	if len(deltas) == 0 {
		return nil, fmt.Errorf("%w: no deltas", ErrBadDeltas)
	}
	if len(deltas) > MaxDeltas {
		return nil, fmt.Errorf("%w: %d deltas, at most %d", ErrBadDeltas, len(deltas), MaxDeltas)
	}
	var calls []*TreeDelta
	ucon := h.UCONBefore
	start := 0 // first CSTATE delta of the current call
	for i := range deltas {
		d := &deltas[i]
		if owner, ok := d.Tree.Owner(); !ok || owner != h.User || !d.Tree.Valid() {
			return nil, fmt.Errorf("%w: delta %d writes %v, not a tree of user %d", ErrForeignWrite, i, d.Tree, h.User)
		}
		if d.Tree.Kind == KindCState {
			continue
		}
		// A UCON delta closes a call: the CSTATE deltas before it are the
		// call's, all of contract d.Proof.Index, chaining from the leaf's
		// old value to its new one.
		if !d.Proof.OldRoot.Equal(&ucon) {
			return nil, fmt.Errorf("%w: call %d's UCON update does not start where the previous one ended", ErrBadDeltas, len(calls))
		}
		c := ContractID(d.Proof.Index)
		cstate := d.Proof.OldValue
		for j := start; j < i; j++ {
			w := &deltas[j]
			if w.Tree.Contract != c {
				return nil, fmt.Errorf("%w: delta %d writes %v inside a call of contract %d", ErrBadDeltas, j, w.Tree, c)
			}
			if !w.Proof.OldRoot.Equal(&cstate) {
				return nil, fmt.Errorf("%w: delta %d does not start where the contract's state is", ErrBadDeltas, j)
			}
			cstate = w.Proof.NewRoot
		}
		if !cstate.Equal(&d.Proof.NewValue) {
			return nil, fmt.Errorf("%w: call %d's writes end at another CSTATE root than its UCON update names", ErrBadDeltas, len(calls))
		}
		ucon = d.Proof.NewRoot
		calls = append(calls, d)
		start = i + 1
	}
	if start != len(deltas) {
		return nil, fmt.Errorf("%w: deltas %d.. are not closed by a UCON update", ErrBadDeltas, start)
	}
	if !ucon.Equal(&h.UCONAfter) {
		return nil, fmt.Errorf("%w: the UCON updates do not take UCON to the end cap's end root", ErrBadDeltas)
	}
	return calls, nil
}
