package store

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/apps"
)

const crashDirEnv = "PARTH_STORE_CRASH_DIR"

// crashSteps is block i of the crash workload: every user sends 1 USDT on.
func crashSteps() []apps.Step {
	var steps []apps.Step
	for i, u := range apps.Users {
		to := apps.Users[(i+1)%len(apps.Users)]
		steps = append(steps, apps.Step{User: u, Calls: []state.Call{apps.Transfer(apps.USDTContract, to, 1)}})
	}
	return steps
}

// TestCrashChild is the child process of TestKilledMidBlock: it commits
// blocks until it is killed. It does nothing in a normal test run.
func TestCrashChild(t *testing.T) {
	dir := os.Getenv(crashDirEnv)
	if dir == "" {
		t.Skip("child process of TestKilledMidBlock")
	}
	s, err := Open(dir, Options{})
	if err != nil {
		fmt.Println("error", err)
		os.Exit(2)
	}
	w, err := apps.NewWorld(s, 11)
	if err != nil {
		fmt.Println("error", err)
		os.Exit(2)
	}
	for range 80 {
		cp, err := w.Block(crashSteps()...)
		if err != nil {
			fmt.Println("error", err)
			os.Exit(2)
		}
		fmt.Println("committed", cp.Number)
	}
	os.Exit(0)
}

// TestKilledMidBlock kills a process that is committing blocks with SIGKILL,
// reopens the store and checks it is at a complete block that matches an
// in-memory run of the same blocks, with a consistent state and chain.
func TestKilledMidBlock(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(1, 1))
	var last uint64
	for round := range 3 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), crashDirEnv+"="+dir)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(out)
		seen := uint64(0)
		for sc.Scan() {
			line := sc.Text()
			if strings.HasPrefix(line, "error") {
				t.Fatalf("child: %s", line)
			}
			if n, ok := strings.CutPrefix(line, "committed "); ok {
				seen, _ = strconv.ParseUint(n, 10, 64)
				if seen >= last+3 {
					break
				}
			}
		}
		// Let it get into the next block's work, then kill it hard.
		time.Sleep(time.Duration(rng.IntN(4000)) * time.Microsecond)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()

		s, err := Open(dir, Options{})
		if err != nil {
			t.Fatalf("round %d: reopen: %v", round, err)
		}
		head, err := s.Head()
		if err != nil {
			t.Fatal(err)
		}
		if head.Number < seen {
			t.Fatalf("round %d: head %d is behind the acknowledged block %d", round, head.Number, seen)
		}
		verifyStore(t, s, head)
		last = head.Number
		s.Close()
		t.Logf("round %d: killed after block %d acknowledged; reopened at block %d", round, seen, head.Number)
	}
}

func verifyStore(t *testing.T, s *Store, head state.Checkpoint) {
	t.Helper()
	// The chain links and every checkpoint hashes to its root.
	for n := head.Number; n > 0; n-- {
		cp, err := s.Checkpoint(n)
		if err != nil {
			t.Fatal(err)
		}
		prev, _ := s.Checkpoint(n - 1)
		if cp.Prev != prev.Root {
			t.Fatalf("CHKP(%d) does not link to CHKP(%d)", n, n-1)
		}
	}
	// The same blocks in memory give the same head.
	mem, _ := apps.NewWorld(state.NewMemStore(), 11)
	for range head.Number {
		if _, err := mem.Block(crashSteps()...); err != nil {
			t.Fatal(err)
		}
	}
	if h, _ := mem.Chain.Head(); h != head {
		t.Fatalf("reopened head %d differs from an in-memory replay", head.Number)
	}
	// Every user's GUSR leaf is consistent with the stored account and UCON.
	v, err := state.NewView(s, head.Number)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range apps.Users {
		if _, err := v.Read(u, apps.USDTContract, state.SlotIndex(1, uint32(u))); err != nil {
			t.Fatalf("user %d: %v", u, err)
		}
		b, _ := apps.Balance(v, apps.USDTContract, u)
		if want := apps.StartUSDT[u] - head.Number; b != want {
			t.Fatalf("user %d has %d after %d blocks, want %d", u, b, head.Number, want)
		}
	}
}
