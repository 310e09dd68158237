package aggregator

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/parthnet/parth/internal/testproof"
	"github.com/parthnet/parth/jobs"
	"github.com/parthnet/parth/prover"
	"github.com/parthnet/parth/session"
	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/apps"
	"github.com/parthnet/parth/state/hashing"
	"github.com/parthnet/parth/state/store"
)

// TestBlockProofOneUser proves a one-user block for real over the job
// engine: Alice's wrapped session goes to the network as an end-cap job; a
// lying worker answers the first job with a proof of another circuit (the
// result is rejected and the job retried), an honest worker proves the end
// cap, the single task of the tree and the block, whose CHKP(1) must be the
// native chain's; a restarted aggregator resumes from the stored results.
// It sets up the wrapper, the node and the block circuit (~45 minutes on 2
// cores with an empty key cache), so it runs in `make test-full`
// (PARTH_FULL=1).
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
	capJob, err := b.Job()
	if err != nil {
		t.Fatal(err)
	}
	sib := ViewSiblings(v)

	// The network: an embedded NATS server, the aggregator's store, a
	// lying worker that answers its first job with a proof of another
	// circuit and leaves, then an honest worker.
	dir := t.TempDir()
	srv, err := jobs.StartServer(jobs.ServerConfig{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Shutdown()
	st, err := store.Open(dir+"/store", store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cfg := jobs.Config{AckWait: time.Minute, Log: log}
	connect := func(name string) *jobs.Engine {
		e, err := jobs.Connect(ctx, srv.URL(), name, cfg)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(e.Close)
		return e
	}
	liar := testproof.Groth16(t)
	liarCtx, liarDone := context.WithCancel(ctx)
	lied := make(chan string, 1)
	go connect("liar").Work(liarCtx, "liar", func(_ context.Context, j jobs.Job) ([]byte, error) {
		select {
		case lied <- j.Kind:
		default:
		}
		return liar.MarshalBinary()
	})
	agg := &Aggregator{Engine: connect("aggregator"), Store: st, Keys: k, Block: bk, Log: log}
	in := &BlockInput{Parent: head, Siblings: sib, PoH: apps.SlotPoH(1),
		EndCaps: []EndCapInput{{Header: b.EndCap.Header, Job: capJob}}}
	type outcome struct {
		r   *BlockResult
		err error
	}
	res := make(chan outcome, 1)
	start := time.Now()
	go func() { r, err := agg.Prove(ctx, in); res <- outcome{r, err} }()
	select {
	case kind := <-lied:
		t.Logf("the liar answered a %s job", kind)
		time.Sleep(2 * time.Second) // its answer is published, then it leaves
		liarDone()
	case <-time.After(5 * time.Minute):
		t.Fatal("no job reached the liar")
	}
	honest := connect("honest")
	worker := &Worker{Keys: k, Block: bk, Log: log, Prior: honest.LastResult}
	go honest.Work(ctx, "honest", worker.Handle)
	o := <-res
	if o.err != nil {
		t.Fatal(o.err)
	}
	t.Logf("block proven over NATS in %v (%d jobs)", time.Since(start), o.r.Jobs)

	native, err := w.Chain.ApplyBlock([]*state.EndCap{b.EndCap}, apps.SlotPoH(1))
	if err != nil {
		t.Fatal(err)
	}
	if o.r.Next.Root != native.Root {
		t.Fatal("the block proof's CHKP(1) is not the native chain's")
	}
	if err := VerifyBlock(bk, head.Root, native.Root, o.r.Proof); err != nil {
		t.Fatal(err)
	}
	one := hashing.Uint(1)
	var other fr.Element
	other.Add(&native.Root, &one)
	if err := VerifyBlock(bk, head.Root, other, o.r.Proof); err == nil {
		t.Fatal("a block proof verifies for another CHKP(1)")
	}
	if err := VerifyBlock(bk, other, native.Root, o.r.Proof); err == nil {
		t.Fatal("a block proof verifies from another CHKP(0)")
	}

	// A restarted aggregator (new connection, same store) resumes from the
	// stored results: the same block proof, without proving anything.
	again := &Aggregator{Engine: connect("aggregator-2"), Store: st, Keys: k, Block: bk, Log: log}
	r2, err := again.Prove(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	b1, _ := o.r.Proof.MarshalBinary()
	b2, _ := r2.Proof.MarshalBinary()
	if !bytes.Equal(b1, b2) || r2.Next != o.r.Next {
		t.Fatal("a restarted aggregator did not resume from the stored results")
	}
}
