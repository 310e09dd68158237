package aggregator

import (
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/apps"
)

// TestFoldMatchesBlocks: folding each seed block's end caps along its plan
// moves GUSR from the parent checkpoint's root to the block's root, for the
// seed's blocks (4 users, then 1) and for subsets of block #1 (sparse and
// single-user blocks).
func TestFoldMatchesBlocks(t *testing.T) {
	blocks := [][]apps.Step{apps.USDTBlocks[0], apps.USDTBlocks[1], apps.USDTBlocks[0][1:2], apps.USDTBlocks[0][2:]}
	for bi, steps := range blocks {
		w, err := apps.NewWorld(state.NewMemStore(), 3)
		if err != nil {
			t.Fatal(err)
		}
		if bi == 1 {
			if _, err := w.Block(apps.USDTBlocks[0]...); err != nil {
				t.Fatal(err)
			}
		}
		head, _ := w.Chain.Head()
		v, _ := w.Chain.View(head.Number)
		caps := map[state.UserID]*state.EndCapHeader{}
		var capList []*state.EndCap
		var users []state.UserID
		for _, s := range steps {
			ec, err := w.EndCap(s.User, s.Calls...)
			if err != nil {
				t.Fatal(err)
			}
			caps[s.User] = &ec.Header
			capList = append(capList, ec)
			users = append(users, s.User)
		}
		p, err := NewPlan(users)
		if err != nil {
			t.Fatal(err)
		}
		reads := readsOf(t, w, caps)
		sib := ViewSiblings(v)
		out, err := Fold(p, caps, reads, sib)
		if err != nil {
			t.Fatal(err)
		}
		next, err := w.Chain.ApplyBlock(capList, apps.SlotPoH(head.Number+1))
		if err != nil {
			t.Fatal(err)
		}
		root := out[p.Root()]
		if root.Height != state.DepthGUSR || root.Index != 0 || root.Old != head.GUSRRoot || root.New != next.GUSRRoot {
			t.Fatalf("block %d (%d users, %d tasks): fold does not move GUSR from the old root to the new one", bi, len(users), len(p.Tasks))
		}
		// The tree's accumulator (folded along the plan) is the one the
		// state commits (folded at the users' lowest common ancestors), and
		// its end caps read the block's history.
		if root.EndCaps != next.EndCaps || root.History != next.History {
			t.Fatalf("block %d (%d users): the tree's accumulator or history is not CHKP(n)'s", bi, len(users))
		}
		// A wrong unchanged sibling (the first user's top one: every block
		// here meets below height 32, so the root climbs past it) gives
		// another old root.
		bad := func(u state.UserID) ([]fr.Element, error) {
			s, err := sib(u)
			if err == nil && u == p.Users[0] {
				s[len(s)-1].SetUint64(12345)
			}
			return s, err
		}
		if out, err := Fold(p, caps, reads, bad); err != nil || out[p.Root()].Old == head.GUSRRoot {
			t.Fatalf("block %d: a tampered sibling still gives the old root (%v)", bi, err)
		}
	}
}
