// Package e2e runs the real binaries as operators run them: `parth node`
// and a remote `parth prover`, built from this checkout, with clients
// posting end caps over HTTP. It runs after the aggregator's tests in make
// test (their key setup fills the key cache these processes load).
package e2e

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/parthnet/parth/aggregator"
	"github.com/parthnet/parth/api"
	"github.com/parthnet/parth/node"
	"github.com/parthnet/parth/prover"
	"github.com/parthnet/parth/session"
	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/apps"
)

// proc is a running binary; its log lines (JSON) are kept.
type proc struct {
	name   string
	cmd    *exec.Cmd
	exited chan struct{} // closed when the process has exited
	err    error         // its exit error, once exited
	mu     sync.Mutex
	logs   []map[string]any
}

func (p *proc) lines() []map[string]any {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]map[string]any(nil), p.logs...)
}

// saw reports whether a log line has msg and every field of want.
func (p *proc) saw(msg string, want map[string]any) bool { return p.count(msg, want) > 0 }

// count is how many log lines have msg and every field of want.
func (p *proc) count(msg string, want map[string]any) int {
	n := 0
	for _, l := range p.lines() {
		if l["msg"] != msg {
			continue
		}
		ok := true
		for k, v := range want {
			if fmt.Sprint(l[k]) != fmt.Sprint(v) {
				ok = false
			}
		}
		if ok {
			n++
		}
	}
	return n
}

// nodeProc is one `parth node` of the cluster: its flags, HTTP address
// and data directory, and the process running it.
type nodeProc struct {
	name string
	http string
	dir  string
	args []string
	p    *proc
}

type cluster struct {
	t       *testing.T
	bin     string
	dir     string
	nats    string
	prover  *proc
	keys    *session.Keys
	replica *apps.World
	log     *slog.Logger
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

func (c *cluster) start(name string, args ...string) *proc {
	c.t.Helper()
	logf, err := os.Create(filepath.Join(c.dir, fmt.Sprintf("%s-%d.log", name, time.Now().UnixNano())))
	if err != nil {
		c.t.Fatal(err)
	}
	cmd := exec.Command(c.bin, append([]string{"--log.format", "json"}, args...)...)
	cmd.Stdout = logf
	pr, pw := io.Pipe()
	cmd.Stderr = pw
	p := &proc{name: name, cmd: cmd, exited: make(chan struct{})}
	if err := cmd.Start(); err != nil {
		c.t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(pr)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			line := sc.Bytes()
			logf.Write(append(line, '\n'))
			var m map[string]any
			if json.Unmarshal(line, &m) == nil {
				p.mu.Lock()
				p.logs = append(p.logs, m)
				p.mu.Unlock()
				if m["level"] != "DEBUG" {
					fmt.Fprintf(os.Stderr, "%s: %s %s\n", name, m["msg"], brief(m))
				}
			}
		}
	}()
	go func() {
		p.err = cmd.Wait()
		pw.Close()
		close(p.exited)
	}()
	c.t.Cleanup(func() {
		cmd.Process.Kill()
		<-p.exited
		logf.Close()
	})
	return p
}

func brief(m map[string]any) string {
	var b strings.Builder
	for _, k := range []string{"block", "kind", "what", "took", "since_cut", "status", "leader", "err", "error"} {
		if v, ok := m[k]; ok {
			fmt.Fprintf(&b, "%s=%v ", k, v)
		}
	}
	return b.String()
}

// newNode describes a node of the cluster; startNode runs it.
func (c *cluster) newNode(name string, args ...string) *nodeProc {
	n := &nodeProc{name: name, http: freeAddr(c.t), dir: filepath.Join(c.dir, name)}
	n.args = append([]string{"node", "--datadir", n.dir, "--http.addr", n.http, "--workers", "0", "--jobs.ack-wait", "10s", "--validators", "4"}, args...)
	return n
}

// startNode starts n and waits until it answers /readyz (its keys load
// first).
func (c *cluster) startNode(n *nodeProc) {
	c.t.Helper()
	n.p = c.start(n.name, n.args...)
	deadline := time.Now().Add(30 * time.Minute) // a cold key cache: the first one sets the keys up
	for time.Now().Before(deadline) {
		if resp, err := http.Get("http://" + n.http + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		select {
		case <-n.p.exited:
			c.t.Fatalf("%s exited before it was ready: %v", n.name, n.p.err)
		case <-time.After(time.Second):
		}
	}
	c.t.Fatalf("%s is not ready after 30 minutes", n.name)
}

// kill9 kills a node with SIGKILL, as a crash.
func (c *cluster) kill9(n *nodeProc) {
	c.t.Helper()
	if err := n.p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		c.t.Fatal(err)
	}
	<-n.p.exited
	c.log.Info("test: node killed with SIGKILL", "node", n.name)
}

