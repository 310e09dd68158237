package node

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/go-chi/chi/v5"

	"github.com/parthnet/parth/api"
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
		"wrong content type": {"POST", "/v1/endcaps", "application/json", []byte("{}"), 415, "content_type"},
		"no content type":    {"POST", "/v1/endcaps", "", []byte("x"), 415, "content_type"},
		"too large":          {"POST", "/v1/endcaps", JobContentType, make([]byte, sequencer.MaxJobBytes+1), 413, "too_large"},
		"not a job":          {"POST", "/v1/endcaps", JobContentType, []byte("PARTH garbage"), 400, "malformed"},
		"empty body":         {"POST", "/v1/endcaps", JobContentType, nil, 400, "malformed"},
		"bad id":             {"GET", "/v1/endcaps/xyz", "", nil, 400, "bad_param"},
		"short id":           {"GET", "/v1/endcaps/abcd", "", nil, 400, "bad_param"},
		"unknown id":         {"GET", "/v1/endcaps/" + strings.Repeat("ab", 32), "", nil, 404, "not_found"},
		"no route":           {"GET", "/v1/nothing", "", nil, 404, "no_route"},
		"wrong method":       {"PUT", "/v1/endcaps", "", nil, 405, "method_not_allowed"},
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
	if want := []string{"content_type", "content_type", "malformed", "malformed", "too_large"}; !slices.Equal(outcomes, want) {
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
	resp, err := http.Get(srv.URL + "/v1/endcaps/" + hex.EncodeToString(id[:]))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var s StatusJSON
	if err := json.NewDecoder(resp.Body).Decode(&s); err != nil || resp.StatusCode != 200 {
		t.Fatalf("status: %d, %v", resp.StatusCode, err)
	}
	if s.Status != "sequenced" || s.User != 3 || s.Position != 77 || s.Slot != 4 || s.ID != hex.EncodeToString(id[:]) {
		t.Fatalf("status %+v", s)
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
		req, _ := http.NewRequest("POST", srv.URL+"/v1/endcaps", strings.NewReader("x"))
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
		Metrics: http.NotFoundHandler(), Chain: &state.Chain{}}
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
