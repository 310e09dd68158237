package anchor

import (
	"context"
	"errors"
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/parthnet/parth/consensus"
)

// ErrNotFinalized is a block without a valid quorum certificate for its
// checkpoint.
var ErrNotFinalized = errors.New("anchor: block not finalized")

// SubmitFinalized anchors block n with checkpoint chkp and its block proof
// (gnark's Solidity encoding, EVMProof), certified by qc under set — the
// set the Rollup was deployed with. The certificate is checked here first
// (a bad one costs no gas and says why); the Rollup checks it again, so no
// submitting account is trusted.
func (a *Anchor) SubmitFinalized(ctx context.Context, set *consensus.ValidatorSet, qc *consensus.QC, n uint64, chkp fr.Element, proof []byte) (*Result, error) {
	if qc == nil {
		return nil, fmt.Errorf("%w: block %d has no certificate", ErrNotFinalized, n)
	}
	if err := consensus.VerifyQC(set, qc); err != nil {
		return nil, fmt.Errorf("%w: block %d: %v", ErrNotFinalized, n, err)
	}
	if qc.Block != n || !qc.Target.Checkpoint.Equal(&chkp) {
		return nil, fmt.Errorf("%w: the certificate is for block %d, checkpoint %s", ErrNotFinalized, qc.Block, qc.Target.Checkpoint.String())
	}
	return a.send(ctx, set, qc, n, chkp, proof)
}
