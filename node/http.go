package node

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/parthnet/parth/sequencer"
	"github.com/parthnet/parth/sequencer/poh"
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

// Handler is the ingress's routes.
func (in *Ingress) Handler() http.Handler {
	r := chi.NewRouter()
	r.Post("/v1/endcaps", in.post)
	r.Get("/v1/endcaps/{id}", in.get)
	if in.Metrics != nil {
		r.Method(http.MethodGet, "/metrics", in.Metrics)
	}
	r.Get("/healthz", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	r.Get("/readyz", func(w http.ResponseWriter, _ *http.Request) {
		if in.Ready != nil {
			if err := in.Ready(); err != nil {
				writeError(w, http.StatusServiceUnavailable, "not_ready", err.Error())
				return
			}
		}
		writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
	})
	r.NotFound(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "no_route", fmt.Sprintf("no route %s %s", r.Method, r.URL.Path))
	})
	r.MethodNotAllowed(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusMethodNotAllowed, "method_not_allowed", fmt.Sprintf("%s is not allowed on %s", r.Method, r.URL.Path))
	})
	return r
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, code int, kind, msg string) {
	writeJSON(w, code, map[string]any{"error": map[string]string{"code": kind, "message": msg}})
}

func (in *Ingress) observe(outcome string) {
	if in.Observe != nil {
		in.Observe(outcome)
	}
}

func (in *Ingress) post(w http.ResponseWriter, r *http.Request) {
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != JobContentType {
		in.observe("content_type")
		writeError(w, http.StatusUnsupportedMediaType, "content_type", fmt.Sprintf("the body must be %s, not %q", JobContentType, r.Header.Get("Content-Type")))
		return
	}
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, sequencer.MaxJobBytes))
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		in.observe("too_large")
		writeError(w, http.StatusRequestEntityTooLarge, "too_large", fmt.Sprintf("an end-cap job is at most %d bytes", sequencer.MaxJobBytes))
		return
	} else if err != nil {
		writeError(w, http.StatusBadRequest, "body", err.Error())
		return
	}
	id, err := in.Admit(r.Context(), raw)
	if err != nil {
		code, kind := http.StatusInternalServerError, "internal"
		switch {
		case errors.Is(err, ErrMalformed):
			code, kind = http.StatusBadRequest, "malformed"
		case errors.Is(err, ErrInvalidProof):
			code, kind = http.StatusUnprocessableEntity, "invalid_proof"
		case errors.Is(err, ErrRejected):
			code, kind = http.StatusUnprocessableEntity, "rejected"
		case errors.Is(err, ErrUserBusy):
			code, kind = http.StatusConflict, "user_busy"
		case errors.Is(err, ErrNotLeader):
			code, kind = http.StatusServiceUnavailable, "not_leader"
			w.Header().Set("Retry-After", "5")
		case errors.Is(err, sequencer.ErrHeld):
			code, kind = http.StatusServiceUnavailable, "taking_over"
			w.Header().Set("Retry-After", "1")
		case errors.Is(err, ErrInFlight):
			code, kind = http.StatusServiceUnavailable, "in_flight"
			w.Header().Set("Retry-After", "1")
		case errors.Is(err, sequencer.ErrQueueFull):
			code, kind = http.StatusTooManyRequests, "queue_full"
			w.Header().Set("Retry-After", "1")
		case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded), errors.Is(err, sequencer.ErrStopped):
			code, kind = http.StatusServiceUnavailable, "unavailable"
		}
		if code == http.StatusInternalServerError && in.Log != nil {
			in.Log.Error("end cap not admitted", "err", err)
		}
		in.observe(kind)
		writeError(w, code, kind, err.Error())
		return
	}
	in.observe("accepted")
	s, err := in.Tracker.Status(id)
	if err != nil {
		writeError(w, http.StatusInternalServerError, "internal", err.Error())
		return
	}
	w.Header().Set("Location", "/v1/endcaps/"+hex.EncodeToString(id[:]))
	writeJSON(w, http.StatusAccepted, statusJSON(s))
}

func (in *Ingress) get(w http.ResponseWriter, r *http.Request) {
	raw, err := hex.DecodeString(chi.URLParam(r, "id"))
	if err != nil || len(raw) != 32 {
		writeError(w, http.StatusBadRequest, "bad_id", "an end cap id is 64 hex digits (its hash)")
		return
	}
	s, err := in.Tracker.Status(poh.Hash(raw))
	if err != nil {
		writeError(w, http.StatusInternalServerError, "internal", err.Error())
		return
	}
	if s.Stage == Unknown {
		writeError(w, http.StatusNotFound, "unknown", "no end cap with this id was sequenced here")
		return
	}
	writeJSON(w, http.StatusOK, statusJSON(s))
}
