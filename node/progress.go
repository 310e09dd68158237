package node

import (
	"context"
	"sync"
)

// progress is a pipeline stage's high-water mark: the last block it has
// finished. The next stage waits on it. It only moves forward.
type progress struct {
	mu      sync.Mutex
	n       uint64
	changed chan struct{} // closed and replaced at every advance
	ring    *beacon       // rung at every advance (nil: none)
}

func newProgress(n uint64, ring *beacon) *progress {
	return &progress{n: n, changed: make(chan struct{}), ring: ring}
}

// Get is the last finished block.
func (p *progress) Get() uint64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.n
}

// Advance records that block n is finished.
func (p *progress) Advance(n uint64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if n <= p.n {
		return
	}
	p.n = n
	close(p.changed)
	p.changed = make(chan struct{})
	p.ring.Ring()
}

// Wait returns once block n is finished, or with ctx's error.
func (p *progress) Wait(ctx context.Context, n uint64) error {
	for {
		p.mu.Lock()
		done, ch := p.n >= n, p.changed
		p.mu.Unlock()
		if done {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// beacon tells waiters that something changed (a block was cut, a stage
// advanced): a waiter takes C, re-reads what it waits for, and waits on C
// if it must. No change between the read and the wait is missed.
type beacon struct {
	mu sync.Mutex
	ch chan struct{}
}

func newBeacon() *beacon { return &beacon{ch: make(chan struct{})} }

// C is closed at the next Ring.
func (b *beacon) C() <-chan struct{} {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.ch
}

// Ring wakes every waiter on C.
func (b *beacon) Ring() {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	close(b.ch)
	b.ch = make(chan struct{})
}
