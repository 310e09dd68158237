package aggregator

import (
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark/backend/witness"

	"github.com/parthnet/parth/circuits/block"
	"github.com/parthnet/parth/circuits/node"
	"github.com/parthnet/parth/internal/wire"
	"github.com/parthnet/parth/prover"
	"github.com/parthnet/parth/session"
	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/hashing"
)

// LoadBlock sets up (or loads) the block circuit for the node key set of k
// (LoadNode first): the key set is a constant of the block circuit.
func LoadBlock(s *prover.Setup, k *session.Keys) (*prover.Keys, error) {
	if k.Node == nil {
		return nil, fmt.Errorf("%w: node keys not loaded", ErrPlan)
	}
	return s.Keys(prover.Circuit{Name: "block", System: prover.Groth16, Shape: block.New(k.NodeKeys)})
}

// BlockJob is the block proof's inputs: the root task's proof and subtree,
// the parent checkpoint and the slot's final PoH hash.
type BlockJob struct {
	Root    *prover.Proof
	Subtree state.Subtree
	Parent  state.Checkpoint
	PoH     [32]byte
}

// Next is the checkpoint the block proves: CHKP(n) over the new GUSR root
// (GCON unchanged: no deployments in blocks yet).
func (j *BlockJob) Next() (state.Checkpoint, error) {
	s := &j.Subtree
	if s.Height != state.DepthGUSR || s.Index != 0 || s.Old != j.Parent.GUSRRoot || s.CheckpointRoot != j.Parent.Root {
		return state.Checkpoint{}, fmt.Errorf("%w: the root subtree does not start at the parent checkpoint", ErrPlan)
	}
	return state.NewCheckpoint(j.Parent.Number+1, j.Parent.Root, s.New, j.Parent.GCONRoot, j.PoH), nil
}

// Prove proves the block with block keys bk.
func (j *BlockJob) Prove(k *session.Keys, bk *prover.Keys, be prover.Backend) (*prover.Proof, state.Checkpoint, error) {
	next, err := j.Next()
	if err != nil {
		return nil, next, err
	}
	if j.Root == nil || j.Root.System != prover.Groth16 {
		return nil, next, fmt.Errorf("%w: no Groth16 root proof", ErrPlan)
	}
	h := j.Subtree.Header(k.NodeKeys.Hash())
	root, err := node.AssignChild(k.Node.G16VK, j.Root.Groth16, h.Hash())
	if err != nil {
		return nil, next, err
	}
	p, err := bk.Prove(be, block.Assign(k.NodeKeys, root, &j.Parent, &j.Subtree, &next))
	if err != nil {
		return nil, next, err
	}
	return p, next, VerifyBlock(bk, j.Parent.Root, next.Root, p)
}

// VerifyBlock checks a block proof of CHKP(n−1) → CHKP(n).
func VerifyBlock(bk *prover.Keys, prev, next fr.Element, p *prover.Proof) error {
	w, err := witness.New(hashing.Field())
	if err != nil {
		return err
	}
	ch := make(chan any, 2)
	ch <- prev
	ch <- next
	close(ch)
	if err := w.Fill(2, 0, ch); err != nil {
		return err
	}
	return bk.VerifyWitness(p, w)
}

const (
	blockJobMagic   = "PARTHBKJ"
	blockJobVersion = 1
)

// MarshalBinary is the block job's canonical encoding.
func (j *BlockJob) MarshalBinary() ([]byte, error) {
	if _, err := j.Next(); err != nil {
		return nil, err
	}
	var e wire.Encoder
	e.WriteString(blockJobMagic)
	e.U64(blockJobVersion)
	if err := e.Proof(j.Root); err != nil {
		return nil, err
	}
	s := &j.Subtree
	e.U64(uint64(s.Height))
	e.U64(s.Index)
	e.Els(s.CheckpointRoot, s.Old, s.New)
	c := &j.Parent
	e.U64(c.Number)
	e.Els(c.Prev, c.GUSRRoot, c.GCONRoot, c.Root)
	e.Write(c.PoH[:])
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
	out.Root = d.Proof()
	out.Subtree.Height = d.Count(state.DepthGUSR, state.DepthGUSR, "root height")
	out.Subtree.Index = d.U64()
	out.Subtree.CheckpointRoot, out.Subtree.Old, out.Subtree.New = d.El(), d.El(), d.El()
	c := &out.Parent
	c.Number = d.U64()
	c.Prev, c.GUSRRoot, c.GCONRoot, c.Root = d.El(), d.El(), d.El(), d.El()
	copy(c.PoH[:], d.Read(32))
	copy(out.PoH[:], d.Read(32))
	if err := d.Finish(); err != nil {
		return err
	}
	if err := c.Verify(); err != nil {
		return fmt.Errorf("%w: %v", wire.ErrEncoding, err)
	}
	if _, err := out.Next(); err != nil {
		return fmt.Errorf("%w: %v", wire.ErrEncoding, err)
	}
	*j = out
	return nil
}
