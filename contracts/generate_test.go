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

// The built-in block verifier template, given a key of its shape, is the
// bytecode solc compiles from gnark's export of that key, byte for byte;
// a key of another shape is refused.
func TestBlockVerifierTemplate(t *testing.T) {
	tmpl, err := contracts.BlockVerifier()
	if err != nil {
		t.Fatal(err)
	}
	if len(tmpl.Slots) == 0 || tmpl.Shape.K != contracts.BlockShape.K {
		t.Fatalf("the built-in template: %+v", tmpl)
	}
	vk, err := contracts.PlaceholderKey(contracts.BlockShape, "test")
	if err != nil {
		t.Fatal(err)
	}
	got, err := tmpl.Bytecode(vk)
	if err != nil {
		t.Fatal(err)
	}
	want, err := contracts.CompileVerifier(context.Background(), contracts.Dir(), vk)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("the template with a key's values (%d bytes) is not solc's compile of its verifier (%d bytes)", len(got), len(want))
	}
	// Another key, other values: the bytecode changes at the slots only.
	vk2, err := contracts.PlaceholderKey(contracts.BlockShape, "test2")
	if err != nil {
		t.Fatal(err)
	}
	got2, err := tmpl.Bytecode(vk2)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(got, got2) || len(got) != len(got2) {
		t.Fatal("two keys give the same verifier, or verifiers of different sizes")
	}
	// A key of the shape whose export is not the template's source (another
	// gnark, or another hash to field) is refused too.
	skewed := *tmpl
	skewed.Skeleton = strings.Repeat("0", 64)
	if _, err := skewed.Bytecode(vk); err == nil || !strings.Contains(err.Error(), "make generate") {
		t.Errorf("another source: err = %v, want a refusal naming make generate", err)
	}
	for _, s := range []contracts.Shape{{K: 5, Committed: [][]int{{}}}, {K: 4, Committed: [][]int{}}, {K: 4, Committed: [][]int{{1}}}} {
		other, err := contracts.PlaceholderKey(s, "other")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tmpl.Bytecode(other); err == nil || !strings.Contains(err.Error(), "make generate") {
			t.Errorf("a key of shape %v: err = %v, want a refusal naming make generate", s, err)
		}
	}
}
