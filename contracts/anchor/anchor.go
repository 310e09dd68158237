package anchor

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"time"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/parthnet/parth/consensus"
	"github.com/parthnet/parth/contracts"
)

// Chain is what the anchor needs of an L1 endpoint (go-ethereum's
// ethclient.Client and the simulated backend's client are both one).
type Chain interface {
	bind.ContractBackend
	bind.DeployBackend
	ethereum.ChainIDReader
}

var (
	// ErrReverted is a transaction the Rollup refuses (wrapping its
	// decoded error); it is never retried.
	ErrReverted = errors.New("anchor: the Rollup refused the block")
	// ErrConflict is a block number the Rollup holds with another checkpoint.
	ErrConflict = errors.New("anchor: the Rollup holds another checkpoint at this number")
)

// Anchor submits blocks to one Rollup from one account.
type Anchor struct {
	Chain  Chain
	Rollup common.Address
	Key    *ecdsa.PrivateKey
	Log    *slog.Logger
	// Retries of a transient failure (default 5), the first after Backoff
	// (default 1 s), doubling.
	Retries int
	Backoff time.Duration

	abi *contracts.Rollup
}

// Result is what Submit did.
type Result struct {
	Number  uint64
	Already bool           // the block was anchored before (nothing sent)
	Tx      common.Hash    // the transaction that anchored it (zero if Already)
	GasUsed uint64         // gas the transaction used
	Receipt *types.Receipt // its receipt
}

func (a *Anchor) rollup() *contracts.Rollup {
	if a.abi == nil {
		a.abi = contracts.NewRollup()
	}
	return a.abi
}

func (a *Anchor) log() *slog.Logger {
	if a.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return a.Log
}

// State is the Rollup's latest block number and checkpoint.
func (a *Anchor) State(ctx context.Context) (uint64, fr.Element, error) {
	r := a.rollup()
	c := r.Instance(a.Chain, a.Rollup)
	opts := &bind.CallOpts{Context: ctx}
	n, err := bind.Call(c, opts, r.PackBlockNumber(), r.UnpackBlockNumber)
	if err != nil {
		return 0, fr.Element{}, fmt.Errorf("anchor: read block number: %w", err)
	}
	ck, err := bind.Call(c, opts, r.PackCheckpoint(), r.UnpackCheckpoint)
	if err != nil {
		return 0, fr.Element{}, fmt.Errorf("anchor: read checkpoint: %w", err)
	}
	var e fr.Element
	e.SetBigInt(ck)
	return n.Uint64(), e, nil
}

// Checkpoint is the checkpoint the Rollup holds for block n (zero if none).
func (a *Anchor) Checkpoint(ctx context.Context, n uint64) (fr.Element, error) {
	r := a.rollup()
	ck, err := bind.Call(r.Instance(a.Chain, a.Rollup), &bind.CallOpts{Context: ctx}, r.PackCheckpoints(new(big.Int).SetUint64(n)), r.UnpackCheckpoints)
	if err != nil {
		return fr.Element{}, fmt.Errorf("anchor: read checkpoint %d: %w", n, err)
	}
	var e fr.Element
	e.SetBigInt(ck)
	return e, nil
}

// send anchors block n with checkpoint chkp, certified by qc under set,
// with its block proof in gnark's Solidity encoding (EVMProof), retrying
// transient failures.
func (a *Anchor) send(ctx context.Context, set *consensus.ValidatorSet, qc *consensus.QC, n uint64, chkp fr.Element, proof []byte) (*Result, error) {
	retries, backoff := a.Retries, a.Backoff
	if retries == 0 {
		retries = 5
	}
	if backoff == 0 {
		backoff = time.Second
	}
	keys, stakes, err := L1ValidatorSet(set)
	if err != nil {
		return nil, err
	}
	cert, err := L1Certificate(qc)
	if err != nil {
		return nil, err
	}
	data := a.rollup().PackSubmitBlock(proof, keys, stakes, cert)
	for attempt := 0; ; attempt++ {
		res, err := a.submit(ctx, n, chkp, data)
		if err == nil || errors.Is(err, ErrReverted) || errors.Is(err, ErrConflict) || ctx.Err() != nil || attempt >= retries {
			return res, err
		}
		a.log().Warn("anchor: submit failed, retrying", "block", n, "attempt", attempt+1, "in", backoff, "err", err)
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(backoff):
		}
		backoff *= 2
	}
}

