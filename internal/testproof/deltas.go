package testproof

import (
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/hashing"
	"github.com/parthnet/parth/state/smt"
)

// Deltas are the state deltas of a session of user u with the given number
// of calls on empty trees: call i sets slot i of CSTATE(u, 1) to 42 + i, then
// UCON(u) leaf 1 to the new CSTATE root. roots[i] is UCON's root before call
// i (roots[calls] the end root), for headers and steps that
// state.CheckDeltas and the job's step check accept with them.
func Deltas(t testing.TB, u state.UserID, calls int) (roots []fr.Element, deltas []state.TreeDelta) {
	t.Helper()
	cs := smt.New(state.CStateSpec, nil)
	ucon := smt.New(state.UCONSpec, nil)
	r, _ := ucon.Root()
	roots = append(roots, r)
	for i := 0; i < calls; i++ {
		w, err := cs.Set(uint64(i), hashing.Uint(42+uint64(i)))
		if err != nil {
			t.Fatal(err)
		}
		d, err := ucon.Set(1, w.NewRoot)
		if err != nil {
			t.Fatal(err)
		}
		deltas = append(deltas, state.TreeDelta{Tree: state.CStateTree(u, 1), Proof: *w}, state.TreeDelta{Tree: state.UCONTree(u), Proof: *d})
		roots = append(roots, d.NewRoot)
	}
	return roots, deltas
}
