package state_test

import (
	"errors"
	"testing"

	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/apps"
)

func applyBlock(t *testing.T, w *apps.World, caps ...*state.EndCap) state.Checkpoint {
	t.Helper()
	head, _ := w.Chain.Head()
	next, err := w.Chain.ApplyBlock(caps, apps.SlotPoH(head.Number+1))
	if err != nil {
		t.Fatal(err)
	}
	return next
}

func endCapAt(t *testing.T, w *apps.World, m uint64, u state.UserID, calls ...state.Call) *state.EndCap {
	t.Helper()
	ec, err := w.EndCapAt(m, u, calls...)
	if err != nil {
		t.Fatal(err)
	}
	return ec
}

func usdtValue(t *testing.T, w *apps.World, m uint64, u state.UserID, slot string, key state.UserID) uint64 {
	t.Helper()
	v, err := w.Chain.View(m)
	if err != nil {
		t.Fatal(err)
	}
	p, err := v.Read(u, apps.USDTContract, state.SlotIndex(apps.USDT().Slot(slot), uint32(key)))
	if err != nil {
		t.Fatal(err)
	}
	return p.Value.Uint64()
}

// TestSessionInWindow (finding 4): a session proven against CHKP(n−3)
// lands in block n+1, reads other users as of its own checkpoint, and a
// user who transacted since is refused.
func TestSessionInWindow(t *testing.T) {
	w := newWorld(t)
	applyBlock(t, w, endCap(t, w, apps.Alice, apps.Transfer(apps.USDTContract, apps.Bob, 10))) // CHKP(1)
	// Bob starts proving a claim from Alice against CHKP(1); Alice's own
	// second session is also against CHKP(1).
	claim := endCapAt(t, w, 1, apps.Bob, apps.Claim(apps.USDTContract, apps.Alice))
	stale := endCapAt(t, w, 1, apps.Alice, apps.Transfer(apps.USDTContract, apps.Carol, 1))
	for range 3 { // CHKP(2..4): Alice sends Bob 1 more each block
		applyBlock(t, w, endCap(t, w, apps.Alice, apps.Transfer(apps.USDTContract, apps.Bob, 1)))
	}
	// Alice has transacted since CHKP(1): her session must be proven again.
	rejectBlock(t, w, state.ErrBadNonce, stale)
	// Bob has not: his session against CHKP(4−3) lands in block 5, and it
	// claims what Alice had sent as of CHKP(1), not the 13 of CHKP(4).
	next := applyBlock(t, w, claim)
	if next.Number != 5 {
		t.Fatalf("block %d", next.Number)
	}
	if got := usdtValue(t, w, 5, apps.Bob, "claimedFrom", apps.Alice); got != 10 {
		t.Errorf("Bob claimed %d from Alice, want 10 (her sentTo at CHKP(1))", got)
	}
	if got := usdtValue(t, w, 5, apps.Bob, "claimedFrom", apps.Bob); got != apps.StartUSDT[apps.Bob]+10 {
		t.Errorf("Bob's balance %d, want %d", got, apps.StartUSDT[apps.Bob]+10)
	}
	// The rest is claimable later, against a newer checkpoint.
	applyBlock(t, w, endCap(t, w, apps.Bob, apps.Claim(apps.USDTContract, apps.Alice)))
	if got := usdtValue(t, w, 6, apps.Bob, "claimedFrom", apps.Bob); got != apps.StartUSDT[apps.Bob]+13 {
		t.Errorf("Bob's balance %d, want %d", got, apps.StartUSDT[apps.Bob]+13)
	}
}

