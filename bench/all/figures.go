package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/parthnet/parth/bench/internal/report"
)

// Figures is what the summary and the plots show, derived from the suites.
type Figures struct {
	Circuits     []Circuit        `json:"circuits"`
	Verification []report.Stat    `json:"verification"`
	ProofBytes   map[string]int   `json:"proof_bytes"`
	KNet         []report.Stat    `json:"k_net"`
	User         UserSide         `json:"user"`
	Network      *Network         `json:"network,omitempty"`
	BlockTime    *BlockTime       `json:"block_time,omitempty"`
	PerUser      *PerUser         `json:"per_user,omitempty"`
	PoH          map[string]any   `json:"poh"`
	L1Gas        []Gas            `json:"l1_gas"`
	Apply        []map[string]any `json:"block_apply,omitempty"`
	Recursion    []Recursion      `json:"recursion,omitempty"`
	NotMeasured  []string         `json:"not_measured"`
}

// Circuit is one circuit's size and, where a bench proves it, its proving
// time (the suite's peak memory is the process's, which proved it among
// others).
type Circuit struct {
	Name        string       `json:"name"`
	System      string       `json:"system"`
	Constraints int          `json:"constraints"`
	Domain      int          `json:"domain_log2"`  // the next power of two at or above the count
	Fill        float64      `json:"fill_percent"` // of that power of two
	Prove       *report.Stat `json:"prove,omitempty"`
	Suite       string       `json:"measured_in,omitempty"`
	PeakRSSMiB  int64        `json:"suite_peak_rss_mib,omitempty"`
}

// UserSide is the client's work for a one-call session.
type UserSide struct {
	KTx report.Stat `json:"k_tx"` // CFC + UPS step
	// ClientSeconds: every proof the client makes for the network to take
	// the session (CFC, step, start, signature; the network wraps the CFC
	// proof and proves the end cap).
	ClientSeconds float64  `json:"client_seconds"`
	ClientParts   []string `json:"client_parts"`
}

// Network is the network side's measured medians.
type Network struct {
	EndCap report.Stat `json:"end_cap"` // a one-call session's: one wrapper proof in cap mode
	KR     report.Stat `json:"k_r"`     // one merge node
	Block  report.Stat `json:"block"`
	From   string      `json:"from"` // the result file they come from (quick runs)
}

// BlockTime is block time against users: the seed's model with its
// constants, ours with the measured ones, and the real planner's schedule.
type BlockTime struct {
	Seed      Model       `json:"seed_model"`
	Ours      []Model     `json:"measured_model"`
	Scheduled []Scheduled `json:"scheduled"`
}

// Model is a block-time curve over users.
type Model struct {
	Name    string    `json:"name"`
	Formula string    `json:"formula"`
	Users   []float64 `json:"users"`
	Seconds []float64 `json:"seconds"`
	At3M    float64   `json:"seconds_at_3m_users"`
}

// Scheduled is one of bench/aggregate's schedules of a block.
type Scheduled struct {
	Users   int     `json:"users"`
	Workers int     `json:"workers"`
	Seconds float64 `json:"block_seconds"`
}

// PerUser is the network's cost per user in constraints.
type PerUser struct {
	Constraints float64 `json:"constraints_millions"`
	Formula     string  `json:"formula"`
	Client      float64 `json:"client_constraints_millions"`
}

// Recursion is one in-circuit verifier design's size (bench/recursion).
type Recursion struct {
	Design      string `json:"design"`
	Constraints int    `json:"constraints"`
}

// Gas is submitBlock's L1 gas.
type Gas struct {
	Validators int `json:"validators"`
	Gas        int `json:"gas"`
}

// The seed's constants (004, "Block time"): k_tx 0.3 s, k_r 0.25 s,
// k_net 0.1 s, t_max 3.
const (
	seedKTx, seedKR, seedKNet, seedTMax = 0.3, 0.25, 0.1, 3
)

