package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/urfave/cli/v2"

	"github.com/parthnet/parth/api"
	"github.com/parthnet/parth/client"
	"github.com/parthnet/parth/node"
	"github.com/parthnet/parth/prover"
	"github.com/parthnet/parth/session"
	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/apps"
	"github.com/parthnet/parth/wallet"
)

func defaultWalletDir() string {
	if h, err := os.UserHomeDir(); err == nil {
		return filepath.Join(h, ".parth-wallet")
	}
	return ".parth-wallet"
}

// Every wallet flag is the wallet command's (flags may follow the
// subcommand's arguments: they are moved before the subcommand).
func walletCommand() *cli.Command {
	return &cli.Command{
		Name:  "wallet",
		Usage: "keys, verified balances and calls: a user of a node's HTTP API",
		Description: `A wallet keeps signing keys (--dir, one owner-only file each) and talks
to a node over its HTTP API (--node). It trusts only the chain's genesis
file (--genesis: a node writes <datadir>/genesis.json): it reads state at
the latest checkpoint the validators certified, checks the certificate
against the genesis validator set, and checks every value it reads
against that checkpoint's root, so a node cannot show it a false balance.

  parth wallet dev                     import the dev accounts alice, bob, carol, mike
  parth wallet new NAME --user ID      create an EdDSA key for account ID
  parth wallet list                    the keys and the accounts they sign for
  parth wallet balance NAME            every state variable of NAME's account, verified
  parth wallet state USER CONTRACT VAR [KEY]   one state value, verified
  parth wallet call NAME CONTRACT FUNCTION ARGS... [+ CONTRACT FUNCTION ARGS...]
  parth wallet follow ID               follow a submission to --wait

call builds a session against the latest certified checkpoint from state
read and verified through the API, executes it natively (a failing assert
is reported before anything is proven), proves it on this machine (the
user's circuits: a few seconds a call on two cores; the first run loads or
sets up their keys in the key cache), submits the end cap and follows it
to --wait with a status line. CONTRACT is a contract's id, or its name or
a prefix of it (usdt, diamonds); an argument that names a wallet key is that key's
account id: 'parth wallet call alice usdt transfer bob 30'. Several calls,
separated by '+', are one session: 'parth wallet call bob usdt claim alice
+ usdt claim mike'.`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "dir", Value: defaultWalletDir(), Usage: "DIR of the wallet's key files", EnvVars: envVar("wallet.dir")},
			&cli.StringFlag{Name: "node", Value: "http://" + node.DefaultHTTPAddr, Usage: "URL of the node's HTTP API", EnvVars: envVar("wallet.node")},
			&cli.StringFlag{Name: "genesis", Value: filepath.Join(defaultDevnetDir(), "genesis.json"), Usage: "FILE of the chain's genesis (a node's <datadir>/genesis.json; the default is parth devnet's): the only thing the wallet trusts", EnvVars: envVar("wallet.genesis")},
			&cli.Uint64Flag{Name: "seed", Value: 1, Usage: "dev: the seed of the node's development accounts (parth node --seed)", EnvVars: envVar("wallet.seed")},
			&cli.IntFlag{Name: "accounts", Value: apps.SeedAccounts, Usage: "dev: how many of the node's development accounts to import (parth devnet --accounts): alice, bob, carol, mike, then dev5, dev6, ...", EnvVars: envVar("wallet.accounts")},
			&cli.UintFlag{Name: "user", Usage: "new: the account id the key signs for", EnvVars: envVar("wallet.user")},
			&cli.StringFlag{Name: "wait", Value: api.StatusAnchored, Usage: "call: follow the submission until this status (sequenced, included, proven, finalized, anchored), or none", EnvVars: envVar("wallet.wait")},
			&cli.DurationFlag{Name: "timeout", Value: 30 * time.Minute, Usage: "call: give up following after this long (the submission stays)", EnvVars: envVar("wallet.timeout")},
		},
		Before: commandSetup,
		Subcommands: []*cli.Command{
			{Name: "dev", Usage: "import the development accounts (alice, bob, carol, mike; --accounts for more) of a node's --seed", Action: walletDev},
			{Name: "new", Usage: "create an EdDSA key", ArgsUsage: "NAME", Action: walletNew},
			{Name: "list", Usage: "list the keys", Action: walletList},
			{Name: "balance", Usage: "every state variable of an account, verified against the certified checkpoint", ArgsUsage: "NAME|USER", Action: walletBalance},
			{Name: "state", Usage: "one state value, verified", ArgsUsage: "USER CONTRACT VAR [KEY]", Action: walletState},
			{Name: "call", Usage: "prove a call locally and submit it", ArgsUsage: "NAME CONTRACT FUNCTION ARGS...", Action: walletCall},
			{Name: "follow", Usage: "follow a submission to --wait", ArgsUsage: "ID", Action: walletFollow},
		},
	}
}

