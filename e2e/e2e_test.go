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

type cluster struct {
	t       *testing.T
	bin     string
	dir     string
	http    string
	nats    string
	node    *proc
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
	for _, k := range []string{"block", "kind", "what", "took", "since_cut", "status", "err", "error"} {
		if v, ok := m[k]; ok {
			fmt.Fprintf(&b, "%s=%v ", k, v)
		}
	}
	return b.String()
}

func (c *cluster) startNode() {
	c.t.Helper()
	c.node = c.start("node", "node", "--datadir", filepath.Join(c.dir, "node"), "--http.addr", c.http,
		"--nats.addr", c.nats, "--workers", "0", "--jobs.ack-wait", "10s", "--validators", "4", "--local-validators", "2")
	c.waitReady()
}

// waitReady waits until the node answers /readyz (its keys load first).
func (c *cluster) waitReady() {
	c.t.Helper()
	deadline := time.Now().Add(15 * time.Minute)
	for time.Now().Before(deadline) {
		if resp, err := http.Get("http://" + c.http + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		select {
		case <-c.node.exited:
			c.t.Fatalf("the node exited before it was ready: %v", c.node.err)
		case <-time.After(time.Second):
		}
	}
	c.t.Fatal("the node is not ready after 15 minutes")
}

// kill9 kills the node with SIGKILL, as a crash.
func (c *cluster) kill9() {
	c.t.Helper()
	if err := c.node.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		c.t.Fatal(err)
	}
	<-c.node.exited
	c.log.Info("test: node killed with SIGKILL")
}

// post submits an end-cap job; the node answers 202 with its status.
func (c *cluster) post(body []byte) (int, node.StatusJSON) {
	c.t.Helper()
	resp, err := http.Post("http://"+c.http+"/v1/endcaps", node.JobContentType, bytes.NewReader(body))
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	var s node.StatusJSON
	_ = json.NewDecoder(resp.Body).Decode(&s)
	return resp.StatusCode, s
}

func (c *cluster) status(id string) node.StatusJSON {
	c.t.Helper()
	resp, err := http.Get("http://" + c.http + "/v1/endcaps/" + id)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	var s node.StatusJSON
	if err := json.NewDecoder(resp.Body).Decode(&s); err != nil || resp.StatusCode != http.StatusOK {
		c.t.Fatalf("status of %s: %d %v", id, resp.StatusCode, err)
	}
	return s
}

var order = map[string]int{"sequenced": 1, "included": 2, "executed": 3, "proven": 4, "finalized": 5, "anchored": 6}

