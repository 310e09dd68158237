package state_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/apps"
	"github.com/parthnet/parth/state/hashing"
	"github.com/parthnet/parth/state/smt"
)

func newWorld(t *testing.T) *apps.World {
	t.Helper()
	w, err := apps.NewWorld(state.NewMemStore(), 7)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func endCap(t *testing.T, w *apps.World, u state.UserID, calls ...state.Call) *state.EndCap {
	t.Helper()
	ec, err := w.EndCap(u, calls...)
	if err != nil {
		t.Fatal(err)
	}
	return ec
}

// rejectBlock applies caps, expects want, and checks the store did not move.
func rejectBlock(t *testing.T, w *apps.World, want error, caps ...*state.EndCap) error {
	t.Helper()
	before, _ := w.Chain.Head()
	_, err := w.Chain.ApplyBlock(caps, apps.SlotPoH(before.Number+1))
	if !errors.Is(err, want) {
		t.Fatalf("got %v, want %v", err, want)
	}
	after, _ := w.Chain.Head()
	if after != before {
		t.Fatalf("rejected block moved the head from %d to %d", before.Number, after.Number)
	}
	return err
}

func TestRejectDuplicateUser(t *testing.T) {
	w := newWorld(t)
	a1 := endCap(t, w, apps.Alice, apps.Transfer(apps.USDTContract, apps.Bob, 1))
	a2 := endCap(t, w, apps.Alice, apps.Transfer(apps.USDTContract, apps.Carol, 1))
	rejectBlock(t, w, state.ErrDuplicateUser, a1, a2)
	// The store is unchanged: each alone still applies.
	if _, err := w.Chain.ApplyBlock([]*state.EndCap{a1}, apps.SlotPoH(1)); err != nil {
		t.Fatal(err)
	}
}

func TestRejectReplay(t *testing.T) {
	w := newWorld(t)
	a := endCap(t, w, apps.Alice, apps.Transfer(apps.USDTContract, apps.Bob, 5))
	if _, err := w.Chain.ApplyBlock([]*state.EndCap{a}, apps.SlotPoH(1)); err != nil {
		t.Fatal(err)
	}
	// The same end cap again: its checkpoint is still in the window, but
	// its nonce is spent.
	rejectBlock(t, w, state.ErrBadNonce, a)
	// A fresh session that reuses the spent nonce.
	_, err := w.Chain.Execute(state.Session{User: apps.Alice, Nonce: 0, Checkpoint: 1,
		Calls: []state.Call{apps.Transfer(apps.USDTContract, apps.Bob, 5)}})
	if !errors.Is(err, state.ErrBadNonce) {
		t.Fatalf("replayed nonce: %v", err)
	}
	// Same, smuggled into an end cap whose header is otherwise current.
	b := endCap(t, w, apps.Alice, apps.Transfer(apps.USDTContract, apps.Bob, 5))
	b.Session.Nonce, b.Header.Nonce = 0, 0
	rejectBlock(t, w, state.ErrBadNonce, b)
}

func TestRejectForeignWrite(t *testing.T) {
	w := newWorld(t)
	a := endCap(t, w, apps.Alice, apps.Transfer(apps.USDTContract, apps.Bob, 5))
	bob := endCap(t, w, apps.Bob, apps.Transfer(apps.USDTContract, apps.Carol, 5))
	// Alice's end cap carries a delta on Bob's CSTATE tree.
	a.Deltas = append(a.Deltas, state.TreeDelta{Tree: state.CStateTree(apps.Bob, apps.USDTContract), Proof: bob.Deltas[0].Proof})
	rejectBlock(t, w, state.ErrForeignWrite, a)
	// Or on a global tree.
	a = endCap(t, w, apps.Alice, apps.Transfer(apps.USDTContract, apps.Bob, 5))
	a.Deltas[0].Tree = state.GUSRTree
	rejectBlock(t, w, state.ErrForeignWrite, a)
}

func TestRejectTamperedDelta(t *testing.T) {
	w := newWorld(t)
	one := hashing.Uint(1)
	cases := map[string]func(ec *state.EndCap){
		"sibling":   func(ec *state.EndCap) { ec.Deltas[0].Proof.Siblings[3].Add(&ec.Deltas[0].Proof.Siblings[3], &one) },
		"old value": func(ec *state.EndCap) { ec.Deltas[0].Proof.OldValue = hashing.Uint(1000) },
		"new value": func(ec *state.EndCap) { ec.Deltas[0].Proof.NewValue = hashing.Uint(1000) },
		"dropped":   func(ec *state.EndCap) { ec.Deltas = ec.Deltas[1:] },
		"ucon end":  func(ec *state.EndCap) { ec.Header.UCONAfter = hashing.Uint(5) },
		"payload":   func(ec *state.EndCap) { ec.Header.Payload = hashing.Uint(5) },
	}
	for name, mutate := range cases {
		t.Run(name, func(t *testing.T) {
			ec := endCap(t, w, apps.Alice, apps.Transfer(apps.USDTContract, apps.Bob, 5))
			mutate(ec)
			rejectBlock(t, w, state.ErrEndCapMismatch, ec)
		})
	}
}

func TestRejectSignature(t *testing.T) {
	w := newWorld(t)
	res, err := w.Chain.Execute(state.Session{User: apps.Alice, Checkpoint: 0,
		Calls: []state.Call{apps.Transfer(apps.USDTContract, apps.Bob, 5)}})
	if err != nil {
		t.Fatal(err)
	}
	// Signed by Bob's key: not Alice's public key.
	byBob, _ := res.Sign(w.Keys[apps.Bob])
	rejectBlock(t, w, state.ErrWrongKey, byBob)
	// Alice's key, but a signature over another payload (another nonce).
	ec, _ := res.Sign(w.Keys[apps.Alice])
	other := state.Payload(res.Checkpoint.Chain, apps.Alice, 1, res.Header.UCONBefore, res.Header.UCONAfter)
	ec.Signature.Sig, _ = w.Keys[apps.Alice].Sign(other)
	rejectBlock(t, w, state.ErrBadSignature, ec)
	// Unknown scheme.
	ec, _ = res.Sign(w.Keys[apps.Alice])
	ec.Signature.Scheme = "rsa"
	rejectBlock(t, w, state.ErrUnknownScheme, ec)
}

func TestRejectNonCheckpointRead(t *testing.T) {
	w := newWorld(t)
	// Block 1 exists; the session claims to read a checkpoint not yet final.
	_, err := w.Chain.Execute(state.Session{User: apps.Alice, Checkpoint: 1,
		Calls: []state.Call{apps.Transfer(apps.USDTContract, apps.Bob, 5)}})
	if !errors.Is(err, state.ErrUnknownCheckpoint) {
		t.Fatalf("future checkpoint: %v", err)
	}
	if _, err := w.Block(apps.Step{User: apps.Alice, Calls: []state.Call{apps.Transfer(apps.USDTContract, apps.Bob, 5)}}); err != nil {
		t.Fatal(err)
	}
	// A read proof only verifies against its own checkpoint.
	v1, _ := w.Chain.View(1)
	p, err := v1.Read(apps.Alice, apps.USDTContract, state.SlotIndex(0, uint32(apps.Bob)))
	if err != nil {
		t.Fatal(err)
	}
	if p.Value != hashing.Uint(5) {
		t.Fatalf("read %s, want 5", p.Value.String())
	}
	head, _ := w.Chain.Head()
	v0, _ := w.Chain.View(0)
	if err := p.Verify(v0.Checkpoint().Root); !errors.Is(err, state.ErrCheckpointMismatch) {
		t.Fatalf("read proof against another checkpoint: %v", err)
	}
	if err := p.Verify(head.Root); err != nil {
		t.Fatal(err)
	}
	// Tamper with each link.
	bad := *p
	bad.Value = hashing.Uint(6)
	if err := bad.Verify(head.Root); !errors.Is(err, state.ErrCheckpointMismatch) {
		t.Fatalf("tampered value: %v", err)
	}
	bad = *p
	bad.Account.Nonce++
	if err := bad.Verify(head.Root); !errors.Is(err, state.ErrCheckpointMismatch) {
		t.Fatalf("tampered nonce: %v", err)
	}
	bad = *p
	bad.UCON.Siblings = append([]fr.Element(nil), p.UCON.Siblings...)
	bad.UCON.Siblings[0] = hashing.Uint(9)
	if err := bad.Verify(head.Root); !errors.Is(err, smt.ErrRootMismatch) {
		t.Fatalf("tampered ucon sibling: %v", err)
	}
}

func TestContractErrors(t *testing.T) {
	w := newWorld(t)
	cases := []struct {
		name string
		user state.UserID
		call state.Call
		want error
		msg  string
	}{
		{"insufficient balance", apps.Alice, apps.Transfer(apps.USDTContract, apps.Bob, 301), state.ErrAssert, "insufficient balance"},
		{"send to self", apps.Alice, apps.Transfer(apps.USDTContract, apps.Alice, 1), state.ErrAssert, "you cannot send tokens to yourself"},
		{"nothing to claim", apps.Bob, apps.Claim(apps.USDTContract, apps.Alice), state.ErrAssert, "no tokens to claim"},
		{"claim from self", apps.Bob, apps.Claim(apps.USDTContract, apps.Bob), state.ErrAssert, "you cannot claim tokens from yourself"},
		{"not enough diamonds", apps.Mike, apps.BuyRubies(apps.RubiesContract, 5), state.ErrAssert, "you do not have enough diamonds"},
		{"cost overflows", apps.Mike, apps.BuyRubies(apps.RubiesContract, 1<<63), state.ErrOverflow, ""},
		{"unknown contract", apps.Alice, state.Call{Contract: 9}, state.ErrUnknownContract, ""},
		{"unknown function", apps.Alice, state.Call{Contract: apps.USDTContract, Function: 7}, state.ErrUnknownFunction, ""},
		{"arity", apps.Alice, state.Call{Contract: apps.USDTContract, Function: 1}, state.ErrBadArgs, ""},
		{"arg not a uint", apps.Alice, state.Call{Contract: apps.USDTContract, Function: 1, Args: []fr.Element{hashing.Hash(hashing.TagArgs)}}, state.ErrNotUint, ""},
		{"unknown user", 99, apps.Transfer(apps.USDTContract, apps.Bob, 1), state.ErrUnknownUser, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := w.Chain.Execute(state.Session{User: c.user, Checkpoint: 0, Calls: []state.Call{c.call}})
			if !errors.Is(err, c.want) {
				t.Fatalf("got %v, want %v", err, c.want)
			}
			var ae *state.AssertError
			if c.msg != "" && (!errors.As(err, &ae) || ae.Message != c.msg || !strings.Contains(err.Error(), c.msg)) {
				t.Fatalf("got %v, want message %q", err, c.msg)
			}
		})
	}
	if _, err := w.Chain.Execute(state.Session{User: apps.Alice}); !errors.Is(err, state.ErrEmptySession) {
		t.Fatalf("empty session: %v", err)
	}
}

