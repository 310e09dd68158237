package node

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/parthnet/parth/api"
	"github.com/parthnet/parth/sequencer"
	"github.com/parthnet/parth/sequencer/poh"
)

// The submissions resource (doc.go, "Submissions"):
//
//	POST /v1/submissions              an end cap with its deltas → 202, Location
//	GET  /v1/submissions/{id}         its status; ?wait=STATUS&timeout=D long-polls
//	GET  /v1/submissions/{id}/events  its status as server-sent events, to the end

func submissionJSON(s Status) api.Submission {
	out := api.Submission{ID: hex.EncodeToString(s.ID[:]), Kind: "endcap", Result: api.ResultPending, User: s.User, Position: s.Position, Slot: s.Slot, Block: s.Block}
	switch s.Stage {
	case Sequenced:
		out.Status = api.StatusSequenced
	case Included, Executed:
		out.Status = api.StatusIncluded
	case Proven:
		out.Status = api.StatusProven
	case Finalized:
		out.Status = api.StatusFinalized
	case Anchored:
		out.Status = api.StatusAnchored
	case Dropped:
		out.Status, out.Result = api.StatusDropped, api.ResultFailed
		out.Reason = "the leader that sequenced it lost the lead before it cut a block with it; it is not cancelled: " +
			"the same end cap may be submitted again (by anyone who holds it) while its checkpoint is in the window, " +
			"so submit it again rather than signing another session for its nonce"
	}
	if s.Stage >= Included && s.Stage <= Anchored {
		out.PoH = hex.EncodeToString(s.PoH[:])
	}
	if s.Stage >= Executed && s.Stage <= Anchored {
		out.Result = api.ResultApplied
		b := s.CHKP.Bytes()
		out.CHKP = "0x" + hex.EncodeToString(b[:])
	}
	if s.Stage == Anchored {
		out.L1Tx = "0x" + hex.EncodeToString(s.L1Tx[:])
	}
	return out
}

// maxEnvelopeBytes bounds a JSON body: a job at its limit in base64, and
// room for the rest.
const maxEnvelopeBytes = (sequencer.MaxJobBytes+2)/3*4 + 4096

// readSubmission reads a POST body: an envelope, or a bare job under
// JobContentType (for bulk clients).
func readSubmission(w http.ResponseWriter, r *http.Request) ([]byte, *api.Error) {
	ct := r.Header.Get("Content-Type")
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil || (mt != "application/json" && mt != JobContentType) {
		return nil, api.Errorf(api.CodeContentType, "the body must be application/json (an envelope) or %s (an end-cap job), not %q", JobContentType, ct)
	}
	limit := int64(sequencer.MaxJobBytes)
	if mt == "application/json" {
		limit = maxEnvelopeBytes
	}
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return nil, api.Errorf(api.CodeTooLarge, "an end-cap job is at most %d bytes (%d as a JSON envelope)", sequencer.MaxJobBytes, maxEnvelopeBytes)
	} else if err != nil {
		return nil, api.Errorf(api.CodeMalformed, "reading the body: %v", err)
	}
	if mt == JobContentType {
		return raw, nil
	}
	return decodeEnvelope(raw)
}

