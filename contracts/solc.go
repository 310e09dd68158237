package contracts

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

// ErrNoCompiler is returned when node or the pinned solc package cannot be
// found (run `make deps`, which runs `npm ci` in contracts/).
var ErrNoCompiler = errors.New("contracts: solc not installed (run `make deps`: npm ci in contracts/)")

// Compiled is one contract of a compilation.
type Compiled struct {
	ABI json.RawMessage `json:"abi"`
	Bin string          `json:"bin"` // creation bytecode, hex without 0x
}

// Bytecode is the creation bytecode.
func (c *Compiled) Bytecode() ([]byte, error) {
	b, err := hex.DecodeString(c.Bin)
	if err != nil {
		return nil, fmt.Errorf("contracts: bytecode: %w", err)
	}
	if len(b) == 0 {
		return nil, errors.New("contracts: empty bytecode (an interface or abstract contract)")
	}
	return b, nil
}

// Output is what compile.js prints.
type Output struct {
	Solc      string               `json:"solc"`
	Contracts map[string]*Compiled `json:"contracts"`
}

// Dir is the contracts directory: $PARTH_CONTRACTS, or the one beside this
// source file (a checkout), or ./contracts.
func Dir() string {
	if d := os.Getenv("PARTH_CONTRACTS"); d != "" {
		return d
	}
	if _, file, _, ok := runtime.Caller(0); ok {
		d := filepath.Dir(file)
		if _, err := os.Stat(filepath.Join(d, "compile.js")); err == nil {
			return d
		}
	}
	return "contracts"
}

// Compile compiles Solidity files with the pinned solc (node compile.js in
// dir). Paths are relative to dir or absolute.
func Compile(ctx context.Context, dir string, files ...string) (*Output, error) {
	if _, err := exec.LookPath("node"); err != nil {
		return nil, fmt.Errorf("%w: node: %v", ErrNoCompiler, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "solc", "package.json")); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNoCompiler, err)
	}
	args := append([]string{"compile.js"}, files...)
	cmd := exec.CommandContext(ctx, "node", args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("contracts: solc %s: %v: %s", strings.Join(files, " "), err, strings.TrimSpace(stderr.String()))
	}
	var out Output
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
		return nil, fmt.Errorf("contracts: solc output: %w", err)
	}
	return &out, nil
}
