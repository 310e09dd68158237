package contracts_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parthnet/parth/contracts"
)

// TestGeneratedUpToDate regenerates the ABI, bytecode and bindings with the
// pinned solc and abigen and compares them with the checked-in copies.
func TestGeneratedUpToDate(t *testing.T) {
	dir := contracts.Dir()
	files, err := contracts.Generate(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatalf("%s: %v (run make generate)", name, err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from what make generate writes now (run make generate and commit)", name)
		}
	}
	if v := string(files["build/solc-version"]); !strings.HasPrefix(v, "0.8.28+") {
		t.Fatalf("solc %q, want the pinned 0.8.28", v)
	}
	bin, err := contracts.RollupBytecode()
	if err != nil || len(bin) == 0 {
		t.Fatalf("embedded Rollup bytecode: %d bytes, %v", len(bin), err)
	}
}

func TestCompileErrors(t *testing.T) {
	tmp := t.TempDir()
	bad := filepath.Join(tmp, "Bad.sol")
	os.WriteFile(bad, []byte("pragma solidity 0.8.28; contract Bad { function f() { x = 1; } }"), 0o644)
	_, err := contracts.Compile(context.Background(), contracts.Dir(), bad)
	if err == nil || !strings.Contains(err.Error(), "Bad.sol") {
		t.Fatalf("err = %v, want the compiler's message about Bad.sol", err)
	}
	if _, err := contracts.Compile(context.Background(), tmp, bad); err == nil || !strings.Contains(err.Error(), "make deps") {
		t.Fatalf("no solc: err = %v", err)
	}
}
