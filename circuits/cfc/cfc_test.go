package cfc

import (
	"fmt"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark/backend"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/test"

	"github.com/parthnet/parth/circuits/merkle"
	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/apps"
	native "github.com/parthnet/parth/state/hashing"
)

func world(t *testing.T) *apps.World {
	t.Helper()
	w, err := apps.NewWorld(state.NewMemStore(), 3)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func execute(t *testing.T, w *apps.World, u state.UserID, calls ...state.Call) *state.SessionResult {
	t.Helper()
	head, _ := w.Chain.Head()
	v, _ := w.Chain.View(head.Number)
	acct, _ := v.Account(u)
	r, err := w.Chain.Execute(state.Session{User: u, Nonce: acct.Nonce, Checkpoint: head.Number, Calls: calls})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// forged builds a CFC witness with arbitrary writes to the user's CSTATE:
// deltas, roots and the header are all consistent, so only the function's
// own rules can reject it.
type forged struct {
	hdr    state.CFCHeader
	deltas []merkle.Delta
}

func forge(t *testing.T, w *apps.World, u state.UserID, c state.ContractID, f state.FunctionID, args []fr.Element, writes ...[2]uint64) forged {
	t.Helper()
	head, _ := w.Chain.Head()
	v, _ := w.Chain.View(head.Number)
	tr := v.Tree(state.CStateTree(u, c))
	before, _ := tr.Root()
	var ds []merkle.Delta
	for _, wr := range writes {
		var val fr.Element
		val.SetUint64(wr[1])
		if int64(wr[1]) < 0 { // encode "negative" results as p − |x|
			val.SetInt64(int64(wr[1]))
		}
		d, err := tr.Set(wr[0], val)
		if err != nil {
			t.Fatal(err)
		}
		ds = append(ds, merkle.DeltaOf(d))
	}
	after, _ := tr.Root()
	return forged{
		hdr: state.CFCHeader{Contract: c, Function: f, User: u, CheckpointRoot: head.Root, Before: before, After: after,
			ArgsHash: state.ArgsHash(c, f, args), Caller: u},
		deltas: ds,
	}
}

func (f forged) public() string { return hashString(&f.hdr) }

func uints(v ...uint64) []fr.Element {
	out := make([]fr.Element, len(v))
	for i := range v {
		out[i].SetUint64(v[i])
	}
	return out
}

func check(t *testing.T, shape frontend.Circuit, valid frontend.Circuit, invalid map[string]frontend.Circuit) {
	t.Helper()
	opts := []test.TestingOption{test.WithValidAssignment(valid), test.WithCurves(ecc.BN254), test.WithBackends(backend.PLONK),
		test.NoProverChecks(), test.NoSerializationChecks()}
	for name, a := range invalid {
		if test.IsSolved(shape, a, ecc.BN254.ScalarField()) == nil {
			t.Errorf("invalid witness %q is accepted", name)
		}
		// ...and by the compiled PLONK constraint system's solver.
		opts = append(opts, test.WithInvalidAssignment(a))
	}
	test.NewAssert(t).CheckCircuit(shape, opts...)
}

const (
	claimedFrom = 1
	sentTo      = 0
)

func idx(slot, key uint64) uint64 { return slot<<32 | key }

func TestTransfer(t *testing.T) {
	w := world(t)
	r := execute(t, w, apps.Alice, apps.Transfer(apps.USDTContract, apps.Bob, 30))
	valid := AssignTransfer(r, 0)

	one := native.Uint(1)
	tamper := func(f func(c *Transfer)) *Transfer {
		c := AssignTransfer(r, 0)
		f(c)
		return c
	}
	args := func(to, amount uint64) []fr.Element { return uints(to, amount) }
	a, b := uint64(apps.Alice), uint64(apps.Bob)
	fromForge := func(to, amount uint64, writes ...[2]uint64) *Transfer {
		f := forge(t, w, apps.Alice, apps.USDTContract, 0, args(to, amount), writes...)
		return &Transfer{Public: f.public(), Header: HeaderOf(&f.hdr), To: to, Amount: amount, Debit: f.deltas[0], Credit: f.deltas[1]}
	}
	invalid := map[string]frontend.Circuit{
		"tampered sibling": tamper(func(c *Transfer) {
			var s fr.Element
			s.SetString(c.Debit.Siblings[7].(string))
			s.Add(&s, &one)
			c.Debit.Siblings[7] = s.String()
		}),
		"wrong public header": tamper(func(c *Transfer) { c.Public = "5" }),
		"wrong before root":   tamper(func(c *Transfer) { c.Header.Before = "5"; c.Public = rehash(c.Header) }),
		"wrong after root":    tamper(func(c *Transfer) { c.Header.After = "5"; c.Public = rehash(c.Header) }),
		"args not in header":  tamper(func(c *Transfer) { c.Amount = 31 }),
		"wrong function id":   tamper(func(c *Transfer) { c.Header.Function = 1; c.Public = rehash(c.Header) }),
		"caller is not user":  tamper(func(c *Transfer) { c.Header.Caller = b; c.Public = rehash(c.Header) }),
		// Forged but internally consistent witnesses: only the contract's rules reject them.
		"underflow (insufficient balance)": fromForge(b, 301, [2]uint64{idx(claimedFrom, a), ^uint64(0)}, [2]uint64{idx(sentTo, b), 301}),
		"debit of the wrong amount":        fromForge(b, 30, [2]uint64{idx(claimedFrom, a), 280}, [2]uint64{idx(sentTo, b), 30}),
		"credit of the wrong amount":       fromForge(b, 30, [2]uint64{idx(claimedFrom, a), 270}, [2]uint64{idx(sentTo, b), 31}),
		"debit of another user's balance":  fromForge(b, 30, [2]uint64{idx(claimedFrom, b), 70}, [2]uint64{idx(sentTo, b), 30}),
		"credit to the wrong slot":         fromForge(b, 30, [2]uint64{idx(claimedFrom, a), 270}, [2]uint64{idx(claimedFrom, b), 30}),
		"send to self":                     fromForge(a, 30, [2]uint64{idx(claimedFrom, a), 270}, [2]uint64{idx(sentTo, a), 30}),
		"amount over 64 bits":              fromForgeBig(t, w),
	}
	check(t, NewTransfer(), valid, invalid)
}

// fromForgeBig: an amount of 2^64 + 1 whose wrapped arithmetic would move
// 1 unit; the range checks reject it.
func fromForgeBig(t *testing.T, w *apps.World) *Transfer {
	var big fr.Element
	big.SetString("18446744073709551617")
	a, b := uint64(apps.Alice), uint64(apps.Bob)
	f := forge(t, w, apps.Alice, apps.USDTContract, 0, []fr.Element{native.Uint(b), big},
		[2]uint64{idx(claimedFrom, a), 299}, [2]uint64{idx(sentTo, b), 1})
	var newBal, credit fr.Element
	newBal.SetUint64(300)
	newBal.Sub(&newBal, &big)
	credit = big
	// Re-forge with the wrapped values so the deltas are consistent.
	head, _ := w.Chain.Head()
	v, _ := w.Chain.View(head.Number)
	tr := v.Tree(state.CStateTree(apps.Alice, apps.USDTContract))
	d1, _ := tr.Set(idx(claimedFrom, a), newBal)
	d2, _ := tr.Set(idx(sentTo, b), credit)
	f.hdr.After, _ = tr.Root()
	return &Transfer{Public: f.public(), Header: HeaderOf(&f.hdr), To: b, Amount: big.String(), Debit: merkle.DeltaOf(d1), Credit: merkle.DeltaOf(d2)}
}

func rehash(h Header) string {
	var hdr state.CFCHeader
	get := func(v frontend.Variable) fr.Element {
		var e fr.Element
		if _, err := e.SetString(fmt.Sprint(v)); err != nil {
			panic(err)
		}
		return e
	}
	u := func(v frontend.Variable) uint64 { e := get(v); return e.Uint64() }
	hdr = state.CFCHeader{Contract: state.ContractID(u(h.Contract)), Function: state.FunctionID(u(h.Function)), User: state.UserID(u(h.User)),
		CheckpointRoot: get(h.CheckpointRoot), Before: get(h.Before), After: get(h.After), ArgsHash: get(h.ArgsHash), Caller: state.UserID(u(h.Caller))}
	return hashString(&hdr)
}

func TestBuyRubies(t *testing.T) {
	w := world(t)
	r := execute(t, w, apps.Mike, apps.BuyRubies(apps.RubiesContract, 4))
	valid := AssignBuyRubies(r, 0)
	const dia, rub = 1, 0
	forged := func(n uint64, writes ...[2]uint64) *BuyRubies {
		f := forge(t, w, apps.Mike, apps.RubiesContract, 0, uints(n), writes...)
		return &BuyRubies{Public: f.public(), Header: HeaderOf(&f.hdr), NumRubies: n, Diamonds: f.deltas[0], Rubies: f.deltas[1]}
	}
	// Mike has 12 diamonds and 0 rubies.
	invalid := map[string]frontend.Circuit{
		"not enough diamonds":    forged(5, [2]uint64{idx(dia, 0), ^uint64(2)}, [2]uint64{idx(rub, 0), 5}),
		"price not applied":      forged(4, [2]uint64{idx(dia, 0), 8}, [2]uint64{idx(rub, 0), 4}),
		"rubies not credited":    forged(4, [2]uint64{idx(dia, 0), 0}, [2]uint64{idx(rub, 0), 3}),
		"writes swapped":         forged(4, [2]uint64{idx(rub, 0), 4}, [2]uint64{idx(dia, 0), 0}),
		"cost overflows 64 bits": forged(1<<63, [2]uint64{idx(dia, 0), 0}, [2]uint64{idx(rub, 0), 1 << 63}),
	}
	check(t, NewBuyRubies(), valid, invalid)
}

func TestClaim(t *testing.T) {
	w := world(t)
	if _, err := w.Block(apps.USDTBlocks[0]...); err != nil {
		t.Fatal(err)
	}
	r := execute(t, w, apps.Bob, apps.Claim(apps.USDTContract, apps.Alice), apps.Claim(apps.USDTContract, apps.Mike))
	for i := range r.Calls { // both of Bob's claims, the second chained on the first
		valid := AssignClaim(r, i)
		one := native.Uint(1)
		tamper := func(f func(c *Claim)) *Claim {
			c := AssignClaim(r, i)
			f(c)
			return c
		}
		bump := func(v *frontend.Variable) {
			var e fr.Element
			e.SetString(fmt.Sprint(*v))
			e.Add(&e, &one)
			*v = e.String()
		}
		invalid := map[string]frontend.Circuit{
			"tampered cstate sibling": tamper(func(c *Claim) { bump(&c.Sent.CState.Siblings[3]) }),
			"tampered ucon sibling":   tamper(func(c *Claim) { bump(&c.Sent.UCON.Siblings[0]) }),
			"tampered gusr sibling":   tamper(func(c *Claim) { bump(&c.Sent.GUSR.Siblings[31]) }),
			"inflated sent amount":    tamper(func(c *Claim) { bump(&c.Sent.CState.Value) }),
			"another nonce":           tamper(func(c *Claim) { bump(&c.Sent.Nonce) }),
			"another checkpoint":      tamper(func(c *Claim) { bump(&c.Sent.Checkpoint.Number) }),
			"another gusr root":       tamper(func(c *Claim) { bump(&c.Sent.Checkpoint.GUSRRoot) }),
			"read of another slot":    tamper(func(c *Claim) { c.Sent.CState.Index = idx(sentTo, uint64(apps.Carol)) }),
			"claim from self":         tamper(func(c *Claim) { c.From = uint64(apps.Bob) }),
		}
		check(t, NewClaim(), valid, invalid)
	}
	// Claiming twice: after block 2 nothing is left; a witness that replays
	// the old read (sent 30, claimed 30) fails "no tokens to claim".
	if _, err := w.Block(apps.Step{User: apps.Bob, Calls: []state.Call{apps.Claim(apps.USDTContract, apps.Alice)}}); err != nil {
		t.Fatal(err)
	}
	head, _ := w.Chain.Head()
	v, _ := w.Chain.View(head.Number)
	read, err := v.Read(apps.Alice, apps.USDTContract, idx(sentTo, uint64(apps.Bob)))
	if err != nil {
		t.Fatal(err)
	}
	b := uint64(apps.Bob)
	f := forge(t, w, apps.Bob, apps.USDTContract, 1, uints(uint64(apps.Alice)),
		[2]uint64{idx(claimedFrom, uint64(apps.Alice)), 30}, [2]uint64{idx(claimedFrom, b), 50 + 0})
	replay := &Claim{Public: f.public(), Header: HeaderOf(&f.hdr), From: uint64(apps.Alice), Sent: CheckpointReadOf(read),
		Claimed: f.deltas[0], Balance: f.deltas[1]}
	if test.IsSolved(NewClaim(), replay, ecc.BN254.ScalarField()) == nil {
		t.Fatal("second claim of the same tokens is accepted")
	}
}
