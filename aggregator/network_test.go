package aggregator

import (
	"bufio"
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/parthnet/parth/circuits/block"
	"github.com/parthnet/parth/jobs"
	"github.com/parthnet/parth/prover"
	"github.com/parthnet/parth/session"
	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/apps"
	"github.com/parthnet/parth/state/hashing"
	"github.com/parthnet/parth/state/store"
)

// The end-to-end tests run a real network in the test process: an
// embedded NATS JetStream server on a data directory, an aggregator with
// a pebble store, and prover workers proving with real keys. Users prove
// and wrap their sessions on the client side, as the SDK does.

// ackWait is the tests' job AckWait: short, so a killed worker's job is
// redelivered quickly; heartbeats (every AckWait/3) keep long proofs.
const ackWait = 10 * time.Second

var (
	netOnce sync.Once
	netKeys *Keys
	netErr  error
)

// networkKeys sets up (or loads from the key cache) every key a network
// needs: the session circuits, the wrapper, the node and the block
// circuit. With an empty cache this is most of make test's time.
func networkKeys(t *testing.T, log *slog.Logger) *Keys {
	t.Helper()
	netOnce.Do(func() {
		start := time.Now()
		s, err := prover.DevSetup(log)
		if err != nil {
			netErr = err
			return
		}
		netKeys, netErr = LoadAll(s)
		log.Info("network keys ready", "elapsed", time.Since(start).Round(time.Second))
	})
	if netErr != nil {
		t.Fatal(netErr)
	}
	return netKeys
}

// network is one test's network.
type network struct {
	t     *testing.T
	log   *slog.Logger
	k     *Keys
	world *apps.World
	dir   string
	port  int
	srv   *jobs.Server
	st    *store.Store
	ctx   context.Context
	cfg   jobs.Config

	chain *chain // sequencer and validators

	mu      sync.Mutex
	handled map[string]int // jobs the honest workers answered, by kind
	hooks   []func(w string, j jobs.Job)
}

