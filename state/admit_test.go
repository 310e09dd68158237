package state_test

import (
	"errors"
	"testing"

	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/apps"
	"github.com/parthnet/parth/state/hashing"
)

// TestAdmit: the node's native admission takes an end cap that block
// head+1 would apply, refuses each way one would not, and writes nothing.
func TestAdmit(t *testing.T) {
	w := newWorld(t)
	ec := proven(endCap(t, w, apps.Alice, apps.Transfer(apps.USDTContract, apps.Bob, 30)))
	if err := w.Chain.Admit(ec, 4); err != nil {
		t.Fatalf("a valid end cap: %v", err)
	}
	head, _ := w.Chain.Head()
	mutate := func(f func(c *state.ProvenEndCap)) *state.ProvenEndCap {
		c := &state.ProvenEndCap{Header: ec.Header, Deltas: append([]state.TreeDelta(nil), ec.Deltas...)}
		f(c)
		return c
	}
	for name, tc := range map[string]struct {
		c    *state.ProvenEndCap
		want error
	}{
		"replayed nonce":     {mutate(func(c *state.ProvenEndCap) { c.Header.Nonce++ }), state.ErrBadNonce},
		"unknown user":       {mutate(func(c *state.ProvenEndCap) { c.Header.User = 999 }), state.ErrUnknownUser},
		"another key":        {mutate(func(c *state.ProvenEndCap) { c.Header.PublicKey = hashing.Uint(7) }), state.ErrWrongKey},
		"future checkpoint":  {mutate(func(c *state.ProvenEndCap) { c.Header.Checkpoint = head.Number + 1 }), state.ErrStaleCheckpoint},
		"another checkpoint": {mutate(func(c *state.ProvenEndCap) { c.Header.CheckpointRoot = hashing.Uint(3) }), state.ErrCheckpointMismatch},
		"no deltas":          {mutate(func(c *state.ProvenEndCap) { c.Deltas = nil }), state.ErrBadDeltas},
		"deltas off its roots": {mutate(func(c *state.ProvenEndCap) {
			c.Header.UCONAfter = hashing.Uint(11)
		}), state.ErrBadDeltas},
	} {
		if err := w.Chain.Admit(tc.c, 4); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", name, err, tc.want)
		}
	}
	if h2, _ := w.Chain.Head(); h2 != head {
		t.Fatal("admission wrote to the chain")
	}
	// Once applied, the same end cap is a replay.
	if _, err := w.Chain.ApplyDeltas([]*state.ProvenEndCap{ec}, apps.SlotPoH(1)); err != nil {
		t.Fatal(err)
	}
	if err := w.Chain.Admit(ec, 4); !errors.Is(err, state.ErrBadNonce) {
		t.Fatalf("an applied end cap again: %v", err)
	}
}
