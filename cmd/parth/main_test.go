package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func runArgs(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(append([]string{"parth"}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

// TestUsage: usage errors exit 2 with a message naming the mistake,
// help and --version exit 0, and help <cmd> is the command's help.
func TestUsage(t *testing.T) {
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"bogus"}, 2, `unknown command "bogus"`},
		{[]string{"demo", "--nope", "usdt"}, 2, "flag provided but not defined"},
		{[]string{"demo"}, 2, "name one scenario"},
		{[]string{"demo", "dollars"}, 2, `unknown scenario "dollars"`},
		{[]string{"node", "extra"}, 2, "unexpected arguments"},
		{[]string{"validator"}, 2, "Required flags"},
		{[]string{"validator", "--genesis", "/nonexistent.json", "--datadir", "/tmp/x", "--dev-index", "1"}, 2, "--genesis"},
		{[]string{"validator", "--genesis", "g", "--datadir", "d"}, 2, "--key FILE or --dev-index"},
		{[]string{"anchor", "--rpc", "http://x"}, 2, "--rpc needs --key"},
		{[]string{"node", "--workers", "-1"}, 2, "--workers -1"},
		{[]string{"node", "--validators", "0"}, 2, "--validators 0"},
		{[]string{"node", "--http.rate", "0"}, 2, "--http.rate 0"},
		{[]string{"node", "--http.rate", "-2"}, 2, "--http.rate -2"},
		{[]string{"node", "--http.burst", "0"}, 2, "--http.burst 0"},
		{[]string{"node", "--poh.ticks-per-slot", "0"}, 2, "--poh"},
		{[]string{"--log.level", "loud", "demo", "usdt"}, 2, `--log.level "loud"`},
		{[]string{"--log.format", "xml", "demo", "usdt"}, 2, `--log.format "xml"`},
		{[]string{"--config", "/nonexistent.toml", "demo", "usdt"}, 2, "--config"},
		{[]string{"devnet", "extra"}, 2, "unexpected arguments"},
		{[]string{"devnet", "--seed", "0"}, 2, "--seed 0"},
		{[]string{"devnet", "--accounts", "2"}, 2, "--accounts 2"},
		{[]string{"node", "--accounts", "100001"}, 2, "--accounts 100001"},
		{[]string{"devnet", "--workers", "-1"}, 2, "--workers -1"},
		{[]string{"devnet", "--datadir", ""}, 2, "--datadir is empty"},
	} {
		code, _, errb := runArgs(t, c.args...)
		if code != c.code || !strings.Contains(errb, c.want) {
			t.Errorf("%q: exit %d, stderr %q; want %d with %q", c.args, code, errb, c.code, c.want)
		}
	}
	if code, out, _ := runArgs(t, "--version"); code != 0 || !strings.HasPrefix(out, "parth version ") {
		t.Errorf("--version: %d %q", code, out)
	}
	if code, out, _ := runArgs(t, "help", "node"); code != 0 || !strings.Contains(out, "--datadir") || !strings.Contains(out, "parth node") {
		t.Errorf("help node: %d %q", code, out)
	}
	if code, out, _ := runArgs(t, "--help"); code != 0 || !strings.Contains(out, "prover") {
		t.Errorf("--help: %d %q", code, out)
	}
}

// TestReorder: flags may follow positionals; a "--" ends the flags.
func TestReorder(t *testing.T) {
	app := newApp(nil, nil)
	for _, c := range []struct{ in, want []string }{
		{[]string{"parth", "demo", "usdt", "--reset", "--data", "d"}, []string{"parth", "demo", "--reset", "--data", "d", "usdt"}},
		{[]string{"parth", "--log.level", "debug", "demo", "usdt", "--seed=3"}, []string{"parth", "--log.level", "debug", "demo", "--seed=3", "usdt"}},
		{[]string{"parth", "demo", "--", "--reset"}, []string{"parth", "demo", "--", "--reset"}},
		{[]string{"parth", "help", "node"}, []string{"parth", "help", "node"}},
	} {
		got, err := reorder(app, c.in)
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q: %q %v, want %q", c.in, got, err, c.want)
		}
	}
}

