package prover

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// lock takes an exclusive advisory lock on path+".lock", waiting for other
// processes (parallel test binaries, several workers on one machine) that
// generate the same SRS or keys: they then find the result in the cache
// instead of computing it again.
func lock(path string, log *slog.Logger) (unlock func(), err error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path+".lock", os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); errors.Is(err, syscall.EWOULDBLOCK) {
		// Another process sets these keys up: say so, then wait for it.
		log.Info("waiting for another process's key-cache lock (it is setting these keys up)", "lock", path+".lock")
		start := time.Now()
		if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
			f.Close()
			return nil, fmt.Errorf("lock %s: %w", path, err)
		}
		log.Info("key-cache lock acquired", "lock", path+".lock", "waited", time.Since(start).Round(time.Second))
	} else if err != nil {
		f.Close()
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}
