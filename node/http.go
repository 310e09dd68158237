package node

import (
	"context"
	_ "embed"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/parthnet/parth/api"
	"github.com/parthnet/parth/consensus"
	"github.com/parthnet/parth/sequencer"
	"github.com/parthnet/parth/sequencer/poh"
	"github.com/parthnet/parth/state"
)

// JobContentType is the media type of an encoded end-cap job
// (session.EndCapJob.MarshalBinary), the bare body bulk clients post.
const JobContentType = "application/vnd.parth.endcap-job"

// Ingress is the node's HTTP API (openapi.json is its reference):
//
//	POST /v1/submissions              an end cap with its deltas → 202, Location, status
//	GET  /v1/submissions/{id}         its status (?wait= long-polls)
//	GET  /v1/submissions/{id}/events  its status as server-sent events
//	GET  /v1/users/{u}/contracts/{c}  a state slot with its Merkle path
//	GET  /v1/openapi.json, /healthz, /readyz, /metrics
//
// Errors are api.ErrorBody, with the stable codes of docs/api-errors.md.
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
	// Streams, if set, bounds event streams per client and in lifetime
	// (DefaultStreams).
	Streams *api.Streams
	// Chain, if set, serves state reads with their Merkle paths.
	Chain *state.Chain
	// Info, PoH and Set, if set, serve /v1/info, /v1/poh and
	// /v1/validators (and name the signers of /v1/checkpoints/{n}/votes).
	Info func() api.Info
	PoH  func() api.PoH
	Set  *consensus.ValidatorSet
	// BlockProof, if set, is block n's proof (prover.Proof's encoding) once
	// proven: /v1/checkpoints/{n} serves it.
	BlockProof func(n uint64) ([]byte, bool, error)
	// Changes, if set, is closed at the pipeline's next change (a block
	// cut, a stage advanced): long-polls and event streams wait on it.
	// Nil: they look again every second.
	Changes func() <-chan struct{}
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
	r.With(in.Limit.Middleware).Post("/v1/submissions", in.post)
	r.Get("/v1/submissions/{id}", in.get)
	r.Get("/v1/submissions/{id}/events", in.events)
	if in.Chain != nil {
		r.Get("/v1/users/{user}/contracts/{contract}", in.read)
	}
	in.readRoutes(r)
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
		{ErrNonceConflict, api.CodeNonceConflict},
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

// read serves CSTATE(user, contract)[slot<<32 | key] at a checkpoint
// (default: the head) with its path CSTATE → UCON → GUSR → CHKP.
func (in *Ingress) read(w http.ResponseWriter, r *http.Request) {
	if !onlyParams(w, r, "slot", "key", "checkpoint") {
		return
	}
	u, ok := uintParam(w, r, "user", chi.URLParam(r, "user"), 32)
	if !ok {
		return
	}
	c, ok := uintParam(w, r, "contract", chi.URLParam(r, "contract"), 32)
	if !ok {
		return
	}
	q := r.URL.Query()
	if !q.Has("slot") {
		api.WriteError(w, r, api.Errorf(api.CodeBadParam, "slot is required: the state variable's slot (0–255)").WithField("slot"))
		return
	}
	slot, ok := uintParam(w, r, "slot", q.Get("slot"), 8)
	if !ok {
		return
	}
	var key uint64
	if q.Has("key") {
		if key, ok = uintParam(w, r, "key", q.Get("key"), 32); !ok {
			return
		}
	}
	v, ok := in.view(w, r)
	if !ok {
		return
	}
	n := v.Checkpoint().Number
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