// decodeEnvelope is an envelope's job: exactly the field endcap, a base64
// string; anything else is refused by name.
func decodeEnvelope(raw []byte) ([]byte, *api.Error) {
	// Token by token: exactly one object, each key once (a proxy and this
	// node must not read different jobs from one body), nothing after it.
	d := json.NewDecoder(bytes.NewReader(raw))
	malformed := func(format string, a ...any) ([]byte, *api.Error) {
		return nil, api.Errorf(api.CodeMalformed, format, a...).WithField("body")
	}
	if t, err := d.Token(); err != nil || t != json.Delim('{') {
		return malformed("the body is not a JSON object")
	}
	fields := map[string]json.RawMessage{}
	for d.More() {
		t, err := d.Token()
		if err != nil {
			return malformed("the body is not a JSON object: %v", err)
		}
		k, _ := t.(string)
		if k != "endcap" {
			return nil, api.Errorf(api.CodeUnknownField, "unknown field %q: a submission is {\"endcap\": base64}", k).WithField(k)
		}
		if _, dup := fields[k]; dup {
			return nil, api.Errorf(api.CodeMalformed, "the field %s appears twice", k).WithField(k)
		}
		var v json.RawMessage
		if err := d.Decode(&v); err != nil {
			return malformed("the body is not a JSON object: %v", err)
		}
		fields[k] = v
	}
	if t, err := d.Token(); err != nil || t != json.Delim('}') {
		return malformed("the body is not a JSON object")
	}
	if _, err := d.Token(); err != io.EOF {
		return malformed("the body has data after its JSON object")
	}
	v, ok := fields["endcap"]
	if !ok {
		return nil, api.Errorf(api.CodeMalformed, "the field endcap is required: the end-cap job in base64").WithField("endcap")
	}
	var s string
	if err := json.Unmarshal(v, &s); err != nil {
		return nil, api.Errorf(api.CodeMalformed, "endcap must be a string (the job in standard base64)").WithField("endcap")
	}
	if strings.ContainsAny(s, "\r\n") {
		return nil, api.Errorf(api.CodeMalformed, "endcap is standard base64 on one line").WithField("endcap")
	}
	job, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return nil, api.Errorf(api.CodeMalformed, "endcap is not standard base64: %v", err).WithField("endcap")
	}
	if len(job) == 0 {
		return nil, api.Errorf(api.CodeMalformed, "endcap is empty").WithField("endcap")
	}
	return job, nil
}

