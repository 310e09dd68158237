package aggregator

import (
	"fmt"
	"slices"
	"time"
)

// schedule is the deterministic core of proving one block: which job to
// publish, when to retry, when to give up, and when the block is done. It
// does no I/O, starts no goroutine and reads no clock: a driver feeds it
// what happened (a stored result found at start, a result checked valid or
// not, the time passing) and carries out the actions it returns, in order
// (write a record durably, then publish; or report the block done or
// failed). So every path — retry, give-up, duplicate and late results, a
// resume from stored records — is a sequence of calls a test can make.
//
// Jobs are named by their keys (JobKey, also their records') and form a DAG: an end cap has no
// dependencies, a tree task waits for its children, the block for the root
// (or a lone user's end cap). A job is published once every dependency is
// settled, because its payload is built from their proofs.
type schedule struct {
	cfg    scheduleConfig
	jobs   map[JobKey]*sjob
	order  []JobKey // declaration order: publication order among ready jobs
	final  JobKey   // the job whose result is the block's
	state  scheduleState
	failed error
}

type scheduleConfig struct {
	// MaxRejected is how many invalid results a job may get before the
	// block fails; Backoff the wait before the first retry, doubled after
	// each further invalid result.
	MaxRejected int
	Backoff     time.Duration
	// Timeout, when positive, republishes a job that has had no result
	// for that long (a job the queue lost); it does not count as a
	// rejection. Redelivery after a worker dies is the queue's (AckWait).
	Timeout time.Duration
}

type scheduleState int

const (
	running scheduleState = iota
	finished
	gaveUp
)

type jobState int

const (
	blocked    jobState = iota // a dependency is not settled
	published                  // waiting for a result
	backingOff                 // an invalid result came; retried at retryAt
	settled                    // a valid result is stored
)

type sjob struct {
	key      JobKey
	deps     []JobKey
	state    jobState
	attempt  int // publications so far (the next one is attempt+1)
	rejected int
	retryAt  time.Time // backingOff: when to publish again
	deadline time.Time // published: when to publish again without a result (Timeout)
}

// actionKind is what the driver must do.
type actionKind int

const (
	// actStore: write the job's valid result durably (before anything that
	// follows, and before the result is acknowledged).
	actStore actionKind = iota
	// actPublish: build the job's payload (its dependencies are stored)
	// and publish it as delivery Attempt.
	actPublish
	// actDone: the block's final job is settled.
	actDone
	// actFail: the block failed; Err says why. Nothing follows.
	actFail
)

type action struct {
	Kind    actionKind
	Key     JobKey
	Attempt int
	Err     error
}

func (a action) String() string {
	switch a.Kind {
	case actStore:
		return "store " + a.Key.String()
	case actPublish:
		return fmt.Sprintf("publish %s #%d", a.Key, a.Attempt)
	case actDone:
		return "done"
	default:
		return fmt.Sprintf("fail: %v", a.Err)
	}
}

// newSchedule declares the block's jobs (key → dependencies, in order) and
// which one is final. Dependencies must be declared before their
// dependents; a dependency that is not a job is an error.
func newSchedule(cfg scheduleConfig, jobs []scheduledJob, final JobKey) (*schedule, error) {
	if cfg.MaxRejected <= 0 {
		cfg.MaxRejected = 8
	}
	if cfg.Backoff <= 0 {
		cfg.Backoff = time.Second
	}
	s := &schedule{cfg: cfg, jobs: map[JobKey]*sjob{}, final: final}
	for _, j := range jobs {
		if _, dup := s.jobs[j.Key]; dup {
			return nil, fmt.Errorf("%w: job %q declared twice", ErrPlan, j.Key.String())
		}
		for _, d := range j.Deps {
			if _, ok := s.jobs[d]; !ok {
				return nil, fmt.Errorf("%w: job %q depends on %q, not declared before it", ErrPlan, j.Key.String(), d.String())
			}
		}
		s.jobs[j.Key] = &sjob{key: j.Key, deps: slices.Clone(j.Deps)}
		s.order = append(s.order, j.Key)
	}
	if _, ok := s.jobs[final]; !ok {
		return nil, fmt.Errorf("%w: the final job %q is not declared", ErrPlan, final.String())
	}
	return s, nil
}

