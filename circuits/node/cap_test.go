package node

import (
	"math/big"
	"strings"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	bjj "github.com/consensys/gnark-crypto/ecc/bn254/twistededwards"
	tedwards "github.com/consensys/gnark-crypto/ecc/twistededwards"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/std/algebra/native/twistededwards"
	"github.com/consensys/gnark/test"

	"github.com/parthnet/parth/circuits/hashing"
	"github.com/parthnet/parth/circuits/internal/freechoice"
	"github.com/parthnet/parth/circuits/ups"
	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/apps"
	native "github.com/parthnet/parth/state/hashing"
)

// capCircuit is the wrapper's cap mode without the PLONK verification:
// the CFC key hash and public input are witnesses (the verification is
// the wrapper's, TestWrap*; the whole cap is proven end to end).
type capCircuit struct {
	On, VK, CFC frontend.Variable
	Out         frontend.Variable `gnark:",public"`
	C           Cap
}

func (c *capCircuit) Define(api frontend.API) error {
	h, err := hashing.New(api)
	if err != nil {
		return err
	}
	out, err := c.C.Check(api, h, c.On, c.VK, c.CFC)
	if err != nil {
		return err
	}
	api.AssertIsEqual(api.Mul(c.On, api.Sub(out, c.Out)), 0)
	return nil
}

type capFixture struct {
	keys state.NodeKeys
	r    *state.SessionResult
	key  *state.EdDSAKey
	ec   *state.EndCap
}

// alicesTransfer: the seed's first session (Alice sends Bob 30), natively,
// with a key set whose EdDSA id is the world's signature circuit id.
func alicesTransfer(t *testing.T) *capFixture {
	t.Helper()
	w, err := apps.NewWorld(state.NewMemStore(), 3)
	if err != nil {
		t.Fatal(err)
	}
	r, err := w.Chain.Execute(state.Session{User: apps.Alice, Nonce: 0, Checkpoint: 0,
		Calls: []state.Call{apps.Transfer(apps.USDTContract, apps.Bob, 30)}})
	if err != nil {
		t.Fatal(err)
	}
	key := w.Keys[apps.Alice]
	ec, err := r.Sign(key)
	if err != nil {
		t.Fatal(err)
	}
	return &capFixture{keys: state.NodeKeys{Node: native.Uint(11), Wrap: native.Uint(22), Step: native.Uint(33),
		EdDSA: key.Scheme().CircuitID(), ECDSA: native.Uint(55)}, r: r, key: key, ec: ec}
}

func (f *capFixture) valid() *capCircuit {
	steps := f.r.StepHeaders()
	cfcHdr := f.r.CFCHeader(0)
	out := state.EndCapOf(f.keys.Hash(), &f.r.Header)
	return &capCircuit{On: 1, VK: str(f.r.Calls[0].FunctionRef), CFC: str(cfcHdr.Hash()), Out: str(out.Hash()),
		C: CapOf(&f.keys, &steps[0], ups.CallOf(f.r, 0), f.key.PublicKey(), f.ec.Signature.Sig)}
}

func checkCap(t *testing.T, valid *capCircuit, invalid map[string]*capCircuit) {
	t.Helper()
	shape := &capCircuit{C: NewCap()}
	if err := test.IsSolved(shape, valid, ecc.BN254.ScalarField()); err != nil {
		t.Fatalf("valid witness rejected: %v", err)
	}
	for name, c := range invalid {
		if test.IsSolved(shape, c, ecc.BN254.ScalarField()) == nil {
			t.Errorf("invalid witness %q is accepted", name)
		}
	}
}

func mutateCap(c *capCircuit, m func(c *capCircuit)) *capCircuit {
	cp := *c
	cp.C.Call.Whitelist.Siblings = append([]frontend.Variable(nil), c.C.Call.Whitelist.Siblings...)
	cp.C.Call.GCON.Siblings = append([]frontend.Variable(nil), c.C.Call.GCON.Siblings...)
	cp.C.Call.UCON.Siblings = append([]frontend.Variable(nil), c.C.Call.UCON.Siblings...)
	m(&cp)
	return &cp
}

