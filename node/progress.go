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
}

func newProgress(n uint64) *progress { return &progress{n: n, changed: make(chan struct{})} }

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