func walletStore(c *cli.Context) wallet.Store { return wallet.Store{Dir: c.String("dir")} }

func walletDev(c *cli.Context) error {
	if c.NArg() != 0 {
		return usagef("wallet dev: unexpected arguments %q", c.Args().Slice())
	}
	n := c.Int("accounts")
	if n < apps.SeedAccounts || n > apps.MaxAccounts {
		return usagef("wallet dev: --accounts %d: want %d to %d", n, apps.SeedAccounts, apps.MaxAccounts)
	}
	keys, err := apps.DevKeysN(state.NewEdDSA(apps.NativeEdDSACircuitID), c.Uint64("seed"), n)
	if err != nil {
		return err
	}
	s := walletStore(c)
	for i := 1; i <= n; i++ {
		u := state.UserID(i)
		name := strings.ToLower(apps.Name(u))
		k, err := wallet.NewKey(name, uint32(u), keys[u])
		if err != nil {
			return err
		}
		if old, err := s.Get(name); err == nil {
			if old.Secret == k.Secret && old.User == k.User {
				fmt.Fprintf(c.App.Writer, "%-8s user %d  (already in the wallet)\n", name, u)
				continue
			}
			return fmt.Errorf("wallet dev: the wallet has another key named %q: import into another --dir, or remove %s", name, filepath.Join(s.Dir, name+".json"))
		}
		if err := s.Put(k); err != nil {
			return err
		}
		fmt.Fprintf(c.App.Writer, "%-8s user %d  imported (development key of seed %d: public, for devnets only)\n", name, u, c.Uint64("seed"))
	}
	return nil
}

func walletNew(c *cli.Context) error {
	if c.NArg() != 1 {
		return usagef("wallet new: name the key: parth wallet new NAME --user ID")
	}
	name := c.Args().First()
	if err := wallet.CheckName(name); err != nil {
		return usageError{err}
	}
	if !c.IsSet("user") || c.Uint("user") == 0 || c.Uint("user") > 1<<32-1 {
		return usagef("wallet new: --user ID: the account (1 to 2^32-1) the key will sign for, once a genesis registers its public key")
	}
	sk, err := state.NewEdDSA(apps.NativeEdDSACircuitID).GenerateKey(rand.Reader)
	if err != nil {
		return err
	}
	k, err := wallet.NewKey(name, uint32(c.Uint("user")), sk)
	if err != nil {
		return err
	}
	if err := walletStore(c).Put(k); err != nil {
		return err
	}
	fmt.Fprintf(c.App.Writer, "%s: a new %s key for user %d, public key %s\n", name, k.Scheme, k.User, k.PublicKey)
	return nil
}

func walletList(c *cli.Context) error {
	if c.NArg() != 0 {
		return usagef("wallet list: unexpected arguments %q", c.Args().Slice())
	}
	keys, err := walletStore(c).List()
	if err != nil {
		return err
	}
	if len(keys) == 0 {
		fmt.Fprintf(c.App.Writer, "no keys in %s ('parth wallet dev' imports the dev accounts)\n", c.String("dir"))
		return nil
	}
	for _, k := range keys {
		fmt.Fprintf(c.App.Writer, "%-12s %-12s user %-6d %s\n", k.Name, k.Scheme, k.User, k.PublicKey)
	}
	return nil
}

// connect opens the node and the trusted, certified checkpoint.
func connect(c *cli.Context) (*client.Client, *client.Trust, state.Checkpoint, error) {
	cl, err := client.New(c.String("node"))
	if err != nil {
		return nil, nil, state.Checkpoint{}, usageError{err}
	}
	tr, err := client.LoadTrust(c.String("genesis"))
	if err != nil {
		return nil, nil, state.Checkpoint{}, fmt.Errorf("--genesis: %w", err)
	}
	if _, err := tr.Check(c.Context, cl); err != nil {
		return nil, nil, state.Checkpoint{}, err
	}
	cp, err := tr.Checkpoint(c.Context, cl, "finalized")
	if err != nil {
		return nil, nil, state.Checkpoint{}, err
	}
	return cl, tr, cp, nil
}

// userArg is a user id, or the account of a wallet key of that name.
func userArg(c *cli.Context, s string) (state.UserID, error) {
	if v, err := strconv.ParseUint(s, 10, 32); err == nil {
		return state.UserID(v), nil
	}
	k, err := walletStore(c).Get(s)
	if err != nil {
		return 0, usagef("%q is neither a user id nor a wallet key: %v", s, err)
	}
	return state.UserID(k.User), nil
}