func derive(r *Results, dir string) (*Figures, error) {
	f := &Figures{ProofBytes: map[string]int{}, NotMeasured: []string{
		"API acceptance rate: there is no HTTP API yet (issue 14)",
		"per-circuit peak memory: a suite's peak is its process's, which proves several circuits",
	}}
	if err := f.circuits(); err != nil {
		return nil, err
	}
	times := map[string]report.Stat{}
	rss := map[string]int64{}
	for _, name := range []string{"session", "session-network"} {
		s, ok := r.Suites[name]
		if !ok {
			continue
		}
		var out struct {
			Timings    []report.Stat  `json:"timings"`
			ProofBytes map[string]int `json:"proof_bytes"`
		}
		if err := json.Unmarshal(s.Result, &out); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		for _, t := range out.Timings {
			if _, seen := times[t.Name]; !seen || name == "session" {
				times[t.Name], rss[t.Name] = t, s.PeakRSSMiB
			}
		}
		for k, v := range out.ProofBytes {
			f.ProofBytes[k] = v
		}
	}
	for _, t := range []string{"verify bundle (native discharge: 4 proofs)", "verify end cap"} {
		if s, ok := times[t]; ok {
			f.Verification = append(f.Verification, s)
		}
	}
	f.User.KTx = times["k_tx = cfc 0 + step 0"]
	for _, p := range []string{"cfc 0", "step 0", "start", "signature"} {
		if s, ok := times[p]; ok {
			f.User.ClientSeconds += s.MedianSeconds
			f.User.ClientParts = append(f.User.ClientParts, p)
		}
	}
	net, err := network(r, dir)
	if err != nil {
		return nil, err
	}
	f.Network = net
	// Proving times by circuit.
	prove := map[string]struct {
		stat  report.Stat
		suite string
		rss   int64
	}{}
	for timing, circuit := range map[string]string{"cfc 0": "cfc/usdt.transfer", "step 0": "ups/step", "start": "ups/start",
		"signature": "sig/eddsa-bjj.groth16", "cap": "wrap"} {
		if s, ok := times[timing]; ok {
			prove[circuit] = struct {
				stat  report.Stat
				suite string
				rss   int64
			}{s, "session", rss[timing]}
		}
	}
	if net != nil {
		kr := net.KR
		kr.Name = "merge node (k_r)"
		prove["node"] = struct {
			stat  report.Stat
			suite string
			rss   int64
		}{kr, "aggregate", r.Suites["aggregate"].PeakRSSMiB}
		prove["block"] = struct {
			stat  report.Stat
			suite string
			rss   int64
		}{net.Block, "aggregate", r.Suites["aggregate"].PeakRSSMiB}
	}
	for i := range f.Circuits {
		if p, ok := prove[f.Circuits[i].Name]; ok {
			st := p.stat
			f.Circuits[i].Prove, f.Circuits[i].Suite, f.Circuits[i].PeakRSSMiB = &st, p.suite, p.rss
		}
	}
	if s, ok := r.Suites["knet"]; ok {
		var out struct {
			KNet []report.Stat `json:"k_net"`
		}
		if err := json.Unmarshal(s.Result, &out); err != nil {
			return nil, fmt.Errorf("knet: %w", err)
		}
		f.KNet = out.KNet
	}
	if s, ok := r.Suites["sequencer"]; ok {
		var out map[string]any
		if err := json.Unmarshal(s.Result, &out); err != nil {
			return nil, fmt.Errorf("sequencer: %w", err)
		}
		f.PoH = map[string]any{}
		for _, k := range []string{"poh_hashes_per_sec", "sha256_hashes_per_sec", "poh_over_sha256", "verify_speedup", "slot_hashes", "slot_events"} {
			f.PoH[k] = out[k]
		}
	}
	if s, ok := r.Suites["blockapply"]; ok {
		var out struct {
			Results []map[string]any `json:"results"`
		}
		if err := json.Unmarshal(s.Result, &out); err != nil {
			return nil, fmt.Errorf("blockapply: %w", err)
		}
		f.Apply = out.Results
	}
	if s, ok := r.Suites["recursion"]; ok {
		var out struct {
			Results []Recursion `json:"results"`
		}
		if err := json.Unmarshal(s.Result, &out); err != nil {
			return nil, fmt.Errorf("recursion: %w", err)
		}
		f.Recursion = out.Results
	}
	if s, ok := r.Suites["l1gas"]; ok {
		f.L1Gas = parseGas(s.Output)
	}
	if net != nil {
		f.model(net, r)
	}
	f.perUser()
	return f, nil
}

// circuits reads the constraint table (bench/constraints.csv, which
// circuits.TestConstraintCounts keeps equal to the circuits).
func (f *Figures) circuits() error {
	b, err := os.ReadFile("bench/constraints.csv")
	if err != nil {
		return err
	}
	rows, err := csv.NewReader(strings.NewReader(string(b))).ReadAll()
	if err != nil {
		return fmt.Errorf("bench/constraints.csv: %w", err)
	}
	for _, row := range rows[1:] {
		n, err := strconv.Atoi(row[2])
		if err != nil {
			return fmt.Errorf("bench/constraints.csv: %s: %w", row[0], err)
		}
		d := int(math.Ceil(math.Log2(float64(n))))
		f.Circuits = append(f.Circuits, Circuit{Name: row[0], System: row[1], Constraints: n, Domain: d,
			Fill: 100 * float64(n) / math.Exp2(float64(d))})
	}
	return nil
}