// TestWindowBounds (finding 4): block n may read CHKP(n−K) but not
// CHKP(n−K−1); a checkpoint named by another root, or not yet finalized,
// is refused — through re-execution (ApplyBlock) and through deltas
// (ApplyDeltas) alike.
func TestWindowBounds(t *testing.T) {
	w := newWorld(t)
	applyBlock(t, w, endCap(t, w, apps.Alice, apps.Transfer(apps.USDTContract, apps.Bob, 10))) // CHKP(1)
	edge := endCapAt(t, w, 1, apps.Carol, apps.Transfer(apps.USDTContract, apps.Mike, 1))
	tooOld := endCapAt(t, w, 1, apps.Mike, apps.Transfer(apps.USDTContract, apps.Carol, 1))
	wrongRoot := endCapAt(t, w, 1, apps.Mike, apps.Transfer(apps.USDTContract, apps.Carol, 1))
	wrongRoot.Header.CheckpointRoot = wrongRoot.Header.UCONAfter
	future := endCapAt(t, w, 1, apps.Mike, apps.Transfer(apps.USDTContract, apps.Carol, 1))
	future.Header.Checkpoint = 2
	rejectBlock(t, w, state.ErrStaleCheckpoint, future)
	rejectBlock(t, w, state.ErrCheckpointMismatch, wrongRoot)
	for head := uint64(1); head < state.HistoryWindow; head++ { // Alice sends 0 each block
		applyBlock(t, w, endCap(t, w, apps.Alice, apps.Transfer(apps.USDTContract, apps.Bob, 0)))
	}
	// Block K+1 may still read CHKP(1) = CHKP(n−K) …
	future.Header.Checkpoint = state.HistoryWindow + 1 // … not itself
	for _, tc := range []struct {
		ec   *state.EndCap
		want error
	}{{wrongRoot, state.ErrCheckpointMismatch}, {future, state.ErrStaleCheckpoint}} {
		rejectBlock(t, w, tc.want, tc.ec)
		head, _ := w.Chain.Head()
		p := &state.ProvenEndCap{Header: tc.ec.Header, Deltas: tc.ec.Deltas}
		if _, err := w.Chain.ApplyDeltas([]*state.ProvenEndCap{p}, apps.SlotPoH(head.Number+1)); !errors.Is(err, tc.want) {
			t.Errorf("ApplyDeltas: %v, want %v", err, tc.want)
		}
	}
	if next := applyBlock(t, w, edge); next.Number != state.HistoryWindow+1 {
		t.Fatalf("block %d", next.Number)
	}
	// … and block K+2 may not: CHKP(1) left its history.
	rejectBlock(t, w, state.ErrStaleCheckpoint, tooOld)
	head, _ := w.Chain.Head()
	p := &state.ProvenEndCap{Header: tooOld.Header, Deltas: tooOld.Deltas}
	if _, err := w.Chain.ApplyDeltas([]*state.ProvenEndCap{p}, apps.SlotPoH(head.Number+1)); !errors.Is(err, state.ErrStaleCheckpoint) {
		t.Errorf("ApplyDeltas of a checkpoint out of the window: %v", err)
	}
	// Every checkpoint commits to its history: Hist(n) holds CHKP(n−1).
	tr, err := state.History(w.Chain.Checkpoint, head.Number)
	if err != nil {
		t.Fatal(err)
	}
	prev, _ := w.Chain.Checkpoint(head.Number - 1)
	if root, _ := tr.Root(); root != head.History {
		t.Error("CHKP(n) does not commit to Hist(n)")
	}
	if v, _ := tr.Get((head.Number - 1) % state.HistoryWindow); v != state.HistoryLeaf(prev.Number, prev.Root) {
		t.Error("Hist(n) does not hold CHKP(n−1)")
	}
}

// TestChainTag (finding 5): the same users, keys and balances on another
// chain id are another deployment: an end cap of one is refused by the
// other, and a signature of one never verifies for the other's payload.
func TestChainTag(t *testing.T) {
	a := newWorld(t)
	b, err := apps.NewWorldOn(state.NewMemStore(), apps.ChainID+1, 7, apps.NativeEdDSACircuitID, apps.Registry())
	if err != nil {
		t.Fatal(err)
	}
	ga, _ := a.Chain.Head()
	gb, _ := b.Chain.Head()
	if ga.Chain == gb.Chain || ga.Root == gb.Root || ga.GUSRRoot != gb.GUSRRoot {
		t.Fatal("two chain ids over one genesis state should differ in chain tag and CHKP(0) only")
	}
	ecA := endCap(t, a, apps.Alice, apps.Transfer(apps.USDTContract, apps.Bob, 5))
	rejectBlock(t, b, state.ErrCheckpointMismatch, ecA)
	// Chain b's own header with chain a's signature: same user, nonce and
	// UCON roots, but the payload names the chain.
	ecB := endCap(t, b, apps.Alice, apps.Transfer(apps.USDTContract, apps.Bob, 5))
	if ecA.Header.UCONBefore != ecB.Header.UCONBefore || ecA.Header.UCONAfter != ecB.Header.UCONAfter {
		t.Fatal("the two sessions should make the same state change")
	}
	if ecA.Header.Payload == ecB.Header.Payload {
		t.Fatal("the payload does not name the chain")
	}
	ecB.Signature = ecA.Signature
	rejectBlock(t, b, state.ErrBadSignature, ecB)
}
