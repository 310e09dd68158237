package main

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/apps"
	"github.com/parthnet/parth/state/store"
)

func demoCommand() *cli.Command {
	return &cli.Command{
		Name:      "demo",
		Usage:     "run one of the seed's scenarios natively on a pebble store",
		ArgsUsage: "usdt|rubies",
		Description: `Runs one of the seed's scenarios with the native protocol reference (no
proofs) on an on-disk pebble store, and prints every block's checkpoint
root and balances, checked against the seed's numbers:

  usdt    block #1: Alice→Bob 30, Bob→Carol 50, Carol→Mike 40, Mike→Bob 20;
          block #2: Bob claims from Alice and Mike, Carol from Bob, Mike from Carol
  rubies  each of the four users buys rubies at 3 diamonds each`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "data", Value: "data/demo", Usage: "DIR of the pebble store (created if missing)", EnvVars: envVar("demo.data")},
			&cli.BoolFlag{Name: "reset", Usage: "delete the scenario's store in --data first (otherwise a non-empty store is refused)", EnvVars: envVar("demo.reset")},
			&cli.Uint64Flag{Name: "seed", Value: 1, Usage: "seed of the users' signing keys", EnvVars: envVar("demo.seed")},
		},
		Before: commandSetup,
		Action: runDemo,
	}
}

func runDemo(c *cli.Context) error {
	if c.NArg() != 1 {
		return usagef("demo: name one scenario: usdt or rubies")
	}
	scenario := c.Args().First()
	if scenario != "usdt" && scenario != "rubies" {
		return usagef("demo: unknown scenario %q: want usdt or rubies", scenario)
	}
	log := logger(c)
	stdout := c.App.Writer
	dir := filepath.Join(c.String("data"), scenario)
	if c.Bool("reset") {
		if err := checkStoreDir(dir); err != nil {
			return fmt.Errorf("demo: --reset refuses %s: %w", dir, err)
		}
		if err := os.RemoveAll(dir); err != nil {
			return fmt.Errorf("reset %s: %w", dir, err)
		}
	}
	st, err := store.Open(dir, store.Options{Logger: log})
	if err != nil {
		return err
	}
	defer st.Close()
	if h, err := st.Head(); err == nil {
		return fmt.Errorf("store %s already holds %d blocks: pass --reset to start over, or another --data", dir, h.Number+1)
	}
	w, err := apps.NewWorld(st, c.Uint64("seed"))
	if err != nil {
		return err
	}
	log.Info("genesis committed", "store", dir)
	if scenario == "usdt" {
		return demoUSDT(w, stdout, log)
	}
	return demoRubies(w, stdout, log)
}

func printCheckpoint(out io.Writer, cp state.Checkpoint, title string) {
	fmt.Fprintf(out, "\n%s\n  CHKP(%d)   0x%064s\n  GUSR root  0x%064s\n", title, cp.Number, cp.Root.Text(16), cp.GUSRRoot.Text(16))
}

func demoUSDT(w *apps.World, out io.Writer, log *slog.Logger) error {
	head, _ := w.Chain.Head()
	v, _ := w.Chain.View(head.Number)
	printCheckpoint(out, head, "Genesis")
	for _, u := range apps.Users {
		b, _ := apps.Balance(v, apps.USDTContract, u)
		fmt.Fprintf(out, "  %-6s %4d USDT\n", apps.Name(u), b)
	}
	for i, steps := range apps.USDTBlocks {
		start := time.Now()
		cp, err := w.Block(steps...)
		if err != nil {
			return fmt.Errorf("block #%d: %w", i+1, err)
		}
		log.Info("block committed", "block", cp.Number, "sessions", len(steps), "elapsed", time.Since(start).Round(time.Microsecond))
		v, _ := w.Chain.View(cp.Number)
		printCheckpoint(out, cp, fmt.Sprintf("Block #%d", i+1))
		for _, s := range steps {
			for _, c := range s.Calls {
				fmt.Fprintf(out, "  %-6s %s\n", apps.Name(s.User), describe(c))
			}
		}
		for _, u := range apps.Users {
			b, _ := apps.Balance(v, apps.USDTContract, u)
			want := apps.USDTExpected[i][u]
			mark := "ok, as in the seed"
			if b != want {
				mark = fmt.Sprintf("MISMATCH: the seed says %d", want)
			}
			fmt.Fprintf(out, "  %-6s %4d USDT  (%s)\n", apps.Name(u), b, mark)
			if b != want {
				return fmt.Errorf("block #%d: %s has %d USDT, the seed says %d", i+1, apps.Name(u), b, want)
			}
		}
	}
	return nil
}

func describe(c state.Call) string {
	switch {
	case c.Contract == apps.USDTContract && c.Function == 0:
		return fmt.Sprintf("transfer %s USDT to %s", c.Args[1].String(), apps.Name(state.UserID(c.Args[0].Uint64())))
	case c.Contract == apps.USDTContract && c.Function == 1:
		return fmt.Sprintf("claim from %s", apps.Name(state.UserID(c.Args[0].Uint64())))
	case c.Contract == apps.RubiesContract:
		return fmt.Sprintf("buyRubies %s", c.Args[0].String())
	}
	return fmt.Sprintf("call %d.%d", c.Contract, c.Function)
}

var rubiesExpected = map[state.UserID][2]uint64{apps.Alice: {11, 53}, apps.Bob: {9, 92}, apps.Carol: {1, 5}, apps.Mike: {0, 4}}

func demoRubies(w *apps.World, out io.Writer, log *slog.Logger) error {
	head, _ := w.Chain.Head()
	v, _ := w.Chain.View(head.Number)
	printCheckpoint(out, head, "Genesis")
	for _, u := range apps.Users {
		d, r, _ := apps.Gems(v, u)
		fmt.Fprintf(out, "  %-6s %3d diamonds %3d rubies\n", apps.Name(u), d, r)
	}
	cp, err := w.Block(apps.RubiesBlock...)
	if err != nil {
		return err
	}
	log.Info("block committed", "block", cp.Number, "sessions", len(apps.RubiesBlock))
	v, _ = w.Chain.View(cp.Number)
	printCheckpoint(out, cp, "Block #1")
	for _, s := range apps.RubiesBlock {
		fmt.Fprintf(out, "  %-6s %s\n", apps.Name(s.User), describe(s.Calls[0]))
	}
	for _, u := range apps.Users {
		d, r, _ := apps.Gems(v, u)
		want := rubiesExpected[u]
		if d != want[0] || r != want[1] {
			return fmt.Errorf("%s has %d diamonds and %d rubies, the seed says %d and %d", apps.Name(u), d, r, want[0], want[1])
		}
		fmt.Fprintf(out, "  %-6s %3d diamonds %3d rubies  (ok, as in the seed)\n", apps.Name(u), d, r)
	}
	return nil
}

// checkStoreDir: dir is missing, empty, or a PARTH store (pebble's files
// and our schema), so --reset never deletes anything else.
func checkStoreDir(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) || err == nil && len(entries) == 0 {
		return nil
	} else if err != nil {
		return err
	}
	var manifest bool
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "marker.manifest.") {
			manifest = true
		}
	}
	if !manifest {
		return errors.New("it is not a PARTH store (no pebble manifest)")
	}
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		return fmt.Errorf("it is not a PARTH store: %w", err)
	}
	return st.Close()
}
