package node

import (
	"bufio"
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/go-chi/chi/v5"

	"github.com/parthnet/parth/api"
	"github.com/parthnet/parth/consensus"
	"github.com/parthnet/parth/sequencer"
	"github.com/parthnet/parth/sequencer/journal"
	"github.com/parthnet/parth/sequencer/poh"
	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/apps"
	"github.com/parthnet/parth/state/store"
)

// TestIngressRefuses: each malformed request gets its specific status and
// error code, and nothing reaches the sequencer or the journal; statuses
// are served from the records.
func TestIngressRefuses(t *testing.T) {
	st, w := testWorld(t)
	j := &journal.Journal{St: st}
	tr := &Tracker{Journal: j, Chain: w.Chain, Store: st}
	submitted := 0
	adm := &Admission{Chain: w.Chain, Tracker: tr, Latest: func() poh.Hash { return poh.Hash{} },
		Submit: func(context.Context, sequencer.Submission) (uint64, error) { submitted++; return 0, nil }}
	ready := errors.New("keys are being set up")
	var outcomes []string
	in := &Ingress{Admit: adm.Admit, Tracker: tr, Ready: func() error { return ready }, Observe: func(o string) { outcomes = append(outcomes, o) }}
	srv := httptest.NewServer(in.Handler())
	defer srv.Close()

	do := func(method, path, ctype string, body []byte) (int, string) {
		t.Helper()
		req, _ := http.NewRequest(method, srv.URL+path, bytes.NewReader(body))
		if ctype != "" {
			req.Header.Set("Content-Type", ctype)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var e struct {
			Error struct{ Code, Message string }
		}
		_ = json.NewDecoder(resp.Body).Decode(&e)
		return resp.StatusCode, e.Error.Code
	}
	for name, tc := range map[string]struct {
		method, path, ctype string
		body                []byte
		code                int
		kind                string
	}{
		"wrong content type": {"POST", "/v1/submissions", "text/plain", []byte("{}"), 415, "content_type"},
		"no content type":    {"POST", "/v1/submissions", "", []byte("x"), 415, "content_type"},
		"too large":          {"POST", "/v1/submissions", JobContentType, make([]byte, sequencer.MaxJobBytes+1), 413, "too_large"},
		"too large envelope": {"POST", "/v1/submissions", "application/json", make([]byte, maxEnvelopeBytes+1), 413, "too_large"},
		"not a job":          {"POST", "/v1/submissions", JobContentType, []byte("PARTH garbage"), 400, "malformed"},
		"empty body":         {"POST", "/v1/submissions", JobContentType, nil, 400, "malformed"},
		"malformed JSON":     {"POST", "/v1/submissions", "application/json", []byte(`{"endcap":`), 400, "malformed"},
		"JSON not an object": {"POST", "/v1/submissions", "application/json", []byte(`["x"]`), 400, "malformed"},
		"trailing JSON":      {"POST", "/v1/submissions", "application/json", []byte(`{"endcap":"AA=="} {}`), 400, "malformed"},
		"unknown field":      {"POST", "/v1/submissions", "application/json", []byte(`{"endcap":"AA==","fee":1}`), 400, "unknown_field"},
		"no endcap":          {"POST", "/v1/submissions", "application/json", []byte(`{}`), 400, "malformed"},
		"endcap not string":  {"POST", "/v1/submissions", "application/json", []byte(`{"endcap":12}`), 400, "malformed"},
		"endcap not base64":  {"POST", "/v1/submissions", "application/json", []byte(`{"endcap":"%%%"}`), 400, "malformed"},
		"endcap empty":       {"POST", "/v1/submissions", "application/json", []byte(`{"endcap":""}`), 400, "malformed"},
		"trailing brace":     {"POST", "/v1/submissions", "application/json", []byte(`{"endcap":"AA=="}}`), 400, "malformed"},
		"trailing bracket":   {"POST", "/v1/submissions", "application/json", []byte(`{"endcap":"AA=="}]`), 400, "malformed"},
		"endcap twice":       {"POST", "/v1/submissions", "application/json", []byte(`{"endcap":"AA==","endcap":"AQ=="}`), 400, "malformed"},
		"base64 on 2 lines":  {"POST", "/v1/submissions", "application/json", []byte(`{"endcap":"AA\nAA=="}`), 400, "malformed"},
		"endcap not a job":   {"POST", "/v1/submissions", "application/json", []byte(`{"endcap":"UEFSVEggZ2FyYmFnZQ=="}`), 400, "malformed"},
		"bad id":             {"GET", "/v1/submissions/xyz", "", nil, 400, "bad_param"},
		"short id":           {"GET", "/v1/submissions/abcd", "", nil, 400, "bad_param"},
		"unknown id":         {"GET", "/v1/submissions/" + strings.Repeat("ab", 32), "", nil, 404, "not_found"},
		"unknown id events":  {"GET", "/v1/submissions/" + strings.Repeat("ab", 32) + "/events", "", nil, 404, "not_found"},
		"bad wait":           {"GET", "/v1/submissions/" + strings.Repeat("ab", 32) + "?wait=executed", "", nil, 400, "bad_param"},
		"bad timeout":        {"GET", "/v1/submissions/" + strings.Repeat("ab", 32) + "?wait=proven&timeout=2h", "", nil, 400, "bad_param"},
		"unknown parameter":  {"GET", "/v1/submissions/" + strings.Repeat("ab", 32) + "?since=1", "", nil, 400, "bad_param"},
		"no route":           {"GET", "/v1/nothing", "", nil, 404, "no_route"},
		"wrong method":       {"PUT", "/v1/submissions", "", nil, 405, "method_not_allowed"},
		"not ready":          {"GET", "/readyz", "", nil, 503, "not_ready"},
	} {
		if code, kind := do(tc.method, tc.path, tc.ctype, tc.body); code != tc.code || kind != tc.kind {
			t.Errorf("%s: %d %q, want %d %q", name, code, kind, tc.code, tc.kind)
		}
	}
	if submitted != 0 {
		t.Fatal("a refused request reached the sequencer")
	}
	slices.Sort(outcomes)
	if want := []string{"content_type", "content_type", "malformed", "malformed", "malformed", "malformed", "malformed", "malformed", "malformed", "malformed", "malformed", "malformed", "malformed", "malformed", "malformed", "malformed", "too_large", "too_large", "unknown_field"}; !slices.Equal(outcomes, want) {
		t.Errorf("submission outcomes observed %q, want %q", outcomes, want)
	}
	var journaled int
	st.Records("sequencer", nil, func(k, v []byte) error { journaled++; return nil })
	if journaled != 0 {
		t.Fatalf("refused requests left %d journal records", journaled)
	}
	if code, _ := do("GET", "/healthz", "", nil); code != 200 {
		t.Fatalf("healthz: %d", code)
	}
	ready = nil
	if code, _ := do("GET", "/readyz", "", nil); code != 200 {
		t.Fatalf("readyz once ready: %d", code)
	}

	// A sequenced end cap's status.
	id := poh.Hash{1, 2, 3}
	if err := j.Event(sequencer.Sequenced{Submission: sequencer.Submission{User: 3, Hash: id}, Position: 77, Slot: 4}); err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(srv.URL + "/v1/submissions/" + hex.EncodeToString(id[:]))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var s api.Submission
	if err := json.NewDecoder(resp.Body).Decode(&s); err != nil || resp.StatusCode != 200 {
		t.Fatalf("status: %d, %v", resp.StatusCode, err)
	}
	if s.Status != "sequenced" || s.Result != "pending" || s.Kind != "endcap" || s.User != 3 || s.Position != 77 || s.Slot != 4 || s.ID != hex.EncodeToString(id[:]) {
		t.Fatalf("status %+v", s)
	}
}

// TestSubmissionFollow: a long-poll returns as soon as the submission
// reaches the status waited for (woken by the pipeline's beacon, not by
// its timeout), or at its timeout with the status it has; the event
// stream sends the current status, then each change, and ends at a
// terminal status; a sequenced end cap the sequencer no longer holds is
// dropped.
func TestSubmissionFollow(t *testing.T) {
	st, w := testWorld(t)
	j := &journal.Journal{St: st}
	held := map[poh.Hash]bool{}
	var mu sync.Mutex
	tr := &Tracker{Journal: j, Chain: w.Chain, Store: st, Pending: func(h poh.Hash) (bool, error) {
		mu.Lock()
		defer mu.Unlock()
		return held[h], nil
	}}
	b := newBeacon()
	srv := httptest.NewServer((&Ingress{Tracker: tr, Changes: b.C}).Handler())
	defer srv.Close()

	id := poh.Hash{4, 5, 6}
	path := srv.URL + "/v1/submissions/" + hex.EncodeToString(id[:])
	mu.Lock()
	held[id] = true
	mu.Unlock()
	if err := j.Event(sequencer.Sequenced{Submission: sequencer.Submission{User: 3, Hash: id}, Position: 9, Slot: 1}); err != nil {
		t.Fatal(err)
	}
	get := func(url string) api.Submission {
		t.Helper()
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var s api.Submission
		if err := json.NewDecoder(resp.Body).Decode(&s); err != nil || resp.StatusCode != 200 {
			t.Fatalf("GET %s: %d %v", url, resp.StatusCode, err)
		}
		return s
	}
	start := time.Now()
	if s := get(path + "?wait=included&timeout=1"); s.Status != api.StatusSequenced || time.Since(start) < time.Second {
		t.Fatalf("a long-poll that times out: %s after %v", s.Status, time.Since(start))
	}

	// The event stream, opened while it is sequenced.
	resp, err := http.Get(path + "/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); resp.StatusCode != 200 || ct != "text/event-stream" {
		t.Fatalf("events: %d %q", resp.StatusCode, ct)
	}
	events := make(chan api.Submission, 8)
	go func() {
		defer close(events)
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				var s api.Submission
				if json.Unmarshal([]byte(data), &s) == nil {
					events <- s
				}
			}
		}
	}()
	next := func(want string) {
		t.Helper()
		select {
		case s, ok := <-events:
			if !ok || s.Status != want {
				t.Fatalf("event %+v (stream open %v), want %s", s, ok, want)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("no %s event", want)
		}
	}
	next(api.StatusSequenced)

	// A long-poll woken when the block including it is cut.
	polled := make(chan api.Submission, 1)
	go func() { polled <- get(path + "?wait=included&timeout=30s") }()
	time.Sleep(200 * time.Millisecond) // the poll is waiting
	head, _ := w.Chain.Head()
	blk := &sequencer.Block{Number: head.Number + 1, EndCaps: []sequencer.Sequenced{{Submission: sequencer.Submission{User: 3, Hash: id}, Position: 9, Slot: 1}}}
	c, _ := sequencer.NewCore(poh.Config{HashesPerTick: 10, TicksPerSlot: 2, MaxRefAge: 8}, poh.Hash{}, head.Number+2)
	if err := j.Cut(blk, c); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	delete(held, id)
	mu.Unlock()
	start = time.Now()
	b.Ring()
	select {
	case s := <-polled:
		if s.Status != api.StatusIncluded || s.Block != blk.Number || s.Result != api.ResultPending || time.Since(start) > 10*time.Second {
			t.Fatalf("the woken long-poll: %+v", s)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the long-poll was not woken by the change")
	}
	next(api.StatusIncluded)
	if s := get(path + "?wait=sequenced"); s.Status != api.StatusIncluded {
		t.Fatalf("a long-poll for a status already passed: %s", s.Status)
	}

	// Another end cap, sequenced and then no longer held: dropped, a
	// terminal status that ends its stream and its long-polls at once.
	lost := poh.Hash{7, 7}
	if err := j.Event(sequencer.Sequenced{Submission: sequencer.Submission{User: 4, Hash: lost}, Position: 12, Slot: 1}); err != nil {
		t.Fatal(err)
	}
	lostPath := srv.URL + "/v1/submissions/" + hex.EncodeToString(lost[:])
	start = time.Now()
	if s := get(lostPath + "?wait=anchored&timeout=30s"); s.Status != api.StatusDropped || s.Result != api.ResultFailed || s.Reason == "" || time.Since(start) > 10*time.Second {
		t.Fatalf("a dropped end cap: %+v", s)
	}
	r2, err := http.Get(lostPath + "/events")
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(r2.Body) // ends: dropped is terminal
	r2.Body.Close()
	if err != nil || !strings.Contains(string(body), `"status":"dropped"`) {
		t.Fatalf("the dropped end cap's stream: %q %v", body, err)
	}
}

// TestAdmissionErrorCodes: each refusal gets the most specific code its
// error chain has, with its status and retry hint.
func TestAdmissionErrorCodes(t *testing.T) {
	for _, tc := range []struct {
		err   error
		code  api.Code
		retry bool
	}{
		{fmt.Errorf("%w: %w", ErrRejected, state.ErrStaleCheckpoint), api.CodeStaleCheckpoint, false},
		{fmt.Errorf("%w: %w", ErrRejected, state.ErrUnknownCheckpoint), api.CodeUnknownCheckpoint, false},
		{fmt.Errorf("%w: %w", ErrRejected, state.ErrCheckpointMismatch), api.CodeCheckpointMismatch, false},
		{fmt.Errorf("%w: %w", ErrRejected, state.ErrUnknownUser), api.CodeUnknownUser, false},
		{fmt.Errorf("%w: %w", ErrRejected, state.ErrWrongKey), api.CodeWrongKey, false},
		{fmt.Errorf("%w: %w", ErrRejected, state.ErrBadDeltas), api.CodeBadDeltas, false},
		{fmt.Errorf("%w: %w", ErrRejected, state.ErrBadNonce), api.CodeBadNonce, false},
		{fmt.Errorf("%w: %w", ErrRejected, state.ErrUserMoved), api.CodeUserMoved, false},
		{fmt.Errorf("%w: %w", ErrRejected, state.ErrForeignWrite), api.CodeRejected, false},
		{fmt.Errorf("%w: x", ErrInvalidProof), api.CodeInvalidProof, false},
		{fmt.Errorf("%w: x", ErrMalformed), api.CodeMalformed, false},
		{fmt.Errorf("%w: x", ErrUserBusy), api.CodeUserBusy, false},
		{fmt.Errorf("%w: x", ErrNonceConflict), api.CodeNonceConflict, false},
		{ErrNotLeader, api.CodeNotLeader, true},
		{sequencer.ErrHeld, api.CodeTakingOver, true},
		{fmt.Errorf("%w: x", ErrInFlight), api.CodeInFlight, true},
		{sequencer.ErrQueueFull, api.CodeQueueFull, true},
		{context.Canceled, api.CodeUnavailable, false},
		{errors.New("disk on fire"), api.CodeInternal, false},
	} {
		e := AdmissionError(tc.err)
		if e.Code != tc.code || (e.RetryAfter > 0) != tc.retry || e.Message != tc.err.Error() {
			t.Errorf("%v: %+v, want code %s (retry %v)", tc.err, e, tc.code, tc.retry)
		}
		if _, ok := api.Codes[e.Code]; !ok {
			t.Errorf("%v: code %s is not in api.Codes", tc.err, e.Code)
		}
	}
}

// TestIngressRateLimit: a client over its rate gets 429 rate_limited with
// Retry-After and its request id, before its body is read; reads are not
// limited.
func TestIngressRateLimit(t *testing.T) {
	admitted := 0
	in := &Ingress{Admit: func(context.Context, []byte) (poh.Hash, error) { admitted++; return poh.Hash{}, ErrMalformed },
		Tracker: &Tracker{}, Limit: &api.RateLimit{Rate: 0.001, Burst: 2}}
	srv := httptest.NewServer(in.Handler())
	defer srv.Close()
	var codes []int
	for range 4 {
		req, _ := http.NewRequest("POST", srv.URL+"/v1/submissions", strings.NewReader("x"))
		req.Header.Set("Content-Type", JobContentType)
		req.Header.Set(api.RequestIDHeader, "rl-test")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var body api.ErrorBody
		_ = json.NewDecoder(resp.Body).Decode(&body)
		resp.Body.Close()
		codes = append(codes, resp.StatusCode)
		if resp.StatusCode == 429 && (body.Error == nil || body.Error.Code != api.CodeRateLimited || body.Error.RequestID != "rl-test" || resp.Header.Get("Retry-After") == "") {
			t.Fatalf("429 without its code, request id or Retry-After: %+v %v", body.Error, resp.Header)
		}
	}
	if !slices.Equal(codes, []int{400, 400, 429, 429}) || admitted != 2 {
		t.Fatalf("statuses %v, %d admitted", codes, admitted)
	}
	resp, err := http.Get(srv.URL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("healthz limited: %d", resp.StatusCode)
	}
}

// TestOpenAPIRoutes: the OpenAPI document served at /v1/openapi.json has
// exactly the handler's routes, method by method; every operation has an
// id, and every error response is the documented error body.
func TestOpenAPIRoutes(t *testing.T) {
	in := &Ingress{Admit: func(context.Context, []byte) (poh.Hash, error) { return poh.Hash{}, nil }, Tracker: &Tracker{},
		Metrics: http.NotFoundHandler(), Chain: &state.Chain{}, Info: func() api.Info { return api.Info{} }, PoH: func() api.PoH { return api.PoH{} },
		Set: &consensus.ValidatorSet{}}
	h := in.Handler()
	routes := map[string]bool{}
	if err := chi.Walk(h.(chi.Routes), func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		routes[strings.ToLower(method)+" "+route] = true
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/v1/openapi.json", nil))
	var doc struct {
		OpenAPI string `json:"openapi"`
		Paths   map[string]map[string]struct {
			OperationID string                     `json:"operationId"`
			Responses   map[string]json.RawMessage `json:"responses"`
		} `json:"paths"`
		Components struct {
			Responses map[string]json.RawMessage `json:"responses"`
		} `json:"components"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil || rec.Code != 200 {
		t.Fatalf("openapi.json: %d %v", rec.Code, err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Fatalf("openapi %q", doc.OpenAPI)
	}
	documented := map[string]bool{}
	ids := map[string]bool{}
	for path, ops := range doc.Paths {
		for method, op := range ops {
			key := method + " " + path
			documented[key] = true
			if !routes[key] {
				t.Errorf("the document has %s, the handler does not", key)
			}
			if op.OperationID == "" || ids[op.OperationID] {
				t.Errorf("%s: operationId %q missing or repeated", key, op.OperationID)
			}
			ids[op.OperationID] = true
			for status, resp := range op.Responses {
				if status[0] != '4' && status[0] != '5' {
					continue
				}
				var ref struct {
					Ref string `json:"$ref"`
				}
				_ = json.Unmarshal(resp, &ref)
				name, ok := strings.CutPrefix(ref.Ref, "#/components/responses/")
				if _, known := doc.Components.Responses[name]; !ok || !known {
					t.Errorf("%s %s: not the documented error body (%s)", key, status, resp)
				}
			}
		}
	}
	for key := range routes {
		if !documented[key] {
			t.Errorf("the handler has %s, the document does not", key)
		}
	}
	if len(routes) < 6 {
		t.Fatalf("only %d routes: %v", len(routes), routes)
	}
}

// TestStateRead: a user's balance comes with a path that verifies against
// the checkpoint's root, and one tampered value does not; bad parameters
// get their specific error.
func TestStateRead(t *testing.T) {
	_, w := testWorld(t)
	srv := httptest.NewServer((&Ingress{Tracker: &Tracker{}, Chain: w.Chain}).Handler())
	defer srv.Close()
	get := func(path string) (int, []byte) {
		t.Helper()
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var b bytes.Buffer
		_, _ = b.ReadFrom(resp.Body)
		return resp.StatusCode, b.Bytes()
	}
	head, _ := w.Chain.Head()
	view, _ := w.Chain.View(head.Number)
	want, err := apps.Balance(view, apps.USDTContract, apps.Bob)
	if err != nil || want == 0 {
		t.Fatalf("Bob's genesis balance %d, %v", want, err)
	}
	code, body := get(fmt.Sprintf("/v1/users/%d/contracts/%d?slot=1&key=%d&checkpoint=0", apps.Bob, apps.USDTContract, apps.Bob))
	if code != 200 {
		t.Fatalf("read: %d %s", code, body)
	}
	var read api.StateRead
	if err := json.Unmarshal(body, &read); err != nil {
		t.Fatal(err)
	}
	p, err := read.Verify(head.Root)
	if err != nil {
		t.Fatalf("the path does not verify: %v", err)
	}
	if got, err := state.ToUint(p.Value); err != nil || got != want {
		t.Fatalf("Bob's balance read %d, the chain has %d (%v)", got, want, err)
	}
	// Every link of the path is checked: a changed value, sibling, nonce
	// or checkpoint root fails.
	for name, tamper := range map[string]func(r *api.StateRead){
		"value":       func(r *api.StateRead) { r.Value = api.Element(fr.NewElement(want + 1)); r.CState.Value = r.Value },
		"cstate path": func(r *api.StateRead) { r.CState.Siblings[3] = api.Element(fr.NewElement(9)) },
		"nonce":       func(r *api.StateRead) { r.Nonce++ },
		"gusr path":   func(r *api.StateRead) { r.GUSR.Siblings[0] = api.Element(fr.NewElement(9)) },
	} {
		var bad api.StateRead
		_ = json.Unmarshal(body, &bad)
		tamper(&bad)
		if _, err := bad.Verify(head.Root); err == nil {
			t.Errorf("a read with a tampered %s verifies", name)
		}
	}
	if _, err := read.Verify(fr.NewElement(1)); err == nil {
		t.Error("a read verifies against another checkpoint root")
	}
	for path, wantCode := range map[string]struct {
		status int
		field  string
	}{
		"/v1/users/x/contracts/1?slot=1":                   {400, "user"},
		"/v1/users/1/contracts/-1?slot=1":                  {400, "contract"},
		"/v1/users/1/contracts/1":                          {400, "slot"},
		"/v1/users/1/contracts/1?slot=256":                 {400, "slot"},
		"/v1/users/1/contracts/1?slot=1&key=4294967296":    {400, "key"},
		"/v1/users/1/contracts/1?slot=1&checkpoint=9":      {404, "checkpoint"},
		"/v1/users/1/contracts/1?slot=1&sloth=2":           {400, "sloth"},
		"/v1/users/4000000/contracts/1?slot=1":             {404, "user"},
		"/v1/users/1/contracts/1?slot=1&checkpoint=banana": {400, "checkpoint"},
	} {
		code, body := get(path)
		var e api.ErrorBody
		_ = json.Unmarshal(body, &e)
		if code != wantCode.status || e.Error == nil || e.Error.Field != wantCode.field || e.Error.Code.Status() != code {
			t.Errorf("%s: %d %s, want %d on field %s", path, code, body, wantCode.status, wantCode.field)
		}
	}
}

// testWorld is the seed's genesis (key seed 7) on a pebble store in a
// temporary directory, closed when the test ends.
func testWorld(t *testing.T) (*store.Store, *apps.World) {
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
	return st, w
}

// TestReads: the read routes answer what the records hold, with what a
// client needs to check it: an account, a contract and a leaf verify to
// the checkpoint root and fail on a tampered field; blocks page newest
// first through opaque tokens; a checkpoint's preimage hashes to its root,
// and one not finalized has no votes; bad parameters get their field.
func TestReads(t *testing.T) {
	st, w := testWorld(t)
	j := &journal.Journal{St: st}
	tr := &Tracker{Journal: j, Chain: w.Chain, Store: st}
	set := &consensus.ValidatorSet{ChainID: 7}
	in := &Ingress{Tracker: tr, Chain: w.Chain, Set: set,
		Info: func() api.Info { return api.Info{ChainID: 7, ProofMode: "real"} }, PoH: func() api.PoH { return api.PoH{LastCut: 3} }}
	srv := httptest.NewServer(in.Handler())
	defer srv.Close()
	get := func(path string, out any) (int, *api.Error) {
		t.Helper()
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			var e api.ErrorBody
			if err := json.Unmarshal(raw, &e); err != nil || e.Error == nil {
				t.Fatalf("%s: %d without an error body: %s", path, resp.StatusCode, raw)
			}
			return resp.StatusCode, e.Error
		}
		if err := json.Unmarshal(raw, out); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		return 200, nil
	}
	head, _ := w.Chain.Head()

	var info api.Info
	if code, _ := get("/v1/info", &info); code != 200 || info.ChainID != 7 || info.ProofMode != "real" {
		t.Fatalf("info: %d %+v", code, info)
	}
	var ph api.PoH
	if code, _ := get("/v1/poh", &ph); code != 200 || ph.LastCut != 3 {
		t.Fatalf("poh: %d %+v", code, ph)
	}

	// The genesis checkpoint, by number and by name.
	for _, n := range []string{"0", "latest", "finalized"} {
		var c api.Checkpoint
		if code, e := get("/v1/checkpoints/"+n, &c); code != 200 {
			t.Fatalf("checkpoint %s: %d %v", n, code, e)
		}
		cp, err := c.Verify()
		if err != nil || !cp.Root.Equal(&head.Root) || c.Status != "genesis" {
			t.Fatalf("checkpoint %s: %+v, %v", n, c, err)
		}
		c.Root = api.Element(fr.NewElement(5))
		if _, err := c.Verify(); err == nil {
			t.Fatal("a checkpoint whose root is not its preimage's verifies")
		}
	}

	// An account and a contract, verified to CHKP's root.
	var u api.User
	if code, e := get(fmt.Sprintf("/v1/users/%d?checkpoint=0", apps.Bob), &u); code != 200 {
		t.Fatalf("user: %d %v", code, e)
	}
	acct, ucon, err := u.Verify(head.Root)
	if err != nil {
		t.Fatalf("Bob's account does not verify: %v", err)
	}
	view, _ := w.Chain.View(head.Number)
	if want, _ := view.Account(apps.Bob); acct != want {
		t.Fatalf("Bob's account %+v, the chain has %+v", acct, want)
	}
	for name, tamper := range map[string]func(u *api.User){
		"nonce":     func(u *api.User) { u.Nonce++ },
		"key":       func(u *api.User) { u.PublicKey = api.Element(fr.NewElement(3)) },
		"ucon root": func(u *api.User) { u.UCONRoot = api.Element(fr.NewElement(3)) },
		"user":      func(u *api.User) { u.User++ },
		"path":      func(u *api.User) { u.GUSR.Siblings[1] = api.Element(fr.NewElement(3)) },
	} {
		bad := u
		bad.GUSR.Siblings = slices.Clone(u.GUSR.Siblings)
		tamper(&bad)
		if _, _, err := bad.Verify(head.Root); err == nil {
			t.Errorf("an account with a tampered %s verifies", name)
		}
	}
	if _, _, err := u.Verify(fr.NewElement(1)); err == nil {
		t.Error("an account verifies against another checkpoint root")
	}
	var c api.Contract
	if code, e := get(fmt.Sprintf("/v1/contracts/%d", apps.USDTContract), &c); code != 200 {
		t.Fatalf("contract: %d %v", code, e)
	}
	ci, err := c.Verify(head.Root)
	if want, _ := view.Contract(apps.USDTContract); err != nil || ci != want {
		t.Fatalf("the USDT contract %+v (%v), the chain has %+v", ci, err, want)
	}
	c.Metadata = api.Element(fr.NewElement(1))
	if _, err := c.Verify(head.Root); err == nil {
		t.Error("a contract with tampered metadata verifies")
	}

	// A leaf of Bob's USDT state, under the UCON root his account proved,
	// through the UCON leaf.
	var ul api.Leaf
	if code, e := get(fmt.Sprintf("/v1/trees/ucon:%d/leaves/%d", apps.Bob, apps.USDTContract), &ul); code != 200 {
		t.Fatalf("ucon leaf: %d %v", code, e)
	}
	cstateRoot, err := ul.Verify(state.UCONTree(apps.Bob), uint64(apps.USDTContract), ucon)
	if err != nil {
		t.Fatal(err)
	}
	idx := state.SlotIndex(1, uint32(apps.Bob))
	var cl api.Leaf
	if code, e := get(fmt.Sprintf("/v1/trees/cstate:%d:%d/leaves/%d?checkpoint=latest", apps.Bob, apps.USDTContract, idx), &cl); code != 200 {
		t.Fatalf("cstate leaf: %d %v", code, e)
	}
	v, err := cl.Verify(state.CStateTree(apps.Bob, apps.USDTContract), idx, cstateRoot)
	if want, _ := apps.Balance(view, apps.USDTContract, apps.Bob); err != nil || v != fr.NewElement(want) {
		t.Fatalf("Bob's balance leaf %s (%v), want %d", v.String(), err, want)
	}
	if _, err := cl.Verify(state.CStateTree(apps.Bob, apps.USDTContract), idx+1, cstateRoot); err == nil {
		t.Error("a leaf verifies as another index")
	}
	if _, err := cl.Verify(state.CStateTree(apps.Alice, apps.USDTContract), idx, cstateRoot); err == nil {
		t.Error("a leaf verifies as another tree's")
	}

	// Blocks: none, then three cut (not applied), paged two at a time.
	var page api.Blocks
	if code, _ := get("/v1/blocks", &page); code != 200 || len(page.Blocks) != 0 || page.NextPageToken != "" {
		t.Fatalf("no blocks: %d %+v", code, page)
	}
	core, _ := sequencer.NewCore(poh.Config{HashesPerTick: 10, TicksPerSlot: 2, MaxRefAge: 8}, poh.Hash{}, 1)
	for n := uint64(1); n <= 3; n++ {
		b := &sequencer.Block{Number: n, PoH: poh.Hash{byte(n)}, EndCaps: []sequencer.Sequenced{{Submission: sequencer.Submission{User: n, Hash: poh.Hash{0xec, byte(n)}}, Position: 10 * n}}}
		if err := j.Cut(b, core); err != nil {
			t.Fatal(err)
		}
	}
	var got []uint64
	token := ""
	for pages := 0; ; pages++ {
		path := "/v1/blocks?limit=2"
		if token != "" {
			path += "&page_token=" + token
		}
		page = api.Blocks{}
		if code, e := get(path, &page); code != 200 {
			t.Fatalf("%s: %d %v", path, code, e)
		}
		for _, b := range page.Blocks {
			got = append(got, b.Number)
			if len(b.EndCaps) != 1 || b.EndCaps[0].User != b.Number || b.Checkpoint != nil {
				t.Fatalf("block %+v", b)
			}
		}
		if token = page.NextPageToken; token == "" || pages > 3 {
			break
		}
	}
	if !slices.Equal(got, []uint64{3, 2, 1}) {
		t.Fatalf("paged blocks %v, want 3 2 1", got)
	}
	var b2 api.Block
	if code, _ := get("/v1/blocks/2", &b2); code != 200 || b2.Number != 2 || b2.EndCaps[0].Position != 20 {
		t.Fatalf("block 2: %d %+v", code, b2)
	}

	for path, want := range map[string]struct {
		status int
		field  string
	}{
		"/v1/checkpoints/1":                       {404, "n"},
		"/v1/checkpoints/x":                       {400, "n"},
		"/v1/checkpoints/0/votes":                 {404, "n"},
		"/v1/checkpoints/0?full=1":                {400, "full"},
		"/v1/users/4000000":                       {404, "user"},
		"/v1/users/1?checkpoint=9":                {404, "checkpoint"},
		"/v1/contracts/99":                        {404, "contract"},
		"/v1/trees/nope/leaves/1":                 {400, "tree"},
		"/v1/trees/ucon:x/leaves/1":               {400, "tree"},
		"/v1/trees/cstate:1/leaves/1":             {400, "tree"},
		"/v1/trees/gusr/leaves/18446744073709551": {400, "index"},
		"/v1/blocks/9":                            {404, "n"},
		"/v1/blocks?limit=0":                      {400, "limit"},
		"/v1/blocks?limit=101":                    {400, "limit"},
		"/v1/blocks?page_token=abc":               {400, "page_token"},
		"/v1/info?verbose=1":                      {400, "verbose"},
	} {
		code, e := get(path, nil)
		if code != want.status || e.Field != want.field || e.Code.Status() != code {
			t.Errorf("%s: %d %+v, want %d on field %s", path, code, e, want.status, want.field)
		}
	}
}

// TestEventStreamLimits: a client may hold PerClient event streams at once
// (the next is 429 rate_limited with Retry-After), a stream ends with a
// reopen event once its life is up, and its slot is free again then.
func TestEventStreamLimits(t *testing.T) {
	st, w := testWorld(t)
	j := &journal.Journal{St: st}
	id := poh.Hash{7, 7}
	tr := &Tracker{Journal: j, Chain: w.Chain, Store: st, Pending: func(h poh.Hash) (bool, error) { return h == id, nil }}
	if err := j.Event(sequencer.Sequenced{Submission: sequencer.Submission{User: 3, Hash: id}, Position: 9, Slot: 1}); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer((&Ingress{Tracker: tr, Streams: &api.Streams{PerClient: 2, MaxLife: 300 * time.Millisecond}}).Handler())
	defer srv.Close()
	url := srv.URL + "/v1/submissions/" + hex.EncodeToString(id[:]) + "/events"
	open := func() *http.Response {
		t.Helper()
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	a, b := open(), open()
	defer a.Body.Close()
	defer b.Body.Close()
	for _, r := range []*http.Response{a, b} {
		if r.StatusCode != http.StatusOK {
			t.Fatalf("stream within the limit: %d", r.StatusCode)
		}
	}
	c := open()
	body, _ := io.ReadAll(c.Body)
	c.Body.Close()
	if c.StatusCode != http.StatusTooManyRequests || c.Header.Get("Retry-After") == "" || !strings.Contains(string(body), "rate_limited") {
		t.Fatalf("a third stream: %d %q %s", c.StatusCode, c.Header.Get("Retry-After"), body)
	}
	rest, err := io.ReadAll(a.Body) // ends when its life is up
	if err != nil || !strings.Contains(string(rest), "event: status") || !strings.Contains(string(rest), "event: reopen") {
		t.Fatalf("the stream's end: %v %q", err, rest)
	}
	_, _ = io.ReadAll(b.Body)
	d := open()
	defer d.Body.Close()
	if d.StatusCode != http.StatusOK {
		t.Fatalf("a stream after the others ended: %d", d.StatusCode)
	}
}
