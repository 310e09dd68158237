package state

import (
	"fmt"

	"github.com/parthnet/parth/state/smt"
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
// at both ends by the header, which the end-cap proof binds.
func CheckDeltas(h *EndCapHeader, deltas []TreeDelta) error {
	if len(deltas) == 0 {
		return fmt.Errorf("%w: no deltas", ErrBadDeltas)
	}
	if len(deltas) > MaxDeltas {
		return fmt.Errorf("%w: %d deltas, at most %d", ErrBadDeltas, len(deltas), MaxDeltas)
	}
	var ucon []smt.DeltaProof
	start := 0 // first CSTATE delta of the current call
	for i := range deltas {
		d := &deltas[i]
		if owner, ok := d.Tree.Owner(); !ok || owner != h.User || !d.Tree.Valid() {
			return fmt.Errorf("%w: delta %d writes %v, not a tree of user %d", ErrForeignWrite, i, d.Tree, h.User)
		}
		if d.Tree.Kind == KindCState {
			continue
		}
		// A UCON delta closes a call: the CSTATE deltas before it are the
		// call's, all of contract d.Proof.Index, chaining from the leaf's
		// old value to its new one.
		c := ContractID(d.Proof.Index)
		writes := make([]smt.DeltaProof, 0, i-start)
		for j := start; j < i; j++ {
			if deltas[j].Tree.Contract != c {
				return fmt.Errorf("%w: delta %d writes %v inside a call of contract %d", ErrBadDeltas, j, deltas[j].Tree, c)
			}
			writes = append(writes, deltas[j].Proof)
		}
		if err := smt.VerifyChain(CStateSpec, d.Proof.OldValue, d.Proof.NewValue, writes); err != nil {
			return fmt.Errorf("%w: call %d (deltas %d..%d): %v", ErrBadDeltas, len(ucon), start, i, err)
		}
		ucon = append(ucon, d.Proof)
		start = i + 1
	}
	if start != len(deltas) {
		return fmt.Errorf("%w: deltas %d.. are not closed by a UCON update", ErrBadDeltas, start)
	}
	if err := smt.VerifyChain(UCONSpec, h.UCONBefore, h.UCONAfter, ucon); err != nil {
		return fmt.Errorf("%w: the UCON updates do not take UCON from the end cap's start root to its end root: %v", ErrBadDeltas, err)
	}
	return nil
}