// contractArg is a contract of reg by id, or by its name or a prefix of
// it that names one contract (case-insensitive): usdt, diamonds.
func contractArg(reg state.Registry, s string) (state.ContractID, *state.Contract, error) {
	if v, err := strconv.ParseUint(s, 10, 32); err == nil {
		if ct, ok := reg[state.ContractID(v)]; ok {
			return state.ContractID(v), ct, nil
		}
	}
	var names []string
	var found []state.ContractID
	for id, ct := range reg {
		if strings.EqualFold(s, ct.Name) {
			return id, ct, nil
		}
		if s != "" && strings.HasPrefix(strings.ToLower(ct.Name), strings.ToLower(s)) {
			found = append(found, id)
		}
		names = append(names, fmt.Sprintf("%s (%d)", ct.Name, id))
	}
	slices.Sort(names)
	if len(found) == 1 {
		return found[0], reg[found[0]], nil
	}
	if len(found) > 1 {
		return 0, nil, usagef("%q names more than one contract: this chain has %s", s, strings.Join(names, ", "))
	}
	return 0, nil, usagef("no contract %q: this chain has %s", s, strings.Join(names, ", "))
}

func walletBalance(c *cli.Context) error {
	if c.NArg() != 1 {
		return usagef("wallet balance: name the account: a wallet key or a user id")
	}
	u, err := userArg(c, c.Args().First())
	if err != nil {
		return err
	}
	cl, _, cp, err := connect(c)
	if err != nil {
		return err
	}
	view := cl.Snapshot(c.Context, cp).View()
	acct, err := view.Account(u)
	if err != nil {
		return err
	}
	w := c.App.Writer
	fmt.Fprintf(w, "user %d at CHKP(%d) %s (certified; every value verified against it), nonce %d\n", u, cp.Number, api.Element(cp.Root), acct.Nonce)
	reg := apps.Registry()
	ids := make([]state.ContractID, 0, len(reg))
	for id := range reg {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		ct := reg[id]
		for slot, v := range ct.Vars {
			key := uint32(0)
			label := v.Name
			if v.Map {
				key, label = uint32(u), fmt.Sprintf("%s[%d]", v.Name, u)
			}
			val, err := view.Tree(state.CStateTree(u, id)).Get(state.SlotIndex(state.Slot(slot), key))
			if err != nil {
				return err
			}
			fmt.Fprintf(w, "  %-20s %-24s %s\n", ct.Name, label, val.String())
		}
	}
	return nil
}

func walletState(c *cli.Context) error {
	if c.NArg() < 3 || c.NArg() > 4 {
		return usagef("wallet state: USER CONTRACT VAR [KEY]")
	}
	u, err := userArg(c, c.Args().Get(0))
	if err != nil {
		return err
	}
	id, ct, err := contractArg(apps.Registry(), c.Args().Get(1))
	if err != nil {
		return err
	}
	slot := -1
	for i, v := range ct.Vars {
		if v.Name == c.Args().Get(2) {
			slot = i
		}
	}
	if slot < 0 {
		var vars []string
		for _, v := range ct.Vars {
			vars = append(vars, v.Name)
		}
		return usagef("%s has no variable %q: it has %s", ct.Name, c.Args().Get(2), strings.Join(vars, ", "))
	}
	var key uint32
	if ct.Vars[slot].Map {
		if c.NArg() != 4 {
			return usagef("%s.%s is a map: give its KEY (a user id or wallet key)", ct.Name, ct.Vars[slot].Name)
		}
		k, err := userArg(c, c.Args().Get(3))
		if err != nil {
			return err
		}
		key = uint32(k)
	} else if c.NArg() == 4 {
		return usagef("%s.%s is not a map: it takes no KEY", ct.Name, ct.Vars[slot].Name)
	}
	cl, _, cp, err := connect(c)
	if err != nil {
		return err
	}
	val, err := cl.Snapshot(c.Context, cp).View().Tree(state.CStateTree(u, id)).Get(state.SlotIndex(state.Slot(slot), key))
	if err != nil {
		return err
	}
	fmt.Fprintf(c.App.Writer, "%s\n", val.String())
	logger(c).Info("state read", "user", u, "contract", ct.Name, "slot", slot, "key", key, "checkpoint", cp.Number, "root", api.Element(cp.Root), "verified", true)
	return nil
}

