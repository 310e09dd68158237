package testproof

import (
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/hashing"
	"github.com/parthnet/parth/state/smt"
)

// Deltas are the state deltas of a one-call session of user u on empty
// trees: slot 0 of CSTATE(u, 1) set to 42, then UCON(u) leaf 1 set to the
// new CSTATE root. It returns UCON's roots before and after, for a header
// that state.CheckDeltas accepts with them.
func Deltas(t testing.TB, u state.UserID) (before, after fr.Element, deltas []state.TreeDelta) {
	t.Helper()
	cs := smt.New(state.CStateSpec, nil)
	w, err := cs.Set(0, hashing.Uint(42))
	if err != nil {
		t.Fatal(err)
	}
	ucon := smt.New(state.UCONSpec, nil)
	before, _ = ucon.Root()
	d, err := ucon.Set(1, w.NewRoot)
	if err != nil {
		t.Fatal(err)
	}
	return before, d.NewRoot, []state.TreeDelta{{Tree: state.CStateTree(u, 1), Proof: *w}, {Tree: state.UCONTree(u), Proof: *d}}
}
