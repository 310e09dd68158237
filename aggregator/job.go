package aggregator

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/parthnet/parth/circuits/node"
	"github.com/parthnet/parth/internal/wire"
	"github.com/parthnet/parth/prover"
	"github.com/parthnet/parth/session"
	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/smt"
)

// JobChild is one input of a node job: an end cap or a subtree, its proof
// (a node proof), and the siblings it climbs past (heights [its height,
// the task's H−1) for a merge, [0, 32) for a single).
type JobChild struct {
	Cap      *state.EndCapHeader // an end cap, with
	Read     *smt.Proof          // its checkpoint's proof in the block's history, or
	Sub      *state.Subtree      // a subtree
	Proof    *prover.Proof
	Siblings []fr.Element
}

func (c *JobChild) subtree() (state.Subtree, error) {
	if c.Cap != nil {
		return state.LeafOf(c.Cap, c.Read)
	}
	return *c.Sub, nil
}

// NodeJob is everything a prover worker needs to prove one task of a
// block's tree; its id is the hash of its encoding (its inputs).
type NodeJob struct {
	Kind     TaskKind
	Children [2]JobChild // Single: one child, used twice
	Height   int         // Merge: where the children meet
	Top      int         // Merge: where the result climbs to
	Siblings []fr.Element
}

// Output is the subtree the job proves, computed natively; it is also the
// check of the job's shape.
func (j *NodeJob) Output() (state.Subtree, error) {
	switch j.Kind {
	case Single:
		c := &j.Children[0]
		if c.Cap == nil {
			return state.Subtree{}, fmt.Errorf("%w: a single task carries an end cap", ErrPlan)
		}
		s, err := c.subtree()
		if err != nil {
			return state.Subtree{}, err
		}
		return s.Climb(state.DepthGUSR, c.Siblings)
	case Merge:
		var side [2]state.Subtree
		for i := range j.Children {
			c := &j.Children[i]
			if (c.Cap == nil) == (c.Sub == nil) {
				return state.Subtree{}, fmt.Errorf("%w: child %d is neither an end cap nor a subtree", ErrPlan, i)
			}
			s, err := c.subtree()
			if err != nil {
				return state.Subtree{}, err
			}
			if side[i], err = s.Climb(j.Height-1, c.Siblings); err != nil {
				return state.Subtree{}, err
			}
		}
		m, err := state.MergeSubtrees(side[0], side[1])
		if err != nil {
			return state.Subtree{}, err
		}
		return m.Climb(j.Top, j.Siblings)
	}
	return state.Subtree{}, fmt.Errorf("%w: task kind %v", ErrPlan, j.Kind)
}

// Public is the node proof's expected public input under key set keys.
func (j *NodeJob) Public(keys fr.Element) (fr.Element, error) {
	out, err := j.Output()
	if err != nil {
		return fr.Element{}, err
	}
	h := out.Header(keys)
	return h.Hash(), nil
}

const (
	nodeJobMagic   = "PARTHNDJ"
	nodeJobVersion = 2
	maxSiblings    = state.DepthGUSR
)

func encodeSiblings(e *wire.Encoder, s []fr.Element) {
	e.U64(uint64(len(s)))
	e.Els(s...)
}

func decodeSiblings(d *wire.Decoder) []fr.Element {
	n := d.Count(0, maxSiblings, "siblings")
	out := make([]fr.Element, 0, n)
	for i := 0; i < n && d.Err == nil; i++ {
		out = append(out, d.El())
	}
	return out
}

// encodeRead writes an end cap's history proof: its siblings and root (its
// index and leaf follow from the end cap's header).
func encodeRead(e *wire.Encoder, p *smt.Proof) {
	e.Els(p.Siblings...)
	e.El(p.Root)
}

func decodeRead(d *wire.Decoder, h *state.EndCapHeader) *smt.Proof {
	p := &smt.Proof{Index: h.Checkpoint % state.HistoryWindow, Value: state.HistoryLeaf(h.Checkpoint, h.CheckpointRoot),
		Siblings: make([]fr.Element, state.HistoryDepth)}
	for i := range p.Siblings {
		p.Siblings[i] = d.El()
	}
	p.Root = d.El()
	return p
}

// encodeSubtree writes a subtree's roots (its height and index go first).
func encodeSubtree(e *wire.Encoder, s *state.Subtree) {
	e.Els(s.History, s.Old, s.New, s.EndCaps)
}

func decodeSubtree(d *wire.Decoder, s *state.Subtree) {
	s.History, s.Old, s.New, s.EndCaps = d.El(), d.El(), d.El(), d.El()
}

