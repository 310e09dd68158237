package block

import (
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark/backend/witness"

	"github.com/parthnet/parth/prover"
	"github.com/parthnet/parth/state/hashing"
)

// Public is the block circuit's public witness: CHKP(n−1) and CHKP(n).
func Public(prev, next fr.Element) (witness.Witness, error) {
	w, err := witness.New(hashing.Field())
	if err != nil {
		return nil, err
	}
	ch := make(chan any, 2)
	ch <- prev
	ch <- next
	close(ch)
	if err := w.Fill(2, 0, ch); err != nil {
		return nil, err
	}
	return w, nil
}

// Verify checks a block proof of CHKP(n−1) → CHKP(n) under the block
// circuit's keys: what a validator checks before it votes and what the L1
// verifier checks before it anchors. Block proofs are made for the EVM
// (prover.ForEVM), so the L1 verifier accepts them as they are.
func Verify(k *prover.Keys, prev, next fr.Element, p *prover.Proof) error {
	w, err := Public(prev, next)
	if err != nil {
		return err
	}
	return k.VerifyWitness(p, w, prover.ForEVM())
}
