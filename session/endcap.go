package session

import (
	"fmt"
	"time"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/parthnet/parth/circuits/node"
	"github.com/parthnet/parth/circuits/wrap"
	"github.com/parthnet/parth/prover"
	"github.com/parthnet/parth/state"
)

// nodeProof is one proven node of a session tree.
type nodeProof struct {
	header state.NodeHeader
	proof  *prover.Proof
}

func (k *NetworkKeys) child(keys *prover.Keys, p *prover.Proof, public fr.Element, what string) (node.Child, error) {
	if p == nil || p.System != prover.Groth16 {
		return node.Child{}, fmt.Errorf("%w: no Groth16 %s proof", ErrBundleShape, what)
	}
	return node.AssignChild(keys.G16VK, p.Groth16, public)
}

// timings collects how long each node took.
type timings []Timing

func (t *timings) timed(name string, f func() error) error {
	start := time.Now()
	err := f()
	*t = append(*t, Timing{Proof: name, Took: time.Since(start)})
	return err
}

func (p *EndCapProver) proveNode(tm *timings, name string, left, right node.Child, l node.Logic, out state.NodeHeader) (nodeProof, error) {
	var proof *prover.Proof
	err := tm.timed(name, func() (err error) {
		proof, err = p.Keys.Node.Prove(p.backend(), node.Assign(left, right, l, out.Hash()), prover.ForRecursion())
		return err
	})
	if err != nil {
		return nodeProof{}, fmt.Errorf("%s: %w", name, err)
	}
	p.log().Info("proved node", "node", name, "took", (*tm)[len(*tm)-1].Took)
	return nodeProof{header: out, proof: proof}, nil
}

// EndCap proves the bundle's end cap and stores it in b.EndCapProof:
// ProveEndCap on b.Job(), as the network does with the job a user sends.
func (p *EndCapProver) EndCap(b *Bundle) error {
	j, err := b.Job()
	if err != nil {
		return err
	}
	proof, tm, err := p.ProveEndCap(j)
	b.Timings = append(b.Timings, tm...)
	if err != nil {
		return err
	}
	b.EndCapProof = proof
	return nil
}

// ProveEndCap proves a session's end cap. A job with direct data (a
// one-call session signed with the standard EdDSA key) is one wrapper
// proof in cap mode (proveCap). Otherwise it wraps each call's CFC proof,
// proves one pair node per call (step i with its wrapped CFC proof), join
// nodes up a balanced binary tree over the calls, and one end node with the
// signature proof. A one-call session costs one wrap and two node proofs,
// all on the network's side: the user's part ends with the job.
//
// The job carries everything, so the same call runs on the user's machine
// or on a prover of the network that received the job's encoding; either
// way the result is the proof VerifyEndCap accepts for the job's header.
func (p *EndCapProver) ProveEndCap(j *EndCapJob) (*prover.Proof, []Timing, error) {
	k := p.Keys
	if err := k.CheckEndCapJob(j); err != nil {
		return nil, nil, err
	}
	var tm timings
	if j.Direct != nil {
		proof, err := p.proveCap(&tm, j)
		return proof, tm, err
	}
	ks := k.NodeKeys.Hash()
	level := make([]nodeProof, len(j.Steps))
	for i := range j.Steps {
		s := &j.Steps[i]
		left, err := k.child(k.Step, j.StepProofs[i], s.Hash(), fmt.Sprintf("step %d", i+1))
		if err != nil {
			return nil, tm, err
		}
		w, err := p.wrapCFC(&tm, j, i)
		if err != nil {
			return nil, tm, err
		}
		right, err := k.child(k.Wrap, w, s.CFC, fmt.Sprintf("wrapped cfc %d", i+1))
		if err != nil {
			return nil, tm, err
		}
		if level[i], err = p.proveNode(&tm, fmt.Sprintf("node pair %d", i+1), left, right, node.PairLogic(&k.NodeKeys, s),
			state.SegmentOf(ks, s)); err != nil {
			return nil, tm, err
		}
	}
	for joins := 1; len(level) > 1; {
		var next []nodeProof
		for i := 0; i+1 < len(level); i += 2 {
			a, c := &level[i], &level[i+1]
			out, err := state.JoinSegments(a.header, c.header)
			if err != nil {
				return nil, tm, fmt.Errorf("%w: %v", ErrChain, err)
			}
			left, err := k.child(k.Node, a.proof, a.header.Hash(), "node")
			if err != nil {
				return nil, tm, err
			}
			right, err := k.child(k.Node, c.proof, c.header.Hash(), "node")
			if err != nil {
				return nil, tm, err
			}
			n, err := p.proveNode(&tm, fmt.Sprintf("node join %d", joins), left, right,
				node.JoinLogic(&k.NodeKeys, &a.header, &c.header), out)
			if err != nil {
				return nil, tm, err
			}
			joins++
			next = append(next, n)
		}
		if len(level)%2 == 1 {
			next = append(next, level[len(level)-1])
		}
		level = next
	}
	seg := level[0]
	h := &j.Header
	left, err := k.child(k.Node, seg.proof, seg.header.Hash(), "node")
	if err != nil {
		return nil, tm, err
	}
	sk, public, what, err := k.signature(j.SigKey, j.SigParams, h.Payload)
	if err != nil {
		return nil, tm, err
	}
	right, err := k.child(sk, j.SigProof, public, what)
	if err != nil {
		return nil, tm, err
	}
	end, err := p.proveNode(&tm, "node end", left, right,
		node.EndLogic(&k.NodeKeys, &seg.header, &j.Steps[len(j.Steps)-1], &j.Checkpoint, j.SigKey, j.SigParams),
		state.EndCapOf(ks, h))
	if err != nil {
		return nil, tm, err
	}
	return end.proof, tm, nil
}

