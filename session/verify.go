package session

import (
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark/backend/witness"

	"github.com/parthnet/parth/prover"
	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/hashing"
)

// publicInput is the one-element public witness of our circuits.
func publicInput(v fr.Element) (witness.Witness, error) {
	w, err := witness.New(hashing.Field())
	if err != nil {
		return nil, err
	}
	ch := make(chan any, 1)
	ch <- v
	close(ch)
	if err := w.Fill(1, 0, ch); err != nil {
		return nil, err
	}
	return w, nil
}

func verify(k *prover.Keys, p *prover.Proof, public fr.Element, what string) error {
	if p == nil {
		return fmt.Errorf("%w: no %s proof", ErrBundleShape, what)
	}
	w, err := publicInput(public)
	if err != nil {
		return err
	}
	if err := k.VerifyWitness(p, w, prover.ForRecursion()); err != nil {
		return fmt.Errorf("%w: %s: %v", ErrProof, what, err)
	}
	return nil
}

// Verify discharges a bundle natively: the twin of the end-cap circuit.
// It does not check that the checkpoint is in a block's window (the
// aggregation tree does).
func (k *Keys) Verify(b *Bundle) error {
	if b.EndCap == nil || len(b.Steps) == 0 || len(b.Steps) != len(b.CFCs) || len(b.CFCs) != len(b.CFCKeys) ||
		len(b.StepProofs) != len(b.Steps) || len(b.CFCProofs) != len(b.CFCs) {
		return fmt.Errorf("%w: %d steps, %d cfc headers, %d keys, %d step proofs, %d cfc proofs", ErrBundleShape,
			len(b.Steps), len(b.CFCs), len(b.CFCKeys), len(b.StepProofs), len(b.CFCProofs))
	}
	h := &b.EndCap.Header
	start := h.Start()
	if b.Start != start {
		return fmt.Errorf("%w: start header is not the end cap's", ErrChain)
	}
	if err := verify(k.Start, b.StartProof, start.Hash(), "start"); err != nil {
		return err
	}
	err := k.walkSteps(h, b.Steps, b.StepProofs, func(i int, s *state.StepHeader) error {
		// The attested CFC proof: its key and header are the ones named.
		if state.Attestation(b.CFCKeys[i], b.CFCs[i].Hash()) != s.CFC {
			return fmt.Errorf("%w: step %d's CFC", ErrAttestation, i+1)
		}
		f, err := k.byHash(b.CFCKeys[i])
		if err != nil {
			return err
		}
		return verify(f.Keys, b.CFCProofs[i], b.CFCs[i].Hash(), fmt.Sprintf("cfc %d", i+1))
	})
	if err != nil {
		return err
	}
	// The signature: by the user's key, over the payload of this transition.
	if b.SigKey != k.EdDSAHash {
		return fmt.Errorf("%w: unknown signature circuit", ErrSignature)
	}
	if err := checkpointOf(h, &b.Checkpoint); err != nil {
		return err
	}
	if err := signedBy(h, &b.Checkpoint, b.SigKey, b.SigParams); err != nil {
		return err
	}
	return verify(k.EdDSA, b.SigProof, state.SignatureStatement(b.SigParams, h.Payload), "signature")
}

// walkSteps checks a session's step chain, from the start header the
// end-cap header implies to the header's end state, and each step proof;
// each checks what step i attests (its CFC proof).
func (k *Keys) walkSteps(h *state.EndCapHeader, steps []state.StepHeader, proofs []*prover.Proof, each func(i int, s *state.StepHeader) error) error {
	start := h.Start()
	prev, before := start.Hash(), start.UCONStart
	for i := range steps {
		s := &steps[i]
		if s.User != start.User || s.Nonce != start.Nonce || s.PublicKey != start.PublicKey ||
			s.CheckpointRoot != start.CheckpointRoot || s.UCONStart != start.UCONStart ||
			s.Step != uint64(i+1) || s.Prev != prev || s.UCONBefore != before {
			return fmt.Errorf("%w: step %d does not follow the session's chain", ErrChain, i+1)
		}
		if err := verify(k.Step, proofs[i], s.Hash(), fmt.Sprintf("step %d", i+1)); err != nil {
			return err
		}
		if err := each(i, s); err != nil {
			return err
		}
		prev, before = s.Hash(), s.UCONAfter
	}
	if before != h.UCONAfter {
		return fmt.Errorf("%w: steps end at another UCON root", ErrChain)
	}
	return nil
}

// checkpointOf checks that c is the preimage of the checkpoint the end cap
// read: it hashes to its root, with the header's number and root.
func checkpointOf(h *state.EndCapHeader, c *state.Checkpoint) error {
	if err := c.Verify(); err != nil {
		return fmt.Errorf("%w: %v", ErrBundleShape, err)
	}
	if c.Number != h.Checkpoint || c.Root != h.CheckpointRoot {
		return fmt.Errorf("%w: checkpoint %d is not the end cap's (%d)", ErrBundleShape, c.Number, h.Checkpoint)
	}
	return nil
}

// signedBy checks that a signature key is the end cap's user's and that
// the header's payload is H(chain, user, nonce, start, end) of its
// transition, on the chain of the checkpoint it read.
func signedBy(h *state.EndCapHeader, chk *state.Checkpoint, sigKey fr.Element, params [state.SignatureParams]fr.Element) error {
	if state.PublicKey(sigKey, params) != h.PublicKey {
		return fmt.Errorf("%w: key is not the user's", ErrSignature)
	}
	if h.Payload != state.Payload(chk.Chain, h.User, h.Nonce, h.UCONBefore, h.UCONAfter) {
		return fmt.Errorf("%w: payload is not H(chain, user, nonce, start, end)", ErrSignature)
	}
	return nil
}
