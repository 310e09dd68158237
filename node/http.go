package node

import (
	"context"
	_ "embed"
	"encoding/hex"
	"errors"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/parthnet/parth/api"
	"github.com/parthnet/parth/sequencer"
	"github.com/parthnet/parth/sequencer/poh"
	"github.com/parthnet/parth/state"
)

// JobContentType is the media type of an encoded end-cap job
// (session.EndCapJob.MarshalBinary).
const JobContentType = "application/vnd.parth.endcap-job"

// Ingress is the node's minimal HTTP API (the full API is issue 14):
//
//	POST /v1/endcaps       an end-cap job with its deltas → 202, Location, status
//	GET  /v1/endcaps/{id}  its status
//	GET  /healthz, /readyz
//
// Errors are {"error":{"code","message"}} with 400 malformed, 404 unknown,
// 409 the user is busy, 413 too large, 415 content type, 422 proofs or
// state checks failed, 429 the queue is full and 503 an end cap in flight
// or the node unavailable (both with Retry-After).
type Ingress struct {
	Admit   func(ctx context.Context, raw []byte) (poh.Hash, error)
	Tracker *Tracker     // required
	Ready   func() error // nil: ready
	Log     *slog.Logger
	// Observe, if set, is told each submission's outcome: "accepted" or
	// the refusal's error code. Metrics, if set, serves GET /metrics.
	Observe func(outcome string)
	Metrics http.Handler
	// Limit, if set, is the per-client rate limit on submissions.
	Limit *api.RateLimit
	// Chain, if set, serves state reads with their Merkle paths.
	Chain *state.Chain
}

// StatusJSON is a status as the API gives it.
type StatusJSON struct {
	ID       string `json:"id"`
	Status   string `json:"status"`
	User     uint64 `json:"user"`
	Position uint64 `json:"position"`
	Slot     uint64 `json:"slot"`
	Block    uint64 `json:"block,omitempty"`
	PoH      string `json:"poh,omitempty"` // the block's final PoH hash
	CHKP     string `json:"checkpoint,omitempty"`
	L1Tx     string `json:"l1_tx,omitempty"`
}

func statusJSON(s Status) StatusJSON {
	out := StatusJSON{ID: hex.EncodeToString(s.ID[:]), Status: s.Stage.String(), User: s.User, Position: s.Position, Slot: s.Slot, Block: s.Block}
	if s.Stage >= Included {
		out.PoH = hex.EncodeToString(s.PoH[:])
	}
	if s.Stage >= Executed {
		b := s.CHKP.Bytes()
		out.CHKP = "0x" + hex.EncodeToString(b[:])
	}
	if s.Stage >= Anchored {
		out.L1Tx = "0x" + hex.EncodeToString(s.L1Tx[:])
	}
	return out
}

// OpenAPI is the API's OpenAPI 3.1 document, served at /v1/openapi.json;
// TestOpenAPIRoutes checks it against the routes, one by one.
//
//go:embed openapi.json
var OpenAPI []byte

// Handler is the ingress's routes.
func (in *Ingress) Handler() http.Handler {
	r := chi.NewRouter()
	r.Use(api.RequestIDs, api.Recover(in.Log))
	r.With(in.Limit.Middleware).Post("/v1/endcaps", in.post)
	r.Get("/v1/endcaps/{id}", in.get)
	if in.Chain != nil {
		r.Get("/v1/users/{user}/contracts/{contract}", in.read)
	}
	r.Get("/v1/openapi.json", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(OpenAPI)
	})
	if in.Metrics != nil {
		r.Method(http.MethodGet, "/metrics", in.Metrics)
	}
	r.Get("/healthz", func(w http.ResponseWriter, _ *http.Request) {
		api.WriteJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	r.Get("/readyz", func(w http.ResponseWriter, r *http.Request) {
		if in.Ready != nil {
			if err := in.Ready(); err != nil {
				api.WriteError(w, r, api.Errorf(api.CodeNotReady, "%v", err))
				return
			}
		}
		api.WriteJSON(w, http.StatusOK, map[string]string{"status": "ready"})
	})
	r.NotFound(func(w http.ResponseWriter, r *http.Request) {
		api.WriteError(w, r, api.Errorf(api.CodeNoRoute, "no route %s %s", r.Method, r.URL.Path))
	})
	r.MethodNotAllowed(func(w http.ResponseWriter, r *http.Request) {
		api.WriteError(w, r, api.Errorf(api.CodeMethodNotAllowed, "%s is not allowed on %s", r.Method, r.URL.Path))
	})
	return r
}

// internal answers 500 for a fault of the node's own (its records, its
// store), logged with the request's id so the client's error leads to it.
func (in *Ingress) internal(w http.ResponseWriter, r *http.Request, err error) {
	if in.Log != nil {
		in.Log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err, "request_id", api.RequestID(r.Context()))
	}
	api.WriteError(w, r, api.Errorf(api.CodeInternal, "%v", err))
}