func walletCall(c *cli.Context) error {
	if c.NArg() < 3 {
		return usagef("wallet call: NAME CONTRACT FUNCTION ARGS...")
	}
	wait := c.String("wait")
	if wait != "none" && !api.Waitable(wait) {
		return usagef("--wait %q: want sequenced, included, proven, finalized, anchored or none", wait)
	}
	args := c.Args().Slice()
	key, err := walletStore(c).Get(args[0])
	if err != nil {
		return usageError{err}
	}
	// Calls are separated by "+": NAME C F ARGS... + C F ARGS...
	var calls []state.Call
	var descs []string
	for rest := args[1:]; len(rest) > 0; {
		n := slices.Index(rest, "+")
		if n < 0 {
			n = len(rest)
		}
		call, desc, err := parseCall(c, rest[:n])
		if err != nil {
			return err
		}
		calls, descs = append(calls, call), append(descs, desc)
		if n == len(rest) {
			break
		}
		if rest = rest[n+1:]; len(rest) == 0 {
			return usagef("wallet call: a call after the last \"+\" is missing")
		}
	}
	log := logger(c)
	cl, _, cp, err := connect(c)
	if err != nil {
		return err
	}
	out := c.App.Writer

	// The user's circuits (from the key cache, or set up once).
	t0 := time.Now()
	setup, err := prover.DevSetup(log)
	if err != nil {
		return err
	}
	uk, err := session.LoadKeys(setup)
	if err != nil {
		return err
	}
	log.Info("user keys loaded", "elapsed", time.Since(t0).Round(time.Millisecond))
	sk, err := key.Signer(uk.Scheme())
	if err != nil {
		return err
	}
	snap := cl.Snapshot(c.Context, cp)
	view := snap.View()
	u := state.UserID(key.User)
	acct, err := view.Account(u)
	if err != nil {
		return err
	}
	if pk, err := state.KeyHash(sk); err != nil {
		return err
	} else if !pk.Equal(&acct.PublicKey) {
		return fmt.Errorf("wallet call: key %q does not sign for user %d: the account's public key is %s, the key's %s", key.Name, u, api.Element(acct.PublicKey), api.Element(pk))
	}
	sess := state.Session{User: u, Nonce: acct.Nonce, Checkpoint: cp.Number, Calls: calls}
	reg := uk.Registry()
	// Natively first: a failing assert is reported with its message
	// before a second is spent proving.
	if _, err := state.Execute(reg, view, sess); err != nil {
		return fmt.Errorf("the call fails on CHKP(%d): %w", cp.Number, err)
	}
	fmt.Fprintf(out, "%s (user %d, nonce %d): %s against CHKP(%d) %s; %d verified reads\n", key.Name, u, acct.Nonce, strings.Join(descs, "; "), cp.Number, api.Element(cp.Root), snap.Fetches())
	t1 := time.Now()
	b, err := (&session.Prover{Keys: uk, Log: log}).Prove(reg, view, sk, sess)
	if err != nil {
		return err
	}
	job, err := b.Job()
	if err != nil {
		return err
	}
	raw, err := job.MarshalBinary()
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "proven in %v (%d bytes)\n", time.Since(t1).Round(10*time.Millisecond), len(raw))
	ctx, cancel := context.WithTimeout(c.Context, c.Duration("timeout"))
	defer cancel()
	// A dropped end cap is not cancelled (anyone holding it may submit it
	// again while its checkpoint is in the window), so the wallet submits
	// the same bytes again rather than signing another session for the
	// nonce, which would race it.
	for attempt := 1; ; attempt++ {
		sub, err := cl.Submit(ctx, raw)
		var e *api.Error
		if errors.As(err, &e) && e.Code == api.CodeNotLeader {
			return fmt.Errorf("%s does not lead the chain (%s): point --node at the leader", cl.URL(), e.Message)
		} else if err != nil {
			return err
		}
		// The id is the end cap's hash: a node cannot name another submission.
		if want := job.Header.Event(); sub.ID != hex.EncodeToString(want[:]) {
			return fmt.Errorf("the node answered with submission %s, not this end cap's %x: not following it", sub.ID, want[:])
		}
		fmt.Fprintf(out, "submitted: %s/v1/submissions/%s\n", cl.URL(), sub.ID)
		if wait == "none" {
			printStatus(out, *sub, t1)
			return nil
		}
		err = follow(ctx, c, cl, sub.ID, wait, t1)
		if !errors.Is(err, errDropped) || attempt == maxResubmits {
			return err
		}
		fmt.Fprintf(out, "dropped: submitting the same end cap again (%d of %d)\n", attempt, maxResubmits-1)
	}
}

// errDropped is a followed submission the node dropped.
var errDropped = errors.New("the submission was dropped")

