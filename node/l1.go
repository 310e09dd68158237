package node

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/parthnet/parth/consensus"
	"github.com/parthnet/parth/contracts"
	"github.com/parthnet/parth/contracts/anchor"
	"github.com/parthnet/parth/prover"
)

// simulatedL1 is go-ethereum's in-process L1 with the Rollup deployed at
// the chain's genesis checkpoint (doc.go: it starts empty every time).
type simulatedL1 struct {
	sim    *anchor.Simulated
	anchor *anchor.Anchor
}

func openSimulatedL1(ctx context.Context, bk *prover.Keys, genesis fr.Element, set *consensus.ValidatorSet, log *slog.Logger) (*simulatedL1, error) {
	bin, err := verifierBytecode(bk)
	if err != nil {
		return nil, err
	}
	sim, key := anchor.NewDevSimulated()
	v, r, err := anchor.Deploy(ctx, sim.Client(), key, bin, genesis, set)
	if err != nil {
		sim.Close()
		return nil, fmt.Errorf("node: deploying the Rollup on the simulated L1: %w", err)
	}
	log.Info("rollup deployed on the simulated L1", "verifier", v, "rollup", r)
	return &simulatedL1{sim: sim, anchor: &anchor.Anchor{Chain: sim.Client(), Rollup: r, Key: key, Log: log}}, nil
}

func (l *simulatedL1) Close() error { return l.sim.Close() }

// verifierBytecode is the block key's Solidity verifier: the built-in
// template (contracts.BlockVerifier, compiled by make generate) with the
// key's values; no compiler runs.
func verifierBytecode(bk *prover.Keys) ([]byte, error) {
	tmpl, err := contracts.BlockVerifier()
	if err != nil {
		return nil, err
	}
	bin, err := tmpl.Bytecode(bk.G16VK)
	if err != nil {
		return nil, fmt.Errorf("node: the block verifier: %w", err)
	}
	return bin, nil
}
