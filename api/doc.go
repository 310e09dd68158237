// Package api is the HTTP layer of a PARTH node's public API (/v1):
// the stable error codes, the error body, and the middleware every route
// goes through (request ids, per-client rate limits, body limits). The
// node (package node) serves its routes on it; package client (issue 14)
// speaks it.
//
// Decisions:
//
//   - Errors are {"error":{"code","message","field","request_id"}}. Codes
//     are stable API: a client switches on the code, never on the message.
//     Each code has one HTTP status (Codes), and docs/api-errors.md
//     documents every code; a test checks the two agree, code by code.
//   - Every response carries X-Request-Id: the client's, if it sent a sane
//     one (1–64 printable ASCII characters), else one made here. Logs of
//     the request carry it too, so an operator finds a client's failure by
//     the id in its error.
//   - Rate limits are per client (the peer's IP address; the proxy headers
//     are not trusted unless the operator says so, since any client can
//     set them), a token bucket each (golang.org/x/time/rate). A refused
//     request gets 429 rate_limited with Retry-After in whole seconds,
//     rounded up from the bucket's reservation. Idle buckets are forgotten
//     after a while, so the table stays bounded by the active clients.
package api