// answer is a node's answer to a submission: its status, or its error.
type answer struct {
	code       int
	status     api.Submission
	err        string // the error's code
	retryAfter string
}

// post submits an end-cap job to n.
func (c *cluster) post(n *nodeProc, body []byte) answer {
	c.t.Helper()
	resp, err := http.Post("http://"+n.http+"/v1/submissions", node.JobContentType, bytes.NewReader(body))
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	a := answer{code: resp.StatusCode, retryAfter: resp.Header.Get("Retry-After")}
	if a.code == http.StatusAccepted {
		if err := json.Unmarshal(raw, &a.status); err != nil {
			c.t.Fatalf("%s's 202: %v", n.name, err)
		}
		return a
	}
	var e struct {
		Error struct{ Code, Message string }
	}
	if err := json.Unmarshal(raw, &e); err != nil || e.Error.Code == "" {
		c.t.Fatalf("%s answered %d without an error code: %s", n.name, a.code, raw)
	}
	a.err = e.Error.Code
	return a
}

func (c *cluster) status(n *nodeProc, id string) api.Submission {
	return c.statusWait(n, id, "")
}

// statusWait is id's status on n, long-polled for up to 5 s until it is
// at status wait (empty: at once).
func (c *cluster) statusWait(n *nodeProc, id, wait string) api.Submission {
	c.t.Helper()
	q := ""
	if wait != "" {
		q = "?wait=" + wait + "&timeout=5s"
	}
	resp, err := http.Get("http://" + n.http + "/v1/submissions/" + id + q)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	var s api.Submission
	if err := json.NewDecoder(resp.Body).Decode(&s); err != nil || resp.StatusCode != http.StatusOK {
		c.t.Fatalf("status of %s on %s: %d %v", id, n.name, resp.StatusCode, err)
	}
	return s
}

// await long-polls id's status on n until it reaches stage (a status, or
// "applied": its block was applied), and returns it.
func (c *cluster) await(n *nodeProc, id, stage string, within time.Duration) api.Submission {
	c.t.Helper()
	deadline := time.Now().Add(within)
	last := ""
	wait := stage
	if stage == "applied" {
		wait = api.StatusIncluded
	}
	for time.Now().Before(deadline) {
		s := c.statusWait(n, id, wait)
		if s.Status != last {
			c.log.Info("test: end cap status", "node", n.name, "id", id[:12], "status", s.Status, "block", s.Block)
			last = s.Status
		}
		if s.Reached(stage) || stage == "applied" && s.Result == api.ResultApplied {
			return s
		}
		select {
		case <-n.p.exited:
			c.t.Fatalf("%s exited (%v) while %s was %s", n.name, n.p.err, id[:12], s.Status)
		case <-time.After(100 * time.Millisecond): // applied: included, not applied yet
		}
	}
	c.t.Fatalf("end cap %s is still %s on %s after %v, want %s", id[:12], last, n.name, within, stage)
	return api.Submission{}
}

// metrics reads /metrics at addr (of the process named name) and checks
// that each wanted line is there.
func (c *cluster) metrics(name, addr string, want ...string) {
	c.t.Helper()
	resp, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		c.t.Fatal(err)
	}
	text, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, w := range want {
		if !strings.Contains(string(text), w) {
			c.t.Errorf("%s's /metrics has no %q", name, w)
		}
	}
}

// interrupt stops p with SIGINT (Ctrl-C), which must end it cleanly.
func (c *cluster) interrupt(p *proc) {
	c.t.Helper()
	if err := p.cmd.Process.Signal(os.Interrupt); err != nil {
		c.t.Fatal(err)
	}
	select {
	case <-p.exited:
		if p.err != nil {
			c.t.Errorf("%s after SIGINT: %v", p.name, p.err)
		}
	case <-time.After(time.Minute):
		c.t.Errorf("%s did not stop within a minute of SIGINT", p.name)
	}
}