func newNetwork(t *testing.T) *network {
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	k := networkKeys(t, log)
	w, err := apps.NewWorldWith(state.NewMemStore(), 5, k.EdDSAHash, k.Registry())
	if err != nil {
		t.Fatal(err)
	}
	n := &network{t: t, log: log, k: k, world: w, dir: t.TempDir(), cfg: jobs.Config{AckWait: ackWait, Log: log},
		handled: map[string]int{}}
	n.srv, err = jobs.StartServer(jobs.ServerConfig{DataDir: n.dir})
	if err != nil {
		t.Fatal(err)
	}
	n.port = n.srv.Port()
	t.Cleanup(func() { n.srv.Shutdown() })
	if n.st, err = store.Open(n.dir+"/store", store.Options{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { n.st.Close() })
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	n.ctx = ctx
	head, err := w.Chain.Head()
	if err != nil {
		t.Fatal(err)
	}
	n.chain = newChain(t, head, k.Block)
	return n
}

// restartServer stops the NATS server and starts it again on the same
// port and data directory; connections reconnect by themselves.
func (n *network) restartServer() {
	n.srv.Shutdown()
	time.Sleep(time.Second)
	srv, err := jobs.StartServer(jobs.ServerConfig{DataDir: n.dir, Port: n.port})
	if err != nil {
		n.t.Fatal(err)
	}
	n.srv = srv
	n.log.Info("test: NATS server restarted", "port", n.port)
}

func (n *network) connect(ctx context.Context, name string) *jobs.Engine {
	e, err := jobs.Connect(ctx, n.srv.URL(), name, n.cfg)
	if err != nil {
		n.t.Fatal(err)
	}
	n.t.Cleanup(e.Close)
	return e
}

func (n *network) aggregator(name string) *Aggregator {
	return &Aggregator{Engine: n.connect(n.ctx, name), Store: n.st, Keys: n.k, Log: n.log}
}

// onJob registers a hook called when an honest worker starts a job.
func (n *network) onJob(f func(worker string, j jobs.Job)) {
	n.mu.Lock()
	n.hooks = append(n.hooks, f)
	n.mu.Unlock()
}

// honest starts an honest in-process worker; wrap, if set, wraps its
// handler (to misbehave around it). stop ends it between jobs.
func (n *network) honest(name string, wrap func(e *jobs.Engine, h jobs.Handler) jobs.Handler) (stop func()) {
	ctx, cancel := context.WithCancel(n.ctx)
	e := n.connect(ctx, name)
	w := &Worker{Keys: n.k, Log: n.log.With("worker", name), Prior: e.LastResult}
	var h jobs.Handler = func(ctx context.Context, j jobs.Job) ([]byte, error) {
		n.mu.Lock()
		hooks := append([]func(string, jobs.Job){}, n.hooks...)
		n.mu.Unlock()
		for _, f := range hooks {
			f(name, j)
		}
		out, err := w.Handle(ctx, j)
		if err == nil {
			n.mu.Lock()
			n.handled[j.Kind]++
			n.mu.Unlock()
		}
		return out, err
	}
	if wrap != nil {
		h = wrap(e, h)
	}
	done := make(chan struct{})
	go func() { e.Work(ctx, name, h); close(done) }()
	return func() { cancel(); <-done }
}

func (n *network) count(kind string) int {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.handled[kind]
}

// sessions is the users' side of a block (UsersBlock); the end-cap jobs
// reach the aggregator through their encoding, as the SDK sends them.
func (n *network) sessions(steps []apps.Step) (*BlockInput, []*state.EndCap) {
	n.t.Helper()
	return n.sessionsAt(steps, nil)
}

// sessionsAt is sessions with some users proving against an older
// checkpoint (UsersBlockAt).
func (n *network) sessionsAt(steps []apps.Step, read map[state.UserID]uint64) (*BlockInput, []*state.EndCap) {
	n.t.Helper()
	in, caps, err := UsersBlockAt(&session.Prover{Keys: n.k.Keys, Log: n.log}, n.world, steps, read)
	if err != nil {
		n.t.Fatal(err)
	}
	for i := range in.EndCaps {
		enc, err := in.EndCaps[i].Job.MarshalBinary()
		if err != nil {
			n.t.Fatal(err)
		}
		var sent session.EndCapJob
		if err := sent.UnmarshalBinary(enc); err != nil {
			n.t.Fatal(err)
		}
		in.EndCaps[i].Job = &sent
	}
	return n.chain.sequence(n.t, in), caps
}

// check applies the block natively and checks the proven block against
// it: the same CHKP(n), a block proof that verifies for CHKP(n−1) → CHKP(n)
// and for nothing else, and the block's stored records.
func (n *network) check(in *BlockInput, caps []*state.EndCap, r *BlockResult) state.Checkpoint {
	t := n.t
	t.Helper()
	// The state follows from the data that came with the end caps (their
	// deltas, carried through the sequencer in the jobs), as the network
	// applies it; state.TestApplyDeltasMatchesApplyBlock holds it equal to
	// re-executing the sessions. Each sequenced end cap is its session's.
	native, err := n.world.Chain.ApplyDeltas(in.Proven(), in.PoH)
	if err != nil {
		t.Fatal(err)
	}
	sessions := map[state.UserID]state.EndCapHeader{}
	for _, c := range caps {
		sessions[c.Header.User] = c.Header
	}
	for _, c := range in.EndCaps {
		if h, ok := sessions[c.Header.User]; !ok || h != c.Header {
			t.Fatalf("block %d: user %d's sequenced end cap is not its session's", native.Number, c.Header.User)
		}
	}
	if r.Next != native {
		t.Fatalf("block %d: proven CHKP is not the native chain's", native.Number)
	}
	if err := block.Verify(n.k.Block, in.Parent.Root, native.Root, r.Proof); err != nil {
		t.Fatal(err)
	}
	one := hashing.Uint(1)
	var other fr.Element
	other.Add(&native.Root, &one)
	if block.Verify(n.k.Block, in.Parent.Root, other, r.Proof) == nil || block.Verify(n.k.Block, other, native.Root, r.Proof) == nil {
		t.Fatalf("block %d's proof verifies for another checkpoint", native.Number)
	}
	qc := n.chain.finalize(t, r)
	t.Logf("block %d finalized: quorum certificate of validators %08b", native.Number, qc.Signers)
	rec, err := Records(n.st, native.Number)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Next == nil || *rec.Next != native {
		t.Fatalf("block %d: stored checkpoint %+v", native.Number, rec.Next)
	}
	if len(rec.Jobs) != r.Jobs {
		t.Fatalf("block %d: %d job records, want %d", native.Number, len(rec.Jobs), r.Jobs)
	}
	for _, j := range rec.Jobs {
		t.Logf("block %d: %-8s job %s by %s (delivery %d)", native.Number, j.Key, j.Job, j.Worker, j.Attempt)
	}
	return native
}

// checkBalances checks USDT balances at the native head.
func (n *network) checkBalances(want map[state.UserID]uint64) {
	n.t.Helper()
	head, _ := n.world.Chain.Head()
	v, _ := n.world.Chain.View(head.Number)
	for u, b := range want {
		got, err := apps.Balance(v, apps.USDTContract, u)
		if err != nil {
			n.t.Fatal(err)
		}
		if got != b {
			n.t.Fatalf("after block %d %s has %d USDT, want %d", head.Number, apps.Name(u), got, b)
		}
	}
}

// prove runs agg.Prove in the background.
func prove(ctx context.Context, agg *Aggregator, in *BlockInput) chan outcome {
	res := make(chan outcome, 1)
	go func() { r, err := agg.Prove(ctx, in); res <- outcome{r, err} }()
	return res
}

type outcome struct {
	r   *BlockResult
	err error
}

func wait(t *testing.T, res chan outcome, limit time.Duration) *BlockResult {
	t.Helper()
	select {
	case o := <-res:
		if o.err != nil {
			t.Fatal(o.err)
		}
		return o.r
	case <-time.After(limit):
		t.Fatalf("no block proof after %v", limit)
	}
	return nil
}

// TestHelperDoomedWorker is a child process of TestTwoUsersTwoBlocks: a
// worker that takes a job, says so, and holds it until it is killed.
func TestHelperDoomedWorker(t *testing.T) {
	url := os.Getenv("PARTH_AGG_HELPER_URL")
	if url == "" {
		t.Skip("helper process")
	}
	e, err := jobs.Connect(context.Background(), url, "doomed", jobs.Config{AckWait: ackWait})
	if err != nil {
		t.Fatal(err)
	}
	e.Work(context.Background(), "doomed", func(ctx context.Context, j jobs.Job) ([]byte, error) {
		fmt.Printf("started %s %s\n", j.Kind, j.ID)
		<-ctx.Done()
		return nil, ctx.Err()
	})
}

// doomedWorker starts a worker process and returns once it holds a job,
// with a function that SIGKILLs it.
func (n *network) doomedWorker() (kind string, kill func()) {
	t := n.t
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperDoomedWorker$", "-test.v")
	cmd.Env = append(os.Environ(), "PARTH_AGG_HELPER_URL="+n.srv.URL())
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if f := strings.Fields(sc.Text()); len(f) == 3 && f[0] == "started" {
			return f[1], func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }
		}
	}
	_ = cmd.Process.Kill()
	t.Fatal("the doomed worker never took a job")
	return "", nil
}

// record is block b's stored record of job key.
func (n *network) record(b uint64, key JobKey) JobRecord {
	n.t.Helper()
	rec, err := Records(n.st, b)
	if err != nil {
		n.t.Fatal(err)
	}
	if r := rec.Job(key); r != nil {
		return *r
	}
	n.t.Fatalf("block %d has no record %s", b, key)
	return JobRecord{}
}
