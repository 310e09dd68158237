package aggregator

import (
	"context"
	"errors"
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
)

// TestTwoUsersTwoBlocks is the seed's token story over a real network:
// Alice transfers 30 USDT to Bob in block 1, Bob claims them in block 2.
// Every end cap and block is a real proof made by prover workers over the
// embedded NATS server (a one-user block needs no tree node: the block
// circuit climbs the end cap); each block proof verifies
// natively and CHKP(1), CHKP(2) are the native chain's. The faults of a
// real network happen on the way:
//
// block 1: the first worker to take a job is a process SIGKILLed while it
// holds it (the job is redelivered after AckWait); the next one answers
// with a real proof of another circuit (rejected; the job is retried);
// an honest worker then proves everything;
//
// block 2: the honest worker publishes its end-cap result twice (the copy
// is ignored); the aggregator is stopped once the end cap is stored and a
// new one resumes from the stored results (the end cap is not proven
// again); the NATS server restarts while the worker proves the block.
func TestTwoUsersTwoBlocks(t *testing.T) {
	if testing.Short() {
		t.Skip("sets up and proves the wrapper, node and block circuits")
	}
	n := newNetwork(t)
	ctx := n.ctx

	// Block 1: Alice → Bob, 30.
	in, caps := n.sessions([]apps.Step{{User: apps.Alice, Calls: []state.Call{apps.Transfer(apps.USDTContract, apps.Bob, 30)}}})
	alice := in.EndCaps[0]
	refuseBadJobs(t, n, in)

	agg := n.aggregator("aggregator")
	res := prove(ctx, agg, in)
	kind, kill := n.doomedWorker()
	if kind != KindEndCap.Token() {
		t.Fatalf("the first job is a %s job, want the end cap", kind)
	}
	time.Sleep(ackWait / 2) // it holds the job past heartbeats: only the kill frees it
	kill()
	n.log.Info("test: the worker holding the end-cap job was killed")

	liar := testproof.Groth16(t)
	liarCtx, liarDone := context.WithCancel(ctx)
	lied := make(chan string, 1)
	go n.connect(liarCtx, "liar").Work(liarCtx, "liar", func(_ context.Context, j jobs.Job) ([]byte, error) {
		select {
		case lied <- j.Kind:
		default:
		}
		return liar.MarshalBinary()
	})
	select {
	case k := <-lied:
		if k != KindEndCap.Token() {
			t.Fatalf("the liar got a %s job, want the redelivered end cap", k)
		}
	case <-time.After(3 * ackWait):
		t.Fatal("the killed worker's job was not redelivered")
	}
	time.Sleep(time.Second) // its answer is published, then it leaves
	liarDone()
	stopHonest := n.honest("honest", nil)
	r1 := wait(t, res, 30*time.Minute)
	chkp1 := n.check(in, caps, r1)
	n.checkBalances(map[state.UserID]uint64{apps.Alice: 270, apps.Bob: 100})
	capRec := n.record(1, CapKey(1))
	if capRec.Worker != "honest" {
		t.Fatalf("block 1's end cap recorded as proven by %s, want honest", capRec.Worker)
	}
	checkEndCap(t, n, &alice.Header, capRec.Proof)
	if n.count(KindEndCap.Token()) != 1 {
		t.Fatalf("%d end caps proven in block 1, want 1", n.count(KindEndCap.Token()))
	}

	// Block 2: Bob claims from Alice, against CHKP(1); Carol, who started
	// proving before block 1 was cut, sends Mike 10 against CHKP(0)
	// (finding 4: any checkpoint of the window). Two users: a merge node.
	in, caps = n.sessionsAt([]apps.Step{
		{User: apps.Bob, Calls: []state.Call{apps.Claim(apps.USDTContract, apps.Alice)}},
		{User: apps.Carol, Calls: []state.Call{apps.Transfer(apps.USDTContract, apps.Mike, 10)}},
	}, map[state.UserID]uint64{apps.Carol: 0})
	if in.EndCaps[1].Header.Checkpoint != 0 {
		t.Fatal("Carol's session does not read CHKP(0)")
	}
	// Another honest worker takes over; it publishes its end-cap results
	// twice (a duplicate result).
	stopHonest()
	n.honest("honest-2", func(e *jobs.Engine, h jobs.Handler) jobs.Handler {
		return func(ctx context.Context, j jobs.Job) ([]byte, error) {
			out, err := h(ctx, j)
			if err == nil && j.Kind == KindEndCap.Token() {
				if err := e.Publish(ctx, jobs.Result{JobID: j.ID, Kind: j.Kind, Worker: "honest-2", Attempt: 1, Payload: out}); err != nil {
					t.Errorf("publishing a duplicate: %v", err)
				}
			}
			return out, err
		}
	})
	// The NATS server restarts 3 s into the block job.
	restarted := make(chan struct{})
	n.onJob(func(_ string, j jobs.Job) {
		if j.Kind == KindBlock.Token() {
			select {
			case <-restarted:
			default:
				close(restarted)
				go func() { time.Sleep(3 * time.Second); n.restartServer() }()
			}
		}
	})
	// The aggregator stops once both end caps are stored.
	aggCtx, stopAgg := context.WithCancel(ctx)
	first := n.aggregator("aggregator")
	first.Progress = func(p Progress) {
		if p.Block == 2 && p.Done == 2 {
			n.log.Info("test: stopping the aggregator after block 2's end caps", "what", p.What)
			stopAgg()
		}
	}
	if o := <-prove(aggCtx, first, in); o.err == nil {
		t.Fatal("the stopped aggregator finished the block")
	} else {
		n.log.Info("test: the first aggregator stopped", "err", o.err)
	}
	r2 := wait(t, prove(ctx, n.aggregator("aggregator-2"), in), 30*time.Minute)
	select {
	case <-restarted:
	default:
		t.Fatal("the NATS server was not restarted during the block job")
	}
	chkp2 := n.check(in, caps, r2)
	if chkp2.Prev != chkp1.Root {
		t.Fatal("CHKP(2) does not chain to CHKP(1)")
	}
	if len(n.chain.qcs) != 2 {
		t.Fatalf("%d blocks finalized by the validators, want 2", len(n.chain.qcs))
	}
	// Both finalized block proofs go to L1: gnark's exported verifier of this block
	// key, compiled with the pinned solc, behind the Rollup contract.
	anchorOnL1(t, n.k.Block, n.chain.set, chkp1.Prev, []l1Block{{chkp1, r1.Proof, n.chain.qcs[0]}, {chkp2, r2.Proof, n.chain.qcs[1]}})
	n.checkBalances(map[state.UserID]uint64{apps.Alice: 270, apps.Bob: 130, apps.Carol: 490})
	if n.count(KindEndCap.Token()) != 3 {
		t.Fatalf("%d end caps proven in both blocks, want 3 (the resumed aggregator must not prove one again)", n.count(KindEndCap.Token()))
	}
	if r := n.record(2, CapKey(2)); r.Worker != "honest-2" {
		t.Fatalf("block 2's end cap proven by %s", r.Worker)
	}
}

