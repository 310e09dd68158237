package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

const (
	jobsStream    = "PARTH_JOBS"
	resultsStream = "PARTH_RESULTS"
	deadStream    = "PARTH_DEAD"
	workersName   = "workers"
	jobsPrefix    = "parth.jobs."
	resultsPrefix = "parth.results."
	deadSubject   = "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES." + jobsStream + "." + workersName
)

// Errors of the engine.
var (
	ErrBadJob = errors.New("jobs: bad job")
)

// Job is one unit of work: its id is the hash of its inputs (hex), its kind
// a subject token, its payload opaque to the engine.
type Job struct {
	ID      string
	Kind    string
	Payload []byte
}

// Result is a worker's answer to a job.
type Result struct {
	JobID   string `json:"job"`
	Kind    string `json:"kind"`
	Worker  string `json:"worker"`
	Attempt uint64 `json:"attempt"` // the job's delivery count when it ran
	Payload []byte `json:"payload"`
}

// Config tunes delivery.
type Config struct {
	// AckWait is how long a delivered job may go without an ack or a
	// heartbeat before it is redelivered (default 30s).
	AckWait time.Duration
	// MaxDeliver bounds deliveries of a job (default 5).
	MaxDeliver int
	// Duplicates is the window in which a job id is stored once (default 1h).
	Duplicates time.Duration
	Log        *slog.Logger
	// Metrics, if set, counts the jobs this process's workers work.
	Metrics *Metrics
}

func (c *Config) defaults() {
	if c.AckWait <= 0 {
		c.AckWait = 30 * time.Second
	}
	if c.MaxDeliver <= 0 {
		c.MaxDeliver = 5
	}
	if c.Duplicates <= 0 {
		c.Duplicates = time.Hour
	}
	if c.Log == nil {
		c.Log = slog.New(slog.DiscardHandler)
	}
}

// Engine is a connection to the job streams.
type Engine struct {
	nc      *nats.Conn
	js      jetstream.JetStream
	workers jetstream.Consumer
	cfg     Config
}

var token = regexp.MustCompile(`^[A-Za-z0-9_-]{1,128}$`)

// Connect connects to NATS at url and creates (or updates) the streams and
// the workers' consumer. It keeps reconnecting if the server goes away.
func Connect(ctx context.Context, url, name string, cfg Config) (*Engine, error) {
	cfg.defaults()
	nc, err := nats.Connect(url, nats.Name(name), nats.MaxReconnects(-1), nats.ReconnectWait(250*time.Millisecond))
	if err != nil {
		return nil, fmt.Errorf("jobs: connect %s: %w", url, err)
	}
	js, err := jetstream.New(nc)
	if err != nil {
		nc.Close()
		return nil, err
	}
	e := &Engine{nc: nc, js: js, cfg: cfg}
	if err := e.setup(ctx); err != nil {
		nc.Close()
		return nil, err
	}
	return e, nil
}

func (e *Engine) setup(ctx context.Context) error {
	streams := []jetstream.StreamConfig{
		{Name: jobsStream, Subjects: []string{jobsPrefix + ">"}, Retention: jetstream.WorkQueuePolicy,
			Storage: jetstream.FileStorage, Duplicates: e.cfg.Duplicates},
		{Name: resultsStream, Subjects: []string{resultsPrefix + ">"}, Storage: jetstream.FileStorage,
			Duplicates: e.cfg.Duplicates},
		{Name: deadStream, Subjects: []string{deadSubject}, Storage: jetstream.FileStorage},
	}
	for _, sc := range streams {
		if _, err := e.js.CreateOrUpdateStream(ctx, sc); err != nil {
			return fmt.Errorf("jobs: stream %s: %w", sc.Name, err)
		}
	}
	c, err := e.js.CreateOrUpdateConsumer(ctx, jobsStream, jetstream.ConsumerConfig{
		Durable: workersName, AckPolicy: jetstream.AckExplicitPolicy, AckWait: e.cfg.AckWait,
		MaxDeliver: e.cfg.MaxDeliver, MaxAckPending: 1024,
	})
	if err != nil {
		return fmt.Errorf("jobs: consumer %s: %w", workersName, err)
	}
	e.workers = c
	return nil
}

// Connected reports whether the connection to NATS is up (it reconnects
// by itself after an outage).
func (e *Engine) Connected() bool { return e.nc.IsConnected() }

// Close drains nothing and closes the connection.
func (e *Engine) Close() { e.nc.Close() }

// Submit publishes a job; the same id inside the duplicate window is stored
// once. Attempt 0 is the first submission; a retry after a rejected result
// passes the next attempt number so it is stored again.
func (e *Engine) Submit(ctx context.Context, j Job, attempt int) error {
	_, err := e.submit(ctx, j, attempt)
	return err
}

