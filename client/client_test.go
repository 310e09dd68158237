package client

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/parthnet/parth/api"
	"github.com/parthnet/parth/consensus"
	"github.com/parthnet/parth/node"
	"github.com/parthnet/parth/sequencer"
	"github.com/parthnet/parth/sequencer/journal"
	"github.com/parthnet/parth/sequencer/poh"
	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/apps"
	"github.com/parthnet/parth/state/store"
)

// fixture is a node's API over a native chain at genesis (the seed's
// users and contracts) and a client of it; tamper, if set, rewrites
// each JSON answer the way a lying node would.
type fixture struct {
	w      *apps.World
	st     *store.Store
	c      *Client
	tamper func(path string, body []byte) []byte
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "store"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	w, err := apps.NewWorld(st, 7)
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{w: w, st: st}
	tr := &node.Tracker{Journal: &journal.Journal{St: st}, Chain: w.Chain, Store: st}
	adm := &node.Admission{Chain: w.Chain, Tracker: tr}
	h := (&node.Ingress{Admit: adm.Admit, Tracker: tr, Chain: w.Chain}).Handler()
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if f.tamper == nil { // straight through: event streams flow
			h.ServeHTTP(rw, r)
			return
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		body := rec.Body.Bytes()
		if f.tamper != nil && rec.Code == 200 {
			body = f.tamper(r.URL.Path, body)
		}
		for k, v := range rec.Header() {
			rw.Header()[k] = v
		}
		rw.WriteHeader(rec.Code)
		_, _ = rw.Write(body)
	}))
	t.Cleanup(srv.Close)
	if f.c, err = New(srv.URL); err != nil {
		t.Fatal(err)
	}
	return f
}

// TestSnapshotExecute: a session executed on the client's verified
// snapshot of the node's state gives exactly the result it gives on the
// chain's own state, fetching a path per read, not the trees.
func TestSnapshotExecute(t *testing.T) {
	f := newFixture(t)
	head, _ := f.w.Chain.Head()
	sess := state.Session{User: apps.Alice, Checkpoint: head.Number, Calls: []state.Call{
		apps.Transfer(apps.USDTContract, apps.Bob, 30), apps.BuyRubies(apps.RubiesContract, 2)}}
	want, err := f.w.Chain.Execute(sess)
	if err != nil {
		t.Fatal(err)
	}
	snap := f.c.Snapshot(context.Background(), head)
	got, err := state.Execute(apps.Registry(), snap.View(), sess)
	if err != nil {
		t.Fatalf("on the client's snapshot: %v", err)
	}
	if got.Header != want.Header || got.Start.Root != want.Start.Root || len(got.Calls) != len(want.Calls) {
		t.Fatalf("the session on the snapshot: %+v, on the chain %+v", got.Header, want.Header)
	}
	for i := range got.Calls {
		if got.Calls[i].ArgsHash != want.Calls[i].ArgsHash {
			t.Fatalf("call %d differs", i)
		}
	}
	if n := snap.Fetches(); n == 0 || n > 40 {
		t.Fatalf("%d fetches for a two-call session", n)
	}
	// Reading again costs nothing.
	before := snap.Fetches()
	if _, err := state.Execute(apps.Registry(), snap.View(), sess); err != nil || snap.Fetches() != before {
		t.Fatalf("a second run fetched %d more (%v)", snap.Fetches()-before, err)
	}
	// A node that is not in the tree is an error, not a zero.
	if _, _, err := snap.Node(state.GUSRTree, 1, 1<<63); err == nil {
		t.Fatal("an out-of-range node reads")
	}
	// A user with no account is proven absent, not taken on the node's word.
	if _, ok, err := snap.Account(4_000_000); ok || err != nil {
		t.Fatalf("an unknown user: %v %v", ok, err)
	}
}

