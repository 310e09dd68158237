// Command session measures the user side of a User Proving Session with real
// keys: Alice's USDT transfer (one call) proven several times — CFC, UPS
// step, UPS start, signature — with verification times and proof sizes, and
// optionally the network's end cap of it (one wrapper proof in cap mode). It writes JSON with medians and the process's peak
// resident memory.
package main

import (
	"flag"
	"log"
	"log/slog"
	"os"
	"runtime"
	"slices"
	"time"

	"github.com/parthnet/parth/bench/internal/report"
	"github.com/parthnet/parth/prover"
	"github.com/parthnet/parth/session"
	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/apps"
)

func main() {
	runs := flag.Int("runs", 5, "sessions proven (median reported)")
	endCaps := flag.Int("endcap", 0, "also prove the end cap (one wrapper proof in cap mode) in this many of the runs (sets the wrapper and node up if not cached)")
	out := flag.String("out", "", "JSON output file (default stdout)")
	flag.Parse()
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	s, err := prover.DevSetup(log)
	if err != nil {
		fatal(err)
	}
	k, err := session.LoadKeys(s)
	if err != nil {
		fatal(err)
	}
	var nk *session.NetworkKeys
	if *endCaps > 0 {
		if nk, err = session.LoadNetworkKeys(s, k); err != nil {
			fatal(err)
		}
	}
	w, err := apps.NewWorldWith(state.NewMemStore(), 1, k.EdDSAHash, k.Registry())
	if err != nil {
		fatal(err)
	}
	v, _ := w.Chain.View(0)
	p := &session.Prover{Keys: k}
	times := map[string][]float64{}
	var sizes map[string]int
	for r := 0; r < *runs; r++ {
		b, err := p.Prove(k.Registry(), v, w.Keys[apps.Alice], state.Session{User: apps.Alice,
			Calls: []state.Call{apps.Transfer(apps.USDTContract, apps.Bob, 30)}})
		if err != nil {
			fatal(err)
		}
		if r < *endCaps {
			if err := (&session.EndCapProver{Keys: nk}).EndCap(b); err != nil {
				fatal(err)
			}
			start := time.Now()
			if err := nk.VerifyEndCap(&b.EndCap.Header, b.EndCapProof); err != nil {
				fatal(err)
			}
			times["verify end cap"] = append(times["verify end cap"], time.Since(start).Seconds())
		}
		start := time.Now()
		if err := k.Verify(b); err != nil {
			fatal(err)
		}
		times["verify bundle (native discharge: 4 proofs)"] = append(times["verify bundle (native discharge: 4 proofs)"], time.Since(start).Seconds())
		for _, t := range b.Timings {
			times[t.Proof] = append(times[t.Proof], t.Took.Seconds())
		}
		times["k_tx = cfc 0 + step 0"] = append(times["k_tx = cfc 0 + step 0"], b.Timings[0].Took.Seconds()+b.Timings[1].Took.Seconds())
		if sizes == nil {
			sizes = map[string]int{}
			for name, pr := range map[string]*prover.Proof{"cfc (plonk)": b.CFCProofs[0], "step (groth16)": b.StepProofs[0],
				"start (groth16)": b.StartProof, "signature (groth16)": b.SigProof} {
				enc, _ := pr.MarshalBinary()
				sizes[name] = len(enc)
			}
			if b.EndCapProof != nil {
				enc, _ := b.EndCapProof.MarshalBinary()
				sizes["end cap (groth16)"] = len(enc)
			}
		}
	}
	var stats []report.Stat
	for name, ts := range times {
		stats = append(stats, report.StatOf(name, ts))
	}
	slices.SortFunc(stats, func(a, b report.Stat) int { return int((a.MedianSeconds - b.MedianSeconds) * 1e6) })
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	rep := map[string]any{"go": runtime.Version(), "cpus": runtime.NumCPU(), "runs": *runs, "timings": stats,
		"proof_bytes": sizes, "heap_sys_mib": ms.HeapSys >> 20, "peak_rss_mib": report.PeakRSSMiB()}
	if err := report.Write(*out, rep); err != nil {
		fatal(err)
	}
}

func fatal(err error) {
	log.Print(err)
	os.Exit(1)
}