func (in *Ingress) post(w http.ResponseWriter, r *http.Request) {
	fail := func(e *api.Error) {
		in.observe(string(e.Code))
		api.WriteError(w, r, e)
	}
	raw, e := readSubmission(w, r)
	if e != nil {
		fail(e)
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
	w.Header().Set("Location", "/v1/submissions/"+hex.EncodeToString(id[:]))
	api.WriteJSON(w, http.StatusAccepted, submissionJSON(s))
}

// Long-poll bounds: ?timeout= defaults to DefaultWait and is at most MaxWait
// (under the server's write timeout).
const (
	DefaultWait = 30 * time.Second
	MaxWait     = 60 * time.Second
)

// submission is the {id} parameter's status; it has answered the request
// if ok is false.
func (in *Ingress) submission(w http.ResponseWriter, r *http.Request) (id poh.Hash, s api.Submission, ok bool) {
	raw, err := hex.DecodeString(chi.URLParam(r, "id"))
	if err != nil || len(raw) != 32 {
		api.WriteError(w, r, api.Errorf(api.CodeBadParam, "a submission id is 64 hex digits (its hash)").WithField("id"))
		return id, s, false
	}
	id = poh.Hash(raw)
	if s, ok = in.status(w, r, id); ok && s.Status == "" {
		api.WriteError(w, r, api.Errorf(api.CodeNotFound, "no submission with this id was sequenced here").WithField("id"))
		return id, s, false
	}
	return id, s, ok
}

func (in *Ingress) status(w http.ResponseWriter, r *http.Request, id poh.Hash) (api.Submission, bool) {
	st, err := in.Tracker.Status(id)
	if err != nil {
		in.internal(w, r, err)
		return api.Submission{}, false
	}
	if st.Stage == Unknown {
		return api.Submission{}, true
	}
	return submissionJSON(st), true
}

// changes is the channel closed at the pipeline's next change (nil: a
// one-second poll, for an ingress without a beacon).
func (in *Ingress) changes() <-chan struct{} {
	if in.Changes != nil {
		return in.Changes()
	}
	ch := make(chan struct{})
	time.AfterFunc(time.Second, func() { close(ch) })
	return ch
}

func (in *Ingress) get(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	for k := range q {
		if k != "wait" && k != "timeout" {
			api.WriteError(w, r, api.Errorf(api.CodeBadParam, "unknown query parameter %q (wait, timeout)", k).WithField(k))
			return
		}
	}
	want, timeout := q.Get("wait"), DefaultWait
	if q.Has("wait") && !api.Waitable(want) {
		api.WriteError(w, r, api.Errorf(api.CodeBadParam, "wait=%q: want one of sequenced, included, proven, finalized, anchored", want).WithField("wait"))
		return
	}
	if q.Has("timeout") {
		d, err := parseTimeout(q.Get("timeout"))
		if err != nil {
			api.WriteError(w, r, api.Errorf(api.CodeBadParam, "timeout=%q: %v", q.Get("timeout"), err).WithField("timeout"))
			return
		}
		timeout = d
	}
	id, s, ok := in.submission(w, r)
	if !ok {
		return
	}
	if want != "" {
		deadline := time.NewTimer(timeout)
		defer deadline.Stop()
	wait:
		for {
			ch := in.changes() // taken before the read: no change is missed
			if s, ok = in.status(w, r, id); !ok {
				return
			}
			if s.Reached(want) || api.Terminal(s.Status) {
				break
			}
			select {
			case <-ch:
			case <-deadline.C:
				break wait
			case <-r.Context().Done():
				return
			}
		}
	}
	api.WriteJSON(w, http.StatusOK, s)
}

// parseTimeout reads a long-poll timeout: a Go duration ("30s") or whole
// seconds, at most MaxWait.
func parseTimeout(v string) (time.Duration, error) {
	d, err := time.ParseDuration(v)
	if err != nil {
		secs, serr := strconv.ParseUint(v, 10, 16)
		if serr != nil {
			return 0, errors.New("want a duration (30s) or whole seconds")
		}
		d = time.Duration(secs) * time.Second
	}
	if d < 0 || d > MaxWait {
		return 0, fmt.Errorf("want 0 to %v", MaxWait)
	}
	return d, nil
}

// KeepAlive is how often an idle event stream gets a comment line, so
// proxies and clients see it alive.
const KeepAlive = 15 * time.Second

// events streams a submission's status as server-sent events: one
// "status" event now and one at each change, until a terminal status
// (then the stream ends).
func (in *Ingress) events(w http.ResponseWriter, r *http.Request) {
	for k := range r.URL.Query() {
		api.WriteError(w, r, api.Errorf(api.CodeBadParam, "unknown query parameter %q (none)", k).WithField(k))
		return
	}
	id, s, ok := in.submission(w, r)
	if !ok {
		return
	}
	release, ok := in.Streams.Acquire(w, r)
	if !ok {
		return
	}
	defer release()
	var end <-chan time.Time
	if life := in.Streams.Life(); life > 0 {
		t := time.NewTimer(life)
		defer t.Stop()
		end = t.C
	}
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	send := func(format string, args ...any) bool {
		// Each write gets its own deadline: the stream outlives the
		// server's write timeout, an idle or stuck client does not.
		_ = rc.SetWriteDeadline(time.Now().Add(KeepAlive + 10*time.Second))
		if _, err := fmt.Fprintf(w, format, args...); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	last := ""
	emit := func(s api.Submission) bool {
		b, _ := json.Marshal(s)
		if string(b) == last {
			return true
		}
		last = string(b)
		return send("event: status\nid: %s\ndata: %s\n\n", s.Status, b)
	}
	if !emit(s) {
		return
	}
	keep := time.NewTicker(KeepAlive)
	defer keep.Stop()
	for !api.Terminal(s.Status) {
		ch := in.changes()
		st, err := in.Tracker.Status(id)
		if err != nil {
			if in.Log != nil {
				in.Log.Error("event stream failed", "id", id, "err", err, "request_id", api.RequestID(r.Context()))
			}
			send("event: error\ndata: %s\n\n", strconv.Quote(err.Error()))
			return
		}
		if s = submissionJSON(st); !emit(s) {
			return
		}
		if api.Terminal(s.Status) {
			return
		}
		select {
		case <-ch:
		case <-keep.C:
			if !send(": keep-alive\n\n") {
				return
			}
		case <-end:
			// The client reopens it (EventSource and client.Follow do).
			send("event: reopen\ndata: \"the stream's time is up: open it again\"\n\n")
			return
		case <-r.Context().Done():
			return
		}
	}
}

// DefaultStreams bounds a node's event streams: 16 open from one client IP,
// each at most 30 minutes (a stream does a status read at each of the
// pipeline's changes, so an unbounded number would cost the node).
func DefaultStreams() *api.Streams { return &api.Streams{PerClient: 16, MaxLife: 30 * time.Minute} }