// SubmitNew publishes a job so that it runs again even if it was submitted
// before (a restarted aggregator that lost its result): it tries attempts
// from the given one until the server stores one, and returns that attempt.
func (e *Engine) SubmitNew(ctx context.Context, j Job, attempt int) (int, error) {
	for ; attempt < 1<<16; attempt++ {
		dup, err := e.submit(ctx, j, attempt)
		if err != nil || !dup {
			return attempt, err
		}
	}
	return attempt, fmt.Errorf("jobs: job %s submitted too often", j.ID)
}

func (e *Engine) submit(ctx context.Context, j Job, attempt int) (duplicate bool, err error) {
	if !token.MatchString(j.ID) || !token.MatchString(j.Kind) {
		return false, fmt.Errorf("%w: id %q and kind %q must be 1–128 of [A-Za-z0-9_-]", ErrBadJob, j.ID, j.Kind)
	}
	msg := &nats.Msg{Subject: jobsPrefix + j.Kind + "." + j.ID, Data: j.Payload, Header: nats.Header{}}
	msgID := j.ID
	if attempt > 0 {
		msgID = fmt.Sprintf("%s/%d", j.ID, attempt)
	}
	msg.Header.Set(jetstream.MsgIDHeader, msgID)
	ack, err := e.js.PublishMsg(ctx, msg)
	if err != nil {
		return false, fmt.Errorf("jobs: submit %s: %w", j.ID, err)
	}
	return ack.Duplicate, nil
}

// LastResult is the latest result published for job id, if any: a worker
// handed a copy of a job that is already done (a retry, a redelivery) can
// check it and return it instead of working again.
func (e *Engine) LastResult(ctx context.Context, id string) (Result, bool, error) {
	s, err := e.js.Stream(ctx, resultsStream)
	if err != nil {
		return Result{}, false, err
	}
	m, err := s.GetLastMsgForSubject(ctx, resultsPrefix+id)
	if errors.Is(err, jetstream.ErrMsgNotFound) {
		return Result{}, false, nil
	}
	if err != nil {
		return Result{}, false, err
	}
	var r Result
	if err := json.Unmarshal(m.Data, &r); err != nil {
		return Result{}, false, nil
	}
	return r, true, nil
}

// Pending is the number of jobs not yet acked (queued or running).
func (e *Engine) Pending(ctx context.Context) (uint64, error) {
	s, err := e.js.Stream(ctx, jobsStream)
	if err != nil {
		return 0, err
	}
	info, err := s.Info(ctx)
	if err != nil {
		return 0, err
	}
	return info.State.Msgs, nil
}

func parseSubject(subj string) (kind, id string, ok bool) {
	rest := subj[len(jobsPrefix):]
	for i := 0; i < len(rest); i++ {
		if rest[i] == '.' {
			return rest[:i], rest[i+1:], true
		}
	}
	return "", "", false
}

// Handler does a job and returns the result's payload.
type Handler func(ctx context.Context, j Job) ([]byte, error)

// Work runs jobs one at a time until ctx ends: fetch, run the handler with
// InProgress heartbeats, publish the result, ack. A handler error naks the
// job so another delivery (any worker) retries it.
func (e *Engine) Work(ctx context.Context, worker string, h Handler) error {
	log := e.cfg.Log.With("worker", worker)
	for ctx.Err() == nil {
		batch, err := e.workers.Fetch(1, jetstream.FetchMaxWait(time.Second))
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			log.Warn("fetch", "err", err)
			time.Sleep(250 * time.Millisecond)
			continue
		}
		for msg := range batch.Messages() {
			e.run(ctx, log, worker, msg, h)
		}
	}
	return nil
}

func (e *Engine) run(ctx context.Context, log *slog.Logger, worker string, msg jetstream.Msg, h Handler) {
	kind, id, ok := parseSubject(msg.Subject())
	if !ok {
		log.Error("malformed job subject; terminating it", "subject", msg.Subject())
		_ = msg.Term()
		return
	}
	meta, err := msg.Metadata()
	if err != nil {
		log.Error("job metadata", "err", err)
		return
	}
	log.Info("job started", "job", id, "kind", kind, "delivery", meta.NumDelivered)
	hctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { // heartbeats
		t := time.NewTicker(e.cfg.AckWait / 3)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				if err := msg.InProgress(); err != nil {
					log.Warn("heartbeat", "job", id, "err", err)
				}
			}
		}
	}()
	start := time.Now()
	out, err := h(hctx, Job{ID: id, Kind: kind, Payload: msg.Data()})
	close(done)
	cancel()
	if ctx.Err() != nil {
		e.cfg.Metrics.job(kind, "abandoned", 0, meta.NumDelivered)
		return // shutting down: the job is redelivered to someone else
	}
	if err != nil {
		log.Warn("job failed; nak", "job", id, "delivery", meta.NumDelivered, "err", err)
		e.cfg.Metrics.job(kind, "failed", 0, meta.NumDelivered)
		_ = msg.Nak()
		return
	}
	if err := e.Publish(ctx, Result{JobID: id, Kind: kind, Worker: worker, Attempt: meta.NumDelivered, Payload: out}); err != nil {
		log.Warn("publishing result failed; nak", "job", id, "err", err)
		_ = msg.Nak()
		return
	}
	if err := msg.DoubleAck(ctx); err != nil {
		log.Warn("ack failed (the job will be redelivered, its duplicate result ignored)", "job", id, "err", err)
		return
	}
	took := time.Since(start)
	e.cfg.Metrics.job(kind, "done", took, meta.NumDelivered)
	log.Info("job done", "job", id, "kind", kind, "took", took)
}