// refuseBadJobs: end-cap jobs that cannot prove are refused before they
// reach the queue.
func refuseBadJobs(t *testing.T, n *network, in *BlockInput) {
	t.Helper()
	c := in.EndCaps[0]
	swapped := *c.Job
	swapped.CFCPublics = []fr.Element{hashing.Uint(7)}
	unknownCFC := *c.Job
	unknownCFC.CFCKeys = []fr.Element{hashing.Uint(7)}
	noSig := *c.Job
	noSig.SigProof = c.Job.StepProofs[0]
	otherHeader := c
	otherHeader.Header.Nonce++
	stale := *in
	stale.Parent.Root = hashing.Uint(7)
	oldHist := *in
	oldHist.History = &state.BlockHistory{Number: in.History.Number, Tree: in.History.Tree, Slot: in.History.Slot}
	oldHist.History.Slot.Value = hashing.Uint(7)
	noData := *c.Job
	noData.Deltas = nil
	partial := *c.Job
	partial.Deltas = partial.Deltas[:len(partial.Deltas)-1]
	for name, bad := range map[string]struct {
		in   *BlockInput
		want error
	}{
		"cfc proof of another statement than the step attests": {&BlockInput{Parent: in.Parent, Siblings: in.Siblings, History: in.History, PoH: in.PoH,
			EndCaps: []EndCapInput{{Header: c.Header, Job: &swapped}}}, session.ErrAttestation},
		"cfc key of another circuit than the step attests": {&BlockInput{Parent: in.Parent, Siblings: in.Siblings, History: in.History, PoH: in.PoH,
			EndCaps: []EndCapInput{{Header: c.Header, Job: &unknownCFC}}}, session.ErrAttestation},
		"signature proof swapped for the step proof": {&BlockInput{Parent: in.Parent, Siblings: in.Siblings, History: in.History, PoH: in.PoH,
			EndCaps: []EndCapInput{{Header: c.Header, Job: &noSig}}}, session.ErrProof},
		"job for another header": {&BlockInput{Parent: in.Parent, Siblings: in.Siblings, History: in.History, PoH: in.PoH,
			EndCaps: []EndCapInput{otherHeader}}, ErrPlan},
		"a parent that is not its preimage's": {&stale, ErrPlan},
		"a history that is not the parent's":  {&oldHist, ErrPlan},
		"job without its deltas": {&BlockInput{Parent: in.Parent, Siblings: in.Siblings, History: in.History, PoH: in.PoH,
			EndCaps: []EndCapInput{{Header: c.Header, Job: &noData}}}, state.ErrBadDeltas},
		"job with a delta withheld": {&BlockInput{Parent: in.Parent, Siblings: in.Siblings, History: in.History, PoH: in.PoH,
			EndCaps: []EndCapInput{{Header: c.Header, Job: &partial}}}, state.ErrBadDeltas},
		"proven end cap without deltas": {&BlockInput{Parent: in.Parent, Siblings: in.Siblings, History: in.History, PoH: in.PoH,
			EndCaps: []EndCapInput{{Header: c.Header, Proof: c.Job.SigProof}}}, state.ErrBadDeltas},
	} {
		if _, err := n.aggregator("refusing").Prove(n.ctx, bad.in); !errors.Is(err, bad.want) {
			t.Errorf("%s: %v, want %v", name, err, bad.want)
		}
	}
	e := n.connect(n.ctx, "inspector")
	if p, err := e.Pending(n.ctx); err != nil || p != 0 {
		t.Fatalf("refused jobs reached the queue: %d pending (%v)", p, err)
	}
}