// anchor runs `parth anchor` on a stopped node's data directory: a fresh
// L1 must take every block the node finalized, up to CHKP(last).
func (c *cluster) anchor(n *nodeProc, last uint64) {
	c.t.Helper()
	out, err := exec.Command(c.bin, "--log.level", "warn", "anchor", "--datadir", n.dir).CombinedOutput()
	if err != nil {
		c.t.Fatalf("parth anchor on %s: %v\n%s", n.name, err, out)
	}
	cp, err := c.replica.Chain.Checkpoint(last)
	if err != nil {
		c.t.Fatal(err)
	}
	if want := fmt.Sprintf("L1 holds block %d, CHKP %s", last, cp.Root.String()); !strings.Contains(string(out), want) {
		c.t.Fatalf("parth anchor on %s: %s\nwant %q", n.name, out, want)
	}
}

// prove proves a user's session on the client's side against the
// replica's head, as the user's machine does.
func (c *cluster) prove(step apps.Step) (*aggregator.BlockInput, []byte) {
	c.t.Helper()
	in, _, err := aggregator.UsersBlock(&session.Prover{Keys: c.keys, Log: c.log}, c.replica, []apps.Step{step})
	if err != nil {
		c.t.Fatal(err)
	}
	body, err := in.EndCaps[0].Job.MarshalBinary()
	if err != nil {
		c.t.Fatal(err)
	}
	return in, body
}

// confirm applies the block on the client's replica from the end cap's
// deltas and the block's PoH hash as the node reported them: the node's
// CHKP must be the one the client computes itself.
func (c *cluster) confirm(in *aggregator.BlockInput, s api.Submission) {
	c.t.Helper()
	raw, err := hex.DecodeString(s.PoH)
	if err != nil || len(raw) != 32 {
		c.t.Fatalf("status without the block's PoH hash: %+v", s)
	}
	var h [32]byte
	copy(h[:], raw)
	chkp, err := c.replica.Chain.ApplyDeltas(in.Proven(), h)
	if err != nil {
		c.t.Fatal(err)
	}
	b := chkp.Root.Bytes()
	if want := "0x" + hex.EncodeToString(b[:]); s.CHKP != want || chkp.Number != s.Block {
		c.t.Fatalf("the node's CHKP(%d) is %s, the client computes CHKP(%d) %s", s.Block, s.CHKP, chkp.Number, want)
	}
}

