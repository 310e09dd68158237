package aggregator

import (
	"fmt"
	"strconv"
)

// JobKind is a kind of proving job. The one table below gives each kind
// its token on the queue (jobs.Job.Kind, a subject token) and its name in
// logs and records; the worker, the scheduler and the records all use it.
type JobKind uint8

const (
	KindEndCap JobKind = iota + 1 // index: the user; payload session.EndCapJob; result: the end-cap proof
	KindNode                      // index: the task in the plan; payload NodeJob; result: the node proof
	KindBlock                     // index 0; payload BlockJob; result: the block proof
)

var jobKinds = [...]struct{ token, name string }{
	KindEndCap: {"endcap", "cap"},
	KindNode:   {"node", "node"},
	KindBlock:  {"block", "block"},
}

func (k JobKind) valid() bool { return k >= KindEndCap && k <= KindBlock }

// Token is the kind's token on the queue.
func (k JobKind) Token() string {
	if !k.valid() {
		return fmt.Sprintf("kind%d", k)
	}
	return jobKinds[k].token
}

func (k JobKind) String() string {
	if !k.valid() {
		return fmt.Sprintf("kind %d", k)
	}
	return jobKinds[k].name
}

// ParseJobKind reads a queue token.
func ParseJobKind(token string) (JobKind, error) {
	for k := KindEndCap; k <= KindBlock; k++ {
		if jobKinds[k].token == token {
			return k, nil
		}
	}
	return 0, fmt.Errorf("aggregator: unknown job kind %q", token)
}

// JobKey names one job of a block: the schedule's key, the key of its
// record in the store, what logs call it.
type JobKey struct {
	Kind  JobKind
	Index uint64
}

// CapKey is user u's end cap; NodeKey is task i of the plan; BlockKey is
// the block proof.
func CapKey(u uint64) JobKey { return JobKey{KindEndCap, u} }
func NodeKey(i int) JobKey   { return JobKey{KindNode, uint64(i)} }

var BlockKey = JobKey{Kind: KindBlock}

// String is "cap 2", "node 0" or "block".
func (k JobKey) String() string {
	if k.Kind == KindBlock && k.Index == 0 {
		return "block"
	}
	return k.Kind.String() + " " + strconv.FormatUint(k.Index, 10)
}
