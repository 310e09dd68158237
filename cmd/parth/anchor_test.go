package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Bad command lines are refused before anything is opened or loaded.
func TestAnchorArgs(t *testing.T) {
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "key")
	os.WriteFile(keyFile, []byte("not hex\n"), 0o600)
	empty := t.TempDir()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-data", empty, "extra"}, "unexpected arguments"},
		{[]string{"-data", empty, "-rpc", "http://127.0.0.1:8545"}, "-rpc needs -rollup and -key"},
		{[]string{"-data", empty, "-rollup", "0x0000000000000000000000000000000000000001"}, "-rpc needs"},
		{[]string{"-data", empty, "-rpc", "http://x", "-rollup", "0x12", "-key", keyFile}, `-rollup "0x12" is not an address`},
		{[]string{"-data", empty, "-rpc", "http://x", "-rollup", "0x0000000000000000000000000000000000000001", "-key", keyFile}, "-key"},
		{[]string{"-data", empty}, "no aggregator store"},
	} {
		var out, errb bytes.Buffer
		err := runAnchor(c.args, &out, &errb)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: %v, want an error with %q", c.args, err, c.want)
		}
	}
	if entries, _ := os.ReadDir(empty); len(entries) != 0 {
		t.Fatalf("a refused command line created %s", entries[0].Name())
	}
}