// TestBinaries is the seed's token story through the real binaries, with
// crashes and a failover. Two `parth node`s (no in-process worker: they
// load verifying keys only) share one NATS: the leader (validator 0) and
// a standby (validator 1) that hosts the embedded NATS server, follows
// the leader's blocks and takes over when it falls silent. A remote
// `parth prover` proves for whichever leads; validators 2 and 3 are
// `parth validator` processes on the genesis.json the nodes write, so
// every quorum (3 of 4) needs a vote from another process.
//
//   - Block 1: Alice's transfer of 30 USDT to Bob. The moment the leader
//     acknowledges it (202: journaled with fsync), it is killed with
//     SIGKILL; restarted, it still has the end cap and takes it to
//     anchored. The standby holds the same block and CHKP, anchored on
//     its own L1.
//   - Validator 3 is killed: the others still finalize.
//   - Block 2: Bob claims the 30. The standby refuses the claim (503
//     not_leader); the leader takes it, and a repeated post is the same
//     resource. While the worker proves block 2's tree node the leader is
//     killed again; restarted, it resumes the block from its stored
//     results (no end cap is proven twice) to the same CHKP, anchored.
//     Validator 3, restarted, catches up with block 2 and does not sign
//     block 1 twice.
//   - The leader stops (Ctrl-C). After four minutes without its heartbeats
//     the standby takes over. The old leader, restarted before the new one
//     has proposed anything, hears its heartbeats and follows it (503
//     not_leader). Bob's transfer of 20 to Alice goes to the new leader
//     through `parth wallet call` (session built on verified reads, proven
//     by the wallet, retried past 503 taking_over until the PoH hold is
//     over, followed by SSE), to anchored as block 3, and the old leader
//     holds the same block 3. `parth wallet state` and `balance` read the
//     result, verified against the certified CHKP(3).
//
// At each block the client checks that the node's CHKP is the one it
// computes from its own replica. Ctrl-C stops every process cleanly, and
// `parth anchor` takes each node's finalized blocks from its stopped data
// directory to a fresh L1.
func TestBinaries(t *testing.T) {
	if testing.Short() {
		t.Skip("runs two nodes and a prover worker with the network keys")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "parth")
	build := exec.Command("go", "build", "-o", bin, "github.com/parthnet/parth/cmd/parth")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	c := &cluster{t: t, bin: bin, dir: dir, nats: freeAddr(t), log: log}

	// The client's keys and its replica of the development genesis.
	s, err := prover.DevSetup(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	if err != nil {
		t.Fatal(err)
	}
	if c.keys, err = session.LoadKeys(s); err != nil {
		t.Fatal(err)
	}
	if c.replica, err = apps.NewWorldWith(state.NewMemStore(), 1, c.keys.EdDSAHash, c.keys.Registry()); err != nil {
		t.Fatal(err)
	}

	// The standby takes over after four minutes of silence: longer than
	// the leader's restarts below (one to two minutes each, mostly
	// compiling the circuits: 118 s measured on a loaded 2-core machine,
	// where two minutes handed the chain over mid-test), so that the leader
	// keeps the lead through its crashes.
	standby := c.newNode("standby", "--validator-index", "1", "--local-validators", "1", "--nats.addr", c.nats, "--takeover-after", "4m")
	leader := c.newNode("leader", "--local-validators", "1", "--nats.url", "nats://"+c.nats)
	c.startNode(standby)
	c.startNode(leader)
	c.prover = c.start("prover", "prover", "--nats", "nats://"+c.nats, "--name", "remote-1", "--ack-wait", "10s")
	validator := func(i int, flags ...string) *proc {
		return c.start(fmt.Sprint("validator-", i), append([]string{"validator", "--genesis", filepath.Join(leader.dir, "genesis.json"),
			"--datadir", filepath.Join(dir, fmt.Sprint("validator-", i)), "--nats", "nats://" + c.nats, "--dev-index", fmt.Sprint(i)}, flags...)...)
	}
	v2metrics := freeAddr(t)
	v2, v3 := validator(2, "--metrics.addr", v2metrics), validator(3)

	// followed checks that the standby holds the leader's block of end cap
	// done, anchored on its own L1.
	followed := func(done api.Submission) {
		t.Helper()
		f := c.await(standby, done.ID, "anchored", 2*time.Minute)
		if f.Block != done.Block || f.PoH != done.PoH || f.CHKP != done.CHKP || f.Position != done.Position {
			t.Fatalf("the standby's block %d differs from the leader's:\n%+v\n%+v", done.Block, f, done)
		}
	}

	// Block 1: Alice → Bob, 30; the leader crashes right after the 202.
	in1, body := c.prove(apps.Step{User: apps.Alice, Calls: []state.Call{apps.Transfer(apps.USDTContract, apps.Bob, 30)}})
	a := c.post(leader, body)
	if a.code != http.StatusAccepted {
		t.Fatalf("Alice's transfer: %+v", a)
	}
	s1 := a.status
	c.kill9(leader)
	c.startNode(leader)
	if s := c.status(leader, s1.ID); !s.Reached(api.StatusSequenced) || s.Position != s1.Position {
		t.Fatalf("the acknowledged end cap after the crash: %+v (acknowledged at %d)", s, s1.Position)
	}
	done1 := c.await(leader, s1.ID, "anchored", 20*time.Minute)
	if done1.Block != 1 || done1.L1Tx == "" {
		t.Fatalf("Alice's transfer: %+v", done1)
	}
	c.confirm(in1, done1)
	followed(done1)

	// A remote validator is killed: the other three still finalize.
	if err := v3.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-v3.exited

	// Block 2: Bob claims the 30. The standby does not take it.
	in2, body := c.prove(apps.Step{User: apps.Bob, Calls: []state.Call{apps.Claim(apps.USDTContract, apps.Alice)}})
	if a := c.post(standby, body); a.code != http.StatusServiceUnavailable || a.err != "not_leader" || a.retryAfter == "" {
		t.Fatalf("the standby answered an end cap with %+v, want 503 not_leader with Retry-After", a)
	}
	nodeJobs := c.prover.count("job started", map[string]any{"kind": "node"})
	a = c.post(leader, body)
	if a.code != http.StatusAccepted {
		t.Fatalf("Bob's claim: %+v", a)
	}
	s2 := a.status
	if again := c.post(leader, body); again.code != http.StatusAccepted || again.status.ID != s2.ID || again.status.Position != s2.Position {
		t.Fatalf("the same claim again: %+v", again)
	}
	// The leader crashes while the worker proves block 2's tree node.
	c.await(leader, s2.ID, "applied", 2*time.Minute)
	deadline := time.Now().Add(10 * time.Minute)
	for c.prover.count("job started", map[string]any{"kind": "node"}) == nodeJobs {
		if time.Now().After(deadline) {
			t.Fatal("the worker never started block 2's tree node job")
		}
		time.Sleep(time.Second)
	}
	c.kill9(leader)
	c.startNode(leader)
	done2 := c.await(leader, s2.ID, "anchored", 20*time.Minute)
	if done2.Block != 2 {
		t.Fatalf("Bob's claim: %+v", done2)
	}
	c.confirm(in2, done2)
	if n := c.prover.count("job done", map[string]any{"kind": "endcap"}); n != 2 {
		t.Fatalf("the worker proved %d end caps for two blocks of one (the restarted leader must resume from the stored results)", n)
	}
	followed(done2)
	if !v2.saw("voted", map[string]any{"block": 1}) || !v2.saw("voted", map[string]any{"block": 2}) {
		t.Fatal("the remote validator 2 did not vote for both blocks")
	}
	// The killed validator, restarted on its data directory, catches up:
	// it votes for block 2, and signs block 1 again only if it had not
	// before the kill.
	before := v3.saw("voted", map[string]any{"block": 1})
	v3 = validator(3)
	deadline = time.Now().Add(time.Minute)
	for !v3.saw("voted", map[string]any{"block": 2}) {
		if time.Now().After(deadline) {
			t.Fatal("the restarted validator 3 did not vote for block 2")
		}
		time.Sleep(200 * time.Millisecond)
	}
	if before && v3.saw("voted", map[string]any{"block": 1, "fresh": true}) {
		t.Fatal("the restarted validator 3 signed block 1 again")
	}
	// The leader's metrics, from the run after the second crash: both
	// blocks anchored, and only block 2's vote signed in this run.
	c.metrics(leader.name, leader.http,
		`parth_node_block_height{stage="anchored"} 2`,
		`parth_node_block_height{stage="finalized"} 2`,
		`parth_node_votes_total{validator="0"} 1`,
		`parth_jobs_queued 0`)

	// The leader stops; after four minutes without its heartbeats the
	// standby takes over.
	c.interrupt(leader.p)
	stopped := time.Now()
	deadline = time.Now().Add(7 * time.Minute)
	for !standby.p.saw("taking over as leader", map[string]any{"leader_was": 0, "from_block": 3}) {
		if time.Now().After(deadline) {
			t.Fatal("the standby did not take over within 7 minutes of the leader's stop")
		}
		time.Sleep(time.Second)
	}
	c.log.Info("test: the standby took over", "after_leader_stopped", time.Since(stopped).Round(time.Millisecond))
	// The old leader comes back before the new one has proposed anything:
	// its validator still takes it as the leader, but it hears the new
	// leader's heartbeats and follows it rather than split the votes.
	c.startNode(leader)
	if !leader.p.saw("another validator leads the chain (its heartbeats claim the lead): following it", map[string]any{"leader": 1}) ||
		!leader.p.saw("following the leader", map[string]any{"leader": 1}) {
		t.Fatal("the restarted old leader does not follow the new leader")
	}
	// Bob sends 20 to Alice. The old leader does not take it; the new one
	// does (once its PoH hold is over).
	in3, body := c.prove(apps.Step{User: apps.Bob, Calls: []state.Call{apps.Transfer(apps.USDTContract, apps.Alice, 20)}})
	if a := c.post(leader, body); a.code != http.StatusServiceUnavailable || a.err != "not_leader" {
		t.Fatalf("the old leader answered an end cap with %+v, want 503 not_leader", a)
	}
	// The same transfer through `parth wallet` over HTTP, as a user sends
	// it: the session is built on reads verified against the certified
	// CHKP(2), proven by the wallet and followed to anchored by SSE (the
	// submission retries the new leader's 503 taking_over). A session is
	// deterministic up to its proofs, so it is the same end cap.
	wdir := filepath.Join(dir, "wallet")
	wallet := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(c.bin, append([]string{"--log.level", "warn", "wallet", "--dir", wdir, "--node", "http://" + standby.http,
			"--genesis", filepath.Join(leader.dir, "genesis.json")}, args...)...)
		out, err := cmd.CombinedOutput()
		c.log.Info("test: parth wallet", "args", args, "output", string(out))
		if err != nil {
			t.Fatalf("parth wallet %q: %v\n%s", args, err, out)
		}
		return string(out)
	}
	wallet("dev", "--seed", "1")
	id3 := in3.EndCaps[0].Header.Event()
	out := wallet("call", "bob", "usdt", "transfer", "alice", "20", "--wait", "anchored", "--timeout", "20m")
	if !strings.Contains(out, "/v1/submissions/"+hex.EncodeToString(id3[:])) || !strings.Contains(out, "anchored") {
		t.Fatalf("the wallet's call is not Bob's end cap %x followed to anchored:\n%s", id3, out)
	}
	done3 := c.await(standby, hex.EncodeToString(id3[:]), "anchored", 20*time.Minute)
	if done3.Block != 3 || done3.L1Tx == "" {
		t.Fatalf("Bob's transfer through the new leader: %+v", done3)
	}
	c.confirm(in3, done3)
	for _, v := range []*proc{v2, v3} {
		if !v.saw("voted", map[string]any{"block": 3}) {
			t.Fatalf("%s did not vote for the new leader's block 3", v.name)
		}
	}
	v, err := c.replica.Chain.View(3)
	if err != nil {
		t.Fatal(err)
	}
	for u, want := range map[state.UserID]uint64{apps.Alice: 270, apps.Bob: 110} {
		if got, err := apps.Balance(v, apps.USDTContract, u); err != nil || got != want {
			t.Errorf("%s has %d USDT (%v), want %d", apps.Name(u), got, err, want)
		}
	}
	// The wallet reads the same state from the node, verified against the
	// certified CHKP(3): Bob sent Alice 20 (block 3) and claimed 30 from
	// her (block 2).
	if out := wallet("state", "bob", "usdt", "sentTo", "alice"); strings.TrimSpace(out) != "20" {
		t.Fatalf("the wallet reads Bob's sentTo[Alice] as %q, want 20", out)
	}
	if out := wallet("state", "bob", "usdt", "claimedFrom", "alice"); strings.TrimSpace(out) != "30" {
		t.Fatalf("the wallet reads Bob's claimedFrom[Alice] as %q, want 30", out)
	}
	if out := wallet("balance", "alice"); !strings.Contains(out, "CHKP(3)") || !strings.Contains(out, "nonce 1") {
		t.Fatalf("Alice's balance:\n%s", out)
	}
	// The new leader's metrics: it saw all three blocks from their cut (the
	// first two followed) to anchored, and its validator signed each.
	c.metrics(standby.name, standby.http,
		`parth_node_block_height{stage="anchored"} 3`,
		`parth_node_block_height{stage="finalized"} 3`,
		`parth_node_block_latency_seconds_count{stage="finalized"} 3`,
		`parth_node_endcaps_total{outcome="accepted"} 1`,
		`parth_node_endcaps_total{outcome="not_leader"}`,
		`parth_node_votes_total{validator="1"} 3`,
		`parth_node_votes_received_total{validator="2"}`,
		`parth_jobs_queued 0`)

	// Validator 2 signed each block once, the new leader's too.
	c.metrics(v2.name, v2metrics,
		`parth_validator_votes_total{fresh="true",validator="2"} 3`,
		`parth_validator_last_voted_block{validator="2"} 3`,
		`parth_validator_vote_seconds_count{validator="2"} 3`)

	// The old leader follows block 3: the same block, anchored on its L1.
	if f := c.await(leader, done3.ID, "anchored", 2*time.Minute); f.CHKP != done3.CHKP || f.PoH != done3.PoH {
		t.Fatalf("the old leader's block 3 differs from the new leader's:\n%+v\n%+v", f, done3)
	}

	// Ctrl-C: all exit cleanly.
	for _, p := range []*proc{v2, v3, leader.p, c.prover, standby.p} { // the standby's NATS last
		c.interrupt(p)
	}

	// parth anchor finds what each stopped node wrote: its validator set,
	// genesis, verifier and every finalized block (the followed ones with
	// the leader's proofs), accepted by a fresh L1.
	c.anchor(standby, 3)
	c.anchor(leader, 3)
}