// TestCapMode: the cap of Alice's transfer, and one invalid witness per
// family of its constraints (the call's, the CFC binding, the key, the
// signature, the output).
func TestCapMode(t *testing.T) {
	f := alicesTransfer(t)
	v := f.valid()
	otherPayload := native.Uint(12345)
	otherSig, err := f.key.Sign(otherPayload)
	if err != nil {
		t.Fatal(err)
	}
	checkCap(t, v, map[string]*capCircuit{
		// The CFC binding.
		"cfc public input is another header": mutateCap(v, func(c *capCircuit) { c.CFC = bumped(c.CFC) }),
		"cfc header changed":                 mutateCap(v, func(c *capCircuit) { c.C.Call.CFC.ArgsHash = bumped(c.C.Call.CFC.ArgsHash) }),
		// The call.
		"cfc key not the whitelist's":  mutateCap(v, func(c *capCircuit) { c.VK = bumped(c.VK) }),
		"whitelist path tampered":      mutateCap(v, func(c *capCircuit) { c.C.Call.Whitelist.Siblings[3] = bumped(c.C.Call.Whitelist.Siblings[3]) }),
		"whitelist index not the fn's": mutateCap(v, func(c *capCircuit) { c.C.Call.Whitelist.Index = bumped(c.C.Call.Whitelist.Index) }),
		"gcon metadata changed":        mutateCap(v, func(c *capCircuit) { c.C.Call.Metadata = bumped(c.C.Call.Metadata) }),
		"gcon path tampered":           mutateCap(v, func(c *capCircuit) { c.C.Call.GCON.Siblings[0] = bumped(c.C.Call.GCON.Siblings[0]) }),
		"another checkpoint preimage":  mutateCap(v, func(c *capCircuit) { c.C.Call.Checkpoint.Number = bumped(c.C.Call.Checkpoint.Number) }),
		"another checkpoint root":      mutateCap(v, func(c *capCircuit) { c.C.Session.CheckpointRoot = bumped(c.C.Session.CheckpointRoot) }),
		"cfc of another user":          mutateCap(v, func(c *capCircuit) { c.C.Call.CFC.User = bumped(c.C.Call.CFC.User) }),
		"cfc caller not the user":      mutateCap(v, func(c *capCircuit) { c.C.Call.CFC.Caller = bumped(c.C.Call.CFC.Caller) }),
		"session of another user":      mutateCap(v, func(c *capCircuit) { c.C.Session.User = bumped(c.C.Session.User) }),
		"ucon from another root":       mutateCap(v, func(c *capCircuit) { c.C.Session.UCONStart = bumped(c.C.Session.UCONStart) }),
		"ucon not the cfc's new state": mutateCap(v, func(c *capCircuit) { c.C.Call.UCON.NewValue = bumped(c.C.Call.UCON.NewValue) }),
		"ucon not the cfc's old state": mutateCap(v, func(c *capCircuit) { c.C.Call.UCON.OldValue = bumped(c.C.Call.UCON.OldValue) }),
		"ucon of another contract":     mutateCap(v, func(c *capCircuit) { c.C.Call.UCON.Index = bumped(c.C.Call.UCON.Index) }),
		"ucon path tampered":           mutateCap(v, func(c *capCircuit) { c.C.Call.UCON.Siblings[5] = bumped(c.C.Call.UCON.Siblings[5]) }),
		// The key and the signature.
		"key set's eddsa is another":   mutateCap(v, func(c *capCircuit) { c.C.Keys.EdDSA = bumped(c.C.Keys.EdDSA) }),
		"session's key is another":     mutateCap(v, func(c *capCircuit) { c.C.Session.PublicKey = bumped(c.C.Session.PublicKey) }),
		"signature of another payload": mutateCap(v, func(c *capCircuit) { c.C.Sig.Assign(tedwards.BN254, otherSig) }),
		"signature S changed":          mutateCap(v, func(c *capCircuit) { c.C.Sig.S = bumped(c.C.Sig.S) }),
		"signature by the dummy key":   mutateCap(v, func(c *capCircuit) { d := DummyCap(); c.C.Key, c.C.Sig = d.Key, d.Sig }),
		// The output.
		"another end cap":       mutateCap(v, func(c *capCircuit) { c.Out = bumped(c.Out) }),
		"another key set":       mutateCap(v, func(c *capCircuit) { c.C.Keys.Node = bumped(c.C.Keys.Node) }),
		"another nonce":         mutateCap(v, func(c *capCircuit) { c.C.Session.Nonce = bumped(c.C.Session.Nonce) }),
		"the dummy in cap mode": mutateCap(v, func(c *capCircuit) { c.C = DummyCap() }),
		"mode out of range":     mutateCap(v, func(c *capCircuit) { c.On = 2 }),
	})
	// The native twin: the circuit's output is state.EndCapOf's, which is
	// what the aggregation leaf expects of an end node too.
	want := state.EndCapOf(f.keys.Hash(), &f.ec.Header)
	if v.Out != str(want.Hash()) {
		t.Fatal("the cap's output is not the signed end cap's node header")
	}
}