// await polls id's status until it reaches stage, and returns it.
func (c *cluster) await(id, stage string, within time.Duration) node.StatusJSON {
	c.t.Helper()
	deadline := time.Now().Add(within)
	last := ""
	for time.Now().Before(deadline) {
		s := c.status(id)
		if s.Status != last {
			c.log.Info("test: end cap status", "id", id[:12], "status", s.Status, "block", s.Block)
			last = s.Status
		}
		if order[s.Status] >= order[stage] {
			return s
		}
		select {
		case <-c.node.exited:
			c.t.Fatalf("the node exited (%v) while %s was %s", c.node.err, id[:12], s.Status)
		case <-time.After(500 * time.Millisecond):
		}
	}
	c.t.Fatalf("end cap %s is still %s after %v, want %s", id[:12], last, within, stage)
	return node.StatusJSON{}
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
func (c *cluster) confirm(in *aggregator.BlockInput, s node.StatusJSON) {
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
// crashes: `parth node` (no in-process worker: it loads verifying keys
// only) and a remote `parth prover` over the node's embedded NATS.
//
// Alice's transfer of 30 USDT to Bob is posted; the moment the node
// acknowledges it (202: journaled with fsync), the node is killed with
// SIGKILL. Restarted, it still has the end cap, cuts it into block 1 and
// proves it; while the worker proves the block's tree node the node is
// killed again, and restarted it resumes the block from its stored results
// (the end cap is not proven again) to "anchored". The client checks that
// CHKP(1) is the one it computes from its own replica. Two of the four
// validators are `parth validator` processes following the node's
// genesis.json (the node runs two, so every quorum needs a remote vote);
// one is then killed, and Bob's claim is posted and followed to "anchored"
// with the other three, and a repeated post of it is the same resource.
// The killed validator, restarted, catches up with block 2. Ctrl-C
// (SIGINT) stops every process cleanly, and `parth anchor` takes both
// blocks from the stopped node's data directory to a fresh L1.
func TestBinaries(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the node and a prover worker with the network keys")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "parth")
	build := exec.Command("go", "build", "-o", bin, "github.com/parthnet/parth/cmd/parth")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	c := &cluster{t: t, bin: bin, dir: dir, http: freeAddr(t), nats: freeAddr(t), log: log}

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

	c.startNode()
	c.prover = c.start("prover", "prover", "--nats", "nats://"+c.nats, "--name", "remote-1", "--ack-wait", "10s")
	// Two of the four validators are remote processes (the node runs the
	// leader and one more): no block is finalized without a remote vote.
	validator := func(i int) *proc {
		return c.start(fmt.Sprint("validator-", i), "validator", "--genesis", filepath.Join(dir, "node", "genesis.json"),
			"--datadir", filepath.Join(dir, fmt.Sprint("validator-", i)), "--nats", "nats://"+c.nats, "--dev-index", fmt.Sprint(i))
	}
	v2, v3 := validator(2), validator(3)

	// Block 1: Alice → Bob, 30; the node crashes right after the 202.
	in1, body := c.prove(apps.Step{User: apps.Alice, Calls: []state.Call{apps.Transfer(apps.USDTContract, apps.Bob, 30)}})
	code, s1 := c.post(body)
	if code != http.StatusAccepted {
		t.Fatalf("Alice's transfer: %d %+v", code, s1)
	}
	c.kill9()
	c.startNode()
	if s := c.status(s1.ID); order[s.Status] < order["sequenced"] || s.Position != s1.Position {
		t.Fatalf("the acknowledged end cap after the crash: %+v (acknowledged at %d)", s, s1.Position)
	}
	c.await(s1.ID, "executed", 2*time.Minute)
	// The node crashes while the worker proves the block's tree node.
	deadline := time.Now().Add(10 * time.Minute)
	for !c.prover.saw("job started", map[string]any{"kind": "node"}) {
		if time.Now().After(deadline) {
			t.Fatal("the worker never started the tree node's job")
		}
		time.Sleep(time.Second)
	}
	c.kill9()
	c.startNode()
	done1 := c.await(s1.ID, "anchored", 20*time.Minute)
	if done1.Block != 1 || done1.L1Tx == "" {
		t.Fatalf("Alice's transfer: %+v", done1)
	}
	c.confirm(in1, done1)
	if n := c.prover.count("job done", map[string]any{"kind": "endcap"}); n != 1 {
		t.Fatalf("the end cap of block 1 was proven %d times (the restarted node must resume from the stored result)", n)
	}
	// A remote validator is killed: the other three still finalize.
	if err := v3.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-v3.exited

	// Block 2: Bob claims the 30.
	in2, body := c.prove(apps.Step{User: apps.Bob, Calls: []state.Call{apps.Claim(apps.USDTContract, apps.Alice)}})
	code, s2 := c.post(body)
	if code != http.StatusAccepted {
		t.Fatalf("Bob's claim: %d %+v", code, s2)
	}
	if code, again := c.post(body); code != http.StatusAccepted || again.ID != s2.ID || again.Position != s2.Position {
		t.Fatalf("the same claim again: %d %+v", code, again)
	}
	done2 := c.await(s2.ID, "anchored", 20*time.Minute)
	if done2.Block != 2 {
		t.Fatalf("Bob's claim: %+v", done2)
	}
	c.confirm(in2, done2)
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
	v, err := c.replica.Chain.View(2)
	if err != nil {
		t.Fatal(err)
	}
	for u, want := range map[state.UserID]uint64{apps.Alice: 270, apps.Bob: 130} {
		if got, err := apps.Balance(v, apps.USDTContract, u); err != nil || got != want {
			t.Errorf("%s has %d USDT (%v), want %d", apps.Name(u), got, err, want)
		}
	}

	// The node's metrics say the same: both blocks anchored (this run saw
	// block 2 from its cut to anchored), votes signed, submissions counted.
	resp, err := http.Get("http://" + c.http + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	text, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{
		`parth_node_block_height{stage="anchored"} 2`,
		`parth_node_block_height{stage="finalized"} 2`,
		`parth_node_block_latency_seconds_count{stage="finalized"} 1`,
		`parth_node_endcaps_total{outcome="accepted"} 2`,
		`parth_node_votes_total{validator="0"} 2`, // blocks 1 and 2: the crash came before block 1's vote
		`parth_jobs_queued 0`,
	} {
		if !strings.Contains(string(text), want) {
			t.Errorf("the node's /metrics has no %q", want)
		}
	}

	// Ctrl-C: all exit cleanly.
	for _, p := range []*proc{v2, v3, c.node, c.prover} {
		if err := p.cmd.Process.Signal(os.Interrupt); err != nil {
			t.Fatal(err)
		}
		select {
		case <-p.exited:
			if p.err != nil {
				t.Errorf("%s after SIGINT: %v", p.name, p.err)
			}
		case <-time.After(time.Minute):
			t.Errorf("%s did not stop within a minute of SIGINT", p.name)
		}
	}

	// parth anchor finds what the stopped node wrote: its validator set,
	// genesis, verifier and both finalized blocks, accepted by a fresh L1.
	out, err := exec.Command(bin, "--log.level", "warn", "anchor", "--datadir", filepath.Join(dir, "node")).CombinedOutput()
	if err != nil {
		t.Fatalf("parth anchor: %v\n%s", err, out)
	}
	cp2, err := c.replica.Chain.Checkpoint(2)
	if err != nil {
		t.Fatal(err)
	}
	if want := "L1 holds block 2, CHKP " + cp2.Root.String(); !strings.Contains(string(out), want) {
		t.Fatalf("parth anchor: %s\nwant %q", out, want)
	}
}
