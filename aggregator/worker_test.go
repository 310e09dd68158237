package aggregator

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/parthnet/parth/internal/testproof"
	"github.com/parthnet/parth/internal/wire"
	"github.com/parthnet/parth/jobs"
	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/apps"
	"github.com/parthnet/parth/state/hashing"
)

func TestBlockJobEncoding(t *testing.T) {
	w, err := apps.NewWorld(state.NewMemStore(), 3)
	if err != nil {
		t.Fatal(err)
	}
	head, _ := w.Chain.Head()
	hist, err := state.NewBlockHistory(w.Chain.Checkpoint, 1)
	if err != nil {
		t.Fatal(err)
	}
	hroot, _ := hist.Tree.Root()
	root := state.Subtree{Height: state.DepthGUSR, History: hroot, Old: head.GUSRRoot, New: hashing.Uint(5), EndCaps: hashing.Uint(6)}
	j := &BlockJob{Root: testproof.Groth16(t), Subtree: root, Parent: head, Slot: hist.Slot, PoH: apps.SlotPoH(1)}
	enc, err := j.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var back BlockJob
	if err := back.UnmarshalBinary(enc); err != nil {
		t.Fatal(err)
	}
	again, _ := back.MarshalBinary()
	if !bytes.Equal(enc, again) || back.Subtree != root || back.Parent != head || back.PoH != j.PoH {
		t.Fatal("block job does not round-trip")
	}
	// A root that does not start at the parent, or a parent whose preimage
	// is not its root, is refused.
	stale := *j
	stale.Subtree.History = hashing.Uint(9)
	if _, err := stale.MarshalBinary(); !errors.Is(err, ErrPlan) {
		t.Errorf("root of another history: %v", err)
	}
	badSlot := *j
	badSlot.Slot.Value = hashing.Uint(9)
	if _, err := badSlot.MarshalBinary(); !errors.Is(err, ErrPlan) {
		t.Errorf("history slot that is not the parent's: %v", err)
	}
	forged := append([]byte(nil), enc...)
	forged[len(forged)-32-state.HistoryDepth*32-32-1] ^= 1 // inside the parent's root (before the slot and the PoH hash)
	if err := back.UnmarshalBinary(forged); !errors.Is(err, wire.ErrEncoding) {
		t.Errorf("forged parent: %v", err)
	}

	// A one-user block: the root proof is the user's end cap, which the
	// block climbs past its GUSR path.
	v, _ := w.Chain.View(head.Number)
	ec, err := w.EndCap(apps.Bob, apps.Transfer(apps.USDTContract, apps.Carol, 50))
	if err != nil {
		t.Fatal(err)
	}
	sib, err := ViewSiblings(v)(apps.Bob)
	if err != nil {
		t.Fatal(err)
	}
	read, err := hist.Read(&ec.Header)
	if err != nil {
		t.Fatal(err)
	}
	cj := &BlockJob{Root: testproof.Groth16(t), Cap: &ec.Header, Read: read, Siblings: sib, Parent: head, Slot: hist.Slot, PoH: apps.SlotPoH(1)}
	if enc, err = cj.MarshalBinary(); err != nil {
		t.Fatal(err)
	}
	back = BlockJob{}
	if err := back.UnmarshalBinary(enc); err != nil {
		t.Fatal(err)
	}
	next, err := back.Next()
	if err != nil {
		t.Fatal(err)
	}
	native, err := w.Chain.ApplyBlock([]*state.EndCap{ec}, apps.SlotPoH(1))
	if err != nil {
		t.Fatal(err)
	}
	if *back.Cap != ec.Header || next != native {
		t.Fatal("an end-cap block job does not round-trip to the native CHKP(1)")
	}
	short := *cj
	short.Siblings = sib[:31]
	if _, err := short.MarshalBinary(); !errors.Is(err, ErrPlan) {
		t.Errorf("end cap with 31 siblings: %v", err)
	}
	other := *cj
	other.Siblings = append([]fr.Element(nil), sib...)
	other.Siblings[3] = hashing.Uint(1)
	if _, err := other.MarshalBinary(); !errors.Is(err, ErrPlan) {
		t.Errorf("end cap past a tampered sibling: %v", err)
	}
}

// TestWorkerDeadLettersBadJobs: a worker on the real queue naks a job that
// does not decode; after MaxDeliver deliveries it is a dead letter, and a
// job of an unknown kind too. No keys are needed to refuse them.
func TestWorkerDeadLettersBadJobs(t *testing.T) {
	srv, err := jobs.StartServer(jobs.ServerConfig{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Shutdown()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cfg := jobs.Config{AckWait: time.Second, MaxDeliver: 2}
	e, err := jobs.Connect(ctx, srv.URL(), "aggregator", cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	bad := []jobs.Job{
		{ID: "n1", Kind: KindNode.Token(), Payload: []byte("PARTHNDJ garbage")},
		{ID: "b1", Kind: KindBlock.Token(), Payload: nil},
		{ID: "e1", Kind: KindEndCap.Token(), Payload: []byte{1, 2, 3}},
		{ID: "x1", Kind: "unknown", Payload: []byte("x")},
	}
	for _, j := range bad {
		if err := e.Submit(ctx, j, 0); err != nil {
			t.Fatal(err)
		}
	}
	we, err := jobs.Connect(ctx, srv.URL(), "worker", cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer we.Close()
	w := &Worker{}
	go we.Work(ctx, "w", w.Handle)
	dead := map[string]bool{}
	deadline := time.Now().Add(30 * time.Second)
	for len(dead) < len(bad) && time.Now().Before(deadline) {
		time.Sleep(200 * time.Millisecond)
		if _, err := e.DeadLetters(ctx, func(d jobs.DeadLetter) error { dead[d.Job.ID] = true; return nil }); err != nil {
			t.Fatal(err)
		}
	}
	for _, j := range bad {
		if !dead[j.ID] {
			t.Errorf("job %s (%s) is not a dead letter", j.ID, j.Kind)
		}
	}
}