func (in *Ingress) observe(outcome string) {
	if in.Observe != nil {
		in.Observe(outcome)
	}
}

func (in *Ingress) post(w http.ResponseWriter, r *http.Request) {
	fail := func(e *api.Error) {
		in.observe(string(e.Code))
		api.WriteError(w, r, e)
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != JobContentType {
		fail(api.Errorf(api.CodeContentType, "the body must be %s, not %q", JobContentType, r.Header.Get("Content-Type")))
		return
	}
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, sequencer.MaxJobBytes))
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		fail(api.Errorf(api.CodeTooLarge, "an end-cap job is at most %d bytes", sequencer.MaxJobBytes))
		return
	} else if err != nil {
		fail(api.Errorf(api.CodeMalformed, "reading the body: %v", err))
		return
	}
	id, err := in.Admit(r.Context(), raw)
	if err != nil {
		e := AdmissionError(err)
		if e.Code == api.CodeInternal && in.Log != nil {
			in.Log.Error("end cap not admitted", "err", err, "request_id", api.RequestID(r.Context()))
		}
		fail(e)
		return
	}
	in.observe("accepted")
	s, err := in.Tracker.Status(id)
	if err != nil {
		in.internal(w, r, err)
		return
	}
	w.Header().Set("Location", "/v1/endcaps/"+hex.EncodeToString(id[:]))
	api.WriteJSON(w, http.StatusAccepted, statusJSON(s))
}

// AdmissionError is the API error for an admission refusal: the most
// specific code the error chain has (a state check's sentinel before the
// admission's class), the message, and the retry hint.
func AdmissionError(err error) *api.Error {
	e := api.Errorf(api.CodeInternal, "%v", err)
	for _, m := range []struct {
		err  error
		code api.Code
	}{
		{state.ErrStaleCheckpoint, api.CodeStaleCheckpoint},
		{state.ErrUnknownCheckpoint, api.CodeUnknownCheckpoint},
		{state.ErrCheckpointMismatch, api.CodeCheckpointMismatch},
		{state.ErrUnknownUser, api.CodeUnknownUser},
		{state.ErrWrongKey, api.CodeWrongKey},
		{state.ErrBadDeltas, api.CodeBadDeltas},
		{state.ErrBadNonce, api.CodeBadNonce},
		{state.ErrUserMoved, api.CodeUserMoved},
		{state.ErrUnknownContract, api.CodeUnknownContract},
		{state.ErrNotWhitelisted, api.CodeNotWhitelisted},
		{ErrMalformed, api.CodeMalformed},
		{ErrInvalidProof, api.CodeInvalidProof},
		{ErrRejected, api.CodeRejected},
		{ErrUserBusy, api.CodeUserBusy},
		{ErrNotLeader, api.CodeNotLeader},
		{sequencer.ErrHeld, api.CodeTakingOver},
		{ErrInFlight, api.CodeInFlight},
		{sequencer.ErrQueueFull, api.CodeQueueFull},
		{context.Canceled, api.CodeUnavailable},
		{context.DeadlineExceeded, api.CodeUnavailable},
		{sequencer.ErrStopped, api.CodeUnavailable},
	} {
		if errors.Is(err, m.err) {
			e.Code = m.code
			break
		}
	}
	switch e.Code {
	case api.CodeNotLeader:
		e.RetryAfter = 5 * time.Second
	case api.CodeTakingOver, api.CodeInFlight, api.CodeQueueFull:
		e.RetryAfter = time.Second
	}
	if e.Code.Status() == http.StatusUnprocessableEntity || e.Code == api.CodeMalformed {
		e.Field = "body"
	}
	return e
}

