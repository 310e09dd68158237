// Command sequencer measures the sequencer's and validators' hot paths and
// writes JSON: PoH hashing on one core against a bare crypto/sha256 loop in
// the same run (interleaved), a slot's parallel verification on 1 core and
// on all, and a 100-validator vote tally and quorum-certificate check.
package main

import (
	"crypto/sha256"
	"flag"
	"fmt"
	"os"
	"runtime"
	"time"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/parthnet/parth/bench/internal/report"
	"github.com/parthnet/parth/consensus"
	"github.com/parthnet/parth/consensus/bls"
	"github.com/parthnet/parth/sequencer"
	"github.com/parthnet/parth/sequencer/poh"
)

type result struct {
	Machine struct {
		CPUs int    `json:"cpus"`
		Go   string `json:"go"`
	} `json:"machine"`
	Runs               int         `json:"runs"`
	Hashes             uint64      `json:"hashes_per_run"`
	SHA256Loop         report.Stat `json:"sha256_loop"`
	PoHRun             report.Stat `json:"poh_recorder"`
	SHA256HashesPerSec float64     `json:"sha256_hashes_per_sec"`
	PoHHashesPerSec    float64     `json:"poh_hashes_per_sec"`
	PoHOverSHA256      float64     `json:"poh_over_sha256"`
	SlotHashes         uint64      `json:"slot_hashes"`
	SlotEvents         int         `json:"slot_events"`
	Verify1            report.Stat `json:"verify_slot_1_core"`
	VerifyAll          report.Stat `json:"verify_slot_all_cores"`
	VerifySpeedup      float64     `json:"verify_speedup"`
	Validators         int         `json:"validators"`
	Tally              report.Stat `json:"tally_until_qc_and_rest"`
	VerifyQC           report.Stat `json:"verify_qc"`
	QCSigners          int         `json:"qc_signers"`
	Config             poh.Config  `json:"poh_config"`
	Notes              []string    `json:"notes"`
}

func main() {
	out := flag.String("out", "", "write the JSON here (default: stdout)")
	runs := flag.Int("runs", 7, "runs of each measurement (medians reported)")
	hashes := flag.Uint64("hashes", 20_000_000, "hashes per PoH run")
	flag.Parse()
	if *runs < 1 || *hashes < 1 {
		fmt.Fprintln(os.Stderr, "sequencer: -runs and -hashes must be positive")
		os.Exit(2)
	}
	var r result
	r.Machine.CPUs, r.Machine.Go = runtime.NumCPU(), runtime.Version()
	r.Runs, r.Hashes, r.Config = *runs, *hashes, sequencer.DefaultConfig

	// PoH against the bare loop, interleaved so both see the same machine.
	var bare, rec []time.Duration
	for i := 0; i < *runs; i++ {
		start := time.Now()
		var h [32]byte
		for n := *hashes; n > 0; n-- {
			h = sha256.Sum256(h[:])
		}
		bare = append(bare, time.Since(start))
		sink = h

		pr, _ := poh.NewRecorder(poh.Config{HashesPerTick: *hashes + 2, TicksPerSlot: 1, MaxRefAge: 1}, poh.Hash{})
		start = time.Now()
		pr.Run(*hashes)
		rec = append(rec, time.Since(start))
		sink = pr.Hash()
	}
	r.SHA256Loop, r.PoHRun = report.NewStat("sha256 loop", bare), report.NewStat("poh recorder", rec)
	r.SHA256HashesPerSec = float64(*hashes) / r.SHA256Loop.MedianSeconds
	r.PoHHashesPerSec = float64(*hashes) / r.PoHRun.MedianSeconds
	r.PoHOverSHA256 = r.PoHHashesPerSec / r.SHA256HashesPerSec

	// One default slot (64 ticks of 12,800 hashes) with an event per tick.
	cfg := sequencer.DefaultConfig
	pr, _ := poh.NewRecorder(cfg, poh.Hash{1})
	var slot *poh.Slot
	for i := 0; slot == nil; i++ {
		pr.Run(100)
		d := sha256.Sum256([]byte(fmt.Sprint(i)))
		if _, _, err := pr.Record(poh.Mixin{Data: d, Ref: pr.Latest()}); err != nil {
			fail(err)
		}
		pr.Run(cfg.HashesPerTick)
		_, slot = pr.Tick()
	}
	r.SlotHashes, r.SlotEvents = slot.NumHashes(), len(slot.Events())
	var one, all []time.Duration
	for i := 0; i < *runs; i++ {
		for _, w := range []int{1, 0} {
			start := time.Now()
			if err := poh.VerifyHashes(slot, w); err != nil {
				fail(err)
			}
			if w == 1 {
				one = append(one, time.Since(start))
			} else {
				all = append(all, time.Since(start))
			}
		}
	}
	r.Verify1, r.VerifyAll = report.NewStat("verify slot, 1 core", one), report.NewStat("verify slot, all cores", all)
	r.VerifySpeedup = r.Verify1.MedianSeconds / r.VerifyAll.MedianSeconds

	// 100 validators.
	r.Validators = 100
	g := consensus.Genesis{ChainID: 1}
	var keys []*bls.SecretKey
	for i := 0; i < r.Validators; i++ {
		seed := sha256.Sum256([]byte(fmt.Sprint("validator ", i)))
		k, _ := bls.KeyFromSeed(seed[:])
		keys = append(keys, k)
		g.Validators = append(g.Validators, consensus.GenesisEntry(fmt.Sprint(i), k, uint64(100+i)))
	}
	set, err := consensus.NewValidatorSet(g)
	if err != nil {
		fail(err)
	}
	tg := consensus.Target{Checkpoint: fr.NewElement(7), PoH: poh.Hash{2}}
	var votes []consensus.Vote
	for _, k := range keys {
		i, _ := set.Index(k.PublicKey())
		votes = append(votes, consensus.SignVote(k, i, 1, 1, tg))
	}
	var tally, verify []time.Duration
	var qc *consensus.QC
	for i := 0; i < *runs; i++ {
		start := time.Now()
		t := consensus.NewTally(set)
		t.Know(1, tg)
		for _, v := range votes {
			q, err := t.Add(v)
			if err != nil {
				fail(err)
			}
			if q != nil {
				qc = q
			}
		}
		tally = append(tally, time.Since(start))
		start = time.Now()
		if err := consensus.VerifyQC(set, qc); err != nil {
			fail(err)
		}
		verify = append(verify, time.Since(start))
	}
	r.Tally, r.VerifyQC = report.NewStat("tally 100 votes", tally), report.NewStat("verify QC", verify)
	for i := range set.Validators {
		if qc.Signed(i) {
			r.QCSigners++
		}
	}
	r.Notes = []string{
		"poh_over_sha256: the recorder's hashing rate over a bare crypto/sha256 loop, medians of interleaved runs on one core",
		"tally: every vote's BLS signature verified as it arrives, the certificate aggregated when 2/3 of the stake is reached, the remaining votes still verified and counted",
		"verify_qc: stake of the bitmap's signers, their keys (decoded and subgroup-checked once, at genesis) aggregated, and one fast-aggregate pairing check",
	}
	if err := report.Write(*out, r); err != nil {
		fail(err)
	}
}

var sink [32]byte

func fail(err error) {
	fmt.Fprintln(os.Stderr, "sequencer:", err)
	os.Exit(1)
}