// TestCapInertMode: with on = 0 the dummy witness solves whatever the
// output, and a cap witness that is not the dummy's signature does not
// (the signature check runs in both modes).
func TestCapInertMode(t *testing.T) {
	shape := &capCircuit{C: NewCap()}
	off := &capCircuit{On: 0, VK: 7, CFC: 8, Out: 9, C: DummyCap()}
	if err := test.IsSolved(shape, off, ecc.BN254.ScalarField()); err != nil {
		t.Fatalf("the inert mode's dummy is refused: %v", err)
	}
	bad := mutateCap(off, func(c *capCircuit) { c.C.Sig.S = bumped(c.C.Sig.S) })
	if test.IsSolved(shape, bad, ecc.BN254.ScalarField()) == nil {
		t.Fatal("the inert mode accepts a bad signature of 0")
	}
	// Alice's cap, tampered everywhere, with the dummy's key and signature:
	// every equality is inert.
	f := alicesTransfer(t)
	d := DummyCap()
	garbage := mutateCap(f.valid(), func(c *capCircuit) {
		c.On, c.VK, c.CFC, c.Out = 0, 7, 8, 9
		c.C.Session.UCONStart = bumped(c.C.Session.UCONStart)
		c.C.Session.PublicKey = bumped(c.C.Session.PublicKey)
		c.C.Call.CFC.User = bumped(c.C.Call.CFC.User)
		c.C.Call.UCON.Siblings[0] = bumped(c.C.Call.UCON.Siblings[0])
		c.C.Call.Checkpoint.Number = bumped(c.C.Call.Checkpoint.Number)
		c.C.Key, c.C.Sig = d.Key, d.Sig
	})
	if err := test.IsSolved(shape, garbage, ecc.BN254.ScalarField()); err != nil {
		t.Fatalf("the inert mode is not inert: %v", err)
	}
}

// weakKey is an account whose registered key is the identity A = (0,1),
// with its session key, output and a "signature" (R = B, S = 1) all
// consistent: only the A.X ≠ 0 check refuses it (found by the audit of the
// cap mode: a weak key that fails only at the public-key binding tests
// nothing).
func weakKey(f *capFixture, v *capCircuit) *capCircuit {
	var params [state.SignatureParams]fr.Element
	params[1].SetOne()
	pk := state.PublicKey(f.keys.EdDSA, params)
	hdr := f.ec.Header
	hdr.PublicKey = pk
	out := state.EndCapOf(f.keys.Hash(), &hdr)
	base := bjj.GetEdwardsCurve().Base
	var bx, by big.Int
	base.X.BigInt(&bx)
	base.Y.BigInt(&by)
	return mutateCap(v, func(c *capCircuit) {
		c.C.Key.A = twistededwards.Point{X: 0, Y: 1}
		c.C.Session.PublicKey = pk.String()
		c.C.Sig.R = twistededwards.Point{X: bx.String(), Y: by.String()}
		c.C.Sig.S = 1
		c.Out = str(out.Hash())
	})
}

// TestCapDegenerate: the identity key with an otherwise consistent cap, and
// the zero signature (R = (0,0), S = 0) through a prover that chooses every
// 0/0 result — including √(1/a), the choice that forges on gnark's
// unchecked eddsa.Verify (docs/security/gnark-eddsa-unchecked-points.md) —
// and every subgroup hint's output. None is accepted: the subgroup check
// refuses R before gnark's verifier divides (sig's
// TestEdDSAForgeryRegression shows the same witness forging without it).
func TestCapDegenerate(t *testing.T) {
	f := alicesTransfer(t)
	v := f.valid()
	if err := freechoice.IsSolved(nil, v); err != nil {
		t.Fatalf("the valid cap is refused through freechoice: %v", err)
	}
	shape := &capCircuit{C: NewCap()}
	weak := weakKey(f, v)
	if test.IsSolved(shape, weak, ecc.BN254.ScalarField()) == nil || freechoice.IsSolved(nil, weak) == nil {
		t.Error("the identity key signs in cap mode")
	}
	zeroSig := mutateCap(v, func(c *capCircuit) { c.C.Sig.R = twistededwards.Point{X: 0, Y: 0}; c.C.Sig.S = 0 })
	mod := ecc.BN254.ScalarField()
	minusOne := new(big.Int).Sub(mod, big.NewInt(1)) // Baby Jubjub's a
	forged := new(big.Int).ModSqrt(new(big.Int).ModInverse(minusOne, mod), mod)
	for _, x := range []*big.Int{big.NewInt(0), big.NewInt(1), minusOne, forged, new(big.Int).Sub(mod, forged)} {
		// Every 0/0 is x, and the subgroup hint answers (x, x) or (0, 1).
		for _, q := range []*[2]*big.Int{{x, x}, {big.NewInt(0), big.NewInt(1)}, nil} {
			p := &freechoice.Prover{Div: func(int) *big.Int { return x }}
			if q != nil {
				p.Hint = func(name string, _ int, _, honest []*big.Int, _ error) []*big.Int {
					if !strings.HasSuffix(name, ".cofactorPreimage") {
						return nil
					}
					return []*big.Int{q[0], q[1]}
				}
			}
			if err := freechoice.IsSolved(p, zeroSig); err == nil {
				t.Errorf("zero signature accepted with 0/0 = %v and hint %v", x, q)
			}
		}
	}
}
