// Command blockapply measures native block application (state.Chain.ApplyBlock)
// for blocks of N users, each sending one USDT transfer, on the pebble store
// and in memory, and writes the results as JSON.
//
// What is timed: ApplyBlock only — checking every end cap (re-execution,
// signature), replaying its delta proofs, the GUSR batch update and the
// atomic commit. Genesis and the users' own session execution and signing
// are set up outside the timer. All users share one EdDSA key (the key is
// not what is measured; every session is still signed and verified).
package main

import (
	"crypto/rand"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/apps"
	"github.com/parthnet/parth/state/store"
)

type result struct {
	Store          string    `json:"store"`
	Users          int       `json:"users"`
	Runs           int       `json:"runs"`
	ApplySeconds   []float64 `json:"apply_seconds"`
	MedianSeconds  float64   `json:"median_seconds"`
	UsersPerSecond float64   `json:"users_per_second"`
	SetupSeconds   float64   `json:"setup_seconds"`
	NodesWritten   int       `json:"nodes_written_per_block,omitempty"`
}

type report struct {
	Machine   string   `json:"machine"`
	GoVersion string   `json:"go_version"`
	CPUs      int      `json:"cpus"`
	When      string   `json:"when"`
	Results   []result `json:"results"`
}

func main() {
	users := flag.String("users", "1000", "comma-separated block sizes (users per block)")
	stores := flag.String("stores", "pebble,mem", "comma-separated stores to measure: pebble, mem")
	runs := flag.Int("runs", 5, "blocks timed per size (median reported); sizes over 10,000 users run once")
	out := flag.String("out", "", "write the JSON report here (default: stdout)")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the whole run here")
	flag.Parse()
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			log.Fatal(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			log.Fatal(err)
		}
		defer pprof.StopCPUProfile()
	}

	rep := report{GoVersion: runtime.Version(), CPUs: runtime.NumCPU(), When: time.Now().UTC().Format(time.RFC3339)}
	rep.Machine, _ = os.Hostname()
	for _, us := range strings.Split(*users, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(us))
		if err != nil || n < 1 {
			log.Fatalf("bad -users entry %q", us)
		}
		for _, st := range strings.Split(*stores, ",") {
			r, err := measure(strings.TrimSpace(st), n, *runs)
			if err != nil {
				pprof.StopCPUProfile()
				log.Fatalf("%s, %d users: %v", st, n, err)
			}
			log.Printf("%s %d users: median %.3fs (%.0f users/s), setup %.1fs", r.Store, n, r.MedianSeconds, r.UsersPerSecond, r.SetupSeconds)
			rep.Results = append(rep.Results, r)
		}
	}
	b, _ := json.MarshalIndent(rep, "", "  ")
	if *out == "" {
		fmt.Println(string(b))
		return
	}
	if err := os.MkdirAll(filepath.Dir(*out), 0o755); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, append(b, '\n'), 0o644); err != nil {
		log.Fatal(err)
	}
}

func measure(kind string, n, runs int) (result, error) {
	if n > 10000 {
		runs = 1
	}
	var st state.Store
	switch kind {
	case "mem":
		st = state.NewMemStore()
	case "pebble":
		dir, err := os.MkdirTemp("", "parth-blockapply-")
		if err != nil {
			return result{}, err
		}
		defer os.RemoveAll(dir)
		s, err := store.Open(dir, store.Options{})
		if err != nil {
			return result{}, err
		}
		defer s.Close()
		st = s
	default:
		return result{}, fmt.Errorf("unknown store %q", kind)
	}
	setup := time.Now()
	scheme := state.NewEdDSA(apps.NativeEdDSACircuitID)
	chain, err := state.NewChain(st, state.Registry{apps.USDTContract: apps.USDT()}, state.Schemes{scheme.Name(): scheme})
	if err != nil {
		return result{}, err
	}
	key, err := scheme.GenerateKey(rand.Reader)
	if err != nil {
		return result{}, err
	}
	pk, _ := state.KeyHash(key)
	g := state.Genesis{ChainID: 1}
	claimed := apps.USDT().Slot("claimedFrom")
	for i := 1; i <= n; i++ {
		g.Users = append(g.Users, state.GenesisUser{ID: state.UserID(i), PublicKey: pk,
			Values: []state.GenesisValue{{Contract: apps.USDTContract, Slot: claimed, Key: uint32(i), Value: 1000}}})
	}
	if _, err := chain.InitGenesis(g); err != nil {
		return result{}, err
	}
	res := result{Store: kind, Users: n, Runs: runs}
	var setupTotal time.Duration = time.Since(setup)
	for r := 0; r < runs; r++ {
		t0 := time.Now()
		caps, err := endCaps(chain, key, n)
		if err != nil {
			return result{}, err
		}
		setupTotal += time.Since(t0)
		head, _ := chain.Head()
		start := time.Now()
		if _, err := chain.ApplyBlock(caps, apps.SlotPoH(head.Number+1)); err != nil {
			return result{}, err
		}
		res.ApplySeconds = append(res.ApplySeconds, time.Since(start).Seconds())
	}
	s := slices.Clone(res.ApplySeconds)
	slices.Sort(s)
	res.MedianSeconds = s[len(s)/2]
	res.UsersPerSecond = float64(n) / res.MedianSeconds
	res.SetupSeconds = setupTotal.Seconds()
	return res, nil
}

// endCaps prepares every user's session (transfer 1 to the next user)
// against the head, in parallel: the users' side, not timed.
func endCaps(chain *state.Chain, key *state.EdDSAKey, n int) ([]*state.EndCap, error) {
	head, err := chain.Head()
	if err != nil {
		return nil, err
	}
	caps := make([]*state.EndCap, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += workers {
				u := state.UserID(i + 1)
				to := state.UserID(i%n + 2)
				if int(to) > n {
					to = 1
				}
				if to == u { // a one-user block sends to user n+1 (no account needed to receive)
					to = u + 1
				}
				res, err := chain.Execute(state.Session{User: u, Nonce: head.Number, Checkpoint: head.Number,
					Calls: []state.Call{apps.Transfer(apps.USDTContract, to, 1)}})
				if err != nil {
					errs[i] = err
					continue
				}
				caps[i], errs[i] = res.Sign(key)
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return caps, nil
}
