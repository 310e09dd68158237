package aggregator

import (
	"errors"
	"fmt"
	"slices"

	"github.com/parthnet/parth/state"
)

// ErrPlan reports a set of end caps no block can be planned from.
var ErrPlan = errors.New("aggregator: cannot plan block")

// Task is one node proof of a block's aggregation tree.
type Task struct {
	// Merge tasks join two subtrees whose lowest common ancestor in GUSR is
	// at Height (1..32) and Index (the ancestor's index at that height).
	// Single tasks (a block with one user) carry that user's end cap up.
	Kind   TaskKind
	Height int
	Index  uint64
	// Children: each an end cap (User) or another task (Task ≥ 0).
	Children [2]Input
	// Parent is the consuming task's index, or -1 for the root (which
	// the block proof consumes).
	Parent int
	// Top is the height this task's output climbs to: its parent's height
	// − 1 (the child slot of the parent), or the GUSR depth for the root.
	Top int
}

// TaskKind is the kind of a node task.
type TaskKind uint8

const (
	Merge TaskKind = iota + 1
	Single
)

func (k TaskKind) String() string {
	switch k {
	case Merge:
		return "merge"
	case Single:
		return "single"
	}
	return fmt.Sprintf("kind(%d)", uint8(k))
}

// Input is one child of a task: an end cap (Task = -1, the user's leaf,
// which the task climbs from height 0) or the output of another task.
type Input struct {
	Task int
	User state.UserID
}

// Plan is a block's aggregation DAG: tasks in bottom-up order (every task
// after its children), the last one the root.
type Plan struct {
	Users []state.UserID // sorted
	Tasks []Task
}

// Root is the root task's index.
func (p *Plan) Root() int { return len(p.Tasks) - 1 }

// Nodes are the tasks proven as tree nodes: all of them, except a lone
// user's Single task when foldLone, which the block proof then folds in
// (the block circuit climbs that user's end cap itself). With no nodes,
// the block's root proof is the end cap of Users[0]. The block circuit
// verifies its root with the node key fixed, so only an end node's proof
// folds; a one-proof cap (the wrapper's cap mode) goes through Single.
func (p *Plan) Nodes(foldLone bool) []Task {
	if foldLone && p.Tasks[p.Root()].Kind == Single {
		return nil
	}
	return p.Tasks
}

// Depth is the longest chain of tasks from an end cap to the root, plus one
// for the block proof.
func (p *Plan) Depth() int {
	depth := make([]int, len(p.Tasks))
	for i, t := range p.Tasks {
		d := 1
		for _, c := range t.Children {
			if c.Task >= 0 {
				d = max(d, depth[c.Task]+1)
			}
		}
		depth[i] = d
	}
	return depth[len(depth)-1] + 1
}

// NewPlan plans the aggregation of a block whose end caps are by users (one
// end cap per user). The tree mirrors GUSR compressed to its branch points:
// a task exists where two changed subtrees meet, each child climbs to it
// with its unchanged siblings as witnesses, so n users cost n−1 merge tasks
// and the depth is at most 32 + 1. A lone user's plan is one Single task
// (its end cap carried to the root); Aggregator.Prove folds it into the
// block proof, whose circuit climbs the end cap itself.
func NewPlan(users []state.UserID) (*Plan, error) {
	if len(users) == 0 {
		return nil, fmt.Errorf("%w: no end caps", ErrPlan)
	}
	us := slices.Clone(users)
	slices.Sort(us)
	for i := 1; i < len(us); i++ {
		if us[i] == us[i-1] {
			return nil, fmt.Errorf("%w: two end caps of user %d", ErrPlan, us[i])
		}
	}
	p := &Plan{Users: us}
	if len(us) == 1 {
		u := Input{Task: -1, User: us[0]}
		p.Tasks = []Task{{Kind: Single, Height: state.DepthGUSR, Index: 0, Children: [2]Input{u, u}, Parent: -1, Top: state.DepthGUSR}}
		return p, nil
	}
	p.build(us, -1)
	p.Tasks[len(p.Tasks)-1].Top = state.DepthGUSR
	return p, nil
}

// build plans the sorted users (≥ 2) and returns the task of their lowest
// common ancestor.
func (p *Plan) build(us []state.UserID, parent int) int {
	first, last := uint64(us[0]), uint64(us[len(us)-1])
	// The lowest common ancestor is at the height of the highest differing
	// bit of the first and last indexes.
	h := 64 - leadingZeros(first^last)
	split, _ := slices.BinarySearch(us, state.UserID((last>>(h-1))<<(h-1)))
	child := func(part []state.UserID) Input {
		if len(part) == 1 {
			return Input{Task: -1, User: part[0]}
		}
		return Input{Task: p.build(part, -1)}
	}
	l, r := child(us[:split]), child(us[split:])
	p.Tasks = append(p.Tasks, Task{Kind: Merge, Height: h, Index: first >> h, Children: [2]Input{l, r}, Parent: parent})
	me := len(p.Tasks) - 1
	for _, c := range []Input{l, r} {
		if c.Task >= 0 {
			p.Tasks[c.Task].Parent = me
			p.Tasks[c.Task].Top = h - 1
		}
	}
	return me
}

func leadingZeros(x uint64) int {
	n := 0
	for i := 63; i >= 0 && x&(1<<i) == 0; i-- {
		n++
	}
	return n
}