// TestSnapshotRefusesLies: a node that changes an answer (a balance, a
// nonce, a sibling, another checkpoint's answer) makes the read fail; the
// session never runs on a lie.
func TestSnapshotRefusesLies(t *testing.T) {
	head, _ := newFixture(t).w.Chain.Head()
	sess := state.Session{User: apps.Alice, Checkpoint: head.Number, Calls: []state.Call{apps.Transfer(apps.USDTContract, apps.Bob, 30)}}
	edit := func(field string, f func(m map[string]any)) func(string, []byte) []byte {
		return func(path string, body []byte) []byte {
			var m map[string]any
			if json.Unmarshal(body, &m) != nil {
				return body
			}
			if _, has := m[field]; !has {
				return body
			}
			f(m)
			b, _ := json.Marshal(m)
			return b
		}
	}
	one := api.Element(fr.NewElement(1))
	// leafOf changes the proof of leaf answers of trees named prefix….
	leafOf := func(prefix string, f func(p map[string]any)) func(string, []byte) []byte {
		return edit("tree", func(m map[string]any) {
			if strings.HasPrefix(m["tree"].(string), prefix) {
				f(m["proof"].(map[string]any))
			}
		})
	}
	for name, tamper := range map[string]func(string, []byte) []byte{
		"nonce":          edit("nonce", func(m map[string]any) { m["nonce"] = 5.0 }),
		"public key":     edit("public_key", func(m map[string]any) { m["public_key"] = one }),
		"ucon root":      edit("ucon_root", func(m map[string]any) { m["ucon_root"] = one }),
		"whitelist leaf": leafOf("whitelist:", func(p map[string]any) { p["value"] = one }),
		"ucon leaf":      leafOf("ucon:", func(p map[string]any) { p["value"] = one }),
		"cstate leaf":    leafOf("cstate:", func(p map[string]any) { p["value"] = one }),
		"ucon sibling":   leafOf("ucon:", func(p map[string]any) { p["siblings"].([]any)[2] = one }),
		"cstate sibling": leafOf("cstate:", func(p map[string]any) { p["siblings"].([]any)[0] = one }),
		"whitelist root": edit("whitelist_root", func(m map[string]any) { m["whitelist_root"] = one }),
		"not found": func(path string, body []byte) []byte {
			if strings.HasPrefix(path, "/v1/users/") {
				return []byte("{}")
			}
			return body
		},
	} {
		f := newFixture(t)
		f.tamper = tamper
		head, _ := f.w.Chain.Head()
		if _, err := state.Execute(apps.Registry(), f.c.Snapshot(context.Background(), head).View(), sess); err == nil {
			t.Errorf("a session ran on a node that lies about the %s", name)
		}
	}
}

// TestTrust: genesis is trusted as the genesis file has it; a later
// checkpoint only with a quorum certificate of the genesis set for its
// root and PoH hash.
func TestTrust(t *testing.T) {
	f := newFixture(t)
	set, keys, _, err := node.DevValidators(4, 7)
	if err != nil {
		t.Fatal(err)
	}
	genesis, _ := f.w.Chain.Checkpoint(0)
	tr := &Trust{Set: set, Genesis: genesis}
	ctx := context.Background()
	if cp, err := tr.Checkpoint(ctx, f.c, "0"); err != nil || cp != genesis {
		t.Fatalf("genesis: %v", err)
	}
	other := &Trust{Set: tr.Set, Genesis: tr.Genesis}
	other.Genesis.Root = fr.NewElement(3)
	if _, err := other.Checkpoint(ctx, f.c, "0"); err == nil {
		t.Fatal("another chain's genesis is trusted")
	}
	cp, err := f.w.Block(apps.USDTBlocks[0]...)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tr.Checkpoint(ctx, f.c, "1"); !errors.Is(err, ErrNotFinalized) {
		t.Fatalf("a checkpoint without a certificate: %v", err)
	}
	target := consensus.Target{Checkpoint: cp.Root, PoH: cp.PoH}
	tally := consensus.NewTally(set)
	tally.Know(1, target)
	var qc *consensus.QC
	for i := 0; i < 3 && qc == nil; i++ {
		if qc, err = tally.Add(consensus.SignVote(keys[i], i, set.ChainID, 1, target)); err != nil {
			t.Fatal(err)
		}
	}
	if qc == nil {
		t.Fatal("three of four votes made no certificate")
	}
	if err := (node.Records{St: f.st}).PutQC(qc); err != nil {
		t.Fatal(err)
	}
	if got, err := tr.Checkpoint(ctx, f.c, "finalized"); err != nil || got != cp {
		t.Fatalf("the finalized checkpoint: %v", err)
	}
	// A certificate with a signer that did not sign, or for another set.
	f.tamper = func(path string, body []byte) []byte {
		var a api.Checkpoint
		if json.Unmarshal(body, &a) != nil || a.QC == "" {
			return body
		}
		bad := *qc // signers 1, 2 and 3 for 0, 1 and 2: a quorum that did not sign
		bad.Signers = []byte{qc.Signers[0] ^ 0b1001}
		raw, _ := bad.MarshalBinary()
		a.QC = hexString(raw)
		b, _ := json.Marshal(a)
		return b
	}
	if _, err := tr.Checkpoint(ctx, f.c, "1"); err == nil {
		t.Fatal("a certificate with another signer set verifies")
	}
	f.tamper = nil
	otherSet, _, _, _ := node.DevValidators(4, 8)
	if _, err := (&Trust{Set: otherSet, Genesis: genesis}).Checkpoint(ctx, f.c, "1"); err == nil {
		t.Fatal("a certificate verifies against another chain's set")
	}
	// Review F5: a node rolling the client back to an older certified
	// checkpoint (here genesis, as "finalized") once CHKP(1) was seen.
	if tr.Seen() != 1 {
		t.Fatalf("seen CHKP(%d), want 1", tr.Seen())
	}
	a0, err := f.c.Checkpoint(ctx, "0")
	if err != nil {
		t.Fatal(err)
	}
	old, _ := json.Marshal(a0)
	f.tamper = func(path string, body []byte) []byte {
		if strings.HasSuffix(path, "/finalized") {
			return old
		}
		return body
	}
	if _, err := tr.Checkpoint(ctx, f.c, "finalized"); !errors.Is(err, ErrStale) {
		t.Fatalf("an older finalized checkpoint: %v, want ErrStale", err)
	}
	if _, err := (&Trust{Set: set, Genesis: genesis}).Checkpoint(ctx, f.c, "finalized"); err != nil {
		t.Fatalf("a fresh Trust, which has seen nothing newer: %v", err)
	}
	if _, err := tr.Checkpoint(ctx, f.c, "0"); err != nil {
		t.Fatalf("an older checkpoint asked for by number: %v", err)
	}
	f.tamper = nil
}

