package api

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

type requestIDKey struct{}

// RequestIDHeader carries a request's id, both ways.
const RequestIDHeader = "X-Request-Id"

// RequestID is the id the RequestIDs middleware gave ctx's request ("" if
// none).
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// saneID is a client's request id we echo: 1–64 printable ASCII
// characters (anything else could split a log line or a header).
func saneID(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// RequestIDs gives every request an id (the client's X-Request-Id if it is
// sane, else 16 random bytes in hex), in its context and in the response's
// X-Request-Id.
func RequestIDs(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get(RequestIDHeader)
		if !saneID(id) {
			var b [16]byte
			_, _ = rand.Read(b[:])
			id = hex.EncodeToString(b[:])
		}
		w.Header().Set(RequestIDHeader, id)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestIDKey{}, id)))
	})
}

// Recover turns a handler's panic into a 500 internal error (logged with
// the request id) instead of a dropped connection.
func Recover(log *slog.Logger) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			defer func() {
				if v := recover(); v != nil {
					if v == http.ErrAbortHandler {
						panic(v)
					}
					if log != nil {
						log.Error("handler panicked", "request_id", RequestID(r.Context()), "method", r.Method, "path", r.URL.Path, "panic", v)
					}
					WriteError(w, r, Errorf(CodeInternal, "internal error (request %s)", RequestID(r.Context())))
				}
			}()
			next.ServeHTTP(w, r)
		})
	}
}

// RateLimit is a per-client token bucket: Rate requests a second on
// average, bursts of Burst.
type RateLimit struct {
	Rate  rate.Limit
	Burst int
	// Idle is how long a client's bucket is kept after its last request
	// (default 10 minutes); a bucket idle that long is full again anyway
	// when Idle ≥ Burst/Rate.
	Idle time.Duration
	// Now is the clock (default time.Now), for tests.
	Now func() time.Time

	mu      sync.Mutex
	clients map[string]*client
	swept   time.Time
}

type client struct {
	lim  *rate.Limiter
	seen time.Time
}

func (l *RateLimit) now() time.Time {
	if l.Now != nil {
		return l.Now()
	}
	return time.Now()
}

// Allow takes a token from key's bucket; if there is none, it says how
// long until there is.
func (l *RateLimit) Allow(key string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	idle := l.Idle
	if idle <= 0 {
		idle = 10 * time.Minute
	}
	if l.clients == nil {
		l.clients = map[string]*client{}
		l.swept = now
	}
	if now.Sub(l.swept) > idle {
		for k, c := range l.clients {
			if now.Sub(c.seen) > idle {
				delete(l.clients, k)
			}
		}
		l.swept = now
	}
	c, ok := l.clients[key]
	if !ok {
		c = &client{lim: rate.NewLimiter(l.Rate, l.Burst)}
		l.clients[key] = c
	}
	c.seen = now
	res := c.lim.ReserveN(now, 1)
	if !res.OK() {
		return false, time.Second
	}
	if d := res.DelayFrom(now); d > 0 {
		res.CancelAt(now)
		return false, d
	}
	return true, 0
}

// Clients is how many clients have a bucket.
func (l *RateLimit) Clients() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.clients)
}

// ClientKey is the rate limit's key for r: the peer's IP address.
func ClientKey(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// Middleware refuses a client over its rate with 429 rate_limited and
// Retry-After. A nil limit (or a zero Rate) lets everything through.
func (l *RateLimit) Middleware(next http.Handler) http.Handler {
	if l == nil || l.Rate == 0 {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if ok, wait := l.Allow(ClientKey(r)); !ok {
			WriteError(w, r, Errorf(CodeRateLimited, "more than %g requests a second from %s: retry after %v", float64(l.Rate), ClientKey(r), wait.Round(time.Millisecond)).WithRetry(wait))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// Streams bounds long-lived responses (server-sent events) per client: at
// most PerClient open at once from one IP (a further one is 429
// rate_limited with Retry-After), and none open longer than MaxLife (the
// server ends it; a client reopens, as after any broken stream). A nil
// *Streams limits nothing.
type Streams struct {
	PerClient int
	MaxLife   time.Duration

	mu   sync.Mutex
	open map[string]int
}

// Acquire takes a stream for r's client, or answers 429 and reports false.
// The caller calls release when the stream ends.
func (s *Streams) Acquire(w http.ResponseWriter, r *http.Request) (release func(), ok bool) {
	if s == nil || s.PerClient <= 0 {
		return func() {}, true
	}
	key := ClientKey(r)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.open == nil {
		s.open = map[string]int{}
	}
	if s.open[key] >= s.PerClient {
		WriteError(w, r, Errorf(CodeRateLimited, "%d event streams open from %s already (at most %d): close one, or follow by long-poll", s.open[key], key, s.PerClient).WithRetry(10*time.Second))
		return nil, false
	}
	s.open[key]++
	var once sync.Once
	return func() {
		once.Do(func() {
			s.mu.Lock()
			defer s.mu.Unlock()
			if s.open[key]--; s.open[key] <= 0 {
				delete(s.open, key)
			}
		})
	}, true
}

// Life is how long a stream may stay open (0: no bound).
func (s *Streams) Life() time.Duration {
	if s == nil {
		return 0
	}
	return s.MaxLife
}
