// Command parth runs PARTH: the node (the whole pipeline as one service),
// prover workers, and the native reference of the seed's scenarios.
//
// Every flag can also come from a PARTH_* environment variable (named
// after the flag: --http.addr is PARTH_HTTP_ADDR) or from the TOML file of
// --config; the command line wins over the environment, which wins over
// the file. Usage errors exit with status 2, failures with 1.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"github.com/urfave/cli/v2"
)

func main() { os.Exit(run(os.Args, os.Stdout, os.Stderr)) }

// usageError is a mistake in how the command was called (exit status 2).
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, a ...any) error { return usageError{fmt.Errorf(format, a...)} }

// run runs the command line args and returns the process's exit status.
func run(args []string, stdout, stderr io.Writer) int {
	app := newApp(stdout, stderr)
	args, err := reorder(app, args)
	if err != nil {
		fmt.Fprintf(stderr, "parth: %v\n\nRun 'parth --help' for usage.\n", err)
		return 2
	}
	err = app.Run(args)
	var ue usageError
	var ee cli.ExitCoder
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ue), strings.HasPrefix(err.Error(), "Required flag"): // urfave's missing required flags
		fmt.Fprintf(stderr, "parth: %v\n", err)
		return 2
	case errors.As(err, &ee):
		if msg := err.Error(); msg != "" {
			fmt.Fprintf(stderr, "parth: %s\n", msg)
		}
		return ee.ExitCode()
	default:
		fmt.Fprintf(stderr, "parth: %v\n", err)
		return 1
	}
}

// newApp is the command line. (Its flags' help is printed in
// go-ethereum's style: a go-ethereum package linked here sets
// cli.FlagStringer in its init.)
func newApp(stdout, stderr io.Writer) *cli.App {
	app := &cli.App{
		Name:  "parth",
		Usage: "a zero-knowledge rollup: node, prover worker and tools",
		Description: `A PARTH node takes end caps (users' proven sessions with their state
deltas) over HTTP, orders them with Proof of History, proves each block
through the recursive tree on prover workers over NATS JetStream, has the
validators certify it and anchors it on L1. Start with 'parth node'.`,
		Version:              version(),
		Writer:               stdout,
		ErrWriter:            stderr,
		EnableBashCompletion: true,
		Flags:                globalFlags(),
		Before:               setup,
		Commands:             []*cli.Command{nodeCommand(), proverCommand(), validatorCommand(), anchorCommand(), demoCommand(), walletCommand(), devnetCommand()},
		OnUsageError: func(_ *cli.Context, err error, _ bool) error {
			return usageError{err}
		},
		ExitErrHandler: func(*cli.Context, error) {}, // run decides the status
	}
	for _, c := range app.Commands {
		c.OnUsageError = app.OnUsageError
	}
	return app
}

// version is the module version and VCS revision the binary was built
// from.
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	v := bi.Main.Version
	var rev, dirty string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "-dirty"
			}
		}
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if rev != "" {
		v += " (" + rev + dirty + ")"
	}
	return v + " " + bi.GoVersion
}

// envVar is the environment variable of a flag: PARTH_ and its name in
// upper case, dots and dashes as underscores.
func envVar(flag string) []string {
	return []string{"PARTH_" + strings.NewReplacer(".", "_", "-", "_").Replace(strings.ToUpper(flag))}
}

// reorder lets flags follow positionals (`parth demo usdt --reset`): the
// arguments of the command named are rearranged to flags first, up to a
// "--". A first word that is neither a flag nor a command is a usage
// error.
func reorder(app *cli.App, args []string) ([]string, error) {
	if len(args) < 2 {
		return args, nil
	}
	out := []string{args[0]}
	i := 1
	// The global flags, then the command's name.
	for ; i < len(args); i++ {
		a := args[i]
		if a == "--" || !strings.HasPrefix(a, "-") {
			break
		}
		out = append(out, a)
		if takesValue(app.Flags, a) && !strings.Contains(a, "=") && i+1 < len(args) {
			i++
			out = append(out, args[i])
		}
	}
	if i >= len(args) {
		return out, nil
	}
	name := args[i]
	if name == "help" || name == "h" {
		return append(out, args[i:]...), nil
	}
	cmd := app.Command(name)
	if cmd == nil {
		return nil, fmt.Errorf("unknown command %q", name)
	}
	out = append(out, name)
	var flags, pos []string
	rest := args[i+1:]
	for j := 0; j < len(rest); j++ {
		a := rest[j]
		if a == "--" {
			pos = append(pos, rest[j:]...)
			break
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			pos = append(pos, a)
			continue
		}
		flags = append(flags, a)
		if takesValue(cmd.Flags, a) && !strings.Contains(a, "=") && j+1 < len(rest) {
			j++
			flags = append(flags, rest[j])
		}
	}
	return append(append(out, flags...), pos...), nil
}

// takesValue: the flag arg names (-x, --x) takes a value.
func takesValue(flags []cli.Flag, arg string) bool {
	name := strings.TrimLeft(arg, "-")
	for _, f := range flags {
		for _, n := range f.Names() {
			if n == name {
				if d, ok := f.(cli.DocGenerationFlag); ok {
					return d.TakesValue()
				}
				return true
			}
		}
	}
	return false
}
