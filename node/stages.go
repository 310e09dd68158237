package node

// The pipeline's stages, each a loop over durable records in block order:
// execute (native, at cut), prove (the aggregator over NATS), finalize
// (the validators' quorum certificate) and anchor (the L1 Rollup).

import (
	"context"
	"fmt"
	"time"

	"github.com/parthnet/parth/aggregator"
	"github.com/parthnet/parth/consensus"
	"github.com/parthnet/parth/contracts/anchor"
	"github.com/parthnet/parth/prover"
	"github.com/parthnet/parth/state"
)

// executeLoop applies each block as it is cut.
func (n *Node) executeLoop(ctx context.Context) error {
	for {
		select {
		case b := <-n.blocks:
			n.mu.Lock()
			n.cutAt[b.Number] = time.Now()
			n.mu.Unlock()
			n.changes.Ring() // its end caps are included
			if b.Number <= n.executed.Get() {
				// Applied at Open from the journal: it must be that block.
				c, err := n.chain.Checkpoint(b.Number)
				if err != nil {
					return err
				}
				if c.PoH != b.PoH {
					return fmt.Errorf("node: the sequencer cut block %d again with another PoH hash than the applied one", b.Number)
				}
				continue
			}
			if _, err := n.exec.Execute(b); err != nil {
				return err
			}
			n.executed.Advance(b.Number)
			n.metrics.stage("executed", b.Number, n.cutTime(b.Number))
		case <-ctx.Done():
			return nil
		}
	}
}

// input is block b's proving input, from the journal and the chain
// (Execute is idempotent on applied blocks).
func (n *Node) input(b uint64) (*ExecutedBlock, error) {
	blk, ok, err := n.journal.ReadBlock(b)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("node: block %d was executed but is not in the journal", b)
	}
	return n.exec.Execute(blk)
}

// proveLoop proves executed blocks in order.
func (n *Node) proveLoop(ctx context.Context) error {
	for b := n.proven.Get() + 1; ; b++ {
		if err := n.executed.Wait(ctx, b); err != nil {
			return nil
		}
		if p, err := n.rec.Proposal(b); err != nil {
			return err
		} else if p != nil {
			// Followed: proven by its leader, verified by this node's
			// validator before the block was executed.
			n.proven.Advance(b)
			n.metrics.stage("proven", b, n.cutTime(b))
			continue
		}
		x, err := n.input(b)
		if err != nil {
			return err
		}
		start := time.Now()
		r, err := n.agg.Prove(ctx, x.Input)
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			return fmt.Errorf("node: proving block %d: %w", b, err)
		}
		if r.Next != x.CHKP {
			return fmt.Errorf("node: block %d was proven to CHKP %s, the chain applied %s", b, r.Next.Root.String(), x.CHKP.Root.String())
		}
		n.log.Info("block proven", "block", b, "jobs", r.Jobs, "took", time.Since(start).Round(time.Millisecond), "since_cut", n.sinceCut(b))
		n.proven.Advance(b)
		n.metrics.stage("proven", b, n.cutTime(b))
	}
}

// hasProof reports whether block b has a proof: the aggregator's, or a
// followed leader's.
func (n *Node) hasProof(b uint64) (bool, error) {
	if p, err := n.rec.Proposal(b); err != nil || p != nil {
		return p != nil, err
	}
	c, err := aggregator.ProvenCheckpoint(n.st, b)
	return c != nil, err
}

// blockProof is proven block b's checkpoint and proof, from the
// aggregator's records or the followed proposal.
func (n *Node) blockProof(b uint64) (*state.Checkpoint, *prover.Proof, error) {
	if p, err := n.rec.Proposal(b); err != nil {
		return nil, nil, err
	} else if p != nil {
		var proof prover.Proof
		if err := proof.UnmarshalBinary(p.Proof); err != nil {
			return nil, nil, fmt.Errorf("node: block %d's followed proof: %w", b, err)
		}
		return &p.Checkpoint, &proof, nil
	}
	r, err := aggregator.Records(n.st, b)
	if err != nil {
		return nil, nil, err
	}
	j := r.Job(aggregator.BlockKey)
	if r.Next == nil || j == nil {
		return nil, nil, fmt.Errorf("node: block %d has no proof record", b)
	}
	return r.Next, j.Proof, nil
}

