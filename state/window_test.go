package state_test

import (
	"fmt"
	"math/rand"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/hashing"
)

// accRef folds along an explicit GUSR tree: at each level, pairs of
// present siblings merge; a lone node climbs unchanged.
func accRef(caps map[state.UserID]fr.Element) fr.Element {
	level := map[uint64]fr.Element{}
	for u, h := range caps {
		level[uint64(u)] = h
	}
	for d := 0; d < state.DepthGUSR; d++ {
		up := map[uint64]fr.Element{}
		for i, h := range level {
			if i%2 == 1 {
				if _, ok := level[i-1]; ok {
					continue
				}
				up[i/2] = h
				continue
			}
			if r, ok := level[i+1]; ok {
				up[i/2] = hashing.Hash(hashing.TagAccumulator, h, r)
			} else {
				up[i/2] = h
			}
		}
		level = up
	}
	return level[0]
}

// TestEndCapAccumulator: the split-by-highest-differing-bit fold equals the
// fold along the GUSR tree on dense, sparse and extreme index sets, and any
// change of the set (a dropped, an added, a replaced end cap) changes it.
func TestEndCapAccumulator(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	sets := map[string][]state.UserID{
		"one":              {5},
		"two siblings":     {4, 5},
		"far apart":        {0, 1<<32 - 1},
		"dense 0..15":      nil,
		"random sparse 50": nil,
	}
	for i := 0; i < 16; i++ {
		sets["dense 0..15"] = append(sets["dense 0..15"], state.UserID(i))
	}
	for i := 0; i < 50; i++ {
		sets["random sparse 50"] = append(sets["random sparse 50"], state.UserID(rng.Uint32()))
	}
	for name, users := range sets {
		caps := map[state.UserID]fr.Element{}
		for _, u := range users {
			caps[u] = hashing.Uint(uint64(u)*7 + 1)
		}
		got, err := state.EndCapAccumulator(caps)
		if err != nil {
			t.Fatal(err)
		}
		if want := accRef(caps); got != want {
			t.Fatalf("%s: accumulator differs from the tree fold", name)
		}
		if len(caps) > 1 {
			drop := map[state.UserID]fr.Element{}
			first := true
			for u, h := range caps {
				if first {
					first = false
					continue
				}
				drop[u] = h
			}
			if a, _ := state.EndCapAccumulator(drop); a == got {
				t.Errorf("%s: dropping an end cap keeps the accumulator", name)
			}
		}
		add := map[state.UserID]fr.Element{12345678: hashing.Uint(9)}
		for u, h := range caps {
			add[u] = h
		}
		if _, dup := caps[12345678]; !dup {
			if a, _ := state.EndCapAccumulator(add); a == got {
				t.Errorf("%s: adding an end cap keeps the accumulator", name)
			}
		}
		for u := range caps {
			repl := map[state.UserID]fr.Element{}
			for v, h := range caps {
				repl[v] = h
			}
			repl[u] = hashing.Uint(424242)
			if a, _ := state.EndCapAccumulator(repl); a == got {
				t.Errorf("%s: another end cap of user %d keeps the accumulator", name, u)
			}
			break
		}
	}
	if a, err := state.EndCapAccumulator(nil); err != nil || !a.IsZero() {
		t.Errorf("an empty block accumulates to %v, %v; want zero (as genesis)", a, err)
	}
}

// TestHistory: block n's history holds exactly the K checkpoints before it,
// each provable at its slot, and nothing older.
func TestHistory(t *testing.T) {
	chk := func(m uint64) (state.Checkpoint, error) {
		return state.Checkpoint{Number: m, Root: hashing.Uint(1000 + m)}, nil
	}
	for _, n := range []uint64{1, 3, state.HistoryWindow, state.HistoryWindow + 1, 3*state.HistoryWindow + 17} {
		tr, err := state.History(chk, n)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range []uint64{0, n - 1, n - 2, n - state.HistoryWindow, n - state.HistoryWindow - 1} {
			if m >= n || m > n { // wrapped below zero
				continue
			}
			v, _ := tr.Get(m % state.HistoryWindow)
			in := v == state.HistoryLeaf(m, hashing.Uint(1000+m))
			if in != state.InWindow(n, m) {
				t.Errorf("block %d: checkpoint %d in history = %v, in window = %v", n, m, in, state.InWindow(n, m))
			}
		}
	}
	fail := func(m uint64) (state.Checkpoint, error) { return state.Checkpoint{}, fmt.Errorf("no checkpoint %d", m) }
	if _, err := state.History(fail, 4); err == nil {
		t.Error("a missing checkpoint is not an error")
	}
}
