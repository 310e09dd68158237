// Command generate compiles the L1 contracts with the pinned solc and writes
// their ABI, bytecode and go-ethereum bind v2 bindings (make generate).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/parthnet/parth/contracts"
)

func main() {
	dir := flag.String("dir", contracts.Dir(), "the contracts directory (holds compile.js and node_modules)")
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: generate [-dir contracts]\n\nCompiles %v and writes build/*.abi, build/*.bin and bindings.go.\n", contracts.Sources)
		flag.PrintDefaults()
	}
	flag.Parse()
	files, err := contracts.Generate(context.Background(), *dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "generate:", err)
		os.Exit(1)
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		p := filepath.Join(*dir, n)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			fmt.Fprintln(os.Stderr, "generate:", err)
			os.Exit(1)
		}
		if err := os.WriteFile(p, files[n], 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "generate:", err)
			os.Exit(1)
		}
		fmt.Println("wrote", p)
	}
}
