package parth_test

import (
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestImportRules enforces STYLE.md's dependency rules with `go list`:
// circuits/ and state/ never reach storage, networking or go-ethereum (the
// one storage package, state/store, excepted); only state/store imports
// pebble; only contracts/ and cmd/ import go-ethereum; only tests import
// circuits/internal/freechoice. The sequencer (its journal excepted) and
// consensus, which validators and light clients link, reach neither
// storage nor networking.
func TestImportRules(t *testing.T) {
	const module = "github.com/parthnet/parth"
	forbidden := map[string]string{
		"github.com/cockroachdb/pebble":   "storage",
		"github.com/nats-io/":             "networking",
		"github.com/go-chi/chi":           "networking",
		"github.com/ethereum/go-ethereum": "go-ethereum",
		"net/http":                        "networking",
	}
	out, err := exec.Command("go", "list", "-json=ImportPath,Imports,Deps", "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	type pkg struct {
		ImportPath string
		Imports    []string
		Deps       []string
	}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	var pkgs []pkg
	for {
		var p pkg
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, p)
	}
	seen := map[string]bool{}
	for _, p := range pkgs {
		seen[p.ImportPath] = true
	}
	for _, must := range []string{"consensus", "sequencer", "sequencer/poh", "sequencer/journal", "circuits/block"} {
		if !seen[module+"/"+must] {
			t.Errorf("go list does not list %s: the rules below would pass vacuously", must)
		}
	}
	if len(pkgs) < 5 {
		t.Fatalf("go list found only %d packages", len(pkgs))
	}
	under := func(p, dir string) bool {
		full := module + "/" + dir
		return p == full || strings.HasPrefix(p, full+"/")
	}
	storePkg := module + "/state/store"
	for _, p := range pkgs {
		pure := (under(p.ImportPath, "circuits") || under(p.ImportPath, "state")) && !under(p.ImportPath, "state/store") &&
			p.ImportPath != module+"/circuits/internal/freechoice" // test-only (below); gnark's test engine links net/http
		pure = pure || under(p.ImportPath, "consensus") ||
			(under(p.ImportPath, "sequencer") && !under(p.ImportPath, "sequencer/journal"))
		if pure {
			for _, d := range p.Deps {
				for prefix, what := range forbidden {
					if strings.HasPrefix(d, prefix) {
						t.Errorf("%s depends on %s (%s); circuits/, state/, sequencer/ and consensus/ must not", p.ImportPath, d, what)
					}
				}
			}
		}
		for _, imp := range p.Imports {
			if imp == module+"/circuits/internal/freechoice" {
				t.Errorf("%s imports freechoice, the dishonest prover of the tests; only _test files may", p.ImportPath)
			}
			if imp == module+"/circuits/internal/fakevk" {
				t.Errorf("%s imports fakevk, the tests' keys without a setup; only _test files may", p.ImportPath)
			}
			if strings.HasPrefix(imp, "github.com/cockroachdb/pebble") && p.ImportPath != storePkg {
				t.Errorf("%s imports pebble; only %s may", p.ImportPath, storePkg)
			}
			if strings.HasPrefix(imp, "github.com/ethereum/go-ethereum") && !under(p.ImportPath, "contracts") && !under(p.ImportPath, "cmd") {
				t.Errorf("%s imports go-ethereum; only contracts/ and cmd/ may", p.ImportPath)
			}
		}
	}
}

// TestReadmePackages: the README's package table names every package of
// the tree (a `dir/...` row covers a directory), and nothing that is not
// one.
func TestReadmePackages(t *testing.T) {
	const module = "github.com/parthnet/parth"
	out, err := exec.Command("go", "list", "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	named := map[string]bool{}
	var trees []string
	for _, line := range strings.Split(string(readme), "\n") {
		if !strings.HasPrefix(line, "| `") {
			continue
		}
		cell := strings.SplitN(line, "|", 3)[1]
		for _, f := range strings.Split(cell, ",") {
			p := strings.Trim(strings.TrimSpace(f), "`")
			if dir, ok := strings.CutSuffix(p, "/..."); ok {
				trees = append(trees, dir)
			} else {
				named[p] = true
			}
		}
	}
	if len(named) < 10 {
		t.Fatalf("the README's package table has only %d rows", len(named))
	}
	exists := map[string]bool{}
	for _, p := range strings.Fields(string(out)) {
		rel := strings.TrimPrefix(strings.TrimPrefix(p, module), "/")
		if rel == "" {
			continue // this test's own package
		}
		exists[rel] = true
		covered := named[rel]
		for _, d := range trees {
			covered = covered || rel == d || strings.HasPrefix(rel, d+"/")
		}
		if !covered {
			t.Errorf("package %s is not in the README's package table", rel)
		}
	}
	for p := range named {
		if !exists[p] {
			t.Errorf("the README's package table names %s, which is not a package", p)
		}
	}
}
