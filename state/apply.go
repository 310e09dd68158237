package state

import (
	"fmt"
	"slices"

	"github.com/parthnet/parth/state/smt"
)

// ProvenEndCap is an end cap as the proving network holds it: the header its
// proof attests and the state deltas that came with it (CheckDeltas). The
// session's calls are not needed: the proof attests their execution.
type ProvenEndCap struct {
	Header EndCapHeader
	Deltas []TreeDelta
}

// ApplyDeltas commits block n from proven end caps, applying their deltas
// to the users' trees — no re-execution: the end-cap proofs (checked by the
// caller) attest the sessions, and the deltas are their data (checked at
// admission by CheckDeltas). Each end cap must read one of the K checkpoints before n and start at
// its user's live GUSR leaf (key, UCON root, nonce); its deltas must apply
// to the user's trees as they are and end where the header says. One end cap
// per user. Any failure rejects the block and leaves the store unchanged.
//
// It is the twin of ApplyBlock for whoever holds deltas rather than
// sessions, and commits the same nodes and checkpoint.
func (c *Chain) ApplyDeltas(caps []*ProvenEndCap, poh [32]byte) (Checkpoint, error) {
	headers := make([]*EndCapHeader, len(caps))
	for i := range caps {
		headers[i] = &caps[i].Header
	}
	return c.applyEach(headers, poh, func(view *View, i int, part *Commit) error {
		return c.applyDeltas(view, caps[i], part)
	})
}

// applyDeltas checks one proven end cap against the view and collects its
// writes into part. The deltas must have CheckDeltas' structure (checked
// here without hashing, so a follower that applies without admission
// refuses what admission refuses); each is applied to the user's tree as
// it is — ApplyDelta verifies the proof against the tree's current root and
// leaf, so no proof is verified twice — and the result must be consistent: UCON ends at the header's end
// root and every CSTATE tree touched ends at the root its UCON leaf names.
// So a block applied from deltas commits exactly what the end cap proves,
// or nothing.
func (c *Chain) applyDeltas(view *View, ec *ProvenEndCap, part *Commit) error {
	h := &ec.Header
	head := view.Checkpoint()
	if _, err := c.readCheckpoint(&head, h); err != nil {
		return err
	}
	// The structure CheckDeltas checks, without its hashing: the proofs
	// are verified once, by ApplyDelta, against the trees as they are.
	if _, err := deltaStructure(h, ec.Deltas); err != nil {
		return err
	}
	if err := checkLive(view, h); err != nil {
		return err
	}
	ucon := view.Tree(UCONTree(h.User))
	trees := map[TreeID]*smt.Tree{UCONTree(h.User): ucon}
	order := []TreeID{UCONTree(h.User)}
	for i := range ec.Deltas {
		d := &ec.Deltas[i] // the user's own tree (deltaStructure)
		t, ok := trees[d.Tree]
		if !ok {
			t = view.Tree(d.Tree)
			trees[d.Tree] = t
			order = append(order, d.Tree)
		}
		if err := t.ApplyDelta(&d.Proof); err != nil {
			return fmt.Errorf("%w: delta %d (%v): %v", ErrBadDeltas, i, d.Tree, err)
		}
	}
	if root, err := ucon.Root(); err != nil {
		return err
	} else if !root.Equal(&h.UCONAfter) {
		return fmt.Errorf("%w: the UCON updates end at another root than the end cap's", ErrBadDeltas)
	}
	// Every contract the deltas touch — by a CSTATE write or a UCON update —
	// ends with its CSTATE root equal to its UCON leaf: a UCON update whose
	// CSTATE data was withheld leaves the stored root behind and fails here.
	touched := map[ContractID]bool{}
	for i := range ec.Deltas {
		d := &ec.Deltas[i]
		if d.Tree.Kind == KindUCON {
			touched[ContractID(d.Proof.Index)] = true
		} else {
			touched[d.Tree.Contract] = true
		}
	}
	for c := range touched {
		id := CStateTree(h.User, c)
		t, ok := trees[id]
		if !ok {
			t = view.Tree(id)
		}
		root, err := t.Root()
		if err != nil {
			return err
		}
		leaf, err := ucon.Get(uint64(c))
		if err != nil {
			return err
		}
		if !root.Equal(&leaf) {
			return fmt.Errorf("%w: %v ends at a root its UCON leaf does not name", ErrBadDeltas, id)
		}
	}
	// A fixed order, as SessionResult.collect: CSTATE trees by contract,
	// then UCON.
	slices.SortFunc(order, func(a, b TreeID) int {
		if a.Kind != b.Kind {
			if a.Kind == KindUCON {
				return 1
			}
			return -1
		}
		return int(a.Contract) - int(b.Contract)
	})
	for _, id := range order {
		part.collect(id, trees[id])
	}
	return nil
}

// Admit checks what applying ec in block head+1+margin would check of it
// against the head, and writes nothing: its checkpoint is in that block's
// window and is this chain's, it starts at its user's live account (key,
// nonce and UCON root), and its deltas reproduce its UCON transition
// (CheckDeltas). The margin covers the blocks that may be cut between
// admission and sequencing. It is the node's native admission; the end
// cap's proofs are the session package's (NetworkKeys.CheckEndCapJob).
func (c *Chain) Admit(ec *ProvenEndCap, margin uint64) error {
	if err := c.AdmitHeader(&ec.Header, margin); err != nil {
		return err
	}
	_, err := CheckDeltas(&ec.Header, ec.Deltas)
	return err
}

// AdmitHeader is Admit for an end cap whose deltas were checked against h
// already (CheckDeltas): the checkpoint, its window with margin, and the
// account's key, nonce and UCON root.
func (c *Chain) AdmitHeader(h *EndCapHeader, margin uint64) error {
	head, err := c.store.Head()
	if err != nil {
		return err
	}
	if _, err := c.readCheckpoint(&head, h); err != nil {
		return err
	}
	if n := head.Number + 1 + margin; !InWindow(n, h.Checkpoint) {
		return fmt.Errorf("%w: end cap reads CHKP(%d), too old for the blocks about to be cut (%d..%d)", ErrStaleCheckpoint,
			h.Checkpoint, head.Number+1, n)
	}
	view, err := c.View(head.Number)
	if err != nil {
		return err
	}
	return checkLive(view, h)
}
