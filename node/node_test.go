package node

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/parthnet/parth/aggregator"
	"github.com/parthnet/parth/api"
	"github.com/parthnet/parth/prover"
	"github.com/parthnet/parth/session"
	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/apps"
)

var (
	keysOnce sync.Once
	allKeys  *aggregator.Keys
	keysErr  error
)

// networkKeys are the network's keys from the key cache (set up by the
// aggregator's tests before this package runs in make test).
func networkKeys(t *testing.T) *aggregator.Keys {
	t.Helper()
	keysOnce.Do(func() {
		s, err := prover.DevSetup(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
		if err != nil {
			keysErr = err
			return
		}
		allKeys, keysErr = aggregator.LoadAll(s)
	})
	if keysErr != nil {
		t.Fatal(keysErr)
	}
	return allKeys
}

// running is a node running in the test process.
type running struct {
	*Node
	stop func()
	done chan error
}

func startNode(t *testing.T, dir string, log *slog.Logger) *running {
	t.Helper()
	ctx := context.Background()
	n, err := Open(ctx, Config{DataDir: dir, Keys: networkKeys(t), Log: log, HTTPAddr: "127.0.0.1:0", NATSAddr: "127.0.0.1:0",
		Workers: 1, AckWait: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	runCtx, stop := context.WithCancel(ctx)
	r := &running{Node: n, stop: stop, done: make(chan error, 1)}
	go func() { r.done <- n.Run(runCtx) }()
	return r
}

// halt stops the node as Ctrl-C does and closes it.
func (r *running) halt(t *testing.T) {
	t.Helper()
	r.stop()
	if err := <-r.done; err != nil {
		t.Fatalf("the node stopped with %v", err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
}

// submit proves the users' sessions against the node's head, as their
// machines do, and posts each end cap; it returns their ids.
func (r *running) submit(t *testing.T, steps ...apps.Step) []string {
	t.Helper()
	p := &session.Prover{Keys: r.cfg.Keys.Keys, Log: r.log}
	in, _, err := aggregator.UsersBlock(p, r.World(), steps)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, c := range in.EndCaps {
		body, err := c.Job.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		env, _ := json.Marshal(api.SubmissionEnvelope{EndCap: base64.StdEncoding.EncodeToString(body)})
		resp, err := http.Post("http://"+r.HTTPAddr()+"/v1/submissions", "application/json", bytes.NewReader(env))
		if err != nil {
			t.Fatal(err)
		}
		var s api.Submission
		err = json.NewDecoder(resp.Body).Decode(&s)
		resp.Body.Close()
		if resp.StatusCode != http.StatusAccepted || err != nil {
			t.Fatalf("%s's end cap: %d (%v)", apps.Name(c.Header.User), resp.StatusCode, err)
		}
		id := c.Header.Event()
		if s.ID != hex.EncodeToString(id[:]) {
			t.Fatalf("end cap id %s, want %x", s.ID, id)
		}
		ids = append(ids, s.ID)
	}
	return ids
}

// follow long-polls an end cap's status until it is anchored.
func (r *running) follow(t *testing.T, id string, within time.Duration) api.Submission {
	t.Helper()
	deadline := time.Now().Add(within)
	last := ""
	for time.Now().Before(deadline) {
		resp, err := http.Get("http://" + r.HTTPAddr() + "/v1/submissions/" + id + "?wait=anchored&timeout=20s")
		if err != nil {
			t.Fatal(err)
		}
		var s api.Submission
		err = json.NewDecoder(resp.Body).Decode(&s)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("status of %s: %d %v", id, resp.StatusCode, err)
		}
		if s.Status != last {
			r.log.Info("test: end cap status", "id", id[:12], "status", s.Status, "block", s.Block)
			last = s.Status
		}
		if s.Status == "anchored" {
			return s
		}
		select {
		case err := <-r.done:
			t.Fatalf("the node stopped with %v while %s was %s", err, id, s.Status)
		default:
		}
	}
	t.Fatalf("end cap %s is still %s after %v", id, last, within)
	return api.Submission{}
}

func balances(t *testing.T, c *state.Chain, want map[state.UserID]uint64) {
	t.Helper()
	head, err := c.Head()
	if err != nil {
		t.Fatal(err)
	}
	v, err := c.View(head.Number)
	if err != nil {
		t.Fatal(err)
	}
	for u, w := range want {
		if got, err := apps.Balance(v, apps.USDTContract, u); err != nil || got != w {
			t.Errorf("%s has %d USDT (%v), want %d", apps.Name(u), got, err, w)
		}
	}
}

func l1At(t *testing.T, r *running, n uint64) {
	t.Helper()
	ln, root, err := r.Anchor().State(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	c, err := r.Chain().Checkpoint(n)
	if err != nil {
		t.Fatal(err)
	}
	if ln != n || !root.Equal(&c.Root) {
		t.Fatalf("L1 holds block %d (%s), want %d (%s)", ln, root.String(), n, c.Root.String())
	}
}

// TestNodeUSDT is the seed's token story through the node as operators run
// it: Alice's transfer of 30 USDT to Bob is posted to the ingress and
// followed to "anchored" — sequenced into PoH, cut, executed, proven by the
// prover worker over NATS JetStream, certified by the four validators,
// anchored on the simulated L1. The node is stopped as Ctrl-C stops it and
// started again on its data directory: it resumes every stage from its
// records (its validators from their stored state, the L1 re-anchored).
// Bob then claims the 30 and the claim goes the same way.
//
// e2e.TestBinaries runs this story through the real binaries (with
// crashes) in make test, so this in-process copy runs in make test-full.
func TestNodeUSDT(t *testing.T) {
	if os.Getenv("PARTH_FULL") == "" {
		t.Skip("set PARTH_FULL=1 (make test-full): e2e.TestBinaries covers this in make test; ~7 minutes")
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	dir := filepath.Join(t.TempDir(), "node")
	r := startNode(t, dir, log)
	ids := r.submit(t, apps.Step{User: apps.Alice, Calls: []state.Call{apps.Transfer(apps.USDTContract, apps.Bob, 30)}})
	s1 := r.follow(t, ids[0], 20*time.Minute)
	if s1.Block != 1 || s1.User != uint64(apps.Alice) || s1.L1Tx == "" {
		t.Fatalf("Alice's transfer: %+v", s1)
	}
	balances(t, r.Chain(), map[state.UserID]uint64{apps.Alice: 270, apps.Bob: 100})
	l1At(t, r, 1)
	r.halt(t)

	r = startNode(t, dir, log)
	defer r.halt(t)
	if e, p, f, _ := r.Progress(); e != 1 || p != 1 || f != 1 {
		t.Fatalf("restarted at executed %d, proven %d, finalized %d; want 1, 1, 1", e, p, f)
	}
	if err := r.WaitAnchored(context.Background(), 1); err != nil {
		t.Fatal(err)
	}
	l1At(t, r, 1) // the simulated L1 starts empty: block 1 is anchored again
	ids = r.submit(t, apps.Step{User: apps.Bob, Calls: []state.Call{apps.Claim(apps.USDTContract, apps.Alice)}})
	s2 := r.follow(t, ids[0], 20*time.Minute)
	if s2.Block != 2 {
		t.Fatalf("Bob's claim: %+v", s2)
	}
	balances(t, r.Chain(), map[state.UserID]uint64{apps.Alice: 270, apps.Bob: 130})
	l1At(t, r, 2)
	if st, err := r.Tracker().Status(mustID(t, s1.ID)); err != nil || st.Stage != Anchored || st.Block != 1 {
		t.Fatalf("Alice's transfer after the restart: %v %v", st.Stage, err)
	}
	fmt.Fprintln(os.Stderr) // the node's logs end
}

func mustID(t *testing.T, s string) (h [32]byte) {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != 32 {
		t.Fatalf("id %q", s)
	}
	copy(h[:], b)
	return h
}
