// Command all is `make bench`: it builds and runs every bench program, each
// in its own process (so each suite's peak memory is its own), gathers their
// JSON with the machine and the git commit into
// bench/results/<date>-<machine>.json, derives the figures (figures.go),
// draws the plots (plots.go, gonum/plot) and writes a markdown summary next
// to them, copied to bench/results/latest.md for the README to link.
//
// -quick (make bench QUICK=1, under 5 minutes) runs the user-side session
// without the wrapper, PoH, k_net and L1 gas; the network side (end cap,
// merge node, block) is then taken from the newest full result in the
// output directory, and the summary says so. The full run (under 40
// minutes with the keys cached by `make test`; a cold key cache adds the
// setups, about 25 minutes) proves everything.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"
)

// Suite is one bench program's run.
type Suite struct {
	Seconds    float64         `json:"seconds"`
	PeakRSSMiB int64           `json:"peak_rss_mib"`
	Args       []string        `json:"args"`
	Result     json.RawMessage `json:"result,omitempty"`
	Output     string          `json:"output,omitempty"` // for suites whose result is text (go test -bench)
}

// Results is the whole run.
type Results struct {
	Schema  int              `json:"schema"`
	Date    time.Time        `json:"date"`
	Quick   bool             `json:"quick"`
	Machine Machine          `json:"machine"`
	Commit  string           `json:"commit"`
	Dirty   bool             `json:"dirty"`
	Suites  map[string]Suite `json:"suites"`
	Figures *Figures         `json:"figures"`
}

func main() {
	quick := flag.Bool("quick", false, "the quick run (under 5 minutes): user side, PoH, k_net and L1 gas; the network side from the newest full result")
	dir := flag.String("out", "bench/results", "output directory")
	only := flag.String("plot", "", "no runs: redraw the figures, plots and summary of this results JSON")
	flag.Parse()
	log.SetFlags(log.Ltime)
	if *only != "" {
		b, err := os.ReadFile(*only)
		check(err)
		var r Results
		check(json.Unmarshal(b, &r))
		check(finish(&r, *dir, strings.TrimSuffix(filepath.Base(*only), ".json")))
		return
	}
	check(os.MkdirAll(*dir, 0o755))
	r := &Results{Schema: 1, Date: time.Now().UTC(), Quick: *quick, Machine: machine(), Suites: map[string]Suite{}}
	r.Commit, r.Dirty = commit()
	bin, err := os.MkdirTemp("", "parth-bench-")
	check(err)
	defer os.RemoveAll(bin)

	type suite struct {
		name, pkg string
		args      []string
		full      bool // only in the full run
	}
	suites := []suite{
		{"sequencer", "./bench/sequencer", []string{"-runs", runs(*quick, 3, 7)}, false},
		{"knet", "./bench/knet", []string{"-runs", runs(*quick, 30, 100)}, false},
		{"session", "./bench/session", []string{"-runs", runs(*quick, 3, 5)}, false},
		{"session-network", "./bench/session", []string{"-runs", "2", "-endcap", "2"}, true},
		{"aggregate", "./bench/aggregate", []string{"-runs", "3"}, true},
		{"blockapply", "./bench/blockapply", []string{"-users", "1000,100000"}, true},
		{"recursion", "./bench/recursion", nil, true},
	}
	for _, s := range suites {
		if s.full && *quick {
			continue
		}
		exe := filepath.Join(bin, s.name)
		log.Printf("build %s", s.pkg)
		run(exec.Command("go", "build", "-o", exe, s.pkg))
		out := filepath.Join(bin, s.name+".json")
		args := append(append([]string(nil), s.args...), "-out", out)
		log.Printf("run %s %s", s.name, strings.Join(s.args, " "))
		secs, rss := run(exec.Command(exe, args...))
		res, err := os.ReadFile(out)
		check(err)
		r.Suites[s.name] = Suite{Seconds: secs, PeakRSSMiB: rss, Args: s.args, Result: res}
		log.Printf("%s: %.0f s, peak %d MiB", s.name, secs, rss)
	}
	// L1 gas: the contracts' benchmark on go-ethereum's simulated chain.
	log.Printf("run l1gas (go test -bench BenchmarkSubmitBlock ./contracts/anchor)")
	cmd := exec.Command("go", "test", "-run", "^$", "-bench", "^BenchmarkSubmitBlock$", "-benchtime", "1x", "./contracts/anchor")
	var buf bytes.Buffer
	cmd.Stdout = &buf
	secs, rss := run(cmd)
	r.Suites["l1gas"] = Suite{Seconds: secs, PeakRSSMiB: rss, Args: cmd.Args[1:], Output: buf.String()}

	name := fmt.Sprintf("%s-%s", r.Date.Format("2006-01-02"), r.Machine.Slug)
	if *quick {
		name += "-quick"
	}
	check(finish(r, *dir, name))
}

