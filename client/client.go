// Package client is the Go client of a PARTH node's HTTP API (node/openapi.json),
// used by `parth wallet`, the devnet's scenario and the end-to-end tests.
//
// It trusts nothing the node says that it can check. A checkpoint is
// trusted once its preimage hashes to its root and its quorum certificate
// verifies against the genesis validator set (Trust); every state read is
// then verified against that checkpoint's root (Snapshot), so a session
// built on a Snapshot reads only state the validators certified.
//
// Errors the node answers with are *api.Error, with the stable code, the
// field at fault and the Retry-After hint; Submit retries the ones that
// say to (429, 503 with Retry-After) until its context ends.
package client

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/parthnet/parth/api"
)

// Client talks to one node.
type Client struct {
	base string
	http *http.Client
}

// New is a client of the node at base (http://host:port).
func New(base string) (*Client, error) {
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("client: node URL %q: want http://host:port", base)
	}
	return &Client{base: strings.TrimRight(base, "/"), http: &http.Client{}}, nil
}

// URL is the node's base URL.
func (c *Client) URL() string { return c.base }

// do sends a request and decodes a 2xx answer into out (nil: discard);
// any other answer is its *api.Error.
func (c *Client) do(ctx context.Context, method, path, ctype string, body []byte, out any) (http.Header, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return nil, err
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("client: %s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return resp.Header, fmt.Errorf("client: %s %s: reading the answer: %w", method, path, err)
	}
	if resp.StatusCode/100 != 2 {
		return resp.Header, decodeError(resp, raw)
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			return resp.Header, fmt.Errorf("client: %s %s: the answer is not what the API documents: %w", method, path, err)
		}
	}
	return resp.Header, nil
}

// decodeError is a non-2xx answer as an *api.Error (a body that is not the
// API's error is reported as such, with the status).
func decodeError(resp *http.Response, raw []byte) error {
	var body api.ErrorBody
	if err := json.Unmarshal(raw, &body); err != nil || body.Error == nil || body.Error.Code == "" {
		return fmt.Errorf("client: %s %s answered %s without an API error: %.200q", resp.Request.Method, resp.Request.URL.Path, resp.Status, raw)
	}
	e := body.Error
	if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && s > 0 {
		e.RetryAfter = time.Duration(s) * time.Second
	}
	return e
}

// Info is GET /v1/info.
func (c *Client) Info(ctx context.Context) (*api.Info, error) {
	var out api.Info
	_, err := c.do(ctx, http.MethodGet, "/v1/info", "", nil, &out)
	return &out, err
}

// Submit posts an end-cap job (session.EndCapJob's encoding) and returns
// its submission once the node holds it durably. A refusal to retry (429,
// 503 with Retry-After: a full queue, a takeover's hold, an end cap in
// flight) is retried after the hint until ctx ends; any other refusal,
// not_leader included (send it to the leader), is returned at once.
func (c *Client) Submit(ctx context.Context, job []byte) (*api.Submission, error) {
	body, err := json.Marshal(api.SubmissionEnvelope{EndCap: base64.StdEncoding.EncodeToString(job)})
	if err != nil {
		return nil, err
	}
	for {
		var out api.Submission
		_, err := c.do(ctx, http.MethodPost, "/v1/submissions", "application/json", body, &out)
		var e *api.Error
		if err == nil || !errors.As(err, &e) || e.RetryAfter <= 0 || e.Code == api.CodeNotLeader {
			return &out, err // a follower's answer does not change by asking it again soon
		}
		select {
		case <-time.After(e.RetryAfter):
		case <-ctx.Done():
			return nil, fmt.Errorf("client: %w (last refusal: %w)", ctx.Err(), err)
		}
	}
}

// Submission is a submission's status now.
func (c *Client) Submission(ctx context.Context, id string) (*api.Submission, error) {
	var out api.Submission
	_, err := c.do(ctx, http.MethodGet, "/v1/submissions/"+url.PathEscape(id), "", nil, &out)
	return &out, err
}

// Wait long-polls a submission until it reaches status (or a terminal
// one) or ctx ends.
func (c *Client) Wait(ctx context.Context, id, status string) (*api.Submission, error) {
	for {
		var out api.Submission
		_, err := c.do(ctx, http.MethodGet, "/v1/submissions/"+url.PathEscape(id)+"?wait="+url.QueryEscape(status)+"&timeout=30s", "", nil, &out)
		if err != nil || out.Reached(status) || api.Terminal(out.Status) {
			return &out, err
		}
		select { // a node that answers at once instead of waiting is not spun on
		case <-time.After(time.Second):
		case <-ctx.Done():
			return &out, ctx.Err()
		}
	}
}

