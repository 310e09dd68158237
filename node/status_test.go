package node

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parthnet/parth/consensus"
	"github.com/parthnet/parth/internal/wire"
	"github.com/parthnet/parth/sequencer"
	"github.com/parthnet/parth/sequencer/journal"
	"github.com/parthnet/parth/sequencer/poh"
	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/apps"
	"github.com/parthnet/parth/state/store"
)

// TestStatusFromRecords: an end cap's stage follows the durable records
// as the pipeline writes them — journal event, cut block, native apply —
// and survives a reopen of the store; a hash never sequenced is unknown.
func TestStatusFromRecords(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "store")
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	w, err := apps.NewWorld(st, 7)
	if err != nil {
		t.Fatal(err)
	}
	ec, err := w.EndCap(apps.Alice, apps.Transfer(apps.USDTContract, apps.Bob, 30))
	if err != nil {
		t.Fatal(err)
	}
	id := poh.Hash(ec.Header.Event())
	head, _ := w.Chain.Head()
	c, err := sequencer.NewCore(poh.Config{HashesPerTick: 64, TicksPerSlot: 2, MaxRefAge: 16}, head.PoH, head.Number+1)
	if err != nil {
		t.Fatal(err)
	}
	j := &journal.Journal{St: st}
	tr := &Tracker{Journal: j, Chain: w.Chain, Store: st}
	want := func(step string, stage Stage) Status {
		t.Helper()
		s, err := tr.Status(id)
		if err != nil || s.Stage != stage {
			t.Fatalf("%s: %v (%v), want %v", step, s.Stage, err, stage)
		}
		return s
	}
	want("before", Unknown)

	c.Run(3)
	q, err := c.Submit(sequencer.Submission{User: uint64(apps.Alice), Hash: id, Ref: c.Recorder().Latest(), Job: []byte("job")})
	if err != nil {
		t.Fatal(err)
	}
	if err := j.Event(q); err != nil {
		t.Fatal(err)
	}
	if s := want("sequenced", Sequenced); s.Position != q.Position || s.User != uint64(apps.Alice) {
		t.Fatalf("sequenced at %d by %d, want %d by %d", s.Position, s.User, q.Position, apps.Alice)
	}
	var b *sequencer.Block
	for b == nil {
		c.Run(1 << 20)
		b = c.Tick()
	}
	if err := j.Cut(b, c); err != nil {
		t.Fatal(err)
	}
	if s := want("cut", Included); s.Block != b.Number {
		t.Fatalf("included in %d, want %d", s.Block, b.Number)
	}
	chkp, err := w.Chain.ApplyDeltas([]*state.ProvenEndCap{{Header: ec.Header, Deltas: ec.Deltas}}, b.PoH)
	if err != nil {
		t.Fatal(err)
	}
	if s := want("applied", Executed); !s.CHKP.Equal(&chkp.Root) {
		t.Fatal("executed with another checkpoint")
	}
	// A certificate or anchor record alone does not skip proving.
	r := Records{st}
	if err := r.PutQC(&consensus.QC{Chain: 1, Block: b.Number, Target: consensus.Target{Checkpoint: chkp.Root, PoH: b.PoH}, Signers: []byte{7}}); err != nil {
		t.Fatal(err)
	}
	if err := r.PutAnchor(b.Number, [32]byte{9}); err != nil {
		t.Fatal(err)
	}
	want("certificate without a proof", Executed)

	st.Close()
	if st, err = store.Open(dir, store.Options{}); err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if w, err = apps.NewWorld(st, 7); err != nil {
		t.Fatal(err)
	}
	tr = &Tracker{Journal: &journal.Journal{St: st}, Chain: w.Chain, Store: st}
	want("after reopen", Executed)
	r = Records{st}
	if qc, err := r.QC(b.Number); err != nil || qc == nil || qc.Signers[0] != 7 {
		t.Fatalf("certificate record: %v, %v", qc, err)
	}
	if tx, ok, err := r.Anchor(b.Number); err != nil || !ok || tx != [32]byte{9} {
		t.Fatalf("anchor record: %x, %v, %v", tx, ok, err)
	}
	if qc, err := r.QC(b.Number + 1); err != nil || qc != nil {
		t.Fatalf("certificate of a block not finalized: %v, %v", qc, err)
	}
	// A followed block is proven by its leader's proposal (its record): with
	// the certificate and the anchor it is anchored; a proposal of another
	// checkpoint is an error, not a stage.
	other := chkp
	other.GUSRRoot.SetUint64(5)
	other = other.Sealed()
	if err := r.PutProposal(&consensus.Proposal{Block: b, Checkpoint: other, Leader: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := tr.Status(id); err == nil {
		t.Fatal("a followed proposal of another checkpoint gives a status")
	}
	if err := r.PutProposal(&consensus.Proposal{Block: b, Checkpoint: chkp, Leader: 1}); err != nil {
		t.Fatal(err)
	}
	if s := want("followed", Anchored); s.L1Tx != [32]byte{9} {
		t.Fatalf("followed and anchored with tx %x", s.L1Tx)
	}
}

// TestAdmissionRestore: after a restart the users of cut blocks not yet
// applied, and of end caps still queued, are busy again; those of applied
// blocks are not.
func TestAdmissionRestore(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "store"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	j := &journal.Journal{St: st}
	core, err := sequencer.NewCore(poh.Config{HashesPerTick: 10, TicksPerSlot: 2, MaxRefAge: 8}, poh.Hash{9}, 1)
	if err != nil {
		t.Fatal(err)
	}
	ev := func(user uint64, h byte) sequencer.Sequenced {
		return sequencer.Sequenced{Submission: sequencer.Submission{User: user, Hash: poh.Hash{h}}}
	}
	for _, b := range []*sequencer.Block{
		{Number: 1, EndCaps: []sequencer.Sequenced{ev(1, 1)}},                                           // applied (the head is 1)
		{Number: 2, EndCaps: []sequencer.Sequenced{ev(2, 2)}, Waiting: []sequencer.Sequenced{ev(2, 3)}}, // cut, not applied
	} {
		if err := j.Cut(b, core); err != nil {
			t.Fatal(err)
		}
	}
	a := &Admission{}
	if err := a.Restore(j, 1, []sequencer.Sequenced{ev(4, 4)}); err != nil {
		t.Fatal(err)
	}
	if _, ok := a.busy[1]; ok {
		t.Fatal("the user of an applied block is busy")
	}
	if a.busy[2] != (poh.Hash{3}) || a.busy[4] != (poh.Hash{4}) {
		t.Fatalf("busy after restore: %v", a.busy)
	}
	a.Applied(2, poh.Hash{2}) // block 2 applied: its waiting end cap still holds the user
	if _, ok := a.busy[2]; !ok {
		t.Fatal("applying block 2 released a user whose next end cap waits")
	}
}

// TestParamsPinned: a data directory keeps the seed and validator count it
// was created with; another is refused, the same is accepted.
func TestParamsPinned(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "store"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	r := Records{st}
	if err := r.checkParams(params{Seed: 1, Validators: 4, Accounts: 4}); err != nil {
		t.Fatal(err)
	}
	if err := r.checkParams(params{Seed: 1, Validators: 4, Accounts: 4}); err != nil {
		t.Fatalf("the same parameters again: %v", err)
	}
	for _, p := range []params{{Seed: 2, Validators: 4, Accounts: 4}, {Seed: 1, Validators: 3, Accounts: 4}, {Seed: 1, Validators: 4, TimeoutTicks: 1, Accounts: 4}, {Seed: 1, Validators: 4, Accounts: 5}} {
		if err := r.checkParams(p); err == nil || !strings.Contains(err.Error(), "cannot change") {
			t.Errorf("%+v over seed 1, 4 accounts and 4 validators: %v", p, err)
		}
	}
	// A version 2 record (before accounts could be chosen) has the seed's four.
	var e wire.Encoder
	e.Tag("PARTH/node/params", 2)
	e.U64(7)
	e.U64(4)
	e.U64(400)
	if err := st.PutRecord(recordsNS, []byte{keyParams}, e.Bytes()); err != nil {
		t.Fatal(err)
	}
	if err := r.checkParams(params{Seed: 7, Validators: 4, TimeoutTicks: 400, Accounts: 4}); err != nil {
		t.Fatalf("a version 2 record: %v", err)
	}
	if err := r.checkParams(params{Seed: 7, Validators: 4, TimeoutTicks: 400, Accounts: 9}); err == nil {
		t.Fatal("a version 2 record took 9 accounts")
	}
}

// TestReserveDropped: a user held by an end cap that was dropped (review
// F2: journaled, then the lead lost before a block took it) is free again,
// while one held by an end cap still waiting, or one not journaled yet (being
// admitted), is not.
func TestReserveDropped(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "store"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	w, err := apps.NewWorld(st, 7)
	if err != nil {
		t.Fatal(err)
	}
	j := &journal.Journal{St: st}
	dropped, waiting, admitting, next := poh.Hash{1}, poh.Hash{2}, poh.Hash{3}, poh.Hash{4}
	for i, h := range []poh.Hash{dropped, waiting} {
		if err := j.Event(sequencer.Sequenced{Submission: sequencer.Submission{User: uint64(i + 1), Hash: h}, Position: uint64(i + 1)}); err != nil {
			t.Fatal(err)
		}
	}
	tr := &Tracker{Journal: j, Chain: w.Chain, Store: st, Pending: func(h poh.Hash) (bool, error) { return h == waiting, nil }}
	a := &Admission{Tracker: tr}
	a.Busy(apps.Alice, dropped)
	a.Busy(apps.Bob, waiting)
	a.Busy(apps.Carol, admitting)
	if err := a.reserve(apps.Alice, next); err != nil {
		t.Fatalf("a user held by a dropped end cap: %v", err)
	}
	if a.busy[apps.Alice] != next {
		t.Fatal("the user is not reserved for the new end cap")
	}
	if err := a.reserve(apps.Alice, poh.Hash{5}); !errors.Is(err, ErrUserBusy) {
		t.Fatalf("the user's new end cap does not hold it: %v", err)
	}
	if err := a.reserve(apps.Bob, next); !errors.Is(err, ErrUserBusy) {
		t.Fatalf("a user with an end cap waiting: %v", err)
	}
	if err := a.reserve(apps.Carol, next); !errors.Is(err, ErrUserBusy) {
		t.Fatalf("a user with an end cap being admitted: %v", err)
	}
	if err := a.reserve(apps.Carol, admitting); !errors.Is(err, ErrInFlight) {
		t.Fatalf("the same end cap again while it is admitted: %v", err)
	}
}