func (a *Anchor) submit(ctx context.Context, n uint64, chkp fr.Element, data []byte) (*Result, error) {
	have, _, err := a.State(ctx)
	if err != nil {
		return nil, err
	}
	if have >= n {
		held, err := a.Checkpoint(ctx, n)
		if err != nil {
			return nil, err
		}
		if !held.Equal(&chkp) {
			return nil, fmt.Errorf("%w: block %d is %s on L1, not %s", ErrConflict, n, held.String(), chkp.String())
		}
		a.log().Info("anchor: block already anchored", "block", n)
		return &Result{Number: n, Already: true}, nil
	}
	r := a.rollup()
	from := crypto.PubkeyToAddress(a.Key.PublicKey)
	gas, err := a.Chain.EstimateGas(ctx, ethereum.CallMsg{From: from, To: &a.Rollup, Data: data})
	if err != nil {
		if rev := a.revert(err); rev != nil {
			return nil, rev
		}
		return nil, fmt.Errorf("anchor: estimate gas of block %d: %w", n, err)
	}
	id, err := a.Chain.ChainID(ctx)
	if err != nil {
		return nil, fmt.Errorf("anchor: chain id: %w", err)
	}
	opts := bind.NewKeyedTransactor(a.Key, id)
	opts.Context = ctx
	opts.GasLimit = gas + gas/4
	tx, err := r.Instance(a.Chain, a.Rollup).RawTransact(opts, data)
	if err != nil {
		return nil, fmt.Errorf("anchor: send block %d: %w", n, err)
	}
	a.log().Info("anchor: sent block", "block", n, "tx", tx.Hash(), "gas_estimate", gas)
	rc, err := bind.WaitMined(ctx, a.Chain, tx.Hash())
	if err != nil {
		return nil, fmt.Errorf("anchor: wait for block %d's transaction %s: %w", n, tx.Hash(), err)
	}
	if rc.Status != types.ReceiptStatusSuccessful {
		// Estimated to succeed, then reverted: the state changed in between
		// (another submission of the same block). The next attempt reads it.
		return nil, fmt.Errorf("anchor: block %d's transaction %s reverted", n, tx.Hash())
	}
	a.log().Info("anchor: block anchored", "block", n, "tx", tx.Hash(), "gas_used", rc.GasUsed, "l1_block", rc.BlockNumber)
	return &Result{Number: n, Tx: tx.Hash(), GasUsed: rc.GasUsed, Receipt: rc}, nil
}

// revert decodes the Rollup's error in a failed estimate (nil if it is not
// a revert).
func (a *Anchor) revert(err error) error {
	var de rpc.DataError
	if !errors.As(err, &de) {
		return nil
	}
	s, ok := de.ErrorData().(string)
	if !ok {
		return nil
	}
	raw := common.FromHex(s)
	if len(raw) < 4 {
		return fmt.Errorf("%w: %v", ErrReverted, err)
	}
	e, uerr := a.rollup().UnpackError(raw)
	if uerr != nil {
		return fmt.Errorf("%w: %v (data %s)", ErrReverted, err, s)
	}
	return fmt.Errorf("%w: %s", ErrReverted, describe(e))
}

