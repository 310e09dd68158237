package aggregator

import (
	"context"
	"errors"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/parthnet/parth/consensus"
	"github.com/parthnet/parth/contracts"
	"github.com/parthnet/parth/contracts/anchor"
	"github.com/parthnet/parth/prover"
	"github.com/parthnet/parth/state"
)

type l1Block struct {
	chkp  state.Checkpoint
	proof *prover.Proof
	qc    *consensus.QC // the validators' certificate
}

// anchorOnL1 deploys the block key's verifier (the built-in template with
// the key's values, as a node does: this checks contracts.BlockShape
// against the real block key) and the Rollup at
// genesis on a simulated L1 with mainnet rules and anchors the blocks in
// order; before each, a bit-flipped proof and the block out of order are
// refused and change nothing; after, a replay sends nothing.
func anchorOnL1(t *testing.T, bk *prover.Keys, set *consensus.ValidatorSet, genesis fr.Element, blocks []l1Block) {
	t.Helper()
	ctx := context.Background()
	tmpl, err := contracts.BlockVerifier()
	if err != nil {
		t.Fatal(err)
	}
	bin, err := tmpl.Bytecode(bk.G16VK)
	if err != nil {
		t.Fatal(err)
	}
	key, _ := crypto.GenerateKey()
	sim := anchor.NewSimulated(crypto.PubkeyToAddress(key.PublicKey))
	defer sim.Close()
	_, rollup, err := anchor.Deploy(ctx, sim.Client(), key, bin, genesis, set)
	if err != nil {
		t.Fatal(err)
	}
	a := &anchor.Anchor{Chain: sim.Client(), Rollup: rollup, Key: key, Backoff: 1}
	want := func(n uint64, c fr.Element) {
		t.Helper()
		gn, gc, err := a.State(ctx)
		if err != nil || gn != n || !gc.Equal(&c) {
			t.Fatalf("L1 state (%d, %s), %v; want (%d, %s)", gn, gc.String(), err, n, c.String())
		}
	}
	want(0, genesis)
	prev := genesis
	for i, b := range blocks {
		p, err := anchor.EVMProof(b.proof)
		if err != nil {
			t.Fatal(err)
		}
		flipped := append([]byte(nil), p...)
		flipped[100] ^= 4
		if _, err := a.SubmitFinalized(ctx, set, b.qc, b.chkp.Number, b.chkp.Root, flipped); !errors.Is(err, anchor.ErrReverted) {
			t.Fatalf("block %d: bit-flipped proof: %v", b.chkp.Number, err)
		}
		if i+1 < len(blocks) {
			nb := blocks[i+1]
			np, _ := anchor.EVMProof(nb.proof)
			if _, err := a.SubmitFinalized(ctx, set, nb.qc, nb.chkp.Number, nb.chkp.Root, np); !errors.Is(err, anchor.ErrReverted) {
				t.Fatalf("block %d before block %d: %v", nb.chkp.Number, b.chkp.Number, err)
			}
		}
		want(b.chkp.Number-1, prev)
		r, err := a.SubmitFinalized(ctx, set, b.qc, b.chkp.Number, b.chkp.Root, p)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("block %d anchored on L1: submitBlock gas used %d", b.chkp.Number, r.GasUsed)
		want(b.chkp.Number, b.chkp.Root)
		prev = b.chkp.Root
	}
	first, _ := anchor.EVMProof(blocks[0].proof)
	if r, err := a.SubmitFinalized(ctx, set, blocks[0].qc, blocks[0].chkp.Number, blocks[0].chkp.Root, first); err != nil || !r.Already {
		t.Fatalf("replay of block %d: %+v, %v", blocks[0].chkp.Number, r, err)
	}
}
