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

// TestDevAccounts: a genesis with more accounts keeps the seed's four (same
// keys, same balances), gives the others ExtraUSDT, and refuses a count
// outside SeedAccounts..MaxAccounts.
func TestDevAccounts(t *testing.T) {
	scheme := state.NewEdDSA(NativeEdDSACircuitID)
	four, err := DevKeys(scheme, 3)
	if err != nil {
		t.Fatal(err)
	}
	many, err := DevKeysN(scheme, 3, 12)
	if err != nil {
		t.Fatal(err)
	}
	if len(many) != 12 {
		t.Fatalf("%d keys, want 12", len(many))
	}
	for u, k := range four {
		if string(many[u].PublicKey()) != string(k.PublicKey()) {
			t.Fatalf("%s's key differs with more accounts", Name(u))
		}
	}
	if string(many[5].PublicKey()) == string(many[6].PublicKey()) {
		t.Fatal("two accounts share a key")
	}
	for _, n := range []int{0, 3, MaxAccounts + 1} {
		if _, err := DevKeysN(scheme, 3, n); err == nil {
			t.Fatalf("%d accounts accepted", n)
		}
	}
	w, err := NewWorldAccounts(state.NewMemStore(), ChainID, 3, 12, NativeEdDSACircuitID, Registry())
	if err != nil {
		t.Fatal(err)
	}
	v, err := w.Chain.View(0)
	if err != nil {
		t.Fatal(err)
	}
	for u, want := range map[state.UserID]uint64{Alice: StartUSDT[Alice], Mike: StartUSDT[Mike], 5: ExtraUSDT, 12: ExtraUSDT} {
		got, err := Balance(v, USDTContract, u)
		if err != nil || got != want {
			t.Fatalf("%s: %d USDT (%v), want %d", Name(u), got, err, want)
		}
	}
	if _, err := v.Account(13); err == nil {
		t.Fatal("account 13 exists in a 12-account genesis")
	}
	seed, _ := NewWorldOn(state.NewMemStore(), ChainID, 3, NativeEdDSACircuitID, Registry())
	g4, _ := seed.Chain.Checkpoint(0)
	g12, _ := w.Chain.Checkpoint(0)
	if g4.Root == g12.Root {
		t.Fatal("the 12-account genesis has the 4-account genesis's root")
	}
}
