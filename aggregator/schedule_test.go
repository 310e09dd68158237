package aggregator

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)

// twoUsers is block 2 of the e2e: two end caps, their merge, the block.
func twoUsers(t *testing.T, cfg scheduleConfig) *schedule {
	t.Helper()
	s, err := newSchedule(cfg, []scheduledJob{
		{Key: CapKey(2)}, {Key: CapKey(3)},
		{Key: NodeKey(0), Deps: []JobKey{CapKey(2), CapKey(3)}},
		{Key: BlockKey, Deps: []JobKey{NodeKey(0)}},
	}, BlockKey)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func acts(as []action) string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = a.String()
	}
	return strings.Join(out, "; ")
}

func want(t *testing.T, step string, got []action, w string) {
	t.Helper()
	if g := acts(got); g != w {
		t.Fatalf("%s: got %q, want %q", step, g, w)
	}
}

var errBad = errors.New("proof does not verify")

// TestScheduleHappyPath: end caps first, the merge once both are stored,
// the block after it; each valid result is stored before what it unblocks
// is published.
func TestScheduleHappyPath(t *testing.T) {
	s := twoUsers(t, scheduleConfig{})
	want(t, "start", s.start(t0, nil), "publish cap 2 #1; publish cap 3 #1")
	want(t, "cap 3", s.result(t0, CapKey(3), true, nil), "store cap 3")
	want(t, "cap 2", s.result(t0, CapKey(2), true, nil), "store cap 2; publish node 0 #1")
	want(t, "node", s.result(t0, NodeKey(0), true, nil), "store node 0; publish block #1")
	want(t, "block", s.result(t0, BlockKey, true, nil), "store block; done")
	if ok, err := s.done(); !ok || err != nil {
		t.Fatalf("done = %v, %v", ok, err)
	}
	if _, ok := s.wake(); ok {
		t.Fatal("a finished block still wants to wake")
	}
}

// TestScheduleRetry: an invalid result is retried after the backoff,
// doubled after each further one; a tick before it is due does nothing.
func TestScheduleRetry(t *testing.T) {
	s := twoUsers(t, scheduleConfig{Backoff: time.Second})
	s.start(t0, nil)
	want(t, "invalid", s.result(t0, CapKey(2), false, errBad), "")
	if w, ok := s.wake(); !ok || !w.Equal(t0.Add(time.Second)) {
		t.Fatalf("wake = %v, %v", w, ok)
	}
	want(t, "early tick", s.tick(t0.Add(999*time.Millisecond)), "")
	want(t, "retry", s.tick(t0.Add(time.Second)), "publish cap 2 #2")
	t1 := t0.Add(time.Second)
	want(t, "invalid again", s.result(t1, CapKey(2), false, errBad), "")
	want(t, "early tick", s.tick(t1.Add(time.Second)), "")
	want(t, "second retry", s.tick(t1.Add(2*time.Second)), "publish cap 2 #3")
	want(t, "valid", s.result(t1, CapKey(2), true, nil), "store cap 2")
}

// TestScheduleGiveUp: the (MaxRejected+1)-th invalid result fails the
// block once; nothing after it acts.
func TestScheduleGiveUp(t *testing.T) {
	s := twoUsers(t, scheduleConfig{MaxRejected: 2, Backoff: time.Second})
	s.start(t0, nil)
	now := t0
	for i := 1; i <= 2; i++ {
		want(t, fmt.Sprintf("invalid %d", i), s.result(now, CapKey(3), false, errBad), "")
		now = now.Add(time.Hour)
		want(t, fmt.Sprintf("retry %d", i), s.tick(now), fmt.Sprintf("publish cap 3 #%d", i+1))
	}
	got := s.result(now, CapKey(3), false, errBad)
	if len(got) != 1 || got[0].Kind != actFail || !errors.Is(got[0].Err, ErrPlan) || !strings.Contains(got[0].Err.Error(), "cap 3 got 3 invalid results") {
		t.Fatalf("give-up: %v", acts(got))
	}
	if ok, err := s.done(); ok || err == nil {
		t.Fatalf("done = %v, %v", ok, err)
	}
	want(t, "after give-up, a valid result", s.result(now, CapKey(2), true, nil), "")
	want(t, "after give-up, another invalid", s.result(now, CapKey(3), false, errBad), "")
	want(t, "after give-up, a tick", s.tick(now.Add(24*time.Hour)), "")
}