func TestNotWhitelisted(t *testing.T) {
	w := newWorld(t)
	// The code run for the contract differs from what GCON whitelisted at
	// deployment (a function whose circuit identity changed).
	reg := apps.Registry()
	reg[apps.USDTContract].Functions[0].Ref = hashing.Uint(42)
	v, _ := w.Chain.View(0)
	_, err := state.Execute(reg, v, state.Session{User: apps.Alice, Calls: []state.Call{apps.Transfer(apps.USDTContract, apps.Bob, 1)}})
	if !errors.Is(err, state.ErrNotWhitelisted) {
		t.Fatalf("got %v", err)
	}
}

// TestSessionIsolation: a session's calls see each other's writes, its reads
// of others are at the checkpoint, and nothing is visible before the block.
func TestSessionIsolation(t *testing.T) {
	w := newWorld(t)
	ec := endCap(t, w, apps.Alice,
		apps.Transfer(apps.USDTContract, apps.Bob, 100),
		apps.Transfer(apps.USDTContract, apps.Bob, 100),
		apps.Transfer(apps.USDTContract, apps.Carol, 100))
	// A fourth transfer would overdraw: the calls chain on Alice's own state.
	if _, err := w.EndCap(apps.Alice,
		apps.Transfer(apps.USDTContract, apps.Bob, 200),
		apps.Transfer(apps.USDTContract, apps.Bob, 200)); !errors.Is(err, state.ErrAssert) {
		t.Fatalf("overdraw across calls: %v", err)
	}
	// Bob cannot claim in the same block: Alice's transfer is not at the checkpoint.
	if _, err := w.EndCap(apps.Bob, apps.Claim(apps.USDTContract, apps.Alice)); !errors.Is(err, state.ErrAssert) {
		t.Fatalf("claim before checkpoint: %v", err)
	}
	cp, err := w.Chain.ApplyBlock([]*state.EndCap{ec}, apps.SlotPoH(1))
	if err != nil {
		t.Fatal(err)
	}
	v, _ := w.Chain.View(cp.Number)
	if b, _ := apps.Balance(v, apps.USDTContract, apps.Alice); b != 0 {
		t.Fatalf("Alice has %d", b)
	}
	acct, _ := v.Account(apps.Alice)
	if acct.Nonce != 1 {
		t.Fatalf("nonce %d after one session", acct.Nonce)
	}
	// The old checkpoint still reads the old state.
	v0, _ := w.Chain.View(0)
	if b, _ := apps.Balance(v0, apps.USDTContract, apps.Alice); b != 300 {
		t.Fatalf("CHKP(0) now says Alice has %d", b)
	}
}