// network is the end cap, merge node and block medians: this run's
// aggregate suite, or (quick) the newest full result in dir.
func network(r *Results, dir string) (*Network, error) {
	parse := func(raw json.RawMessage, from string) (*Network, error) {
		var out struct {
			Timings []report.Stat `json:"timings"`
		}
		if err := json.Unmarshal(raw, &out); err != nil || len(out.Timings) != 3 {
			return nil, fmt.Errorf("%s: aggregate result: want three timings (%v)", from, err)
		}
		return &Network{EndCap: out.Timings[0], KR: out.Timings[1], Block: out.Timings[2], From: from}, nil
	}
	if s, ok := r.Suites["aggregate"]; ok {
		return parse(s.Result, "this run")
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	slices.Sort(files)
	slices.Reverse(files)
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		var old Results
		if json.Unmarshal(b, &old) != nil || old.Quick || old.Schema != 1 {
			continue
		}
		if s, ok := old.Suites["aggregate"]; ok {
			return parse(s.Result, filepath.Base(p))
		}
	}
	return nil, nil
}

// model fills the block-time curves and the per-user cost.
func (f *Figures) model(net *Network, r *Results) {
	knet := 0.0
	if len(f.KNet) > 0 {
		knet = f.KNet[len(f.KNet)-1].MedianSeconds // the largest payload
	}
	user := f.User.ClientSeconds + net.EndCap.MedianSeconds
	kr, block := net.KR.MedianSeconds, net.Block.MedianSeconds
	var users []float64
	for u := 1.0; u <= 3e6*1.001; u *= math.Sqrt2 {
		users = append(users, math.Round(u))
	}
	users = append(users, 3e6)
	curve := func(name, formula string, t func(u float64) float64) Model {
		m := Model{Name: name, Formula: formula, Users: users}
		for _, u := range users {
			m.Seconds = append(m.Seconds, t(u))
		}
		m.At3M = t(3e6)
		return m
	}
	bt := &BlockTime{Seed: curve("seed (004): k_tx 0.3, k_r 0.25, k_net 0.1, t_max 3", "t_max·k_tx + log2(u)·(k_r + k_net)",
		func(u float64) float64 { return seedTMax*seedKTx + math.Log2(u)*(seedKR+seedKNet) })}
	levels := func(u float64) int { return int(math.Ceil(math.Log2(u))) }
	bt.Ours = append(bt.Ours, curve("measured, unbounded workers",
		"t_user + ⌈log2 u⌉·(k_r + k_net) + t_block, t_user = client + end cap",
		func(u float64) float64 { return user + float64(levels(u))*(kr+knet) + block }))
	for _, p := range []float64{16, 1024} {
		bt.Ours = append(bt.Ours, curve(fmt.Sprintf("measured, %g workers", p),
			"t_user + Σ_levels ⌈⌈u/2^ℓ⌉/P⌉·(k_r + k_net) + t_block (users prove their own end caps)",
			func(u float64) float64 {
				t := user + block
				for l := 1; l <= levels(u); l++ {
					t += math.Ceil(math.Ceil(u/math.Exp2(float64(l)))/p) * (kr + knet)
				}
				return t
			}))
	}
	if s, ok := r.Suites["aggregate"]; ok {
		var out struct {
			Model []Scheduled `json:"model"`
		}
		if json.Unmarshal(s.Result, &out) == nil {
			bt.Scheduled = out.Model
		}
	}
	f.BlockTime = bt
}

// perUser is the network's cost per user in a large block: a one-call
// EdDSA session's end cap (one wrapper proof in cap mode) and about one
// merge node (a tree over u leaves has u − 1).
func (f *Figures) perUser() {
	size := map[string]float64{}
	for _, c := range f.Circuits {
		size[c.Name] = float64(c.Constraints) / 1e6
	}
	f.PerUser = &PerUser{Constraints: size["wrap"] + size["node"], Formula: "end cap (the wrapper in cap mode) + one merge node (large block)",
		Client: size["cfc/usdt.transfer"] + size["ups/step"] + size["ups/start"] + size["sig/eddsa-bjj.groth16"]}
}

var gasLine = regexp.MustCompile(`BenchmarkSubmitBlock/validators=(\d+)\S*\s+\d+\s+\d+ ns/op\s+(\d+) gas/block`)

func parseGas(out string) []Gas {
	var g []Gas
	for _, m := range gasLine.FindAllStringSubmatch(out, -1) {
		n, _ := strconv.Atoi(m[1])
		gas, _ := strconv.Atoi(m[2])
		g = append(g, Gas{Validators: n, Gas: gas})
	}
	return g
}
