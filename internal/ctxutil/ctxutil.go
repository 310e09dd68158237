// Package ctxutil holds the helpers on contexts that the retry loops of
// several packages share.
package ctxutil

import (
	"context"
	"time"
)

// Sleep waits d, or until ctx ends: it reports whether the whole wait
// passed (false: ctx ended first).
func Sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