func TestCheckpointChain(t *testing.T) {
	w := newWorld(t)
	for _, steps := range apps.USDTBlocks {
		if _, err := w.Block(steps...); err != nil {
			t.Fatal(err)
		}
	}
	head, _ := w.Chain.Head()
	for n := head.Number; n > 0; n-- {
		v, _ := w.Chain.View(n)
		prev, _ := w.Chain.View(n - 1)
		cp, pp := v.Checkpoint(), prev.Checkpoint()
		if err := cp.Verify(); err != nil {
			t.Fatal(err)
		}
		if cp.Prev != pp.Root {
			t.Fatalf("CHKP(%d).prev is not CHKP(%d)", n, n-1)
		}
		if cp.GCONRoot != pp.GCONRoot {
			t.Fatalf("GCON changed without a deployment")
		}
	}
	if _, err := w.Chain.InitGenesis(state.Genesis{}); !errors.Is(err, state.ErrGenesisExists) {
		t.Fatalf("second genesis: %v", err)
	}
}

func TestBadGenesis(t *testing.T) {
	scheme := state.NewEdDSA(apps.NativeEdDSACircuitID)
	pk := hashing.Uint(1)
	cases := map[string]state.Genesis{
		"duplicate user":   {Users: []state.GenesisUser{{ID: 1, PublicKey: pk}, {ID: 1, PublicKey: pk}}},
		"no key":           {Users: []state.GenesisUser{{ID: 1}}},
		"unknown contract": {Users: []state.GenesisUser{{ID: 1, PublicKey: pk, Values: []state.GenesisValue{{Contract: 77}}}}},
		"unknown slot":     {Users: []state.GenesisUser{{ID: 1, PublicKey: pk, Values: []state.GenesisValue{{Contract: apps.USDTContract, Slot: 9}}}}},
		"key on scalar":    {Users: []state.GenesisUser{{ID: 1, PublicKey: pk, Values: []state.GenesisValue{{Contract: apps.RubiesContract, Key: 3}}}}},
	}
	for name, g := range cases {
		st := state.NewMemStore()
		c, _ := state.NewChain(st, apps.Registry(), state.Schemes{scheme.Name(): scheme})
		if _, err := c.InitGenesis(g); !errors.Is(err, state.ErrBadGenesis) {
			t.Errorf("%s: %v", name, err)
		}
		if _, err := st.Head(); !errors.Is(err, state.ErrNoGenesis) {
			t.Errorf("%s: store has a head after a rejected genesis", name)
		}
	}
}

func TestEmptyBlock(t *testing.T) {
	w := newWorld(t)
	head, _ := w.Chain.Head()
	cp, err := w.Chain.ApplyBlock(nil, apps.SlotPoH(1))
	if err != nil {
		t.Fatal(err)
	}
	if cp.Number != 1 || cp.Prev != head.Root || cp.GUSRRoot != head.GUSRRoot || cp.Root == head.Root {
		t.Fatalf("empty block: %+v after %+v", cp, head)
	}
	// Sessions built at CHKP(0) are now stale; new ones at CHKP(1) apply.
	if _, err := w.Block(apps.Step{User: apps.Carol, Calls: []state.Call{apps.Transfer(apps.USDTContract, apps.Mike, 1)}}); err != nil {
		t.Fatal(err)
	}
}
