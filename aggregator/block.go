package aggregator

import (
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/parthnet/parth/circuits/block"
	"github.com/parthnet/parth/circuits/node"
	"github.com/parthnet/parth/internal/wire"
	"github.com/parthnet/parth/prover"
	"github.com/parthnet/parth/session"
	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/smt"
)

// Keys are the aggregation network's keys: the network's end-cap keys
// and the block circuit's. LoadKeys builds them complete.
type Keys struct {
	*session.NetworkKeys
	Block *prover.Keys
}

// LoadKeys sets up (or loads) the block circuit for the network's key
// set: the key set and the node key are constants of the block circuit.
func LoadKeys(s *prover.Setup, k *session.NetworkKeys) (*Keys, error) {
	c, err := block.New(k.NodeKeys, k.Node.G16VK)
	if err != nil {
		return nil, err
	}
	bk, err := s.Keys(prover.Circuit{Name: "block", System: prover.Groth16, Shape: c})
	if err != nil {
		return nil, err
	}
	return &Keys{NetworkKeys: k, Block: bk}, nil
}

// DropProving makes every key verify-only (prover.Keys.DropProving): for a
// node whose proving is done by workers elsewhere, once all are loaded
// (some circuits are built from others' constraint systems).
func (k *Keys) DropProving() {
	for _, f := range k.Functions {
		f.Keys.DropProving()
	}
	for _, p := range []*prover.Keys{k.EdDSA, k.Start, k.Step, k.Wrap, k.Node, k.ECDSA, k.Block} {
		p.DropProving()
	}
}

// LoadAll sets up (or loads) every key of the network: the user's, the
// network's end-cap keys, and the block circuit's.
func LoadAll(s *prover.Setup) (*Keys, error) {
	u, err := session.LoadKeys(s)
	if err != nil {
		return nil, err
	}
	nk, err := session.LoadNetworkKeys(s, u)
	if err != nil {
		return nil, err
	}
	return LoadKeys(s, nk)
}

// BlockJob is the block proof's inputs: the root proof and what it states
// — the root task's subtree, or in a one-user block that user's end cap
// with its history proof and GUSR path (the block circuit climbs it; no
// tree node) — the parent checkpoint, the proof of the parent's slot in
// its history (which the block updates), and the slot's final PoH hash.
type BlockJob struct {
	Root     *prover.Proof
	Cap      *state.EndCapHeader // the root proof is this end cap, with
	Read     *smt.Proof          // (its checkpoint's proof in Hist(n))
	Siblings []fr.Element        // (its 32 GUSR siblings), or
	Subtree  state.Subtree       // the root task's subtree (height 32)
	Parent   state.Checkpoint
	Slot     smt.Proof // slot (n−1) mod K of Hist(n−1) (state.BlockHistory)
	PoH      [32]byte
}

// root is the statement the block reads from the root proof, climbed to
// the GUSR root.
func (j *BlockJob) root() (state.Subtree, error) {
	if j.Cap == nil {
		return j.Subtree, nil
	}
	if len(j.Siblings) != state.DepthGUSR {
		return state.Subtree{}, fmt.Errorf("%w: an end-cap root needs %d siblings, got %d", ErrPlan, state.DepthGUSR, len(j.Siblings))
	}
	s, err := state.LeafOf(j.Cap, j.Read)
	if err != nil {
		return state.Subtree{}, err
	}
	return s.Climb(state.DepthGUSR, j.Siblings)
}

// Next is the checkpoint the block proves, as the block circuit computes
// it: CHKP(n) over the new GUSR root, the parent's GCON (no deployments in
// blocks yet) and chain tag, Hist(n) — which every end cap read from —
// and the root's end-cap accumulator.
func (j *BlockJob) Next() (state.Checkpoint, error) {
	s, err := j.root()
	if err != nil {
		return state.Checkpoint{}, err
	}
	if s.Height != state.DepthGUSR || s.Index != 0 || s.Old != j.Parent.GUSRRoot {
		return state.Checkpoint{}, fmt.Errorf("%w: the root does not start at the parent checkpoint", ErrPlan)
	}
	hist, err := state.NextHistory(&j.Parent, &j.Slot)
	if err != nil {
		return state.Checkpoint{}, fmt.Errorf("%w: %v", ErrPlan, err)
	}
	if s.History != hist {
		return state.Checkpoint{}, fmt.Errorf("%w: the end caps read another history than block %d's", ErrPlan, j.Parent.Number+1)
	}
	p := &j.Parent
	return state.Checkpoint{Number: p.Number + 1, Prev: p.Root, GUSRRoot: s.New, GCONRoot: p.GCONRoot, PoH: j.PoH,
		Chain: p.Chain, History: hist, EndCaps: s.EndCaps}.Sealed(), nil
}