func (in *Ingress) get(w http.ResponseWriter, r *http.Request) {
	raw, err := hex.DecodeString(chi.URLParam(r, "id"))
	if err != nil || len(raw) != 32 {
		api.WriteError(w, r, api.Errorf(api.CodeBadParam, "an end cap id is 64 hex digits (its hash)").WithField("id"))
		return
	}
	s, err := in.Tracker.Status(poh.Hash(raw))
	if err != nil {
		in.internal(w, r, err)
		return
	}
	if s.Stage == Unknown {
		api.WriteError(w, r, api.Errorf(api.CodeNotFound, "no end cap with this id was sequenced here").WithField("id"))
		return
	}
	api.WriteJSON(w, http.StatusOK, statusJSON(s))
}

// read serves CSTATE(user, contract)[slot<<32 | key] at a checkpoint
// (default: the head) with its path CSTATE → UCON → GUSR → CHKP.
func (in *Ingress) read(w http.ResponseWriter, r *http.Request) {
	num := func(name, s string, bits int) (uint64, bool) {
		v, err := strconv.ParseUint(s, 10, bits)
		if err != nil {
			api.WriteError(w, r, api.Errorf(api.CodeBadParam, "%s %q: want a decimal integer below 2^%d", name, s, bits).WithField(name))
			return 0, false
		}
		return v, true
	}
	u, ok := num("user", chi.URLParam(r, "user"), 32)
	if !ok {
		return
	}
	c, ok := num("contract", chi.URLParam(r, "contract"), 32)
	if !ok {
		return
	}
	q := r.URL.Query()
	for k := range q {
		if k != "slot" && k != "key" && k != "checkpoint" {
			api.WriteError(w, r, api.Errorf(api.CodeBadParam, "unknown query parameter %q (slot, key, checkpoint)", k).WithField(k))
			return
		}
	}
	if !q.Has("slot") {
		api.WriteError(w, r, api.Errorf(api.CodeBadParam, "slot is required: the state variable's slot (0–255)").WithField("slot"))
		return
	}
	slot, ok := num("slot", q.Get("slot"), 8)
	if !ok {
		return
	}
	var key uint64
	if q.Has("key") {
		if key, ok = num("key", q.Get("key"), 32); !ok {
			return
		}
	}
	head, err := in.Chain.Head()
	if err != nil {
		in.internal(w, r, err)
		return
	}
	n := head.Number
	if q.Has("checkpoint") {
		if n, ok = num("checkpoint", q.Get("checkpoint"), 64); !ok {
			return
		}
		if n > head.Number {
			api.WriteError(w, r, api.Errorf(api.CodeNotFound, "no checkpoint %d: the head is CHKP(%d)", n, head.Number).WithField("checkpoint"))
			return
		}
	}
	v, err := in.Chain.View(n)
	if err != nil {
		in.internal(w, r, err)
		return
	}
	p, err := v.Read(state.UserID(u), state.ContractID(c), state.SlotIndex(state.Slot(slot), uint32(key)))
	if errors.Is(err, state.ErrUnknownUser) {
		api.WriteError(w, r, api.Errorf(api.CodeNotFound, "user %d has no account at CHKP(%d)", u, n).WithField("user"))
		return
	} else if err != nil {
		in.internal(w, r, err)
		return
	}
	out, err := api.FromReadProof(p)
	if err != nil {
		in.internal(w, r, err)
		return
	}
	api.WriteJSON(w, http.StatusOK, out)
}
