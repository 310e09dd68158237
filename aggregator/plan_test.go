package aggregator

import (
	"errors"
	"math"
	"testing"

	"github.com/parthnet/parth/state"
)

// check verifies a plan's invariants: bottom-up order, each user exactly
// once, parents and tops consistent, children in the task's two halves.
func check(t *testing.T, p *Plan) {
	t.Helper()
	seen := map[state.UserID]int{}
	for i, task := range p.Tasks {
		if (task.Parent == -1) != (i == p.Root()) {
			t.Fatalf("task %d: parent %d", i, task.Parent)
		}
		if task.Parent >= 0 && (task.Parent <= i || task.Top != p.Tasks[task.Parent].Height-1) {
			t.Fatalf("task %d: parent %d, top %d", i, task.Parent, task.Top)
		}
		if task.Kind == Single {
			if len(p.Users) != 1 || task.Children[0].User != p.Users[0] {
				t.Fatalf("single task in a block of %d users", len(p.Users))
			}
			seen[task.Children[0].User]++
			continue
		}
		for side, c := range task.Children {
			// The child's subtree lies in the task's left (0) or right (1) half.
			var idx uint64
			if c.Task < 0 {
				seen[c.User]++
				idx = uint64(c.User)
			} else {
				if c.Task >= i || p.Tasks[c.Task].Parent != i {
					t.Fatalf("task %d: child task %d out of order", i, c.Task)
				}
				ct := p.Tasks[c.Task]
				idx = ct.Index << ct.Height
			}
			if idx>>task.Height != task.Index || int(idx>>(task.Height-1))&1 != side {
				t.Fatalf("task %d (h %d, i %d): child %d on side %d", i, task.Height, task.Index, idx, side)
			}
		}
	}
	for _, u := range p.Users {
		if seen[u] != 1 {
			t.Fatalf("user %d is in %d tasks", u, seen[u])
		}
	}
	if root := p.Tasks[p.Root()]; root.Top != state.DepthGUSR {
		t.Fatalf("root climbs to %d", root.Top)
	}
	if d := p.Depth(); d > state.DepthGUSR+1 {
		t.Fatalf("depth %d", d)
	}
}

func users(v ...uint64) []state.UserID {
	out := make([]state.UserID, len(v))
	for i, x := range v {
		out[i] = state.UserID(x)
	}
	return out
}

func TestPlanDense(t *testing.T) {
	var us []state.UserID
	for i := 0; i < 16; i++ {
		us = append(us, state.UserID(i))
	}
	p, err := NewPlan(us)
	if err != nil {
		t.Fatal(err)
	}
	check(t, p)
	if len(p.Tasks) != 15 || p.Depth() != 5 {
		t.Fatalf("16 dense users: %d tasks, depth %d; want 15, 5 (4 levels + block)", len(p.Tasks), p.Depth())
	}
	if r := p.Tasks[p.Root()]; r.Height != 4 || r.Index != 0 {
		t.Fatalf("root at height %d index %d", r.Height, r.Index)
	}
}

func TestPlanSparse(t *testing.T) {
	p, err := NewPlan(users(3, math.MaxUint32, 1<<31, 5))
	if err != nil {
		t.Fatal(err)
	}
	check(t, p)
	if len(p.Tasks) != 3 {
		t.Fatalf("4 users: %d tasks", len(p.Tasks))
	}
	// 3 and 5 meet at height 3; 2^31 and 2^32−1 at height 31; the root at 32.
	want := []struct{ h int }{{3}, {31}, {32}}
	for i, w := range want {
		if p.Tasks[i].Height != w.h {
			t.Errorf("task %d at height %d, want %d", i, p.Tasks[i].Height, w.h)
		}
	}
	if p.Tasks[0].Top != 31 || p.Tasks[1].Top != 31 {
		t.Errorf("children climb to %d and %d, want 31", p.Tasks[0].Top, p.Tasks[1].Top)
	}
}

func TestPlanSingleAndEdges(t *testing.T) {
	for _, u := range []uint64{0, 1, math.MaxUint32} {
		p, err := NewPlan(users(u))
		if err != nil {
			t.Fatal(err)
		}
		check(t, p)
		if len(p.Tasks) != 1 || p.Tasks[0].Kind != Single || p.Depth() != 2 || p.Nodes(true) != nil || len(p.Nodes(false)) != 1 {
			t.Fatalf("single user %d: %+v (nodes %+v)", u, p.Tasks, p.Nodes(true))
		}
	}
	p, err := NewPlan(users(0, math.MaxUint32))
	if err != nil {
		t.Fatal(err)
	}
	check(t, p)
	if len(p.Tasks) != 1 || p.Tasks[0].Height != 32 || len(p.Nodes(true)) != 1 {
		t.Fatalf("extremes: %+v", p.Tasks)
	}
	// Adjacent users meet at height 1.
	p, _ = NewPlan(users(6, 7))
	check(t, p)
	if p.Tasks[0].Height != 1 || p.Tasks[0].Index != 3 {
		t.Fatalf("siblings: %+v", p.Tasks[0])
	}
	for name, us := range map[string][]state.UserID{"empty": nil, "duplicate": users(4, 9, 4)} {
		if _, err := NewPlan(us); !errors.Is(err, ErrPlan) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestPlanWorstDepth: a chain of users meeting at every height gives the
// deepest tree, 32 merges + the block.
func TestPlanWorstDepth(t *testing.T) {
	var us []state.UserID
	us = append(us, 0)
	for h := 0; h < 32; h++ {
		us = append(us, state.UserID(uint64(1)<<h))
	}
	p, err := NewPlan(us)
	if err != nil {
		t.Fatal(err)
	}
	check(t, p)
	if p.Depth() != 33 {
		t.Fatalf("depth %d, want 33", p.Depth())
	}
}
