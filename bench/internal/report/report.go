// Package report is what the bench programs share: timing statistics,
// the process's peak memory, and their JSON output.
package report

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"syscall"
	"time"
)

// Stat is one measured operation: every run, the median, min and max.
type Stat struct {
	Name          string    `json:"name"`
	Seconds       []float64 `json:"seconds"`
	MedianSeconds float64   `json:"median_seconds"`
	MinSeconds    float64   `json:"min_seconds"`
	MaxSeconds    float64   `json:"max_seconds"`
}

// NewStat summarises runs of one operation.
func NewStat(name string, runs []time.Duration) Stat {
	var xs []float64
	for _, d := range runs {
		xs = append(xs, d.Seconds())
	}
	return StatOf(name, xs)
}

// StatOf summarises runs of one operation given in seconds.
func StatOf(name string, seconds []float64) Stat {
	s := Stat{Name: name, Seconds: seconds, MedianSeconds: Median(seconds)}
	if len(seconds) > 0 {
		s.MinSeconds, s.MaxSeconds = slices.Min(seconds), slices.Max(seconds)
	}
	return s
}

// Median is the median of xs (the mean of the middle two for an even
// count; 0 for none).
func Median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	m := slices.Clone(xs)
	slices.Sort(m)
	if len(m)%2 == 1 {
		return m[len(m)/2]
	}
	return (m[len(m)/2-1] + m[len(m)/2]) / 2
}

// PeakRSSMiB is the process's peak resident set in MiB (Linux reports
// KiB), or -1 if unknown.
func PeakRSSMiB() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return -1
	}
	return ru.Maxrss >> 10
}

// Write writes v as indented JSON to path, or to stdout if path is empty.
func Write(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	if path == "" {
		_, err = fmt.Println(string(b))
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}
