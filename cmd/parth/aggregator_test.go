package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Bad command lines are refused before anything is opened or set up.
func TestAggregatorArgs(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		args []string
		want string
	}{
		{nil, "name one scenario"},
		{[]string{"ponies"}, `unknown scenario "ponies"`},
		{[]string{"-workers", "-1", "usdt"}, "-workers -1"},
		{[]string{"-listen", "localhost", "usdt"}, `-listen "localhost"`},
		{[]string{"-listen", "127.0.0.1:99999", "usdt"}, "bad port"},
	} {
		var out, errb bytes.Buffer
		err := runAggregator(append([]string{"-data", dir}, c.args...), &out, &errb)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: %v, want an error with %q", c.args, err, c.want)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("a refused command line created %s", filepath.Join(dir, entries[0].Name()))
	}
}