// TestSettingsPrecedence: the command line beats the environment, which
// beats the config file, which beats the default; an unknown key in the
// file is refused.
func TestSettingsPrecedence(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "parth.toml")
	if err := os.WriteFile(cfg, []byte("[demo]\ndata = \""+filepath.Join(dir, "file")+"\"\nseed = 2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	where := func(args ...string) string {
		t.Helper()
		code, _, errb := runArgs(t, append([]string{"--config", cfg, "--log.level", "warn"}, args...)...)
		if code != 0 {
			t.Fatalf("%q: exit %d: %s", args, code, errb)
		}
		for _, d := range []string{"flag", "env", "file"} {
			if _, err := os.Stat(filepath.Join(dir, d, "rubies")); err == nil {
				os.RemoveAll(filepath.Join(dir, d))
				return d
			}
		}
		return "none"
	}
	if got := where("demo", "rubies"); got != "file" {
		t.Errorf("the file's setting was not used: %s", got)
	}
	t.Setenv("PARTH_DEMO_DATA", filepath.Join(dir, "env"))
	if got := where("demo", "rubies"); got != "env" {
		t.Errorf("the environment did not beat the file: %s", got)
	}
	if got := where("demo", "rubies", "--data", filepath.Join(dir, "flag")); got != "flag" {
		t.Errorf("the flag did not beat the environment: %s", got)
	}
	if err := os.WriteFile(cfg, []byte("[demo]\ndta = 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errb := runArgs(t, "--config", cfg, "demo", "rubies"); code != 2 || !strings.Contains(errb, `unknown setting "dta"`) {
		t.Errorf("an unknown setting: %d %q", code, errb)
	}
}

// TestResetRefusesOthers: demo --reset deletes a PARTH store, never a
// directory that is not one.
func TestResetRefusesOthers(t *testing.T) {
	dir := t.TempDir()
	precious := filepath.Join(dir, "usdt", "precious.txt")
	if err := os.MkdirAll(filepath.Dir(precious), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(precious, []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errb := runArgs(t, "--log.level", "warn", "demo", "usdt", "--reset", "--data", dir)
	if code != 1 || !strings.Contains(errb, "not a PARTH store") {
		t.Fatalf("--reset on a foreign directory: exit %d, %q", code, errb)
	}
	if _, err := os.Stat(precious); err != nil {
		t.Fatalf("--reset deleted a foreign file: %v", err)
	}
	os.Remove(precious)
	for i := 0; i < 2; i++ { // a fresh store, then --reset over it
		if code, _, errb := runArgs(t, "--log.level", "warn", "demo", "usdt", "--reset", "--data", dir); code != 0 {
			t.Fatalf("run %d: exit %d: %s", i, code, errb)
		}
	}
}

// TestOperatorsConfigExample: the TOML example in docs/operators.md is a
// valid configuration (every key a flag of its table).
func TestOperatorsConfigExample(t *testing.T) {
	doc, err := os.ReadFile("../../docs/operators.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(doc), "```toml\n")
	example, _, ok2 := strings.Cut(rest, "```")
	if !ok || !ok2 {
		t.Fatal("docs/operators.md has no TOML example")
	}
	cfg := filepath.Join(t.TempDir(), "parth.toml")
	if err := os.WriteFile(cfg, []byte(example), 0o644); err != nil {
		t.Fatal(err)
	}
	// The command line's --workers -1 is refused after the file applied:
	// an unknown key in the file would be refused first.
	code, _, errb := runArgs(t, "--config", cfg, "node", "--workers", "-1")
	if code != 2 || !strings.Contains(errb, "--workers -1") {
		t.Fatalf("the documented configuration: exit %d, %q", code, errb)
	}
}

// Logs are coloured only on a terminal: a pipe or a file gets slog's
// key=value lines, without escape codes.
func TestNoColourOffTerminal(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "log"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var buf bytes.Buffer
	for _, w := range []io.Writer{f, &buf} {
		if colour(w) {
			t.Fatalf("colour on a %T", w)
		}
		log, err := newLogger(w, "info", "text")
		if err != nil {
			t.Fatal(err)
		}
		log.Info("hello", "block", 1)
	}
	raw, err := os.ReadFile(f.Name())
	if err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{string(raw), buf.String()} {
		if strings.Contains(out, "\x1b[") || !strings.Contains(out, `level=INFO msg=hello block=1`) {
			t.Fatalf("log line off a terminal: %q", out)
		}
	}
}

// TestDevnetReset: --reset removes a devnet's data directory and refuses
// one that is not a node's.
func TestDevnetReset(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "thesis.tex"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := resetDevnet(dir); err == nil || !strings.Contains(err.Error(), "not a node's data directory") {
		t.Fatalf("reset of a foreign directory: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "thesis.tex")); err != nil {
		t.Fatal("the foreign directory was touched")
	}
	nd := filepath.Join(t.TempDir(), "chain")
	os.MkdirAll(nd, 0o755)
	os.WriteFile(filepath.Join(nd, "PARTH"), []byte("parth node data directory, format 1\n"), 0o644)
	os.WriteFile(filepath.Join(nd, "genesis.json"), []byte("{}"), 0o644)
	if err := resetDevnet(nd); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(nd); !os.IsNotExist(err) {
		t.Fatalf("the devnet's directory is still there: %v", err)
	}
	if err := resetDevnet(filepath.Join(t.TempDir(), "none")); err != nil {
		t.Fatalf("reset of a missing directory: %v", err)
	}
}

// TestWalletKeys: the wallet imports the dev accounts once (again is a
// no-op), lists them, creates a key only with its account and a valid
// name, never overwrites one, and refuses calls it cannot make before it
// touches the network.
func TestWalletKeys(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "w")
	w := func(args ...string) (int, string, string) {
		t.Helper()
		return runArgs(t, append([]string{"wallet", "--dir", dir}, args...)...)
	}
	if code, out, _ := w("list"); code != 0 || !strings.Contains(out, "no keys") {
		t.Fatalf("list of an empty wallet: %d %q", code, out)
	}
	if code, out, errb := w("dev", "--seed", "3"); code != 0 || strings.Count(out, "imported") != 4 {
		t.Fatalf("dev: %d %q %q", code, out, errb)
	}
	if code, out, _ := w("dev", "--seed", "3"); code != 0 || strings.Count(out, "already in the wallet") != 4 {
		t.Fatalf("dev again: %d %q", code, out)
	}
	if code, _, errb := w("dev", "--seed", "4"); code != 1 || !strings.Contains(errb, `another key named "alice"`) {
		t.Fatalf("dev of another seed over the first: %d %q", code, errb)
	}
	if code, out, errb := w("dev", "--seed", "3", "--accounts", "6"); code != 0 || strings.Count(out, "imported") != 2 || !strings.Contains(out, "dev6") {
		t.Fatalf("dev --accounts 6 over the four: %d %q %q", code, out, errb)
	}
	if code, _, errb := w("dev", "--accounts", "3"); code != 2 || !strings.Contains(errb, "--accounts 3") {
		t.Fatalf("dev --accounts 3: %d %q", code, errb)
	}
	code, out, _ := w("list")
	if code != 0 || !strings.Contains(out, "alice") || !strings.Contains(out, "user 4") || !strings.Contains(out, "dev6") || strings.Count(out, "\n") != 6 {
		t.Fatalf("list: %d %q", code, out)
	}
	if code, out, errb := w("new", "zed", "--user", "9"); code != 0 || !strings.Contains(out, "user 9") {
		t.Fatalf("new: %d %q %q", code, out, errb)
	}
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"new", "zed", "--user", "9"}, 1, "exists"},
		{[]string{"new", "Zed", "--user", "9"}, 2, "key name"},
		{[]string{"new", "yan"}, 2, "--user ID"},
		{[]string{"new"}, 2, "name the key"},
		{[]string{"balance"}, 2, "name the account"},
		{[]string{"state", "alice", "usdt"}, 2, "USER CONTRACT VAR"},
		{[]string{"state", "alice", "tether", "sentTo", "bob"}, 2, `no contract "tether"`},
		{[]string{"state", "alice", "usdt", "balance"}, 2, `no variable "balance"`},
		{[]string{"state", "alice", "usdt", "sentTo"}, 2, "is a map"},
		{[]string{"state", "nobody", "usdt", "sentTo", "1"}, 2, "neither a user id nor a wallet key"},
		{[]string{"call", "alice", "usdt"}, 2, "NAME CONTRACT FUNCTION"},
		{[]string{"call", "nobody", "usdt", "transfer", "bob", "1"}, 2, "no such key"},
		{[]string{"call", "alice", "usdt", "send", "bob", "1"}, 2, `no function "send"`},
		{[]string{"call", "alice", "usdt", "transfer", "bob"}, 2, "takes 2 arguments"},
		{[]string{"call", "alice", "usdt", "transfer", "bob", "21888242871839275222246405745257275088548364400416034343698204186575808495617"}, 2, "out of range"},
		{[]string{"call", "alice", "usdt", "transfer", "nobody", "5"}, 2, "neither a number nor a wallet key"},
		{[]string{"call", "alice", "usdt", "transfer", "bob", "5", "--wait", "done"}, 2, `--wait "done"`},
		{[]string{"call", "alice", "usdt", "transfer", "bob", "5", "+"}, 2, `after the last "+" is missing`},
		{[]string{"call", "alice", "usdt", "transfer", "bob", "5", "+", "usdt"}, 2, "a call is CONTRACT FUNCTION"},
		{[]string{"call", "alice", "usdt", "transfer", "bob", "5", "+", "diamonds", "buyRubies"}, 2, "takes 1 arguments"},
		{[]string{"follow"}, 2, "the submission's ID"},
		{[]string{"follow", "ab", "--wait", "none"}, 2, `--wait "none"`},
		{[]string{"call", "alice", "usdt", "transfer", "bob", "5", "--node", "ftp://x"}, 2, "want http://host:port"},
		{[]string{"balance", "alice", "--genesis", "/nonexistent.json"}, 1, "--genesis"},
	} {
		code, _, errb := w(c.args...)
		if code != c.code || !strings.Contains(errb, c.want) {
			t.Errorf("wallet %q: exit %d, stderr %q; want %d with %q", c.args, code, errb, c.code, c.want)
		}
	}
}