// Prove proves the block and checks the proof before returning it.
func (j *BlockJob) Prove(k *Keys, be prover.Backend) (*prover.Proof, state.Checkpoint, error) {
	next, err := j.Next()
	if err != nil {
		return nil, next, err
	}
	if j.Root == nil || j.Root.System != prover.Groth16 {
		return nil, next, fmt.Errorf("%w: no Groth16 root proof", ErrPlan)
	}
	ks := k.NodeKeys.Hash()
	var (
		h    state.NodeHeader
		stmt node.AggChild
	)
	if j.Cap != nil {
		h, stmt = state.EndCapOf(ks, j.Cap), node.CapChild(j.Cap, j.Read, j.Siblings)
	} else {
		h, stmt = j.Subtree.Header(ks), node.SubtreeChild(&j.Subtree, nil)
	}
	root, err := node.AssignFixedChild(k.Node.G16VK, j.Root.Groth16, h.Hash())
	if err != nil {
		return nil, next, err
	}
	p, err := k.Block.Prove(be, block.Assign(k.NodeKeys, root, stmt, &j.Parent, &j.Slot, &next), prover.ForEVM())
	if err != nil {
		return nil, next, err
	}
	return p, next, block.Verify(k.Block, j.Parent.Root, next.Root, p)
}

const (
	blockJobMagic   = "PARTHBKJ"
	blockJobVersion = 3
)

// MarshalBinary is the block job's canonical encoding.
func (j *BlockJob) MarshalBinary() ([]byte, error) {
	if _, err := j.Next(); err != nil {
		return nil, err
	}
	var e wire.Encoder
	e.WriteString(blockJobMagic)
	e.U64(blockJobVersion)
	if err := e.Marshal(j.Root); err != nil {
		return nil, err
	}
	if j.Cap != nil {
		e.U64(0)
		session.EncodeEndCapHeader(&e, j.Cap)
		encodeRead(&e, j.Read)
		encodeSiblings(&e, j.Siblings)
	} else {
		e.U64(1)
		s := &j.Subtree
		e.U64(uint64(s.Height))
		e.U64(s.Index)
		encodeSubtree(&e, s)
	}
	if err := e.Fixed(&j.Parent); err != nil {
		return nil, err
	}
	e.El(j.Slot.Value)
	e.Els(j.Slot.Siblings...)
	e.Write(j.PoH[:])
	return e.Bytes(), nil
}

// UnmarshalBinary decodes MarshalBinary's output and checks the job.
func (j *BlockJob) UnmarshalBinary(b []byte) error {
	d := wire.NewDecoder(b)
	if string(d.Read(len(blockJobMagic))) != blockJobMagic || d.Err != nil {
		return fmt.Errorf("%w: not a block job", wire.ErrEncoding)
	}
	if v := d.U64(); v != blockJobVersion {
		return fmt.Errorf("%w: block job version %d", wire.ErrEncoding, v)
	}
	var out BlockJob
	out.Root = prover.ReadProof(d)
	switch d.Count(0, 1, "root kind") {
	case 0:
		h := session.DecodeEndCapHeader(d)
		out.Cap = &h
		out.Read = decodeRead(d, &h)
		out.Siblings = decodeSiblings(d)
	case 1:
		out.Subtree.Height = d.Count(state.DepthGUSR, state.DepthGUSR, "root height")
		out.Subtree.Index = d.U64()
		decodeSubtree(d, &out.Subtree)
	}
	d.Fixed(&out.Parent, state.CheckpointEncodedLen, "parent checkpoint")
	c := &out.Parent
	out.Slot = smt.Proof{Index: c.Number % state.HistoryWindow, Value: d.El(), Siblings: make([]fr.Element, state.HistoryDepth), Root: c.History}
	for i := range out.Slot.Siblings {
		out.Slot.Siblings[i] = d.El()
	}
	copy(out.PoH[:], d.Read(32))
	if err := d.Finish(); err != nil {
		return err
	}
	if _, err := out.Next(); err != nil {
		return fmt.Errorf("%w: %v", wire.ErrEncoding, err)
	}
	*j = out
	return nil
}
