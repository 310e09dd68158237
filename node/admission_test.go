package node

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parthnet/parth/aggregator"
	"github.com/parthnet/parth/api"
	"github.com/parthnet/parth/prover"
	"github.com/parthnet/parth/sequencer"
	"github.com/parthnet/parth/sequencer/journal"
	"github.com/parthnet/parth/sequencer/poh"
	"github.com/parthnet/parth/session"
	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/apps"
	"github.com/parthnet/parth/state/store"
)

// TestAdmissionReal: real end-cap jobs, proven on the user's side with
// the real keys, through the ingress into a running sequencer with its
// journal: a valid one is journaled before the 202 and found by its id; the
// same one again is the same resource; another end cap with the same user
// and nonce is a 409 nonce_conflict, before and after the first is applied,
// while a dropped one's nonce is free; a job whose proof was tampered with
// is 422 and reaches nothing. (Key setup: the network keys from the key cache, set up by the
// aggregator's tests before this package runs in make test.)
func TestAdmissionReal(t *testing.T) {
	if testing.Short() {
		t.Skip("needs the network keys")
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	s, err := prover.DevSetup(log)
	if err != nil {
		t.Fatal(err)
	}
	uk, err := session.LoadKeys(s)
	if err != nil {
		t.Fatal(err)
	}
	nk, err := session.LoadNetworkKeys(s, uk)
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(filepath.Join(t.TempDir(), "store"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	w, err := apps.NewWorldWith(st, 5, uk.EdDSAHash, uk.Registry())
	if err != nil {
		t.Fatal(err)
	}
	head, _ := w.Chain.Head()
	core, err := sequencer.NewCore(poh.Config{HashesPerTick: 2000, TicksPerSlot: 50, MaxRefAge: 2000}, head.PoH, head.Number+1)
	if err != nil {
		t.Fatal(err)
	}
	blocks := make(chan *sequencer.Block, 4)
	j := &journal.Journal{St: st}
	d := sequencer.NewDriver(core, blocks)
	d.Journal = j
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan struct{})
	go func() { d.Run(ctx); close(ran) }()
	defer func() { cancel(); <-ran }() // the driver stops before the store closes

	tr := &Tracker{Journal: j, Chain: w.Chain, Store: st, Pending: func(h poh.Hash) (bool, error) { return d.Pending(h), nil }}
	adm := &Admission{Keys: nk, Chain: w.Chain, Submit: d.Submit, Latest: d.Latest, Tracker: tr, LastCut: d.LastCut}
	srv := httptest.NewServer((&Ingress{Admit: adm.Admit, Tracker: tr}).Handler())
	defer srv.Close()

	p := &session.Prover{Keys: uk, Log: log}
	in, _, err := aggregator.UsersBlock(p, w, []apps.Step{{User: apps.Alice, Calls: []state.Call{apps.Transfer(apps.USDTContract, apps.Bob, 30)}}})
	if err != nil {
		t.Fatal(err)
	}
	valid, err := in.EndCaps[0].Job.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	other, _, err := aggregator.UsersBlock(p, w, []apps.Step{{User: apps.Alice, Calls: []state.Call{apps.Transfer(apps.USDTContract, apps.Carol, 5)}}})
	if err != nil {
		t.Fatal(err)
	}
	second, _ := other.EndCaps[0].Job.MarshalBinary()
	tampered := *other.EndCaps[0].Job
	tampered.SigProof = in.EndCaps[0].Job.SigProof // a valid proof of another statement
	forged, err := tampered.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}

	post := func(body []byte) (int, api.Submission, string) {
		t.Helper()
		resp, err := http.Post(srv.URL+"/v1/submissions", JobContentType, bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var raw json.RawMessage
		_ = json.NewDecoder(resp.Body).Decode(&raw)
		var s api.Submission
		_ = json.Unmarshal(raw, &s)
		return resp.StatusCode, s, string(raw)
	}
	// Alice's nonce 0 was taken by an end cap a lost leadership dropped
	// (journaled, never in this driver): it does not hold the nonce.
	droppedID := poh.Hash{0xd7}
	if err := j.Event(sequencer.Sequenced{Submission: sequencer.Submission{User: uint64(apps.Alice), Hash: droppedID}, Position: 1}); err != nil {
		t.Fatal(err)
	}
	if err := (Records{st}).PutNonce(uint64(apps.Alice), 0, droppedID); err != nil {
		t.Fatal(err)
	}
	if s, err := tr.Status(droppedID); err != nil || s.Stage != Dropped {
		t.Fatalf("the dropped end cap: %v %v", s.Stage, err)
	}
	// The forged one first: refused while the user is free.
	if code, _, body := post(forged); code != http.StatusUnprocessableEntity || !bytes.Contains([]byte(body), []byte("invalid_proof")) {
		t.Fatalf("forged signature proof: %d %s", code, body)
	}
	code, s1, body := post(valid)
	if code != http.StatusAccepted || s1.Status != "sequenced" && s1.Status != "included" {
		t.Fatalf("valid end cap: %d %s", code, body)
	}
	id := in.EndCaps[0].Header.Event()
	if s1.ID != hex.EncodeToString(id[:]) || s1.User != uint64(apps.Alice) {
		t.Fatalf("status %+v, want id %x of user %d", s1, id, apps.Alice)
	}
	if ev, _, ok, err := j.Lookup(id); err != nil || !ok || ev.Position != s1.Position {
		t.Fatalf("the acknowledged end cap is not journaled at its position: %v %v", ok, err)
	}
	if code, s2, body := post(valid); code != http.StatusAccepted || s2.ID != s1.ID || s2.Position != s1.Position {
		t.Fatalf("the same end cap again: %d %s", code, body)
	}
	if code, _, body := post(second); code != http.StatusConflict || !strings.Contains(body, `"nonce_conflict"`) || !strings.Contains(body, s1.ID) {
		t.Fatalf("another end cap with the user's nonce: %d %s", code, body)
	}
	sid := other.EndCaps[0].Header.Event()
	if st, err := tr.Status(sid); err != nil || st.Stage != Unknown {
		t.Fatalf("the refused end cap has a status: %v %v", st.Stage, err)
	}
	fid := tampered.Header.Event()
	if _, _, ok, _ := j.Lookup(fid); ok {
		t.Fatal("the forged end cap was journaled")
	}

	// The slot ends: the block is cut with the end cap and executed at
	// once; its user is free again, the old second end cap is now a replay,
	// and one proven on the new head is admitted.
	var b *sequencer.Block
	select {
	case b = <-blocks:
	case <-time.After(time.Minute):
		t.Fatal("no block cut")
	}
	if d.LastCut() < b.Number {
		t.Fatalf("the driver's last cut is %d after block %d", d.LastCut(), b.Number)
	}
	x := &Executor{Chain: w.Chain, Admission: adm}
	done, err := x.Execute(b)
	if err != nil {
		t.Fatal(err)
	}
	if st, err := tr.Status(id); err != nil || st.Stage != Executed || st.Block != b.Number || !st.CHKP.Equal(&done.CHKP.Root) {
		t.Fatalf("after execution: %v block %d (%v)", st.Stage, st.Block, err)
	}
	again, err := x.Execute(b)
	if err != nil || again.CHKP != done.CHKP || len(again.Input.EndCaps) != 1 {
		t.Fatalf("executing block %d again: %v", b.Number, err)
	}
	if code, _, body := post(second); code != http.StatusConflict || !strings.Contains(body, `"nonce_conflict"`) {
		t.Fatalf("another end cap with the nonce of the applied one: %d %s", code, body)
	}
	// Without the nonce index (a node that did not sequence the first),
	// the state check refuses it as a replay.
	bare := &Admission{Keys: nk, Chain: w.Chain, Submit: d.Submit, Latest: d.Latest, LastCut: d.LastCut}
	if _, err := bare.Admit(ctx, second); !errors.Is(err, state.ErrBadNonce) {
		t.Fatalf("admitting the replay without the index: %v", err)
	}
	next, _, err := aggregator.UsersBlock(p, w, []apps.Step{{User: apps.Alice, Calls: []state.Call{apps.Transfer(apps.USDTContract, apps.Carol, 5)}}})
	if err != nil {
		t.Fatal(err)
	}
	fresh, _ := next.EndCaps[0].Job.MarshalBinary()
	if code, _, body := post(fresh); code != http.StatusAccepted {
		t.Fatalf("the user's next end cap on CHKP(%d): %d %s", done.CHKP.Number, code, body)
	}
}
