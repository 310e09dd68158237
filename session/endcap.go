package session

import (
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/parthnet/parth/circuits/node"
	"github.com/parthnet/parth/prover"
	"github.com/parthnet/parth/state"
)

// nodeProof is one proven node of a session tree.
type nodeProof struct {
	header state.NodeHeader
	proof  *prover.Proof
}

func (k *Keys) child(keys *prover.Keys, p *prover.Proof, public fr.Element, what string) (node.Child, error) {
	if p == nil || p.System != prover.Groth16 {
		return node.Child{}, fmt.Errorf("%w: no Groth16 %s proof", ErrBundleShape, what)
	}
	return node.AssignChild(keys.G16VK, p.Groth16, public)
}

func (p *Prover) proveNode(b *Bundle, name string, left, right node.Child, l node.Logic, out state.NodeHeader) (nodeProof, error) {
	var proof *prover.Proof
	err := b.timed(name, func() (err error) {
		proof, err = p.Keys.Node.Prove(p.backend(), node.Assign(left, right, l, out.Hash()), prover.ForRecursion())
		return err
	})
	if err != nil {
		return nodeProof{}, fmt.Errorf("%s: %w", name, err)
	}
	p.log().Info("proved node", "node", name, "took", b.Timings[len(b.Timings)-1].Took)
	return nodeProof{header: out, proof: proof}, nil
}

// EndCap proves the session's end cap from a wrapped bundle (Prove, then
// Wrap): one pair node per call (step i with its wrapped CFC proof), join
// nodes up a balanced binary tree over the calls, and one end node with the
// wrapped signature proof. A one-call session costs two node proofs.
//
// EndCap needs only the bundle and the keys, so the same call runs on the
// user's machine or on a prover of the network that received the bundle;
// either way the result is the proof that VerifyEndCap accepts. LoadWrap and
// LoadNode first.
func (p *Prover) EndCap(b *Bundle) error {
	k := p.Keys
	if k.Node == nil || k.Wrap == nil {
		return fmt.Errorf("%w: wrapper and node keys not loaded", ErrBundleShape)
	}
	if len(b.Steps) == 0 || len(b.WrappedCFCs) != len(b.Steps) || len(b.StepProofs) != len(b.Steps) || b.WrappedSig == nil {
		return fmt.Errorf("%w: %d steps, %d step proofs, %d wrapped cfc proofs, wrapped signature %t (Wrap first)",
			ErrBundleShape, len(b.Steps), len(b.StepProofs), len(b.WrappedCFCs), b.WrappedSig != nil)
	}
	ks := k.NodeKeys.Hash()
	level := make([]nodeProof, len(b.Steps))
	for i := range b.Steps {
		s := &b.Steps[i]
		left, err := k.child(k.Step, b.StepProofs[i], s.Hash(), fmt.Sprintf("step %d", i+1))
		if err != nil {
			return err
		}
		right, err := k.child(k.Wrap, b.WrappedCFCs[i], s.CFC, fmt.Sprintf("wrapped cfc %d", i+1))
		if err != nil {
			return err
		}
		if level[i], err = p.proveNode(b, fmt.Sprintf("node pair %d", i+1), left, right, node.PairLogic(&k.NodeKeys, s),
			state.SegmentOf(ks, s)); err != nil {
			return err
		}
	}
	for len(level) > 1 {
		var next []nodeProof
		for i := 0; i+1 < len(level); i += 2 {
			a, c := &level[i], &level[i+1]
			out, err := state.JoinSegments(a.header, c.header)
			if err != nil {
				return fmt.Errorf("%w: %v", ErrChain, err)
			}
			left, err := k.child(k.Node, a.proof, a.header.Hash(), "node")
			if err != nil {
				return err
			}
			right, err := k.child(k.Node, c.proof, c.header.Hash(), "node")
			if err != nil {
				return err
			}
			n, err := p.proveNode(b, fmt.Sprintf("node join %d", len(b.Timings)), left, right,
				node.JoinLogic(&k.NodeKeys, &a.header, &c.header), out)
			if err != nil {
				return err
			}
			next = append(next, n)
		}
		if len(level)%2 == 1 {
			next = append(next, level[len(level)-1])
		}
		level = next
	}
	seg := level[0]
	h := &b.EndCap.Header
	last := &b.Steps[len(b.Steps)-1]
	left, err := k.child(k.Node, seg.proof, seg.header.Hash(), "node")
	if err != nil {
		return err
	}
	right, err := k.child(k.Wrap, b.WrappedSig, state.Attestation(b.SigKey, state.SignatureStatement(b.SigParams, h.Payload)), "wrapped signature")
	if err != nil {
		return err
	}
	chk, err := b.checkpoint()
	if err != nil {
		return err
	}
	end, err := p.proveNode(b, "node end", left, right, node.EndLogic(&k.NodeKeys, &seg.header, last, chk, b.SigKey, b.SigParams),
		state.EndCapOf(ks, h))
	if err != nil {
		return err
	}
	b.EndCapProof = end.proof
	return nil
}

// VerifyEndCap checks an end-cap proof against the end-cap header it claims,
// with this node key set: the network's acceptance of a user's session.
func (k *Keys) VerifyEndCap(h *state.EndCapHeader, p *prover.Proof) error {
	if k.Node == nil {
		return fmt.Errorf("%w: node keys not loaded", ErrBundleShape)
	}
	if p == nil {
		return fmt.Errorf("%w: no end-cap proof", ErrBundleShape)
	}
	out := state.EndCapOf(k.NodeKeys.Hash(), h)
	return verify(k.Node, p, out.Hash(), "end cap")
}