// TestErrors: the node's refusals come back as *api.Error with the code
// and field; a non-API answer is reported as such.
func TestErrors(t *testing.T) {
	f := newFixture(t)
	_, err := f.c.User(context.Background(), 4_000_000, 0)
	var e *api.Error
	if !errors.As(err, &e) || e.Code != api.CodeNotFound || e.Field != "user" {
		t.Fatalf("an unknown user: %v", err)
	}
	if _, err := f.c.Submit(context.Background(), []byte("PARTH garbage")); !errors.As(err, &e) || e.Code != api.CodeMalformed || e.Field != "body" {
		t.Fatalf("a garbage job: %v", err)
	}
	if _, err := New("ftp://x"); err == nil {
		t.Fatal("a non-HTTP node URL is accepted")
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(502)
		_, _ = io.Copy(w, bytes.NewReader([]byte("<html>bad gateway</html>")))
	}))
	defer srv.Close()
	c, _ := New(srv.URL)
	if _, err := c.Info(context.Background()); err == nil || errors.As(err, &e) || !strings.Contains(err.Error(), "without an API error") {
		t.Fatalf("a proxy's error page: %v", err)
	}
}

func hexString(b []byte) string { return hex.EncodeToString(b) }

// TestFollow: Follow streams a submission's statuses in order and stops
// at the one asked for; Wait long-polls to it.
func TestFollow(t *testing.T) {
	f := newFixture(t)
	j := &journal.Journal{St: f.st}
	id := poh.Hash{9, 9}
	ev := sequencer.Sequenced{Submission: sequencer.Submission{User: 1, Hash: id}, Position: 5, Slot: 1}
	if err := j.Event(ev); err != nil {
		t.Fatal(err)
	}
	go func() {
		time.Sleep(300 * time.Millisecond)
		core, _ := sequencer.NewCore(poh.Config{HashesPerTick: 10, TicksPerSlot: 2, MaxRefAge: 8}, poh.Hash{}, 2)
		if err := j.Cut(&sequencer.Block{Number: 1, EndCaps: []sequencer.Sequenced{ev}}, core); err != nil {
			t.Error(err)
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var seen []string
	last, err := f.c.Follow(ctx, hex.EncodeToString(id[:]), api.StatusIncluded, func(s api.Submission) { seen = append(seen, s.Status) })
	if err != nil || last.Status != api.StatusIncluded || last.Block != 1 || strings.Join(seen, ",") != "sequenced,included" {
		t.Fatalf("followed %v to %+v (%v)", seen, last, err)
	}
	if s, err := f.c.Wait(ctx, hex.EncodeToString(id[:]), api.StatusIncluded); err != nil || s.Block != 1 {
		t.Fatalf("wait: %+v %v", s, err)
	}
	var e *api.Error
	if _, err := f.c.Follow(ctx, strings.Repeat("ab", 32), api.StatusIncluded, func(api.Submission) {}); !errors.As(err, &e) || e.Code != api.CodeNotFound {
		t.Fatalf("following an unknown submission: %v", err)
	}
}
