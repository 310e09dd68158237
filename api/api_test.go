package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/parthnet/parth/state"
)

// TestErrorDocs: docs/api-errors.md lists every code of Codes with its
// status, and no code that is not there.
func TestErrorDocs(t *testing.T) {
	b, err := os.ReadFile("../docs/api-errors.md")
	if err != nil {
		t.Fatal(err)
	}
	row := regexp.MustCompile("^\\| `([a-z_]+)` \\| ([0-9]{3}) \\| (.+) \\|$")
	documented := map[Code]int{}
	for _, line := range strings.Split(string(b), "\n") {
		m := row.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		st, _ := strconv.Atoi(m[2])
		if _, dup := documented[Code(m[1])]; dup {
			t.Errorf("docs/api-errors.md lists %s twice", m[1])
		}
		documented[Code(m[1])] = st
	}
	for c, st := range Codes {
		if got, ok := documented[c]; !ok {
			t.Errorf("code %s is not documented in docs/api-errors.md", c)
		} else if got != st {
			t.Errorf("code %s: docs/api-errors.md says %d, the API sends %d", c, got, st)
		}
	}
	for c := range documented {
		if _, ok := Codes[c]; !ok {
			t.Errorf("docs/api-errors.md documents %s, which the API does not have", c)
		}
	}
	if len(Codes) < 30 {
		t.Fatalf("only %d codes", len(Codes))
	}
}

func decodeError(t *testing.T, rec *httptest.ResponseRecorder) *Error {
	t.Helper()
	var body ErrorBody
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || body.Error == nil {
		t.Fatalf("error body %q: %v", rec.Body.String(), err)
	}
	return body.Error
}

// TestWriteError: the status is the code's, the body carries the field
// and the request id, Retry-After is rounded up to whole seconds.
func TestWriteError(t *testing.T) {
	h := RequestIDs(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		WriteError(w, r, Errorf(CodeStaleCheckpoint, "too old").WithField("endcap").WithRetry(1500*time.Millisecond))
	}))
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("POST", "/v1/submissions", nil)
	req.Header.Set(RequestIDHeader, "client-42")
	h.ServeHTTP(rec, req)
	if rec.Code != 422 {
		t.Fatalf("status %d", rec.Code)
	}
	e := decodeError(t, rec)
	if e.Code != CodeStaleCheckpoint || e.Field != "endcap" || e.RequestID != "client-42" || e.Message != "too old" {
		t.Fatalf("error %+v", e)
	}
	if got := rec.Header().Get("Retry-After"); got != "2" {
		t.Fatalf("Retry-After %q, want 2", got)
	}
	if got := rec.Header().Get(RequestIDHeader); got != "client-42" {
		t.Fatalf("X-Request-Id %q", got)
	}
	if got := rec.Header().Get("Content-Type"); got != "application/json" {
		t.Fatalf("Content-Type %q", got)
	}
}

// TestRequestIDs: a sane client id is kept; a missing, long or
// header-splitting one is replaced by a fresh id, different per request.
func TestRequestIDs(t *testing.T) {
	var seen string
	h := RequestIDs(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { seen = RequestID(r.Context()) }))
	ids := map[string]bool{}
	for _, sent := range []string{"", strings.Repeat("a", 65), "a b", "x\x01", "ok-1"} {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("GET", "/", nil)
		if sent != "" {
			req.Header[RequestIDHeader] = []string{sent}
		}
		h.ServeHTTP(rec, req)
		if rec.Header().Get(RequestIDHeader) != seen || seen == "" {
			t.Fatalf("sent %q: header %q, context %q", sent, rec.Header().Get(RequestIDHeader), seen)
		}
		if sent == "ok-1" {
			if seen != sent {
				t.Fatalf("a sane id %q became %q", sent, seen)
			}
			continue
		}
		if seen == sent || len(seen) != 32 || ids[seen] {
			t.Fatalf("sent %q: got %q (want a fresh 32-hex id)", sent, seen)
		}
		ids[seen] = true
	}
}