// checkEndCap: the end-cap proof the network made verifies against the
// native reference header, and against nothing else.
func checkEndCap(t *testing.T, n *network, ref *state.EndCapHeader, p *prover.Proof) {
	t.Helper()
	if err := n.k.VerifyEndCap(ref, p); err != nil {
		t.Fatalf("end cap does not verify against the native header: %v", err)
	}
	one := hashing.Uint(1)
	for name, m := range map[string]func(h *state.EndCapHeader){
		"another nonce":      func(h *state.EndCapHeader) { h.Nonce++ },
		"another end root":   func(h *state.EndCapHeader) { h.UCONAfter.Add(&h.UCONAfter, &one) },
		"another checkpoint": func(h *state.EndCapHeader) { h.Checkpoint++ },
		"another user":       func(h *state.EndCapHeader) { h.User = apps.Mike },
	} {
		h := *ref
		m(&h)
		if err := n.k.VerifyEndCap(&h, p); !errors.Is(err, session.ErrProof) {
			t.Errorf("end cap for %s: %v", name, err)
		}
	}
	other := *n.k.NetworkKeys
	other.NodeKeys.Wrap = one
	if err := other.VerifyEndCap(ref, p); !errors.Is(err, session.ErrProof) {
		t.Errorf("end cap under another key set: %v", err)
	}
}