// wrapCFC wraps call i's CFC proof into the wrapper's Groth16 proof of its
// attestation H(key hash, header hash), which step i attests.
func (p *EndCapProver) wrapCFC(tm *timings, j *EndCapJob, i int) (*prover.Proof, error) {
	f, err := p.Keys.byHash(j.CFCKeys[i])
	if err != nil {
		return nil, err
	}
	a, err := wrap.Assign(f.Keys.PlVK, j.CFCProofs[i].PLONK, j.CFCPublics[i])
	if err != nil {
		return nil, fmt.Errorf("%w: cfc %d: %v", ErrBundleShape, i+1, err)
	}
	var w *prover.Proof
	err = tm.timed(fmt.Sprintf("wrap cfc %d", i), func() (err error) {
		w, err = p.Keys.Wrap.Prove(p.backend(), a, prover.ForRecursion())
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("wrap cfc %d: %w", i+1, err)
	}
	p.log().Info("wrapped cfc proof", "call", i+1, "took", (*tm)[len(*tm)-1].Took)
	return w, nil
}

// VerifyEndCap checks an end-cap proof against the end-cap header it claims,
// with this node key set: the network's acceptance of a user's session.
func (k *NetworkKeys) VerifyEndCap(h *state.EndCapHeader, p *prover.Proof) error {
	_, err := k.EndCapKey(h, p)
	return err
}

// EndCapKey is the key an end-cap proof of header h verifies under: the
// node's (an end node) or the wrapper's (its cap mode), both with the
// end cap's node header of this key set as public input. The aggregation
// node that takes the end cap as a child verifies it with that key.
func (k *NetworkKeys) EndCapKey(h *state.EndCapHeader, p *prover.Proof) (*prover.Keys, error) {
	if p == nil {
		return nil, fmt.Errorf("%w: no end-cap proof", ErrBundleShape)
	}
	out := state.EndCapOf(k.NodeKeys.Hash(), h)
	errNode := verify(k.Node, p, out.Hash(), "end cap")
	if errNode == nil {
		return k.Node, nil
	}
	if verify(k.Wrap, p, out.Hash(), "end cap") == nil {
		return k.Wrap, nil
	}
	return nil, errNode
}

// VerifyNode checks a node proof against the public input its header
// hashes to (with this key set): how an aggregator checks a worker's result.
func (k *NetworkKeys) VerifyNode(public fr.Element, p *prover.Proof) error {
	return verify(k.Node, p, public, "node")
}

// signature is the key that verifies a session's signature proof and the
// public input it must have: a standard signature circuit's own key and the
// statement, or the wrapper and the attestation of the user's PLONK
// signature circuit and the statement (the end node's rule).
func (k *NetworkKeys) signature(sigKey fr.Element, params [state.SignatureParams]fr.Element, payload fr.Element) (*prover.Keys, fr.Element, string, error) {
	stmt := state.SignatureStatement(params, payload)
	switch sigKey {
	case k.NodeKeys.EdDSA:
		return k.EdDSA, stmt, "eddsa signature", nil
	case k.NodeKeys.ECDSA:
		return k.ECDSA, stmt, "ecdsa signature", nil
	}
	return k.Wrap, state.Attestation(sigKey, stmt), "wrapped signature", nil
}

// CheckEndCapJob checks, natively and in milliseconds, what the end-cap
// proof will check of a job's inputs: the shape, every step proof, CFC
// proof (its circuit must be a known function's, and step i must attest
// it) and the signature proof against its key, the step chain from the
// session's start header to the header's end state, and the signature's
// statement. An aggregator runs it before a job enters the queue and a
// prover before it spends minutes proving; a job that passes proves
// (barring key mismatch).
func (k *NetworkKeys) CheckEndCapJob(j *EndCapJob) error {
	calls, err := j.checked()
	if err != nil {
		return err
	}
	return k.checkProofs(j, calls)
}

// checkProofs is CheckEndCapJob after the job's own checks (checked, which
// found calls).
func (k *NetworkKeys) checkProofs(j *EndCapJob, calls []*state.TreeDelta) error {
	h := &j.Header
	err := k.walkSteps(h, j.Steps, j.StepProofs, func(i int, s *state.StepHeader) error {
		if state.Attestation(j.CFCKeys[i], j.CFCPublics[i]) != s.CFC {
			return fmt.Errorf("%w: step %d's CFC", ErrAttestation, i+1)
		}
		f, err := k.byHash(j.CFCKeys[i])
		if err != nil {
			return err
		}
		return verify(f.Keys, j.CFCProofs[i], j.CFCPublics[i], fmt.Sprintf("cfc %d", i+1))
	})
	if err != nil {
		return err
	}
	if err := signedBy(h, &j.Checkpoint, j.SigKey, j.SigParams); err != nil {
		return err
	}
	if j.Direct != nil {
		if err := k.checkDirect(j, calls); err != nil {
			return err
		}
	}
	sk, public, what, err := k.signature(j.SigKey, j.SigParams, h.Payload)
	if err != nil {
		return err
	}
	return verify(sk, j.SigProof, public, what)
}
