package state_test

import (
	"errors"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/apps"
	"github.com/parthnet/parth/state/hashing"
)

// threeCalls is Alice's session of two calls of one contract and one of
// another on w: CSTATE chains that continue across calls through the UCON
// leaf.
func threeCalls(t testing.TB, w *apps.World) *state.SessionResult {
	t.Helper()
	r, err := w.Chain.Execute(apps.ThreeCalls())
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestCheckDeltas: a session's deltas pass; every way of withholding,
// reordering or altering them is refused with ErrBadDeltas or
// ErrForeignWrite.
func TestCheckDeltas(t *testing.T) {
	w := newWorld(t)
	r := threeCalls(t, w)
	h := r.Header
	deltas := r.Deltas()
	if _, err := state.CheckDeltas(&h, deltas); err != nil {
		t.Fatalf("the session's own deltas are refused: %v", err)
	}
	other, err := w.Chain.Execute(state.Session{User: apps.Bob, Calls: []state.Call{apps.Transfer(apps.USDTContract, apps.Alice, 1)}})
	if err != nil {
		t.Fatal(err)
	}
	ucon := func(ds []state.TreeDelta) []int {
		var out []int
		for i, d := range ds {
			if d.Tree.Kind == state.KindUCON {
				out = append(out, i)
			}
		}
		return out
	}
	u := ucon(deltas)
	mut := func(f func(ds []state.TreeDelta) []state.TreeDelta) []state.TreeDelta {
		return f(append([]state.TreeDelta(nil), deltas...))
	}
	wrongEnd := h
	wrongEnd.UCONAfter = hashing.Uint(7)
	cases := map[string]struct {
		h      *state.EndCapHeader
		deltas []state.TreeDelta
	}{
		"no deltas":               {&h, nil},
		"last call withheld":      {&h, deltas[:u[1]+1]},
		"a CSTATE write withheld": {&h, mut(func(ds []state.TreeDelta) []state.TreeDelta { return append(ds[:0:0], append(ds[:1], ds[2:]...)...) })},
		"UCON update withheld":    {&h, mut(func(ds []state.TreeDelta) []state.TreeDelta { return append(ds[:u[0]:u[0]], ds[u[0]+1:]...) })},
		"calls swapped":           {&h, append(append(append([]state.TreeDelta(nil), deltas[u[0]+1:u[1]+1]...), deltas[:u[0]+1]...), deltas[u[1]+1:]...)},
		"a write's new value":     {&h, mut(func(ds []state.TreeDelta) []state.TreeDelta { ds[0].Proof.NewValue = hashing.Uint(1); return ds })},
		"a sibling": {&h, mut(func(ds []state.TreeDelta) []state.TreeDelta {
			ds[0].Proof.Siblings = append([]fr.Element(nil), ds[0].Proof.Siblings...)
			ds[0].Proof.Siblings[3] = hashing.Uint(9)
			return ds
		})},
		"trailing CSTATE write":                   {&h, append(mut(func(ds []state.TreeDelta) []state.TreeDelta { return ds }), deltas[0])},
		"another user's deltas":                   {&h, other.Deltas()},
		"a write to Bob's tree":                   {&h, mut(func(ds []state.TreeDelta) []state.TreeDelta { ds[0].Tree.User = apps.Bob; return ds })},
		"a write of another contract in the call": {&h, mut(func(ds []state.TreeDelta) []state.TreeDelta { ds[0].Tree.Contract = apps.RubiesContract; return ds })},
		"header's end root not reached":           {&wrongEnd, deltas},
	}
	for name, c := range cases {
		_, err := state.CheckDeltas(c.h, c.deltas)
		if !errors.Is(err, state.ErrBadDeltas) && !errors.Is(err, state.ErrForeignWrite) {
			t.Errorf("%s: %v", name, err)
		}
	}
}