// maxResubmits is how many times wallet call submits a dropped end cap.
const maxResubmits = 3

func walletFollow(c *cli.Context) error {
	if c.NArg() != 1 {
		return usagef("wallet follow: the submission's ID (64 hex digits)")
	}
	wait := c.String("wait")
	if !api.Waitable(wait) {
		return usagef("--wait %q: want sequenced, included, proven, finalized or anchored", wait)
	}
	cl, err := client.New(c.String("node"))
	if err != nil {
		return usageError{err}
	}
	ctx, cancel := context.WithTimeout(c.Context, c.Duration("timeout"))
	defer cancel()
	return follow(ctx, c, cl, c.Args().First(), wait, time.Now())
}

// follow prints a submission's statuses until it is at wait.
func follow(ctx context.Context, c *cli.Context, cl *client.Client, id, wait string, since time.Time) error {
	out := c.App.Writer
	last, err := cl.Follow(ctx, id, wait, func(s api.Submission) { printStatus(out, s, since) })
	if err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	if last != nil && last.Status == api.StatusDropped {
		return fmt.Errorf("%w: %s", errDropped, last.Reason)
	}
	if last == nil || !last.Reached(wait) {
		status := "unknown"
		if last != nil {
			status = last.Status
		}
		return fmt.Errorf("the submission is %s after %v (not %s): follow it at %s/v1/submissions/%s", status, c.Duration("timeout"), wait, cl.URL(), id)
	}
	return nil
}

// parseCall is one call: CONTRACT FUNCTION ARGS..., and how to say it.
func parseCall(c *cli.Context, a []string) (state.Call, string, error) {
	if len(a) < 2 {
		return state.Call{}, "", usagef("wallet call: a call is CONTRACT FUNCTION ARGS..., not %q", strings.Join(a, " "))
	}
	id, ct, err := contractArg(apps.Registry(), a[0])
	if err != nil {
		return state.Call{}, "", err
	}
	fid, err := ct.FunctionID(a[1])
	if err != nil {
		var fns []string
		for _, f := range ct.Functions {
			fns = append(fns, fmt.Sprintf("%s(%s)", f.Name, strings.Join(f.Params, ", ")))
		}
		return state.Call{}, "", usagef("%s has no function %q: it has %s", ct.Name, a[1], strings.Join(fns, ", "))
	}
	fn := ct.Functions[fid]
	if len(a)-2 != len(fn.Params) {
		return state.Call{}, "", usagef("%s.%s takes %d arguments (%s), not %d", ct.Name, fn.Name, len(fn.Params), strings.Join(fn.Params, ", "), len(a)-2)
	}
	call := state.Call{Contract: id, Function: fid}
	for i, arg := range a[2:] {
		v, err := numberArg(c, arg)
		if err != nil {
			return state.Call{}, "", usagef("%s.%s's %s: %v", ct.Name, fn.Name, fn.Params[i], err)
		}
		call.Args = append(call.Args, v)
	}
	return call, fmt.Sprintf("%s.%s(%s)", ct.Name, fn.Name, strings.Join(a[2:], ", ")), nil
}

func printStatus(w interface{ Write([]byte) (int, error) }, s api.Submission, since time.Time) {
	line := fmt.Sprintf("  %6.1fs  %-9s", time.Since(since).Seconds(), s.Status)
	switch {
	case s.Status == api.StatusSequenced:
		line += fmt.Sprintf(" PoH position %d, slot %d", s.Position, s.Slot)
	case s.L1Tx != "":
		line += fmt.Sprintf(" block %d, CHKP %s, L1 tx %s", s.Block, s.CHKP, s.L1Tx)
	case s.Block != 0:
		line += fmt.Sprintf(" block %d, result %s", s.Block, s.Result)
		if s.CHKP != "" {
			line += ", CHKP " + s.CHKP
		}
	}
	if s.Reason != "" {
		line += ": " + s.Reason
	}
	fmt.Fprintln(w, line)
}

// numberArg is a call argument: a decimal below the field's modulus, or a
// wallet key's account id.
func numberArg(c *cli.Context, s string) (fr.Element, error) {
	var e fr.Element
	if n, ok := new(big.Int).SetString(s, 10); ok {
		if n.Sign() < 0 || n.Cmp(fr.Modulus()) >= 0 {
			return e, fmt.Errorf("%s is out of range (0 to the field's modulus)", s)
		}
		e.SetBigInt(n)
		return e, nil
	}
	if k, err := walletStore(c).Get(s); err == nil {
		e.SetUint64(uint64(k.User))
		return e, nil
	}
	return e, fmt.Errorf("%q is neither a number nor a wallet key", s)
}
