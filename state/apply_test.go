package state_test

import (
	"errors"
	"testing"

	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/apps"
	"github.com/parthnet/parth/state/hashing"
)

func proven(ec *state.EndCap) *state.ProvenEndCap {
	return &state.ProvenEndCap{Header: ec.Header, Deltas: append([]state.TreeDelta(nil), ec.Deltas...)}
}

// TestApplyDeltasMatchesApplyBlock: applying the seed's blocks from their
// deltas (as the proving network does) commits the same checkpoints as
// re-executing the sessions, and leaves state the next sessions run on
// identically.
func TestApplyDeltasMatchesApplyBlock(t *testing.T) {
	a, b := newWorld(t), newWorld(t)
	blocks := [][]func(w *apps.World) *state.EndCap{
		{
			func(w *apps.World) *state.EndCap {
				return endCap(t, w, apps.Alice, apps.Transfer(apps.USDTContract, apps.Bob, 30))
			},
			func(w *apps.World) *state.EndCap {
				return endCap(t, w, apps.Carol, apps.BuyRubies(apps.RubiesContract, 3), apps.Transfer(apps.USDTContract, apps.Mike, 7))
			},
		},
		{
			func(w *apps.World) *state.EndCap {
				return endCap(t, w, apps.Bob, apps.Claim(apps.USDTContract, apps.Alice))
			},
			func(w *apps.World) *state.EndCap {
				return endCap(t, w, apps.Alice, apps.Transfer(apps.USDTContract, apps.Carol, 1))
			},
		},
	}
	for n, blk := range blocks {
		var ca []*state.EndCap
		var cb []*state.ProvenEndCap
		for _, mk := range blk {
			ca = append(ca, mk(a))
			cb = append(cb, proven(mk(b)))
		}
		poh := apps.SlotPoH(uint64(n + 1))
		ka, err := a.Chain.ApplyBlock(ca, poh)
		if err != nil {
			t.Fatal(err)
		}
		kb, err := b.Chain.ApplyDeltas(cb, poh)
		if err != nil {
			t.Fatalf("block %d from deltas: %v", n+1, err)
		}
		if ka != kb {
			t.Fatalf("block %d: re-execution gives CHKP %s, deltas give %s", n+1, ka.Root.String(), kb.Root.String())
		}
	}
	// The next session runs the same on both stores.
	ra, err := a.Chain.Execute(state.Session{User: apps.Carol, Nonce: 1, Checkpoint: 2, Calls: []state.Call{apps.Claim(apps.USDTContract, apps.Alice)}})
	if err != nil {
		t.Fatal(err)
	}
	rb, err := b.Chain.Execute(state.Session{User: apps.Carol, Nonce: 1, Checkpoint: 2, Calls: []state.Call{apps.Claim(apps.USDTContract, apps.Alice)}})
	if err != nil {
		t.Fatalf("the state applied from deltas cannot run the next session: %v", err)
	}
	if ra.Header != rb.Header {
		t.Fatal("the next session's end cap differs between the two stores")
	}
}

// TestApplyDeltasRejects: each bad proven end cap rejects the block and
// leaves the store where it was.
func TestApplyDeltasRejects(t *testing.T) {
	w := newWorld(t)
	good := proven(endCap(t, w, apps.Alice, apps.Transfer(apps.USDTContract, apps.Bob, 30)))
	bob := proven(endCap(t, w, apps.Bob, apps.Transfer(apps.USDTContract, apps.Alice, 2)))
	mut := func(f func(p *state.ProvenEndCap)) *state.ProvenEndCap {
		p := proven(&state.EndCap{Header: good.Header, Deltas: good.Deltas})
		f(p)
		return p
	}
	cases := map[string]struct {
		caps []*state.ProvenEndCap
		want error
	}{
		"deltas withheld":                        {[]*state.ProvenEndCap{mut(func(p *state.ProvenEndCap) { p.Deltas = nil })}, state.ErrBadDeltas},
		"another user's deltas":                  {[]*state.ProvenEndCap{mut(func(p *state.ProvenEndCap) { p.Deltas = bob.Deltas })}, state.ErrForeignWrite},
		"wrong nonce":                            {[]*state.ProvenEndCap{mut(func(p *state.ProvenEndCap) { p.Header.Nonce = 1 })}, state.ErrBadNonce},
		"another key":                            {[]*state.ProvenEndCap{mut(func(p *state.ProvenEndCap) { p.Header.PublicKey = hashing.Uint(3) })}, state.ErrWrongKey},
		"another checkpoint":                     {[]*state.ProvenEndCap{mut(func(p *state.ProvenEndCap) { p.Header.Checkpoint = 4 })}, state.ErrStaleCheckpoint},
		"two end caps of a user":                 {[]*state.ProvenEndCap{good, good}, state.ErrDuplicateUser},
		"one bad end cap of two":                 {[]*state.ProvenEndCap{bob, mut(func(p *state.ProvenEndCap) { p.Deltas = p.Deltas[:len(p.Deltas)-1] })}, state.ErrBadDeltas},
		"CSTATE data withheld, UCON update kept": {[]*state.ProvenEndCap{mut(func(p *state.ProvenEndCap) { p.Deltas = p.Deltas[len(p.Deltas)-1:] })}, state.ErrBadDeltas},
		"UCON update withheld, CSTATE data kept": {[]*state.ProvenEndCap{mut(func(p *state.ProvenEndCap) { p.Deltas = p.Deltas[:len(p.Deltas)-1] })}, state.ErrBadDeltas},
	}
	for name, c := range cases {
		before, _ := w.Chain.Head()
		if _, err := w.Chain.ApplyDeltas(c.caps, apps.SlotPoH(1)); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", name, err, c.want)
		}
		if after, _ := w.Chain.Head(); after != before {
			t.Fatalf("%s: the rejected block moved the head", name)
		}
	}
	if _, err := w.Chain.ApplyDeltas([]*state.ProvenEndCap{good, bob}, apps.SlotPoH(1)); err != nil {
		t.Fatalf("the good block after the rejections: %v", err)
	}
}
