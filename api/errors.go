package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// Code is a stable error code.
type Code string

// The API's error codes. Adding one means adding it to Codes and to
// docs/api-errors.md (a test checks both).
const (
	CodeMalformed          Code = "malformed"           // 400: the body does not parse
	CodeUnknownField       Code = "unknown_field"       // 400: a JSON field the API does not have
	CodeBadParam           Code = "bad_param"           // 400: a path or query parameter is not valid
	CodeNoRoute            Code = "no_route"            // 404
	CodeNotFound           Code = "not_found"           // 404: no such resource
	CodeMethodNotAllowed   Code = "method_not_allowed"  // 405
	CodeNonceConflict      Code = "nonce_conflict"      // 409: another submission has this user and nonce
	CodeUserBusy           Code = "user_busy"           // 409: the user has an end cap in the open block
	CodeTooLarge           Code = "too_large"           // 413
	CodeContentType        Code = "content_type"        // 415
	CodeInvalidProof       Code = "invalid_proof"       // 422: a proof does not verify
	CodeUnknownUser        Code = "unknown_user"        // 422: the end cap's user has no account
	CodeWrongKey           Code = "wrong_key"           // 422: signed by another key than the user's
	CodeBadDeltas          Code = "bad_deltas"          // 422: the deltas do not reproduce the end cap's roots
	CodeStaleCheckpoint    Code = "stale_checkpoint"    // 422: the checkpoint read is outside the window
	CodeUnknownCheckpoint  Code = "unknown_checkpoint"  // 422: no such checkpoint
	CodeCheckpointMismatch Code = "checkpoint_mismatch" // 422: the checkpoint's root is not the chain's
	CodeBadNonce           Code = "bad_nonce"           // 422: the nonce is not the account's (a replay or a gap)
	CodeUserMoved          Code = "user_moved"          // 422: the account changed after the checkpoint read
	CodeUnknownContract    Code = "unknown_contract"    // 422
	CodeNotWhitelisted     Code = "not_whitelisted"     // 422: the function is not in the contract's whitelist
	CodeRejected           Code = "rejected"            // 422: the chain would not apply it (the message says why)
	CodeRateLimited        Code = "rate_limited"        // 429, with Retry-After
	CodeQueueFull          Code = "queue_full"          // 429, with Retry-After
	CodeInternal           Code = "internal"            // 500
	CodeNotReady           Code = "not_ready"           // 503
	CodeNotLeader          Code = "not_leader"          // 503, with Retry-After
	CodeTakingOver         Code = "taking_over"         // 503, with Retry-After
	CodeInFlight           Code = "in_flight"           // 503, with Retry-After
	CodeUnavailable        Code = "unavailable"         // 503
	CodeTimeout            Code = "timeout"             // 503: the request took longer than the server allows
)

// Codes maps every code to its HTTP status.
var Codes = map[Code]int{
	CodeMalformed: 400, CodeUnknownField: 400, CodeBadParam: 400,
	CodeNoRoute: 404, CodeNotFound: 404,
	CodeMethodNotAllowed: 405,
	CodeNonceConflict:    409, CodeUserBusy: 409,
	CodeTooLarge:     413,
	CodeContentType:  415,
	CodeInvalidProof: 422, CodeUnknownUser: 422, CodeWrongKey: 422, CodeBadDeltas: 422,
	CodeStaleCheckpoint: 422, CodeUnknownCheckpoint: 422, CodeCheckpointMismatch: 422, CodeBadNonce: 422,
	CodeUserMoved: 422, CodeUnknownContract: 422, CodeNotWhitelisted: 422, CodeRejected: 422,
	CodeRateLimited: 429, CodeQueueFull: 429,
	CodeInternal: 500,
	CodeNotReady: 503, CodeNotLeader: 503, CodeTakingOver: 503, CodeInFlight: 503, CodeUnavailable: 503, CodeTimeout: 503,
}

// Status is the code's HTTP status (500 for a code not in Codes).
func (c Code) Status() int {
	if s, ok := Codes[c]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// Error is an API error: what the body's "error" object holds. It is an
// error, so handlers return it and clients get it back from package client.
type Error struct {
	Code    Code   `json:"code"`
	Message string `json:"message"`
	// Field names the request field or parameter at fault, if one is.
	Field     string `json:"field,omitempty"`
	RequestID string `json:"request_id,omitempty"`
	// RetryAfter, if positive, is sent as Retry-After (whole seconds,
	// rounded up); clients read it back from the header.
	RetryAfter time.Duration `json:"-"`
}

func (e *Error) Error() string {
	s := fmt.Sprintf("%s: %s", e.Code, e.Message)
	if e.Field != "" {
		s += " (field " + e.Field + ")"
	}
	return s
}

// Errorf is an Error with code c and a formatted message.
func Errorf(c Code, format string, args ...any) *Error {
	return &Error{Code: c, Message: fmt.Sprintf(format, args...)}
}

// WithField names the field at fault.
func (e *Error) WithField(f string) *Error { e.Field = f; return e }

// WithRetry asks the client to retry after d.
func (e *Error) WithRetry(d time.Duration) *Error { e.RetryAfter = d; return e }

// ErrorBody is the JSON body of every error response.
type ErrorBody struct {
	Error *Error `json:"error"`
}

// WriteJSON writes v as a JSON response with status code.
func WriteJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

// WriteError writes e with its code's status, the request's id and, if
// e asks for one, Retry-After.
func WriteError(w http.ResponseWriter, r *http.Request, e *Error) {
	out := *e
	if out.RequestID == "" && r != nil {
		out.RequestID = RequestID(r.Context())
	}
	if e.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.FormatInt(int64((e.RetryAfter+time.Second-1)/time.Second), 10))
	}
	WriteJSON(w, e.Code.Status(), ErrorBody{Error: &out})
}