// MarshalBinary is the job's canonical encoding.
func (j *NodeJob) MarshalBinary() ([]byte, error) {
	if _, err := j.Output(); err != nil {
		return nil, err
	}
	var e wire.Encoder
	e.WriteString(nodeJobMagic)
	e.U64(nodeJobVersion)
	e.U64(uint64(j.Kind))
	e.U64(uint64(j.Height))
	e.U64(uint64(j.Top))
	encodeSiblings(&e, j.Siblings)
	n := 2
	if j.Kind == Single {
		n = 1
	}
	for i := 0; i < n; i++ {
		c := &j.Children[i]
		if c.Cap != nil {
			e.U64(0)
			session.EncodeEndCapHeader(&e, c.Cap)
			encodeRead(&e, c.Read)
		} else {
			e.U64(1)
			e.U64(uint64(c.Sub.Height))
			e.U64(c.Sub.Index)
			encodeSubtree(&e, c.Sub)
		}
		if c.Proof == nil {
			return nil, fmt.Errorf("%w: child %d has no proof", ErrPlan, i)
		}
		if err := e.Marshal(c.Proof); err != nil {
			return nil, err
		}
		encodeSiblings(&e, c.Siblings)
	}
	return e.Bytes(), nil
}

// UnmarshalBinary decodes MarshalBinary's output and checks the job's shape.
func (j *NodeJob) UnmarshalBinary(b []byte) error {
	d := wire.NewDecoder(b)
	if string(d.Read(len(nodeJobMagic))) != nodeJobMagic || d.Err != nil {
		return fmt.Errorf("%w: not a node job", wire.ErrEncoding)
	}
	if v := d.U64(); v != nodeJobVersion {
		return fmt.Errorf("%w: node job version %d", wire.ErrEncoding, v)
	}
	var out NodeJob
	out.Kind = TaskKind(d.Count(uint64(Merge), uint64(Single), "task kind"))
	out.Height = d.Count(0, state.DepthGUSR, "height")
	out.Top = d.Count(0, state.DepthGUSR, "top")
	out.Siblings = decodeSiblings(d)
	n := 2
	if out.Kind == Single {
		n = 1
	}
	for i := 0; i < n && d.Err == nil; i++ {
		c := &out.Children[i]
		switch d.Count(0, 1, "child kind") {
		case 0:
			h := session.DecodeEndCapHeader(d)
			c.Cap = &h
			c.Read = decodeRead(d, &h)
		case 1:
			s := state.Subtree{Height: d.Count(0, state.DepthGUSR, "subtree height"), Index: d.U64()}
			if s.Index>>(state.DepthGUSR-s.Height) != 0 && d.Err == nil {
				d.Err = fmt.Errorf("%w: index %d at height %d", wire.ErrEncoding, s.Index, s.Height)
			}
			decodeSubtree(d, &s)
			c.Sub = &s
		}
		c.Proof = prover.ReadProof(d)
		c.Siblings = decodeSiblings(d)
	}
	if out.Kind == Single {
		out.Children[1] = out.Children[0]
	}
	if err := d.Finish(); err != nil {
		return err
	}
	if _, err := out.Output(); err != nil {
		return fmt.Errorf("%w: %v", wire.ErrEncoding, err)
	}
	*j = out
	return nil
}

// ID is the job's id: the hash of its encoding.
func ID(encoding []byte) string {
	h := sha256.Sum256(encoding)
	return hex.EncodeToString(h[:16])
}

// absolute places siblings of heights [from, from+len(rel)) at their
// heights in a full path (zeros elsewhere: unused by the circuit).
func absolute(from int, rel []fr.Element) []fr.Element {
	out := make([]fr.Element, from+len(rel))
	copy(out[from:], rel)
	return out
}

func (c *JobChild) witness(k *session.NetworkKeys, ks fr.Element) (node.Child, node.AggChild, error) {
	var (
		public fr.Element
		agg    node.AggChild
	)
	if c.Cap != nil {
		h := state.EndCapOf(ks, c.Cap)
		public = h.Hash()
		agg = node.CapChild(c.Cap, c.Read, absolute(0, c.Siblings))
	} else {
		h := c.Sub.Header(ks)
		public = h.Hash()
		agg = node.SubtreeChild(c.Sub, absolute(c.Sub.Height, c.Siblings))
	}
	if c.Proof == nil || c.Proof.System != prover.Groth16 {
		return node.Child{}, agg, fmt.Errorf("%w: a child's proof is not a Groth16 node proof", ErrPlan)
	}
	key := k.Node
	if c.Cap != nil {
		// An end node's proof or a one-proof cap (the wrapper's).
		var err error
		if key, err = k.EndCapKey(c.Cap, c.Proof); err != nil {
			return node.Child{}, agg, fmt.Errorf("%w: user %d's end cap: %v", ErrPlan, c.Cap.User, err)
		}
	}
	ch, err := node.AssignChild(key.G16VK, c.Proof.Groth16, public)
	return ch, agg, err
}

