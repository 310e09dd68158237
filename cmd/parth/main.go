// Command parth runs PARTH: the native reference of the protocol on an
// on-disk store (demo), the aggregator and prover workers (later: the
// sequencer and validators).
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

type command struct {
	name    string
	summary string
	run     func(args []string, stdout, stderr io.Writer) error
}

func commands() []command {
	return []command{
		{"demo", "run one of the seed's scenarios natively on a pebble store", runDemo},
		{"prover", "a prover worker: takes proving jobs from NATS JetStream", runProver},
		{"aggregator", "prove a scenario's blocks on the proving network (embedded NATS by default)", runAggregator},
		{"anchor", "submit the aggregator's proven blocks to the L1 Rollup (simulated L1 by default, or -rpc)", runAnchor},
	}
}

func usage(w io.Writer) {
	fmt.Fprintf(w, "Usage: parth <command> [flags]\n\nCommands:\n")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "\nRun 'parth <command> -h' for a command's flags.\n")
}

func main() {
	if len(os.Args) < 2 || os.Args[1] == "-h" || os.Args[1] == "--help" || os.Args[1] == "help" {
		usage(os.Stdout)
		return
	}
	for _, c := range commands() {
		if c.name == os.Args[1] {
			if err := c.run(os.Args[2:], os.Stdout, os.Stderr); errors.Is(err, flag.ErrHelp) {
				return
			} else if err != nil {
				fmt.Fprintf(os.Stderr, "parth %s: %v\n", c.name, err)
				os.Exit(1)
			}
			return
		}
	}
	fmt.Fprintf(os.Stderr, "parth: unknown command %q\n\n", os.Args[1])
	usage(os.Stderr)
	os.Exit(2)
}
