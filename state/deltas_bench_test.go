package state_test

import (
	"testing"

	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/apps"
)

// BenchmarkCheckDeltas is the admission cost of an end cap's data: the
// deltas of a three-call session (two contracts).
func BenchmarkCheckDeltas(b *testing.B) {
	w, err := apps.NewWorld(state.NewMemStore(), 7)
	if err != nil {
		b.Fatal(err)
	}
	r := threeCalls(b, w)
	h, deltas := r.Header, r.Deltas()
	b.ReportMetric(float64(len(deltas)), "deltas")
	b.ResetTimer()
	for range b.N {
		if _, err := state.CheckDeltas(&h, deltas); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkApplyBlock compares committing a block of four users' sessions
// by re-execution and from their deltas.
func BenchmarkApplyBlock(b *testing.B) {
	for _, mode := range []string{"reexecute", "deltas"} {
		b.Run(mode, func(b *testing.B) {
			for range b.N {
				b.StopTimer()
				w, err := apps.NewWorld(state.NewMemStore(), 7)
				if err != nil {
					b.Fatal(err)
				}
				var caps []*state.EndCap
				for _, u := range apps.Users {
					ec, err := w.EndCap(u, apps.Transfer(apps.USDTContract, apps.Alice+apps.Bob-u%2, 1))
					if err != nil {
						b.Fatal(err)
					}
					caps = append(caps, ec)
				}
				var proven []*state.ProvenEndCap
				for _, ec := range caps {
					proven = append(proven, &state.ProvenEndCap{Header: ec.Header, Deltas: ec.Deltas})
				}
				b.StartTimer()
				if mode == "reexecute" {
					_, err = w.Chain.ApplyBlock(caps, apps.SlotPoH(1))
				} else {
					_, err = w.Chain.ApplyDeltas(proven, apps.SlotPoH(1))
				}
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
