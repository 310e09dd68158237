package session

import (
	"testing"

	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/apps"
)

// TestJobDataMatchesSteps: a real session's deltas are bound to its step
// headers exactly as the job check requires (one UCON update per step, from
// the step's root before to its root after), for a session of three calls
// over two contracts.
func TestJobDataMatchesSteps(t *testing.T) {
	w, err := apps.NewWorld(state.NewMemStore(), 7)
	if err != nil {
		t.Fatal(err)
	}
	r, err := w.Chain.Execute(apps.ThreeCalls())
	if err != nil {
		t.Fatal(err)
	}
	j := &EndCapJob{Header: r.Header, Steps: r.StepHeaders(), Deltas: r.Deltas()}
	if _, err := checkJobDeltas(j); err != nil {
		t.Fatalf("a real session's data does not match its steps: %v", err)
	}
	j.Steps = j.Steps[:2]
	if _, err := checkJobDeltas(j); err == nil {
		t.Fatal("three calls' data accepted for two steps")
	}
}
