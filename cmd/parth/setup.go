package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
	gnarklog "github.com/consensys/gnark/logger"
	gethlog "github.com/ethereum/go-ethereum/log"
	"github.com/mattn/go-isatty"
	"github.com/rs/zerolog"
	"github.com/urfave/cli/v2"
)

func globalFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "config", Usage: "read settings from this TOML FILE: top-level keys are the global flags, a [node] (or [prover], [demo]) table the command's; unknown keys are errors", EnvVars: envVar("config")},
		&cli.StringFlag{Name: "log.level", Value: "info", Usage: "log LEVEL: debug, info, warn or error (debug includes gnark's)", EnvVars: envVar("log.level")},
		&cli.StringFlag{Name: "log.format", Value: "text", Usage: "log FORMAT: text or json (one object a line)", EnvVars: envVar("log.format")},
	}
}

// setup reads the config file's global settings and makes the logger
// (app.Metadata["log"]); gnark's logs go to it at debug level.
func setup(c *cli.Context) error {
	cfg, err := readConfig(c.String("config"))
	if err != nil {
		return err
	}
	c.App.Metadata = map[string]any{"config": cfg}
	if err := applyConfig(c, c.App.Flags, cfg.top, ""); err != nil {
		return err
	}
	log, err := newLogger(c.App.ErrWriter, c.String("log.level"), c.String("log.format"))
	if err != nil {
		return err
	}
	c.App.Metadata["log"] = log
	gnarklog.Set(zerolog.New(zerologBridge{log}).Level(zerolog.DebugLevel))
	return nil
}

// commandSetup applies the config file's table of the command.
func commandSetup(c *cli.Context) error {
	cfg, _ := c.App.Metadata["config"].(*configFile)
	if cfg == nil {
		return nil
	}
	return applyConfig(c, c.Command.Flags, cfg.tables[c.Command.Name], "["+c.Command.Name+"] ")
}

func logger(c *cli.Context) *slog.Logger {
	if l, ok := c.App.Metadata["log"].(*slog.Logger); ok {
		return l
	}
	return slog.New(slog.NewTextHandler(c.App.ErrWriter, nil))
}

func newLogger(w io.Writer, level, format string) (*slog.Logger, error) {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil {
		return nil, usagef("--log.level %q: want debug, info, warn or error", level)
	}
	opts := &slog.HandlerOptions{Level: lv}
	switch format {
	case "text":
		if colour(w) {
			return slog.New(gethlog.NewTerminalHandlerWithLevel(w, lv, true)), nil
		}
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, usagef("--log.format %q: want text or json", format)
}

// colour reports whether logs to w are coloured: only on a terminal, and
// not when NO_COLOR is set (no-color.org) or TERM is "dumb". Elsewhere
// (files, pipes, journald) the text format is slog's key=value lines.
func colour(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return false
	}
	return isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())
}

// zerologBridge writes gnark's zerolog events (JSON objects) to slog.
type zerologBridge struct{ log *slog.Logger }

func (b zerologBridge) Write(p []byte) (int, error) {
	var m map[string]any
	if err := json.Unmarshal(p, &m); err != nil {
		b.log.Debug(strings.TrimSpace(string(p)), "component", "gnark")
		return len(p), nil
	}
	lv := slog.LevelDebug
	switch m["level"] {
	case "warn":
		lv = slog.LevelWarn
	case "error", "fatal", "panic":
		lv = slog.LevelError
	}
	msg, _ := m["message"].(string)
	delete(m, "level")
	delete(m, "message")
	delete(m, "time")
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	attrs := []any{"component", "gnark"}
	for _, k := range keys {
		attrs = append(attrs, k, m[k])
	}
	b.log.Log(context.Background(), lv, msg, attrs...)
	return len(p), nil
}

// configFile is a parsed --config file: the global settings and a table
// per command.
type configFile struct {
	path   string
	top    map[string]any
	tables map[string]map[string]any
}

func readConfig(path string) (*configFile, error) {
	cfg := &configFile{path: path, top: map[string]any{}, tables: map[string]map[string]any{}}
	if path == "" {
		return cfg, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, usagef("--config: %v", err)
	}
	var raw map[string]any
	if err := toml.Unmarshal(b, &raw); err != nil {
		return nil, usagef("--config %s: %v", path, err)
	}
	for k, v := range raw {
		if t, ok := v.(map[string]any); ok && isCommand(k) {
			cfg.tables[k] = flatten("", t)
			continue
		}
		for fk, fv := range flatten(k, map[string]any{"": v}) {
			cfg.top[fk] = fv
		}
	}
	return cfg, nil
}

func isCommand(name string) bool {
	for _, c := range newApp(io.Discard, io.Discard).Commands {
		if c.Name == name {
			return true
		}
	}
	return false
}

// flatten turns nested tables into dotted keys: [http] addr → http.addr.
func flatten(prefix string, t map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range t {
		key := k
		if prefix != "" && k != "" {
			key = prefix + "." + k
		} else if prefix != "" {
			key = prefix
		}
		if sub, ok := v.(map[string]any); ok {
			for sk, sv := range flatten(key, sub) {
				out[sk] = sv
			}
			continue
		}
		out[key] = v
	}
	return out
}

// applyConfig sets each flag the file names and neither the command line
// nor the environment did. A key that is no flag is an error.
func applyConfig(c *cli.Context, flags []cli.Flag, values map[string]any, where string) error {
	known := map[string]bool{}
	for _, f := range flags {
		for _, n := range f.Names() {
			known[n] = true
		}
	}
	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !known[k] {
			return usagef("config file: %sunknown setting %q", where, k)
		}
		if c.IsSet(k) {
			continue
		}
		vals := []any{values[k]}
		if list, ok := values[k].([]any); ok {
			vals = list
		}
		for _, v := range vals {
			if err := c.Set(k, fmt.Sprint(v)); err != nil {
				return usagef("config file: %s%s = %v: %v", where, k, v, err)
			}
		}
	}
	return nil
}