// scheduledJob is one job of a block and the jobs it needs.
type scheduledJob struct {
	Key  JobKey
	Deps []JobKey
}

// start resumes from the results already stored (stored[key]: a record
// that verified) and publishes every job that is ready.
func (s *schedule) start(now time.Time, stored map[JobKey]bool) []action {
	for _, k := range s.order {
		if stored[k] {
			s.jobs[k].state = settled
		}
	}
	return s.advance(now, nil)
}

// result takes a result of job key that the driver has checked: valid or
// not (why, in err). A result for a job not waiting for one (a duplicate
// of a settled job, a copy that overtook a retry, anything after the block
// finished or failed) changes nothing.
func (s *schedule) result(now time.Time, key JobKey, valid bool, err error) []action {
	j, ok := s.jobs[key]
	if !ok || s.state != running || (j.state != published && j.state != backingOff) {
		return nil
	}
	if valid {
		j.state = settled
		return s.advance(now, []action{{Kind: actStore, Key: key}})
	}
	j.rejected++
	if j.rejected > s.cfg.MaxRejected {
		s.state = gaveUp
		s.failed = fmt.Errorf("%w: job %s got %d invalid results (last: %v)", ErrPlan, key, j.rejected, err)
		return []action{{Kind: actFail, Key: key, Err: s.failed}}
	}
	if j.state == published {
		j.state = backingOff
		j.retryAt = now.Add(s.cfg.Backoff << (j.rejected - 1))
	}
	return nil
}

// tick republishes every job whose backoff has passed at now, and every
// job that has waited longer than the timeout for a result.
func (s *schedule) tick(now time.Time) []action {
	if s.state != running {
		return nil
	}
	var out []action
	for _, k := range s.order {
		j := s.jobs[k]
		if due, ok := s.due(j); ok && !now.Before(due) {
			out = append(out, s.publish(now, j))
		}
	}
	return out
}

// due is when job j is published again without anything happening.
func (s *schedule) due(j *sjob) (time.Time, bool) {
	switch {
	case j.state == backingOff:
		return j.retryAt, true
	case j.state == published && s.cfg.Timeout > 0:
		return j.deadline, true
	}
	return time.Time{}, false
}

// wake is when tick next has something to do (ok false: nothing pending).
func (s *schedule) wake() (t time.Time, ok bool) {
	if s.state != running {
		return time.Time{}, false
	}
	for _, k := range s.order {
		if due, has := s.due(s.jobs[k]); has && (!ok || due.Before(t)) {
			t, ok = due, true
		}
	}
	return t, ok
}

// done says whether the block's final job is settled, and err why the
// block failed.
func (s *schedule) done() (bool, error) { return s.state == finished, s.failed }

func (s *schedule) publish(now time.Time, j *sjob) action {
	j.state = published
	j.deadline = now.Add(s.cfg.Timeout)
	j.attempt++
	return action{Kind: actPublish, Key: j.key, Attempt: j.attempt}
}

// needed are the jobs the final one still needs: it, while unsettled, and
// every dependency of a needed unsettled job. A job whose dependents are
// all settled (say, stored before a restart) is not proven again.
func (s *schedule) needed() map[JobKey]bool {
	need := map[JobKey]bool{s.final: true}
	for i := len(s.order) - 1; i >= 0; i-- { // dependents come after their dependencies
		j := s.jobs[s.order[i]]
		if !need[j.key] || j.state == settled {
			continue
		}
		for _, d := range j.deps {
			need[d] = true
		}
	}
	return need
}

// advance publishes every needed blocked job whose dependencies are now
// settled, and finishes the block when its final job is.
func (s *schedule) advance(now time.Time, out []action) []action {
	if s.jobs[s.final].state == settled {
		s.state = finished
		return append(out, action{Kind: actDone, Key: s.final})
	}
	needed := s.needed()
	for _, k := range s.order {
		j := s.jobs[k]
		if j.state != blocked || !needed[k] {
			continue
		}
		ready := true
		for _, d := range j.deps {
			if s.jobs[d].state != settled {
				ready = false
				break
			}
		}
		if ready {
			out = append(out, s.publish(now, j))
		}
	}
	return out
}