func describe(e any) string {
	switch e := e.(type) {
	case *contracts.RollupBlockOutOfOrder:
		return fmt.Sprintf("BlockOutOfOrder(expected %s, got %s)", e.Expected, e.Got)
	case *contracts.RollupProofRejected:
		return fmt.Sprintf("ProofRejected(block %s)", e.Number)
	case *contracts.RollupNoQuorum:
		return fmt.Sprintf("NoQuorum(signed %s of %s stake)", e.Signed, e.Total)
	case *contracts.RollupBadAggregateSignature:
		return "BadAggregateSignature"
	case *contracts.RollupBadSignerBitmap:
		return "BadSignerBitmap"
	case *contracts.RollupWrongValidatorSet:
		return "WrongValidatorSet"
	case *contracts.RollupCheckpointNotInField:
		return fmt.Sprintf("CheckpointNotInField(%s)", e.Checkpoint)
	}
	return fmt.Sprintf("%T%+v", e, e)
}

// Deploy deploys a block verifier (its creation bytecode, from
// contracts.BlockVerifier's template) and a Rollup at genesis checkpoint genesis that
// takes the quorum certificates of set (its keys and stakes are committed
// at deployment). Anyone may then submit certified blocks.
func Deploy(ctx context.Context, chain Chain, key *ecdsa.PrivateKey, verifier []byte, genesis fr.Element, set *consensus.ValidatorSet) (verifierAddr, rollupAddr common.Address, err error) {
	keys, stakes, err := L1ValidatorSet(set)
	if err != nil {
		return verifierAddr, rollupAddr, err
	}
	id, err := chain.ChainID(ctx)
	if err != nil {
		return verifierAddr, rollupAddr, fmt.Errorf("anchor: chain id: %w", err)
	}
	opts := bind.NewKeyedTransactor(key, id)
	opts.Context = ctx
	verifierAddr, tx, err := bind.DeployContract(opts, verifier, chain, nil)
	if err != nil {
		return verifierAddr, rollupAddr, fmt.Errorf("anchor: deploy verifier: %w", err)
	}
	if _, err := bind.WaitDeployed(ctx, chain, tx.Hash()); err != nil {
		return verifierAddr, rollupAddr, fmt.Errorf("anchor: deploy verifier: %w", err)
	}
	bin, err := contracts.RollupBytecode()
	if err != nil {
		return verifierAddr, rollupAddr, err
	}
	r := contracts.NewRollup()
	rollupAddr, tx, err = bind.DeployContract(opts, bin, chain, r.PackConstructor(verifierAddr, genesis.BigInt(new(big.Int)), set.ChainID, keys, stakes))
	if err != nil {
		return verifierAddr, rollupAddr, fmt.Errorf("anchor: deploy rollup: %w", err)
	}
	if _, err := bind.WaitDeployed(ctx, chain, tx.Hash()); err != nil {
		return verifierAddr, rollupAddr, fmt.Errorf("anchor: deploy rollup: %w", err)
	}
	return verifierAddr, rollupAddr, nil
}

// L1ValidatorSet is set as the Rollup takes it: keys in EIP-2537 encoding
// and stakes, in the set's order (bit i of a certificate is validator i).
func L1ValidatorSet(set *consensus.ValidatorSet) (keys [][]byte, stakes []uint64, err error) {
	for i, v := range set.Validators {
		k, err := v.PublicKey.EIP2537()
		if err != nil {
			return nil, nil, fmt.Errorf("anchor: validator %d (%s): %w", i, v.Name, err)
		}
		keys, stakes = append(keys, k), append(stakes, v.Stake)
	}
	return keys, stakes, nil
}

// L1Certificate is qc as the Rollup takes it.
func L1Certificate(qc *consensus.QC) (contracts.ValidatorQuorumCertificate, error) {
	sig, err := qc.Sig.EIP2537()
	if err != nil {
		return contracts.ValidatorQuorumCertificate{}, fmt.Errorf("anchor: certificate of block %d: %w", qc.Block, err)
	}
	c := qc.Target.Checkpoint.Bytes()
	return contracts.ValidatorQuorumCertificate{
		Number:     qc.Block,
		Checkpoint: new(big.Int).SetBytes(c[:]),
		Poh:        qc.Target.PoH,
		Signers:    append([]byte(nil), qc.Signers...),
		Sig:        sig,
	}, nil
}