// TestRecover: a panicking handler answers 500 internal with its request
// id, and the server goes on.
func TestRecover(t *testing.T) {
	h := RequestIDs(Recover(nil)(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") })))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if e := decodeError(t, rec); rec.Code != 500 || e.Code != CodeInternal || e.RequestID == "" || !strings.Contains(e.Message, e.RequestID) {
		t.Fatalf("%d %+v", rec.Code, e)
	}
}

// TestRateLimit: a client gets its burst, then 429 with a Retry-After
// that is the bucket's refill time; another client is not affected; the
// bucket refills with time; idle clients are forgotten.
func TestRateLimit(t *testing.T) {
	now := time.Unix(1_000_000, 0)
	l := &RateLimit{Rate: 2, Burst: 3, Idle: time.Minute, Now: func() time.Time { return now }}
	h := RequestIDs(l.Middleware(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(204) })))
	do := func(addr string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("POST", "/v1/submissions", nil)
		req.RemoteAddr = addr
		h.ServeHTTP(rec, req)
		return rec
	}
	for i := 0; i < 3; i++ {
		if rec := do("10.0.0.1:5000"); rec.Code != 204 {
			t.Fatalf("request %d within the burst: %d", i, rec.Code)
		}
	}
	rec := do("10.0.0.1:5001") // same client, another port
	if rec.Code != 429 {
		t.Fatalf("over the burst: %d", rec.Code)
	}
	if e := decodeError(t, rec); e.Code != CodeRateLimited {
		t.Fatalf("%+v", e)
	}
	if ra := rec.Header().Get("Retry-After"); ra != "1" { // 0.5 s for one token at 2/s, rounded up
		t.Fatalf("Retry-After %q", ra)
	}
	if rec := do("10.0.0.2:5000"); rec.Code != 204 {
		t.Fatalf("another client was limited: %d", rec.Code)
	}
	now = now.Add(500 * time.Millisecond)
	if rec := do("10.0.0.1:5000"); rec.Code != 204 {
		t.Fatalf("after the refill: %d", rec.Code)
	}
	if rec := do("10.0.0.1:5000"); rec.Code != 429 {
		t.Fatalf("a refused request must not have taken a token, and the next must be refused: %d", rec.Code)
	}
	if l.Clients() != 2 {
		t.Fatalf("%d clients", l.Clients())
	}
	now = now.Add(2 * time.Minute)
	do("10.0.0.3:1")
	if l.Clients() != 1 {
		t.Fatalf("idle clients kept: %d", l.Clients())
	}
	var off *RateLimit
	if rec := httptest.NewRecorder(); true {
		off.Middleware(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(204) })).ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
		if rec.Code != 204 {
			t.Fatalf("a nil limit refused: %d", rec.Code)
		}
	}
}

// TestParseElement: Element's form round-trips; anything else, including
// a value at or above the modulus, is refused.
func TestParseElement(t *testing.T) {
	e := fr.NewElement(12345)
	if got, err := ParseElement(Element(e)); err != nil || !got.Equal(&e) {
		t.Fatalf("round trip: %v %v", got, err)
	}
	modulus := "0x" + fmt.Sprintf("%064x", fr.Modulus())
	for _, bad := range []string{"", "0x", "12", "0x" + strings.Repeat("0", 63), "0x" + strings.Repeat("g", 64), strings.Repeat("0", 66), modulus} {
		if _, err := ParseElement(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}

// TestTreeNames: every tree's name reads back as that tree, and names
// that are not trees are refused.
func TestTreeNames(t *testing.T) {
	for _, tr := range []state.TreeID{state.GUSRTree, state.GCONTree, state.UCONTree(7), state.CStateTree(7, 2), state.WhitelistTree(2)} {
		got, err := ParseTree(TreeName(tr))
		if err != nil || got != tr {
			t.Errorf("%s reads back as %+v (%v)", TreeName(tr), got, err)
		}
	}
	for _, bad := range []string{"", "GUSR", "gusr:1", "ucon", "ucon:1:2", "cstate:1", "cstate:1:x", "whitelist:-1", "ucon:4294967296", "tree"} {
		if _, err := ParseTree(bad); err == nil {
			t.Errorf("%q parses as a tree", bad)
		}
	}
}