// finish derives the figures, writes the JSON, the plots and the summary.
func finish(r *Results, dir, name string) error {
	f, err := derive(r, dir)
	if err != nil {
		return err
	}
	r.Figures = f
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	path := filepath.Join(dir, name+".json")
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		return err
	}
	plots, err := draw(f, dir, name)
	if err != nil {
		return err
	}
	md := summary(r, name, plots)
	if err := os.WriteFile(filepath.Join(dir, name+".md"), []byte(md), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "latest.md"), []byte(md), 0o644); err != nil {
		return err
	}
	log.Printf("wrote %s, %s.md, latest.md and %d plots", path, filepath.Join(dir, name), len(plots))
	return nil
}

func runs(quick bool, q, full int) string {
	if quick {
		return fmt.Sprint(q)
	}
	return fmt.Sprint(full)
}

// run runs cmd (stderr passed through) and returns its wall time and peak
// resident memory in MiB; any failure ends the bench.
func run(cmd *exec.Cmd) (seconds float64, peakMiB int64) {
	cmd.Stderr = os.Stderr
	if cmd.Stdout == nil {
		cmd.Stdout = os.Stderr
	}
	start := time.Now()
	if err := cmd.Run(); err != nil {
		log.Fatalf("%s: %v", strings.Join(cmd.Args, " "), err)
	}
	seconds = time.Since(start).Seconds()
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		peakMiB = ru.Maxrss >> 10
	}
	return seconds, peakMiB
}

// Machine is what the figures were measured on.
type Machine struct {
	Cores     int     `json:"cores"`
	CPU       string  `json:"cpu"`
	GPU       string  `json:"gpu"`
	MemoryGiB float64 `json:"memory_gib"`
	Go        string  `json:"go"`
	OSArch    string  `json:"os_arch"`
	Slug      string  `json:"slug"`
}

func machine() Machine {
	m := Machine{Cores: runtime.NumCPU(), CPU: "unknown", GPU: "none", Go: runtime.Version(), OSArch: runtime.GOOS + "/" + runtime.GOARCH}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPU = strings.TrimSpace(v)
				break
			}
		}
	}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		var kb float64
		if _, err := fmt.Sscanf(string(b), "MemTotal: %g kB", &kb); err == nil {
			m.MemoryGiB = kb / (1 << 20)
		}
	}
	if out, err := exec.Command("nvidia-smi", "--query-gpu=name", "--format=csv,noheader").Output(); err == nil && len(bytes.TrimSpace(out)) > 0 {
		m.GPU = strings.Join(strings.Fields(strings.ReplaceAll(string(out), "\n", "; ")), " ")
	}
	slug := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			return r
		case r >= 'A' && r <= 'Z':
			return r + 'a' - 'A'
		}
		return '-'
	}, m.CPU)
	for strings.Contains(slug, "--") {
		slug = strings.ReplaceAll(slug, "--", "-")
	}
	m.Slug = fmt.Sprintf("%dcore-%s", m.Cores, strings.Trim(slug, "-"))
	return m
}

func commit() (string, bool) {
	out, err := exec.Command("git", "rev-parse", "HEAD").Output()
	if err != nil {
		return "unknown", false
	}
	st, _ := exec.Command("git", "status", "--porcelain", "--untracked-files=no").Output()
	return strings.TrimSpace(string(out)), len(bytes.TrimSpace(st)) > 0
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
