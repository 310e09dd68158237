package main

import (
	"fmt"
	"sort"
	"strings"

	"github.com/parthnet/parth/bench/internal/report"
)

// summary is the run's markdown summary: one short section per figure.
func summary(r *Results, name string, plots []string) string {
	f := r.Figures
	var b strings.Builder
	p := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	kind := "full"
	if r.Quick {
		kind = "quick"
	}
	dirty := ""
	if r.Dirty {
		dirty = " (with uncommitted changes)"
	}
	p("# Benchmarks: %s\n\n", name)
	p("%s run of %s UTC at commit `%.12s`%s. Machine: %d cores, %s, %.0f GiB, GPU: %s, %s. ", kind, r.Date.Format("2006-01-02 15:04"),
		r.Commit, dirty, r.Machine.Cores, r.Machine.CPU, r.Machine.MemoryGiB, r.Machine.GPU, r.Machine.Go)
	p("Every time is the median of several runs, with min and max. Data: `%s.json`.\n\n", name)
	for _, pl := range plots {
		p("![%s](%s)\n\n", strings.TrimSuffix(strings.TrimPrefix(pl, name+"-"), ".png"), pl)
	}

	p("## Circuits\n\nConstraints (`bench/constraints.csv`), the FFT domain they fill, and the proving time where a bench proves them.\n\n")
	p("| circuit | system | constraints | fill of 2^k | prove (median, min–max) | measured in (peak RSS) |\n|---|---|---:|---|---|---|\n")
	for _, c := range f.Circuits {
		prove, where := "—", "—"
		if c.Prove != nil {
			prove = stat(*c.Prove)
			where = fmt.Sprintf("%s (%d MiB)", c.Suite, c.PeakRSSMiB)
		}
		p("| %s | %s | %s | %.1f%% of 2^%d | %s | %s |\n", c.Name, c.System, thousands(c.Constraints), c.Fill, c.Domain, prove, where)
	}

	p("\n## The user\n\n")
	p("- **k_tx** (CFC + UPS step of one call): %s.\n", stat(f.User.KTx))
	p("- **Client time for a one-call session** (%s): **%.2f s**.", strings.Join(f.User.ClientParts, " + "), f.User.ClientSeconds)
	p(" The network proves the end cap from the job the client sends (one wrapper proof in cap mode).\n")
	if f.PerUser != nil {
		p("- **Per-user network cost**: %.2f M constraints (%s); the client's own proofs are %.3f M more.\n",
			f.PerUser.Constraints, f.PerUser.Formula, f.PerUser.Client)
	}

	p("\n## Verification and proof sizes\n\n")
	for _, v := range f.Verification {
		p("- %s: %s\n", v.Name, stat(v))
	}
	keys := make([]string, 0, len(f.ProofBytes))
	for k := range f.ProofBytes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		p("- proof size, %s: %d bytes\n", k, f.ProofBytes[k])
	}

	p("\n## The network\n\n")
	if n := f.Network; n != nil {
		from := ""
		if n.From != "this run" {
			from = fmt.Sprintf(" (from `%s`: this quick run does not prove the network side)", n.From)
		}
		p("- End cap of a one-call session (one wrapper proof in cap mode): %s%s.\n", stat(n.EndCap), from)
		p("- **k_r** (one merge node): %s.\n", stat(n.KR))
		p("- Block proof: %s.\n", stat(n.Block))
	} else {
		p("- No network-side result: run the full `make bench` once.\n")
	}
	for _, k := range f.KNet {
		p("- **k_net**, %s over NATS JetStream on loopback: %s.\n", k.Name, statMs(k))
	}
	if bt := f.BlockTime; bt != nil {
		p("\n### Block time against users\n\n| model | formula | 3M users |\n|---|---|---:|\n")
		p("| %s | %s | %.1f s |\n", bt.Seed.Name, bt.Seed.Formula, bt.Seed.At3M)
		for _, m := range bt.Ours {
			p("| %s | %s | %.1f s |\n", m.Name, m.Formula, m.At3M)
		}
		if len(bt.Scheduled) > 0 {
			p("\nThe real planner's tree, scheduled with the measured medians (end caps proven by the network, one worker per machine):\n\n| users | workers | block seconds |\n|---:|---:|---:|\n")
			for _, s := range bt.Scheduled {
				p("| %d | %d | %.0f |\n", s.Users, s.Workers, s.Seconds)
			}
		}
	}

	if len(f.Recursion) > 0 {
		p("\n## In-circuit verifiers (compile only)\n\n| design | constraints |\n|---|---:|\n")
		for _, d := range f.Recursion {
			p("| %s | %s |\n", d.Design, thousands(d.Constraints))
		}
	}

	p("\n## Sequencer and L1\n\n")
	if f.PoH != nil {
		p("- PoH: %.3g hashes/s (%.3f× a bare SHA-256 loop on one core); a slot of %v hashes and %v events verifies %.2f× faster on all cores than on one.\n",
			num(f.PoH["poh_hashes_per_sec"]), num(f.PoH["poh_over_sha256"]), f.PoH["slot_hashes"], f.PoH["slot_events"], num(f.PoH["verify_speedup"]))
	}
	for _, g := range f.L1Gas {
		p("- L1 gas per block (`submitBlock`, %d validators, two thirds signing): %s.\n", g.Validators, thousands(g.Gas))
	}
	for _, a := range f.Apply {
		p("- Native block application, %v users on %v: %.0f users/s.\n", a["users"], a["store"], num(a["users_per_second"]))
	}
	p("\n## Not measured\n\n")
	for _, n := range f.NotMeasured {
		p("- %s\n", n)
	}
	return b.String()
}

func stat(s report.Stat) string {
	if len(s.Seconds) == 0 {
		return "—"
	}
	if s.MedianSeconds < 0.1 {
		return statMs(s)
	}
	return fmt.Sprintf("%.2f s (%.2f–%.2f, %d runs)", s.MedianSeconds, s.MinSeconds, s.MaxSeconds, len(s.Seconds))
}

func statMs(s report.Stat) string {
	return fmt.Sprintf("%.2f ms (%.2f–%.2f, %d runs)", s.MedianSeconds*1e3, s.MinSeconds*1e3, s.MaxSeconds*1e3, len(s.Seconds))
}

func num(v any) float64 {
	f, _ := v.(float64)
	return f
}

func thousands(n int) string {
	s := fmt.Sprint(n)
	var out []string
	for len(s) > 3 {
		out = append([]string{s[len(s)-3:]}, out...)
		s = s[:len(s)-3]
	}
	return strings.Join(append([]string{s}, out...), ",")
}
