package jobs

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

func startServer(t *testing.T, dir string, port int) *Server {
	t.Helper()
	s, err := StartServer(ServerConfig{DataDir: dir, Port: port})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func connect(t *testing.T, url string, cfg Config) *Engine {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	e, err := Connect(ctx, url, t.Name(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.Close)
	return e
}

// digest is the tests' real work: SHA-256 of the payload.
func digest(_ context.Context, j Job) ([]byte, error) {
	h := sha256.Sum256(j.Payload)
	return h[:], nil
}

func job(i int) Job {
	p := []byte(fmt.Sprintf("payload %d", i))
	h := sha256.Sum256(p)
	return Job{ID: hex.EncodeToString(h[:8]), Kind: "test", Payload: p}
}

// collector gathers results by job id.
type collector struct {
	mu  sync.Mutex
	got map[string][]Result
}

func (c *collector) add(r Result) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.got == nil {
		c.got = map[string][]Result{}
	}
	c.got[r.JobID] = append(c.got[r.JobID], r)
	return nil
}

func (c *collector) waitFor(t *testing.T, ids []string, within time.Duration) map[string][]Result {
	t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		c.mu.Lock()
		n := 0
		for _, id := range ids {
			if len(c.got[id]) > 0 {
				n++
			}
		}
		c.mu.Unlock()
		if n == len(ids) {
			c.mu.Lock()
			defer c.mu.Unlock()
			return c.got
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("not every job has a result after %v", within)
	return nil
}

func checkDigest(t *testing.T, j Job, r Result) {
	t.Helper()
	want := sha256.Sum256(j.Payload)
	if string(r.Payload) != string(want[:]) {
		t.Fatalf("job %s: wrong result", j.ID)
	}
}

func TestJobsTwoWorkers(t *testing.T) {
	srv := startServer(t, t.TempDir(), 0)
	defer srv.Shutdown()
	e := connect(t, srv.URL(), Config{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var ids []string
	for i := 0; i < 20; i++ {
		if err := e.Submit(ctx, job(i), 0); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, job(i).ID)
	}
	// The same job again is stored once.
	if err := e.Submit(ctx, job(3), 0); err != nil {
		t.Fatal(err)
	}
	if n, _ := e.Pending(ctx); n != 20 {
		t.Fatalf("%d jobs pending, want 20", n)
	}
	var c collector
	stop, err := e.Results(ctx, "test", c.add)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	for _, w := range []string{"w1", "w2"} {
		we := connect(t, srv.URL(), Config{})
		go we.Work(ctx, w, digest)
	}
	got := c.waitFor(t, ids, 30*time.Second)
	for i := 0; i < 20; i++ {
		rs := got[job(i).ID]
		if len(rs) != 1 || (rs[0].Worker != "w1" && rs[0].Worker != "w2") {
			t.Fatalf("job %d: results %+v", i, rs)
		}
		checkDigest(t, job(i), rs[0])
	}
	if n, _ := e.Pending(ctx); n != 0 {
		t.Errorf("%d jobs still pending", n)
	}
	if r, ok, err := e.LastResult(ctx, job(5).ID); err != nil || !ok {
		t.Errorf("last result of a done job: %v %v", ok, err)
	} else {
		checkDigest(t, job(5), r)
	}
	if _, ok, err := e.LastResult(ctx, "nosuchjob"); ok || err != nil {
		t.Errorf("last result of an unknown job: %v %v", ok, err)
	}
	if err := e.Submit(ctx, Job{ID: "a.b", Kind: "test"}, 0); !errors.Is(err, ErrBadJob) {
		t.Errorf("id with a dot: %v", err)
	}
}

// TestHelperWorker is the child process of TestWorkerKilledMidJob: a worker
// whose handler announces the job and then works for a long time.
func TestHelperWorker(t *testing.T) {
	url := os.Getenv("PARTH_JOBS_HELPER_URL")
	if url == "" {
		t.Skip("helper process")
	}
	e, err := Connect(context.Background(), url, "helper", Config{AckWait: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	e.Work(context.Background(), "doomed", func(ctx context.Context, j Job) ([]byte, error) {
		fmt.Printf("started %s\n", j.ID)
		select {
		case <-time.After(time.Hour):
		case <-ctx.Done():
		}
		return nil, ctx.Err()
	})
}

// TestWorkerKilledMidJob: a worker process SIGKILLed while its job runs;
// the job is redelivered after AckWait and completed once, elsewhere.
func TestWorkerKilledMidJob(t *testing.T) {
	srv := startServer(t, t.TempDir(), 0)
	defer srv.Shutdown()
	cfg := Config{AckWait: 2 * time.Second}
	e := connect(t, srv.URL(), cfg)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := e.Submit(ctx, job(1), 0); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperWorker$", "-test.v")
	cmd.Env = append(os.Environ(), "PARTH_JOBS_HELPER_URL="+srv.URL())
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	started := false
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "started "+job(1).ID) {
			started = true
			break
		}
	}
	if !started {
		t.Fatal("the helper never started the job")
	}
	// Let it heartbeat past one AckWait, so only the kill explains a redelivery.
	time.Sleep(3 * time.Second)
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()

	var c collector
	stop, err := e.Results(ctx, "test", c.add)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	go connect(t, srv.URL(), cfg).Work(ctx, "survivor", digest)
	got := c.waitFor(t, []string{job(1).ID}, 20*time.Second)
	rs := got[job(1).ID]
	if len(rs) != 1 || rs[0].Worker != "survivor" || rs[0].Attempt < 2 {
		t.Fatalf("results %+v, want one by the survivor on a redelivery", rs)
	}
	checkDigest(t, job(1), rs[0])
}

// TestServerRestart: jobs submitted before the server restarts, one of them
// running during the restart, all complete afterwards.
func TestServerRestart(t *testing.T) {
	dir := t.TempDir()
	srv := startServer(t, dir, 0)
	port := srv.Port()
	cfg := Config{AckWait: 2 * time.Second}
	e := connect(t, srv.URL(), cfg)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var ids []string
	for i := 0; i < 5; i++ {
		if err := e.Submit(ctx, job(i), 0); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, job(i).ID)
	}
	var c collector
	stop, err := e.Results(ctx, "test", c.add)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	running := make(chan struct{}, 1)
	slow := func(ctx context.Context, j Job) ([]byte, error) {
		select {
		case running <- struct{}{}:
		default:
		}
		time.Sleep(1500 * time.Millisecond)
		return digest(ctx, j)
	}
	go connect(t, srv.URL(), cfg).Work(ctx, "w", slow)
	<-running
	srv.Shutdown()
	time.Sleep(500 * time.Millisecond)
	srv = startServer(t, dir, port)
	defer srv.Shutdown()
	got := c.waitFor(t, ids, 60*time.Second)
	for i := range ids {
		for _, r := range got[ids[i]] {
			checkDigest(t, job(i), r)
		}
	}
}

// TestDeadLetter: a job that fails every delivery is handed over once as
// a dead letter after MaxDeliver deliveries and leaves the queue.
func TestDeadLetter(t *testing.T) {
	srv := startServer(t, t.TempDir(), 0)
	defer srv.Shutdown()
	cfg := Config{AckWait: time.Second, MaxDeliver: 3}
	e := connect(t, srv.URL(), cfg)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := e.Submit(ctx, job(7), 0); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	tries := 0
	go connect(t, srv.URL(), cfg).Work(ctx, "w", func(context.Context, Job) ([]byte, error) {
		mu.Lock()
		tries++
		mu.Unlock()
		return nil, errors.New("bad input")
	})
	var dead []DeadLetter
	deadline := time.Now().Add(30 * time.Second)
	for len(dead) == 0 && time.Now().Before(deadline) {
		time.Sleep(200 * time.Millisecond)
		if _, err := e.DeadLetters(ctx, func(d DeadLetter) error { dead = append(dead, d); return nil }); err != nil {
			t.Fatal(err)
		}
	}
	if len(dead) != 1 || dead[0].Job.ID != job(7).ID || string(dead[0].Job.Payload) != string(job(7).Payload) || dead[0].Deliveries != 3 {
		t.Fatalf("dead letters %+v", dead)
	}
	mu.Lock()
	if tries != 3 {
		t.Errorf("%d deliveries, want 3", tries)
	}
	mu.Unlock()
	if n, _ := e.Pending(ctx); n != 0 {
		t.Errorf("%d jobs left in the queue", n)
	}
	if n, err := e.DeadLetters(ctx, func(DeadLetter) error { return nil }); err != nil || n != 0 {
		t.Errorf("dead letter handed over again: %d, %v", n, err)
	}
}

// TestServerToken: a server with a token refuses a client without it (or
// with another) and serves one that presents it; a port in use is an
// error at once, not after the readiness timeout.
func TestServerToken(t *testing.T) {
	s, err := StartServer(ServerConfig{DataDir: t.TempDir(), Token: "s3cret"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Shutdown()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	hostport := strings.TrimPrefix(s.URL(), "nats://")
	for _, url := range []string{s.URL(), "nats://wrong@" + hostport} {
		if e, err := Connect(ctx, url, "intruder", Config{}); err == nil {
			e.Close()
			t.Fatalf("%s connected without the token", url)
		}
	}
	e := connect(t, "nats://s3cret@"+hostport, Config{})
	if _, err := e.Pending(ctx); err != nil {
		t.Fatal(err)
	}
	// "address already in use", not the readiness timeout's "not ready".
	if _, err := StartServer(ServerConfig{DataDir: t.TempDir(), Port: s.Port()}); err == nil || !strings.Contains(err.Error(), "in use") {
		t.Fatalf("a second server on port %d: %v", s.Port(), err)
	}
}

// TestMetrics: the queue's gauges read JetStream (two jobs queued), and a
// worker's counters count what it did: a failed delivery, its redelivery
// done, another job done, with their handler times.
func TestMetrics(t *testing.T) {
	srv := startServer(t, t.TempDir(), 0)
	defer srv.Shutdown()
	reg := prometheus.NewPedanticRegistry()
	m := NewMetrics(reg)
	cfg := Config{AckWait: time.Second, Metrics: m}
	e := connect(t, srv.URL(), cfg)
	reg.MustRegister(e.QueueCollector())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for i := 0; i < 2; i++ {
		if err := e.Submit(ctx, job(i), 0); err != nil {
			t.Fatal(err)
		}
	}
	if got := testutil.ToFloat64(gauge(t, reg, "parth_jobs_queued")); got != 2 {
		t.Fatalf("parth_jobs_queued %v, want 2", got)
	}
	var mu sync.Mutex
	failed := false
	var c collector
	stop, err := e.Results(ctx, "metrics", c.add)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	go connect(t, srv.URL(), cfg).Work(ctx, "w", func(ctx context.Context, j Job) ([]byte, error) {
		mu.Lock()
		defer mu.Unlock()
		if j.ID == job(0).ID && !failed {
			failed = true
			return nil, errors.New("once")
		}
		return digest(ctx, j)
	})
	c.waitFor(t, []string{job(0).ID, job(1).ID}, 30*time.Second)
	time.Sleep(200 * time.Millisecond) // the counters follow the publish
	for _, w := range []struct {
		c    prometheus.Collector
		want float64
	}{
		{m.worked.WithLabelValues("test", "done"), 2},
		{m.worked.WithLabelValues("test", "failed"), 1},
		{m.redelivered.WithLabelValues("test"), 1},
	} {
		if got := testutil.ToFloat64(w.c); got != w.want {
			t.Errorf("%v: %v, want %v", w.c, got, w.want)
		}
	}
	if n := testutil.CollectAndCount(m.seconds); n != 1 {
		t.Errorf("%d job-time series, want 1 (kind test)", n)
	}
	if got := testutil.ToFloat64(gauge(t, reg, "parth_jobs_queued")); got != 0 {
		t.Errorf("parth_jobs_queued %v after the work, want 0", got)
	}
}

// gauge is the registry's metric name as a collector of one value.
func gauge(t *testing.T, reg *prometheus.Registry, name string) prometheus.Collector {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() == name && len(mf.GetMetric()) == 1 {
			return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: "copy"}, func() float64 { return mf.GetMetric()[0].GetGauge().GetValue() })
		}
	}
	t.Fatalf("no metric %s", name)
	return nil
}