// Follow streams a submission's status (server-sent events), calling fn
// at each change, until it reaches status until (or a terminal status) or
// ctx ends; a broken stream is reopened. It returns the last status.
func (c *Client) Follow(ctx context.Context, id, until string, fn func(api.Submission)) (*api.Submission, error) {
	var last *api.Submission
	for broken := 0; ; broken++ {
		done, err := c.follow(ctx, id, until, func(s api.Submission) {
			if last == nil || s != *last {
				fn(s)
			}
			last = &s
		})
		if done || ctx.Err() != nil {
			if last == nil && err == nil {
				err = ctx.Err()
			}
			return last, err
		}
		if errors.Is(err, errReopen) { // the stream's time was up: not broken
			broken--
			continue
		}
		var e *api.Error
		if errors.As(err, &e) && e.Code.Status() < 500 || broken >= 10 {
			return last, err
		}
		select { // the node restarts or the connection broke: reopen
		case <-time.After(time.Second):
		case <-ctx.Done():
			return last, ctx.Err()
		}
	}
}

// errReopen is the node ending a stream that reached its lifetime.
var errReopen = errors.New("client: the node asks to reopen the stream")

// follow reads one event stream; done says status until, or a terminal
// one, came.
func (c *Client) follow(ctx context.Context, id, until string, fn func(api.Submission)) (bool, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+"/v1/submissions/"+url.PathEscape(id)+"/events", nil)
	if err != nil {
		return false, err
	}
	req.Header.Set("Accept", "text/event-stream")
	resp, err := c.http.Do(req)
	if err != nil {
		return false, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		raw, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		return false, decodeError(resp, raw)
	}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	event, data := "", ""
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "":
			if event == "status" {
				var s api.Submission
				if err := json.Unmarshal([]byte(data), &s); err != nil {
					return false, fmt.Errorf("client: a status event that is not a submission: %w", err)
				}
				fn(s)
				if api.Terminal(s.Status) || s.Reached(until) {
					return true, nil
				}
			} else if event == "error" {
				return false, fmt.Errorf("client: the node's event stream failed: %s", data)
			} else if event == "reopen" {
				return false, errReopen
			}
			event, data = "", ""
		case strings.HasPrefix(line, ":"): // a keep-alive
		case strings.HasPrefix(line, "event: "):
			event = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			if data += strings.TrimPrefix(line, "data: "); len(data) > 1<<20 {
				return false, errors.New("client: an event of over 1 MiB: not the API's")
			}
		}
	}
	if err := sc.Err(); err != nil {
		return false, err
	}
	return false, io.ErrUnexpectedEOF
}

// Checkpoint is GET /v1/checkpoints/{n} (a number, latest or finalized),
// unverified: Trust.Checkpoint verifies it.
func (c *Client) Checkpoint(ctx context.Context, n string) (*api.Checkpoint, error) {
	var out api.Checkpoint
	_, err := c.do(ctx, http.MethodGet, "/v1/checkpoints/"+url.PathEscape(n), "", nil, &out)
	return &out, err
}

// Block is GET /v1/blocks/{n}.
func (c *Client) Block(ctx context.Context, n uint64) (*api.Block, error) {
	var out api.Block
	_, err := c.do(ctx, http.MethodGet, fmt.Sprintf("/v1/blocks/%d", n), "", nil, &out)
	return &out, err
}

// User is GET /v1/users/{u} at checkpoint n, unverified (User.Verify).
func (c *Client) User(ctx context.Context, u uint32, n uint64) (*api.User, error) {
	var out api.User
	_, err := c.do(ctx, http.MethodGet, fmt.Sprintf("/v1/users/%d?checkpoint=%d", u, n), "", nil, &out)
	return &out, err
}

// Contract is GET /v1/contracts/{c} at checkpoint n, unverified.
func (c *Client) Contract(ctx context.Context, id uint32, n uint64) (*api.Contract, error) {
	var out api.Contract
	_, err := c.do(ctx, http.MethodGet, fmt.Sprintf("/v1/contracts/%d?checkpoint=%d", id, n), "", nil, &out)
	return &out, err
}

// Leaf is GET /v1/trees/{tree}/leaves/{i} at checkpoint n, unverified.
func (c *Client) Leaf(ctx context.Context, tree string, index, n uint64) (*api.Leaf, error) {
	var out api.Leaf
	_, err := c.do(ctx, http.MethodGet, fmt.Sprintf("/v1/trees/%s/leaves/%d?checkpoint=%d", url.PathEscape(tree), index, n), "", nil, &out)
	return &out, err
}

// Read is GET /v1/users/{u}/contracts/{c}?slot=&key= at checkpoint n,
// unverified (StateRead.Verify).
func (c *Client) Read(ctx context.Context, u, contract uint32, slot uint8, key uint32, n uint64) (*api.StateRead, error) {
	var out api.StateRead
	_, err := c.do(ctx, http.MethodGet, fmt.Sprintf("/v1/users/%d/contracts/%d?slot=%d&key=%d&checkpoint=%d", u, contract, slot, key, n), "", nil, &out)
	return &out, err
}