// Publish publishes a result of job r.JobID made outside Work (a proof
// made elsewhere, or one re-published by an operator). Consumers see it
// like any other: a job may have several results, and they must treat
// them idempotently.
func (e *Engine) Publish(ctx context.Context, r Result) error {
	if !token.MatchString(r.JobID) || !token.MatchString(r.Kind) {
		return fmt.Errorf("jobs: result for job %q of kind %q: not a valid job id and kind", r.JobID, r.Kind)
	}
	data, err := json.Marshal(r)
	if err != nil {
		return err
	}
	_, err = e.js.PublishMsg(ctx, &nats.Msg{Subject: resultsPrefix + r.JobID, Data: data, Header: nats.Header{}})
	return err
}

// Results delivers results to fn through the durable consumer name, from
// the oldest unacked one; a result is acked once fn returns nil (fn must be
// idempotent: a job may have several results). Stop with the returned func.
func (e *Engine) Results(ctx context.Context, name string, fn func(Result) error) (stop func(), err error) {
	c, err := e.js.CreateOrUpdateConsumer(ctx, resultsStream, jetstream.ConsumerConfig{
		Durable: name, AckPolicy: jetstream.AckExplicitPolicy, AckWait: e.cfg.AckWait})
	if err != nil {
		return nil, fmt.Errorf("jobs: results consumer %s: %w", name, err)
	}
	cc, err := c.Consume(func(msg jetstream.Msg) {
		var r Result
		if err := json.Unmarshal(msg.Data(), &r); err != nil || r.JobID == "" {
			e.cfg.Log.Error("malformed result; dropping it", "subject", msg.Subject(), "err", err)
			_ = msg.Term()
			return
		}
		if err := fn(r); err != nil {
			e.cfg.Log.Warn("result not consumed; will retry", "job", r.JobID, "err", err)
			_ = msg.Nak()
			return
		}
		_ = msg.Ack()
	})
	if err != nil {
		return nil, err
	}
	return cc.Stop, nil
}

// DeadLetter is a job the server stopped delivering after MaxDeliver.
type DeadLetter struct {
	Job        Job
	Deliveries uint64
}

// DeadLetters hands each job that exhausted its deliveries to fn (which
// records it durably); once fn returns nil the job is removed from the work
// queue and its advisory acked, so each is handed over once. It returns
// how many were handed over.
func (e *Engine) DeadLetters(ctx context.Context, fn func(DeadLetter) error) (int, error) {
	c, err := e.js.CreateOrUpdateConsumer(ctx, deadStream, jetstream.ConsumerConfig{
		Durable: "dead-letters", AckPolicy: jetstream.AckExplicitPolicy})
	if err != nil {
		return 0, err
	}
	jobs, err := e.js.Stream(ctx, jobsStream)
	if err != nil {
		return 0, err
	}
	total := 0
	for {
		batch, err := c.FetchNoWait(64)
		if err != nil {
			return total, err
		}
		n := 0
		for msg := range batch.Messages() {
			n++
			var adv struct {
				StreamSeq  uint64 `json:"stream_seq"`
				Deliveries uint64 `json:"deliveries"`
			}
			if err := json.Unmarshal(msg.Data(), &adv); err != nil {
				_ = msg.Term()
				continue
			}
			raw, err := jobs.GetMsg(ctx, adv.StreamSeq)
			if err != nil {
				// Already removed (handed over before a crash): nothing left to report.
				_ = msg.Ack()
				continue
			}
			kind, id, _ := parseSubject(raw.Subject)
			if err := fn(DeadLetter{Job: Job{ID: id, Kind: kind, Payload: raw.Data}, Deliveries: adv.Deliveries}); err != nil {
				_ = msg.Nak()
				return total, err
			}
			if err := jobs.DeleteMsg(ctx, adv.StreamSeq); err != nil {
				return total, err
			}
			_ = msg.Ack()
			total++
		}
		if n == 0 {
			return total, batch.Error()
		}
	}
}
