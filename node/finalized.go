package node

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/parthnet/parth/consensus"
	"github.com/parthnet/parth/contracts"
	"github.com/parthnet/parth/prover"
	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/apps"
	"github.com/parthnet/parth/state/store"
	"github.com/parthnet/parth/validator"
)

// L1Data is what a node's data directory holds for L1: the validator
// set the Rollup must be deployed with, the genesis checkpoint it starts
// at, the block verifier's bytecode (the built-in template with the
// genesis file's block key), and every finalized block with its
// certificate and proof, in order.
type L1Data struct {
	Set      *consensus.ValidatorSet
	Genesis  state.Checkpoint
	Verifier []byte
	Blocks   []L1Block
}

// L1Block is a finalized block as L1 takes it.
type L1Block struct {
	CHKP  state.Checkpoint
	QC    *consensus.QC
	Proof *prover.Proof
}

// ReadL1Data reads a stopped node's data directory (the store is
// locked while the node runs).
func ReadL1Data(dataDir string) (*L1Data, error) {
	if b, err := os.ReadFile(filepath.Join(dataDir, dataDirMarker)); err != nil || string(b) != dataDirVersion {
		return nil, fmt.Errorf("node: %s is not a node's data directory (no %s marker of this version)", dataDir, dataDirMarker)
	}
	st, err := store.Open(filepath.Join(dataDir, "store"), store.Options{})
	if err != nil {
		return nil, fmt.Errorf("node: the store in %s (stop the node first: it holds the store while it runs): %w", dataDir, err)
	}
	defer st.Close()
	p, ok, err := Records{st}.params()
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("node: %s has no chain yet", dataDir)
	}
	out := &L1Data{}
	if out.Set, _, _, err = DevValidators(int(p.Validators), uint64(apps.ChainID)); err != nil {
		return nil, err
	}
	if out.Genesis, err = st.Checkpoint(0); err != nil {
		return nil, fmt.Errorf("node: the genesis checkpoint: %w", err)
	}
	// The verifier is built again from the chain's block key (the genesis
	// file's) and the template in this binary, not read from a file a
	// later edit could have changed.
	g, err := validator.ReadGenesis(filepath.Join(dataDir, "genesis.json"))
	if err != nil {
		return nil, fmt.Errorf("node: %s: the genesis file (the node writes it at its first start): %w", dataDir, err)
	}
	tmpl, err := contracts.BlockVerifier()
	if err != nil {
		return nil, err
	}
	if out.Verifier, err = tmpl.Bytecode(g.Block.G16VK); err != nil {
		return nil, fmt.Errorf("node: the block verifier: %w", err)
	}
	n := &Node{st: st, rec: Records{st}}
	last, err := n.rec.LastQC()
	if err != nil {
		return nil, err
	}
	for b := uint64(1); b <= last; b++ {
		qc, err := n.rec.QC(b)
		if err != nil {
			return nil, err
		}
		if qc == nil {
			return nil, fmt.Errorf("node: block %d has no certificate but block %d has", b, last)
		}
		chkp, proof, err := n.blockProof(b)
		if err != nil {
			return nil, err
		}
		if !qc.Target.Checkpoint.Equal(&chkp.Root) {
			return nil, fmt.Errorf("node: block %d's certificate is for another checkpoint than its proof", b)
		}
		out.Blocks = append(out.Blocks, L1Block{CHKP: *chkp, QC: qc, Proof: proof})
	}
	if len(out.Blocks) == 0 {
		return nil, errors.New("node: no finalized block yet")
	}
	return out, nil
}