// proposal is block b's proposal: the followed leader's, or this node's
// own, signed now (the same bytes every time: BLS signatures are
// deterministic).
func (n *Node) proposal(b uint64) (*consensus.Proposal, error) {
	if p, err := n.rec.Proposal(b); err != nil || p != nil {
		return p, err
	}
	blk, ok, err := n.journal.ReadBlock(b)
	if err != nil || !ok {
		return nil, fmt.Errorf("node: block %d is proven but not in the journal (%v)", b, err)
	}
	chkp, proof, err := n.blockProof(b)
	if err != nil {
		return nil, err
	}
	enc, err := proof.MarshalBinary()
	if err != nil {
		return nil, err
	}
	p := &consensus.Proposal{Block: blk, Checkpoint: *chkp, Proof: enc}
	p.Sign(n.key, n.cfg.Index, n.set.ChainID)
	return p, nil
}

// finalizeLoop has the validators vote on proven blocks in order and
// stores each quorum certificate.
func (n *Node) finalizeLoop(ctx context.Context) error {
	for b := n.finalized.Get() + 1; ; b++ {
		if err := n.proven.Wait(ctx, b); err != nil {
			return nil
		}
		p, err := n.proposal(b)
		if err != nil {
			return err
		}
		chkp := &p.Checkpoint
		qc, err := n.certify(ctx, p)
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			return err
		}
		if err := consensus.VerifyQC(n.set, qc); err != nil {
			return fmt.Errorf("node: block %d's certificate: %w", b, err)
		}
		if err := n.rec.PutQC(qc); err != nil {
			return err
		}
		n.log.Info("block finalized", "block", b, "checkpoint", chkp.Root.String(), "since_cut", n.sinceCut(b))
		n.finalized.Advance(b)
		n.metrics.stage("finalized", b, n.cutTime(b))
	}
}

// anchorLoop submits finalized blocks to the L1 Rollup in order, from the
// first it does not hold.
func (n *Node) anchorLoop(ctx context.Context) error {
	a := n.l1.anchor
	l1, _, err := a.State(ctx)
	if err != nil {
		return fmt.Errorf("node: L1: %w", err)
	}
	n.anchored.Advance(l1)
	for b := l1 + 1; ; b++ {
		if err := n.finalized.Wait(ctx, b); err != nil {
			return nil
		}
		qc, err := n.rec.QC(b)
		if err != nil || qc == nil {
			return fmt.Errorf("node: block %d is finalized without a certificate record (%v)", b, err)
		}
		chkp, proof, err := n.blockProof(b)
		if err != nil {
			return err
		}
		evm, err := anchor.EVMProof(proof)
		if err != nil {
			return err
		}
		r, err := a.SubmitFinalized(ctx, n.set, qc, b, chkp.Root, evm)
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			return fmt.Errorf("node: anchoring block %d: %w", b, err)
		}
		if !r.Already {
			if err := n.rec.PutAnchor(b, r.Tx); err != nil {
				return err
			}
		}
		n.log.Info("block anchored", "block", b, "tx", r.Tx, "gas", r.GasUsed, "since_cut", n.sinceCut(b))
		n.anchored.Advance(b)
		n.metrics.stage("anchored", b, n.cutTime(b))
		n.mu.Lock()
		delete(n.cutAt, b)
		n.mu.Unlock()
	}
}

func (n *Node) cutTime(b uint64) time.Time {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.cutAt[b]
}

func (n *Node) sinceCut(b uint64) string {
	t := n.cutTime(b)
	if t.IsZero() {
		return "before this start"
	}
	return time.Since(t).Round(time.Millisecond).String()
}