// TestScheduleDuplicateAndLate: a second valid result of a stored job, a
// result of a job not yet published, of an unknown job, and an invalid
// copy after a valid one change nothing; a valid result that comes during
// the backoff (the earlier delivery, late) settles the job and cancels the
// retry.
func TestScheduleDuplicateAndLate(t *testing.T) {
	s := twoUsers(t, scheduleConfig{Backoff: time.Minute})
	s.start(t0, nil)
	want(t, "result before its job is published", s.result(t0, NodeKey(0), true, nil), "")
	want(t, "unknown job", s.result(t0, CapKey(9), true, nil), "")
	want(t, "valid", s.result(t0, CapKey(2), true, nil), "store cap 2")
	want(t, "duplicate", s.result(t0, CapKey(2), true, nil), "")
	want(t, "invalid copy after the valid one", s.result(t0, CapKey(2), false, errBad), "")
	want(t, "invalid", s.result(t0, CapKey(3), false, errBad), "")
	want(t, "late valid during the backoff", s.result(t0, CapKey(3), true, nil), "store cap 3; publish node 0 #1")
	want(t, "the cancelled retry", s.tick(t0.Add(time.Hour)), "")
}

// TestScheduleResume: after a restart, stored results are not proven
// again, nor the jobs that only a stored job needed; a block whose final
// job is stored is done at once.
func TestScheduleResume(t *testing.T) {
	s := twoUsers(t, scheduleConfig{})
	want(t, "resume with one cap", s.start(t0, map[JobKey]bool{CapKey(3): true}), "publish cap 2 #1")
	s = twoUsers(t, scheduleConfig{})
	want(t, "resume with both caps", s.start(t0, map[JobKey]bool{CapKey(2): true, CapKey(3): true}), "publish node 0 #1")
	s = twoUsers(t, scheduleConfig{})
	want(t, "resume with the node", s.start(t0, map[JobKey]bool{NodeKey(0): true}), "publish block #1")
	s = twoUsers(t, scheduleConfig{})
	want(t, "resume a proven block", s.start(t0, map[JobKey]bool{BlockKey: true}), "done")
}

// TestScheduleTimeout: a job with no result for the timeout is published
// again, without counting as a rejection.
func TestScheduleTimeout(t *testing.T) {
	s := twoUsers(t, scheduleConfig{MaxRejected: 1, Timeout: 10 * time.Minute})
	s.start(t0, nil)
	if w, ok := s.wake(); !ok || !w.Equal(t0.Add(10*time.Minute)) {
		t.Fatalf("wake = %v, %v", w, ok)
	}
	want(t, "before", s.tick(t0.Add(9*time.Minute)), "")
	want(t, "timed out", s.tick(t0.Add(10*time.Minute)), "publish cap 2 #2; publish cap 3 #2")
	t1 := t0.Add(10 * time.Minute)
	want(t, "one invalid result is not a give-up", s.result(t1, CapKey(2), false, errBad), "")
	want(t, "valid", s.result(t1, CapKey(3), true, nil), "store cap 3")
}

// TestScheduleDeclaration: duplicate keys, undeclared dependencies and an
// undeclared final job are refused.
func TestScheduleDeclaration(t *testing.T) {
	for name, c := range map[string]struct {
		jobs  []scheduledJob
		final JobKey
	}{
		"duplicate key":         {[]scheduledJob{{Key: CapKey(1)}, {Key: CapKey(1)}}, CapKey(1)},
		"dependency not before": {[]scheduledJob{{Key: NodeKey(0), Deps: []JobKey{CapKey(1)}}, {Key: CapKey(1)}}, NodeKey(0)},
		"final undeclared":      {[]scheduledJob{{Key: CapKey(1)}}, BlockKey},
	} {
		if _, err := newSchedule(scheduleConfig{}, c.jobs, c.final); !errors.Is(err, ErrPlan) {
			t.Errorf("%s: %v", name, err)
		}
	}
	// A lone user's block: the block waits for the end cap itself.
	s, err := newSchedule(scheduleConfig{}, []scheduledJob{{Key: CapKey(1)}, {Key: BlockKey, Deps: []JobKey{CapKey(1)}}}, BlockKey)
	if err != nil {
		t.Fatal(err)
	}
	want(t, "lone", s.start(t0, nil), "publish cap 1 #1")
	if got := acts(s.result(t0, CapKey(1), true, nil)); !slices.Contains(strings.Split(got, "; "), "publish block #1") {
		t.Fatalf("lone cap: %q", got)
	}
}
