package client

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/parthnet/parth/api"
	"github.com/parthnet/parth/consensus"
	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/validator"
)

// ErrNotFinalized is a checkpoint the validators have not certified yet.
var ErrNotFinalized = errors.New("client: checkpoint not finalized")

// ErrStale is a node answering "finalized" or "latest" with a checkpoint
// older than a certified one this Trust has seen: it is behind, or hides
// the chain's newer state.
var ErrStale = errors.New("client: the node serves an older checkpoint than one seen before")

// Trust is what a client starts from: the chain's genesis (its
// checkpoint and validator set). A checkpoint is trusted once its quorum
// certificate verifies against the set.
//
// A Trust remembers the newest certified checkpoint it verified (Seen), and
// refuses an older one as a node's "finalized" or "latest" (ErrStale): a
// node cannot roll a client back to an older, still certified state. It is
// safe for concurrent use.
type Trust struct {
	Set     *consensus.ValidatorSet
	Genesis state.Checkpoint

	seen atomic.Uint64
}

// Seen is the newest certified checkpoint's number verified so far.
func (t *Trust) Seen() uint64 { return t.seen.Load() }

// Saw records that certified checkpoint n exists (one verified elsewhere,
// or earlier by another process).
func (t *Trust) Saw(n uint64) {
	for {
		old := t.seen.Load()
		if n <= old || t.seen.CompareAndSwap(old, n) {
			return
		}
	}
}

// LoadTrust reads a chain's genesis file (a node writes it to
// <datadir>/genesis.json; validators start from the same file).
func LoadTrust(path string) (*Trust, error) {
	g, err := validator.ReadGenesis(path)
	if err != nil {
		return nil, err
	}
	return &Trust{Set: g.Set, Genesis: g.Checkpoint}, nil
}

// Check compares the node's /v1/info with the trusted genesis: a node of
// another chain is refused before anything is read from it.
func (t *Trust) Check(ctx context.Context, c *Client) (*api.Info, error) {
	info, err := c.Info(ctx)
	if err != nil {
		return nil, err
	}
	if info.ChainID != t.Set.ChainID || info.Genesis.Checkpoint != api.Element(t.Genesis.Root) {
		return info, fmt.Errorf("client: %s serves chain %d from genesis %s; the genesis file is chain %d from %s",
			c.URL(), info.ChainID, info.Genesis.Checkpoint, t.Set.ChainID, api.Element(t.Genesis.Root))
	}
	return info, nil
}

// Checkpoint fetches checkpoint n (a number, or "finalized") and verifies
// it: its preimage hashes to its root, and its certificate is a quorum of
// the genesis set signing this block's root and PoH hash. Genesis is
// checked against the trusted genesis instead.
func (t *Trust) Checkpoint(ctx context.Context, c *Client, n string) (state.Checkpoint, error) {
	a, err := c.Checkpoint(ctx, n)
	if err != nil {
		return state.Checkpoint{}, err
	}
	seen := t.Seen()
	cp, err := t.Verify(a)
	if err != nil {
		return cp, err
	}
	if (n == "finalized" || n == "latest") && cp.Number < seen {
		return cp, fmt.Errorf("%w: %s answers %q with CHKP(%d); CHKP(%d) is certified", ErrStale, c.URL(), n, cp.Number, seen)
	}
	return cp, nil
}

// Verify checks a checkpoint answer as Checkpoint does.
func (t *Trust) Verify(a *api.Checkpoint) (state.Checkpoint, error) {
	cp, err := a.Verify()
	if err != nil {
		return cp, err
	}
	if cp.Number == 0 {
		if cp != t.Genesis {
			return cp, fmt.Errorf("%w: the node's genesis checkpoint %s is not the trusted %s", state.ErrCheckpointMismatch, api.Element(cp.Root), api.Element(t.Genesis.Root))
		}
		return cp, nil
	}
	if a.QC == "" {
		return cp, fmt.Errorf("%w: CHKP(%d) has no quorum certificate yet (%s)", ErrNotFinalized, cp.Number, a.Status)
	}
	raw, err := hex.DecodeString(a.QC)
	if err != nil {
		return cp, fmt.Errorf("client: CHKP(%d)'s certificate: %w", cp.Number, err)
	}
	var qc consensus.QC
	if err := qc.UnmarshalBinary(raw); err != nil {
		return cp, fmt.Errorf("client: CHKP(%d)'s certificate: %w", cp.Number, err)
	}
	if qc.Block != cp.Number || !qc.Target.Checkpoint.Equal(&cp.Root) || qc.Target.PoH != cp.PoH {
		return cp, fmt.Errorf("%w: CHKP(%d)'s certificate is for block %d, another root or PoH hash", state.ErrCheckpointMismatch, cp.Number, qc.Block)
	}
	if err := consensus.VerifyQC(t.Set, &qc); err != nil {
		return cp, fmt.Errorf("client: CHKP(%d): %w", cp.Number, err)
	}
	t.Saw(cp.Number)
	return cp, nil
}