// Prove proves the job with the node key and checks the proof before
// returning it.
func (j *NodeJob) Prove(k *session.NetworkKeys, be prover.Backend) (*prover.Proof, error) {
	ks := k.NodeKeys.Hash()
	out, err := j.Output()
	if err != nil {
		return nil, err
	}
	l, la, err := j.Children[0].witness(k, ks)
	if err != nil {
		return nil, err
	}
	r, ra, err := j.Children[1].witness(k, ks)
	if err != nil {
		return nil, err
	}
	var logic node.Logic
	if j.Kind == Single {
		logic = node.SingleLogic(&k.NodeKeys, la)
	} else {
		logic = node.MergeLogic(&k.NodeKeys, la, ra, j.Height, j.Top, absolute(j.Height, j.Siblings))
	}
	h := out.Header(ks)
	p, err := k.Node.Prove(be, node.Assign(l, r, logic, h.Hash()), prover.ForRecursion())
	if err != nil {
		return nil, err
	}
	return p, k.VerifyNode(h.Hash(), p)
}

// firstUser is a user inside task i's subtree (its leftmost).
func (p *Plan) firstUser(i int) state.UserID {
	c := p.Tasks[i].Children[0]
	for c.Task >= 0 {
		c = p.Tasks[c.Task].Children[0]
	}
	return c.User
}

// JobFor builds task i's job: its children's statements (end caps, or the
// folded outputs of its child tasks), their proofs (taskProof for a child
// task, capProof for an end cap) and every sibling it climbs past.
func JobFor(p *Plan, i int, caps map[state.UserID]*state.EndCapHeader, reads Reads, sib Siblings, folded []state.Subtree,
	taskProof func(task int) *prover.Proof, capProof func(u state.UserID) *prover.Proof) (*NodeJob, error) {
	t := &p.Tasks[i]
	path := func(u state.UserID, from, to int) ([]fr.Element, error) {
		s, err := sib(u)
		if err != nil {
			return nil, err
		}
		if len(s) != state.DepthGUSR || from > to {
			return nil, fmt.Errorf("%w: path of user %d (%d siblings) for heights [%d, %d)", ErrPlan, u, len(s), from, to)
		}
		return s[from:to], nil
	}
	child := func(c Input, to int) (JobChild, error) {
		if c.Task < 0 {
			h, ok := caps[c.User]
			if !ok {
				return JobChild{}, fmt.Errorf("%w: no end cap of user %d", ErrPlan, c.User)
			}
			s, err := path(c.User, 0, to)
			return JobChild{Cap: h, Read: reads[c.User], Proof: capProof(c.User), Siblings: s}, err
		}
		sub := folded[c.Task]
		s, err := path(p.firstUser(c.Task), sub.Height, to)
		return JobChild{Sub: &sub, Proof: taskProof(c.Task), Siblings: s}, err
	}
	j := &NodeJob{Kind: t.Kind}
	var err error
	switch t.Kind {
	case Single:
		if j.Children[0], err = child(t.Children[0], state.DepthGUSR); err != nil {
			return nil, err
		}
		j.Children[1] = j.Children[0]
	case Merge:
		j.Height, j.Top = t.Height, t.Top
		for k := range j.Children {
			if j.Children[k], err = child(t.Children[k], t.Height-1); err != nil {
				return nil, err
			}
		}
		if j.Siblings, err = path(p.firstUser(i), t.Height, t.Top); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("%w: task kind %v", ErrPlan, t.Kind)
	}
	return j, nil
}

// Jobs builds every task's job (all child proofs known).
func Jobs(p *Plan, caps map[state.UserID]*state.EndCapHeader, reads Reads, sib Siblings, folded []state.Subtree,
	taskProof func(task int) *prover.Proof, capProof func(u state.UserID) *prover.Proof) ([]*NodeJob, error) {
	out := make([]*NodeJob, len(p.Tasks))
	for i := range p.Tasks {
		j, err := JobFor(p, i, caps, reads, sib, folded, taskProof, capProof)
		if err != nil {
			return nil, fmt.Errorf("task %d: %w", i, err)
		}
		out[i] = j
	}
	return out, nil
}
