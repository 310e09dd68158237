package apps

import (
	"testing"

	"github.com/parthnet/parth/state"
)

// TestSeedRubies reproduces the seed's Diamonds & Rubies block ("Putting it
// all together"): each user buys rubies at 3 diamonds each.
func TestSeedRubies(t *testing.T) {
	w, err := NewWorld(state.NewMemStore(), 1)
	if err != nil {
		t.Fatal(err)
	}
	cp, err := w.Block(RubiesBlock...)
	if err != nil {
		t.Fatal(err)
	}
	v, _ := w.Chain.View(cp.Number)
	want := map[state.UserID][2]uint64{Alice: {11, 53}, Bob: {9, 92}, Carol: {1, 5}, Mike: {0, 4}}
	for u, dr := range want {
		d, r, err := Gems(v, u)
		if err != nil {
			t.Fatal(err)
		}
		if d != dr[0] || r != dr[1] {
			t.Errorf("%s: %d diamonds %d rubies, want %d and %d", Name(u), d, r, dr[0], dr[1])
		}
	}
}

// TestSeedUSDT reproduces the seed's token example ("Token Example"): four
// transfers in block #1, three claims in block #2, every balance checked
// after each block, and supply (balances plus unclaimed transfers) conserved.
func TestSeedUSDT(t *testing.T) {
	w, err := NewWorld(state.NewMemStore(), 1)
	if err != nil {
		t.Fatal(err)
	}
	for i, steps := range USDTBlocks {
		cp, err := w.Block(steps...)
		if err != nil {
			t.Fatalf("block %d: %v", i+1, err)
		}
		if cp.Number != uint64(i+1) {
			t.Fatalf("block %d committed as %d", i+1, cp.Number)
		}
		v, _ := w.Chain.View(cp.Number)
		var supply uint64
		for _, u := range Users {
			b, err := Balance(v, USDTContract, u)
			if err != nil {
				t.Fatal(err)
			}
			supply += b
			if want := USDTExpected[i][u]; b != want {
				t.Errorf("block %d: %s has %d USDT, want %d", i+1, Name(u), b, want)
			}
		}
		// Tokens in flight: sent but not yet claimed.
		for _, from := range Users {
			for _, to := range Users {
				if from == to {
					continue
				}
				sent, _ := readUint(v, from, USDTContract, state.SlotIndex(0, uint32(to)))
				claimed, _ := readUint(v, to, USDTContract, state.SlotIndex(1, uint32(from)))
				supply += sent - claimed
			}
		}
		if supply != 990 {
			t.Errorf("block %d: balances sum to %d, want 990", i+1, supply)
		}
	}
}
