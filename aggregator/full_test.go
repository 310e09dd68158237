package aggregator

import (
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/parthnet/parth/prover"
	"github.com/parthnet/parth/session"
	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/apps"
	"github.com/parthnet/parth/state/hashing"
)

// TestBlockProofOneUser proves a one-user block for real: Alice's transfer
// session to its end cap, the single task of the block's tree (from the
// job's encoding, as a worker receives it), and the block proof, whose
// CHKP(1) must be the native chain's. It sets up the wrapper, the node and
// the block circuit (~45 minutes on 2 cores with an empty key cache), so it
// runs in `make test-full` (PARTH_FULL=1).
func TestBlockProofOneUser(t *testing.T) {
	if os.Getenv("PARTH_FULL") == "" {
		t.Skip("set PARTH_FULL=1 (make test-full): sets up and proves the node and block circuits")
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	s, err := prover.DevSetup(log)
	if err != nil {
		t.Fatal(err)
	}
	k, err := session.LoadKeys(s)
	if err != nil {
		t.Fatal(err)
	}
	if err := k.LoadWrap(s); err != nil {
		t.Fatal(err)
	}
	if err := k.LoadNode(s); err != nil {
		t.Fatal(err)
	}
	bk, err := LoadBlock(s, k)
	if err != nil {
		t.Fatal(err)
	}
	w, err := apps.NewWorldWith(state.NewMemStore(), 5, k.EdDSAHash, k.Registry())
	if err != nil {
		t.Fatal(err)
	}
	head, _ := w.Chain.Head()
	v, _ := w.Chain.View(head.Number)
	acct, _ := v.Account(apps.Alice)
	p := &session.Prover{Keys: k, Log: log}
	b, err := p.Prove(k.Registry(), v, w.Keys[apps.Alice], state.Session{User: apps.Alice, Nonce: acct.Nonce, Checkpoint: head.Number,
		Calls: []state.Call{apps.Transfer(apps.USDTContract, apps.Bob, 30)}})
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Wrap(b); err != nil {
		t.Fatal(err)
	}
	if err := p.EndCap(b); err != nil {
		t.Fatal(err)
	}

	plan, err := NewPlan([]state.UserID{apps.Alice})
	if err != nil {
		t.Fatal(err)
	}
	caps := map[state.UserID]*state.EndCapHeader{apps.Alice: &b.EndCap.Header}
	sib := func(u state.UserID) ([]fr.Element, error) {
		pr, err := v.Tree(state.GUSRTree).Prove(uint64(u))
		if err != nil {
			return nil, err
		}
		return pr.Siblings, nil
	}
	folded, err := Fold(plan, caps, sib)
	if err != nil {
		t.Fatal(err)
	}
	job, err := JobFor(plan, 0, caps, sib, folded, nil, func(state.UserID) *prover.Proof { return b.EndCapProof })
	if err != nil {
		t.Fatal(err)
	}
	enc, err := job.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var received NodeJob
	if err := received.UnmarshalBinary(enc); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	root, err := received.Prove(k, prover.CPU{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("single node %v (job %s, %d bytes)", time.Since(start), ID(enc), len(enc))

	bj := &BlockJob{Root: root, Subtree: folded[0], Parent: head, PoH: apps.SlotPoH(1)}
	start = time.Now()
	proof, next, err := bj.Prove(k, bk, prover.CPU{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("block proof %v", time.Since(start))
	native, err := w.Chain.ApplyBlock([]*state.EndCap{b.EndCap}, apps.SlotPoH(1))
	if err != nil {
		t.Fatal(err)
	}
	if next.Root != native.Root {
		t.Fatal("the block proof's CHKP(1) is not the native chain's")
	}
	one := hashing.Uint(1)
	var other fr.Element
	other.Add(&next.Root, &one)
	if err := VerifyBlock(bk, head.Root, other, proof); err == nil {
		t.Fatal("a block proof verifies for another CHKP(1)")
	}
	if err := VerifyBlock(bk, other, next.Root, proof); err == nil {
		t.Fatal("a block proof verifies from another CHKP(0)")
	}
}
