package aggregator

import (
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/smt"
)

// Reads are the end caps' history proofs (state.BlockHistory.Read), by
// user.
type Reads map[state.UserID]*smt.Proof

// ReadsOf is the history proofs of the end caps caps in block history
// hist.
func ReadsOf(hist *state.BlockHistory, caps map[state.UserID]*state.EndCapHeader) (Reads, error) {
	reads := make(Reads, len(caps))
	for u, h := range caps {
		r, err := hist.Read(h)
		if err != nil {
			return nil, err
		}
		reads[u] = r
	}
	return reads, nil
}

// Siblings returns user u's GUSR path in the block's old tree (leaf to
// root). Any user of a subtree gives that subtree's unchanged siblings
// above it, because the plan meets every other changed user at a task.
type Siblings func(u state.UserID) ([]fr.Element, error)

// Fold computes natively what each task of the plan proves: its output
// subtree, after its climb to Top. It is the twin of the proof tree:
// Fold(...)[p.Root()] moves the whole GUSR tree (height 32) from the
// block's old root to its new root.
//
// reads holds each end cap's proof that its checkpoint is in the block's
// history (state.BlockHistory.Read).
func Fold(p *Plan, caps map[state.UserID]*state.EndCapHeader, reads Reads, sib Siblings) ([]state.Subtree, error) {
	out := make([]state.Subtree, len(p.Tasks))
	first := make([]state.UserID, len(p.Tasks)) // a user inside each task's subtree
	path := func(u state.UserID) ([]fr.Element, error) {
		s, err := sib(u)
		if err != nil {
			return nil, err
		}
		if len(s) != state.DepthGUSR {
			return nil, fmt.Errorf("%w: user %d: path of %d siblings", ErrPlan, u, len(s))
		}
		return s, nil
	}
	// child is input c climbed to height to.
	child := func(c Input, to int) (state.Subtree, state.UserID, error) {
		var s state.Subtree
		u := c.User
		if c.Task < 0 {
			h, ok := caps[c.User]
			if !ok {
				return s, 0, fmt.Errorf("%w: no end cap of user %d", ErrPlan, c.User)
			}
			var err error
			if s, err = state.LeafOf(h, reads[c.User]); err != nil {
				return s, 0, err
			}
		} else {
			s, u = out[c.Task], first[c.Task]
		}
		ps, err := path(u)
		if err != nil {
			return s, 0, err
		}
		s, err = s.Climb(to, ps[s.Height:to])
		return s, u, err
	}
	for i, t := range p.Tasks {
		var (
			s   state.Subtree
			u   state.UserID
			err error
		)
		switch t.Kind {
		case Single:
			s, u, err = child(t.Children[0], state.DepthGUSR)
		case Merge:
			var l, r state.Subtree
			if l, u, err = child(t.Children[0], t.Height-1); err != nil {
				return nil, err
			}
			if r, _, err = child(t.Children[1], t.Height-1); err != nil {
				return nil, err
			}
			if s, err = state.MergeSubtrees(l, r); err != nil {
				return nil, err
			}
			var ps []fr.Element
			if ps, err = path(u); err != nil {
				return nil, err
			}
			s, err = s.Climb(t.Top, ps[t.Height:t.Top])
		default:
			err = fmt.Errorf("%w: task kind %v", ErrPlan, t.Kind)
		}
		if err != nil {
			return nil, fmt.Errorf("task %d: %w", i, err)
		}
		out[i], first[i] = s, u
	}
	return out, nil
}

// ViewSiblings reads users' paths from the GUSR tree of a checkpoint view
// (the block's parent): the Siblings of a block built on it.
func ViewSiblings(v *state.View) Siblings {
	return func(u state.UserID) ([]fr.Element, error) {
		p, err := v.Tree(state.GUSRTree).Prove(uint64(u))
		if err != nil {
			return nil, err
		}
		return p.Siblings, nil
	}
}
