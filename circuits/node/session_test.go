package node

import (
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/test"

	"github.com/parthnet/parth/circuits/hashing"
	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/apps"
	native "github.com/parthnet/parth/state/hashing"
)

// logicCircuit is the node without its two verifications: the children's
// key hashes and public inputs are witnesses, so every mode's rules are
// tested in milliseconds (the verification itself is TestChildKeyHash's,
// and the whole node is proven in the session tests).
type logicCircuit struct {
	KL, PL, KR, PR frontend.Variable
	Out            frontend.Variable `gnark:",public"`
	L              Logic
}

func (c *logicCircuit) Define(api frontend.API) error {
	h, err := hashing.New(api)
	if err != nil {
		return err
	}
	api.AssertIsEqual(c.L.Check(api, h, c.KL, c.PL, c.KR, c.PR), c.Out)
	return nil
}

type fixture struct {
	keys   state.NodeKeys
	ks     fr.Element // keys.Hash()
	r      *state.SessionResult
	steps  []state.StepHeader
	sigVK  fr.Element
	params [state.SignatureParams]fr.Element
}

// bobsClaims: the seed's block #2 session of Bob (two claims), natively.
func bobsClaims(t *testing.T) *fixture {
	t.Helper()
	w, err := apps.NewWorld(state.NewMemStore(), 3)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Block(apps.USDTBlocks[0]...); err != nil {
		t.Fatal(err)
	}
	r, err := w.Chain.Execute(state.Session{User: apps.Bob, Nonce: 1, Checkpoint: 1,
		Calls: []state.Call{apps.Claim(apps.USDTContract, apps.Alice), apps.Claim(apps.USDTContract, apps.Mike)}})
	if err != nil {
		t.Fatal(err)
	}
	key := w.Keys[apps.Bob]
	params, err := key.Scheme().Params(key.PublicKey())
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{keys: state.NodeKeys{Node: native.Uint(11), Wrap: native.Uint(22), Step: native.Uint(33), EdDSA: native.Uint(44), ECDSA: native.Uint(55)},
		r: r, steps: r.StepHeaders(), sigVK: key.Scheme().CircuitID(), params: params}
	f.ks = f.keys.Hash()
	if state.PublicKey(f.sigVK, params) != r.Header.PublicKey {
		t.Fatal("fixture: the key is not Bob's")
	}
	return f
}

func str(e fr.Element) string { return e.String() }

func (f *fixture) pair(i int) *logicCircuit {
	s := &f.steps[i]
	out := state.SegmentOf(f.ks, s)
	return &logicCircuit{KL: str(f.keys.Step), PL: str(s.Hash()), KR: str(f.keys.Wrap), PR: str(s.CFC), Out: str(out.Hash()),
		L: PairLogic(&f.keys, s)}
}

func (f *fixture) join(a, b state.NodeHeader) *logicCircuit {
	out, _ := state.JoinSegments(a, b)
	return &logicCircuit{KL: str(f.keys.Node), PL: str(a.Hash()), KR: str(f.keys.Node), PR: str(b.Hash()), Out: str(out.Hash()),
		L: JoinLogic(&f.keys, &a, &b)}
}

func (f *fixture) segment() state.NodeHeader {
	s, err := state.JoinSegments(state.SegmentOf(f.ks, &f.steps[0]), state.SegmentOf(f.ks, &f.steps[1]))
	if err != nil {
		panic(err)
	}
	return s
}

func (f *fixture) sigAttestation(payload fr.Element, params [state.SignatureParams]fr.Element) fr.Element {
	return state.Attestation(f.sigVK, state.SignatureStatement(params, payload))
}

func (f *fixture) end() *logicCircuit {
	seg := f.segment()
	out := state.EndCapOf(f.ks, &f.r.Header)
	return &logicCircuit{KL: str(f.keys.Node), PL: str(seg.Hash()), KR: str(f.keys.Wrap),
		PR: str(f.sigAttestation(f.r.Header.Payload, f.params)), Out: str(out.Hash()),
		L: EndLogic(&f.keys, &seg, &f.steps[1], &f.r.Checkpoint, f.sigVK, f.params)}
}

func bumped(v frontend.Variable) string {
	var e fr.Element
	if _, err := e.SetInterface(v); err != nil {
		panic(err)
	}
	one := native.Uint(1)
	e.Add(&e, &one)
	return e.String()
}

func checkLogic(t *testing.T, valid *logicCircuit, invalid map[string]*logicCircuit) {
	t.Helper()
	shape := &logicCircuit{}
	if err := test.IsSolved(shape, valid, ecc.BN254.ScalarField()); err != nil {
		t.Fatalf("valid witness rejected: %v", err)
	}
	for name, c := range invalid {
		if test.IsSolved(shape, c, ecc.BN254.ScalarField()) == nil {
			t.Errorf("invalid witness %q is accepted", name)
		}
	}
}

func mutate(c *logicCircuit, m func(c *logicCircuit)) *logicCircuit { cp := *c; m(&cp); return &cp }

func TestPairMode(t *testing.T) {
	f := bobsClaims(t)
	for i := range f.steps {
		v := f.pair(i)
		checkLogic(t, v, map[string]*logicCircuit{
			"left child is not a step":          mutate(v, func(c *logicCircuit) { c.KL = str(f.keys.Wrap) }),
			"right child is not a wrapped cfc":  mutate(v, func(c *logicCircuit) { c.KR = str(f.keys.Step) }),
			"cfc proof of another call":         mutate(v, func(c *logicCircuit) { c.PR = str(f.steps[1-i].CFC) }),
			"step header not the proven one":    mutate(v, func(c *logicCircuit) { c.L.Step.UCONAfter = bumped(c.L.Step.UCONAfter) }),
			"step of another user":              mutate(v, func(c *logicCircuit) { c.L.Session.User = uint64(apps.Carol) }),
			"segment claimed from elsewhere":    mutate(v, func(c *logicCircuit) { c.Out = bumped(c.Out) }),
			"mode outside the modes":            mutate(v, func(c *logicCircuit) { c.L.Mode = nModes }),
			"wrapped flag not boolean":          mutate(v, func(c *logicCircuit) { c.L.SigWrapped = 2 }),
			"another key set than the header's": mutate(v, func(c *logicCircuit) { c.L.Keys.Node = bumped(c.L.Keys.Node) }),
		})
	}
}

func TestJoinMode(t *testing.T) {
	f := bobsClaims(t)
	a, b := state.SegmentOf(f.ks, &f.steps[0]), state.SegmentOf(f.ks, &f.steps[1])
	v := f.join(a, b)
	// A forged third step that does not follow step 2.
	forged := f.steps[1]
	forged.Step, forged.Prev = 3, native.Uint(7)
	c := state.SegmentOf(f.ks, &forged)
	other := f.keys
	other.Node = native.Uint(12)
	bOther := b
	bOther.Keys = other.Hash()
	endKind := b
	endKind.Kind = state.NodeEndCap
	reordered := f.join(b, a)
	reordered.Out = v.Out
	checkLogic(t, v, map[string]*logicCircuit{
		"reordered steps": reordered,
		"skipped step": mutate(f.join(a, c), func(x *logicCircuit) {
			s, _ := state.JoinSegments(state.SegmentOf(f.ks, &f.steps[1]), c)
			out := state.NodeHeader{Keys: f.ks, Kind: state.NodeSegment, X: a.X, Y: s.Y}
			x.Out = str(out.Hash())
		}),
		"segment of another key set": mutate(v, func(x *logicCircuit) { x.PR = str(bOther.Hash()) }),
		"child is not a segment": mutate(v, func(x *logicCircuit) {
			x.PR, x.L.Right = str(endKind.Hash()), header(&endKind)
		}),
		"child is not a node": mutate(v, func(x *logicCircuit) { x.KL = str(f.keys.Step) }),
	})
}

func TestEndMode(t *testing.T) {
	f := bobsClaims(t)
	v := f.end()
	h := &f.r.Header
	otherParams := f.params
	otherParams[0] = native.Uint(5)
	lastOnly := state.SegmentOf(f.ks, &f.steps[1])
	otherChk := f.r.Checkpoint
	otherChk.Number++
	checkLogic(t, v, map[string]*logicCircuit{
		"signature by another key": mutate(v, func(c *logicCircuit) {
			c.PR = str(f.sigAttestation(h.Payload, otherParams))
			for i := range otherParams {
				c.L.SigParams[i] = str(otherParams[i])
			}
		}),
		"payload for another nonce": mutate(v, func(c *logicCircuit) {
			c.PR = str(f.sigAttestation(state.Payload(f.r.Checkpoint.Chain, h.User, h.Nonce+1, h.UCONBefore, h.UCONAfter), f.params))
		}),
		"payload for another end root": mutate(v, func(c *logicCircuit) {
			c.PR = str(f.sigAttestation(state.Payload(f.r.Checkpoint.Chain, h.User, h.Nonce, h.UCONBefore, h.UCONBefore), f.params))
		}),
		"payload for another chain (finding 5)": mutate(v, func(c *logicCircuit) {
			c.PR = str(f.sigAttestation(state.Payload(native.Uint(2), h.User, h.Nonce, h.UCONBefore, h.UCONAfter), f.params))
		}),
		"checkpoint preimage of another chain": mutate(v, func(c *logicCircuit) {
			c.L.Checkpoint.Chain = str(native.Uint(2))
			c.PR = str(f.sigAttestation(state.Payload(native.Uint(2), h.User, h.Nonce, h.UCONBefore, h.UCONAfter), f.params))
		}),
		"session that skips its first step": mutate(v, func(c *logicCircuit) {
			c.PL, c.L.Left = str(lastOnly.Hash()), header(&lastOnly)
		}),
		"last step not the segment's end": mutate(v, func(c *logicCircuit) {
			_, c.L.Step = stepFields(&f.steps[0])
			c.L.UCONEnd = f.steps[0].UCONAfter.String()
		}),
		"signed root not the last step's": mutate(v, func(c *logicCircuit) { c.L.UCONEnd = bumped(c.L.UCONEnd) }),
		"another checkpoint":              mutate(v, func(c *logicCircuit) { c.L.Checkpoint.Number = otherChk.Number }),
		"signature not wrapped":           mutate(v, func(c *logicCircuit) { c.KR = str(f.keys.Node) }),
		"end-cap header not the native":   mutate(v, func(c *logicCircuit) { c.Out = bumped(c.Out) }),
		"another signature circuit": mutate(v, func(c *logicCircuit) {
			c.L.SigVK = str(native.Uint(99))
			c.PR = str(state.Attestation(native.Uint(99), state.SignatureStatement(f.params, h.Payload)))
		}),
	})
}

// standard is the fixture with Bob's signature scheme as the key set's
// standard EdDSA circuit: the end node then takes its Groth16 proof as it
// is, with the statement as its public input.
func (f *fixture) standard() *fixture {
	g := *f
	g.keys.EdDSA = f.sigVK
	g.ks = g.keys.Hash()
	return &g
}

func (f *fixture) endStandard() *logicCircuit {
	seg := f.segment()
	out := state.EndCapOf(f.ks, &f.r.Header)
	return &logicCircuit{KL: str(f.keys.Node), PL: str(seg.Hash()), KR: str(f.sigVK),
		PR: str(state.SignatureStatement(f.params, f.r.Header.Payload)), Out: str(out.Hash()),
		L: EndLogic(&f.keys, &seg, &f.steps[1], &f.r.Checkpoint, f.sigVK, f.params)}
}

// TestEndModeStandard: a standard signature circuit's proof closes the
// session directly, and only as what it is.
func TestEndModeStandard(t *testing.T) {
	f := bobsClaims(t).standard()
	v := f.endStandard()
	if v.L.SigWrapped != 0 {
		t.Fatal("EndLogic wraps a standard signature")
	}
	h := &f.r.Header
	stmt := state.SignatureStatement(f.params, h.Payload)
	otherParams := f.params
	otherParams[0] = native.Uint(5)
	checkLogic(t, v, map[string]*logicCircuit{
		"standard proof claimed by the wrapper key": mutate(v, func(c *logicCircuit) { c.KR = str(f.keys.Wrap) }),
		"standard proof claimed by the node key":    mutate(v, func(c *logicCircuit) { c.KR = str(f.keys.Node) }),
		"proof of the other standard scheme": mutate(v, func(c *logicCircuit) {
			c.KR, c.L.SigVK = str(f.keys.ECDSA), str(f.keys.ECDSA)
		}),
		"attestation as the public input": mutate(v, func(c *logicCircuit) { c.PR = str(state.Attestation(f.sigVK, stmt)) }),
		"statement of another key": mutate(v, func(c *logicCircuit) {
			c.PR = str(state.SignatureStatement(otherParams, h.Payload))
			for i := range otherParams {
				c.L.SigParams[i] = str(otherParams[i])
			}
		}),
		"statement for another payload": mutate(v, func(c *logicCircuit) {
			c.PR = str(state.SignatureStatement(f.params, state.Payload(f.r.Checkpoint.Chain, h.User, h.Nonce+1, h.UCONBefore, h.UCONAfter)))
		}),
		// A user whose key names a circuit outside the key set cannot pass it
		// off as standard: unwrapped, SigVK must be a standard key.
		"non-standard circuit unwrapped": mutate(bobsClaims(t).endStandard(), func(c *logicCircuit) { c.L.SigWrapped = 0 }),
		"wrapped flag not boolean":       mutate(v, func(c *logicCircuit) { c.L.SigWrapped = 2 }),
		// Claiming the wrapper for a standard key, with the bare statement
		// or with its attestation (audit finding F1): a standard key is
		// never wrapped.
		"standard key through the wrapper with the bare statement": mutate(v, func(c *logicCircuit) {
			c.L.SigWrapped, c.KR = 1, str(f.keys.Wrap)
		}),
		"standard key through the wrapper with its attestation": mutate(v, func(c *logicCircuit) {
			c.L.SigWrapped, c.KR, c.PR = 1, str(f.keys.Wrap), str(state.Attestation(f.sigVK, stmt))
		}),
		"node key as an unwrapped signature": mutate(v, func(c *logicCircuit) { c.KR, c.L.SigVK = str(f.keys.Node), str(f.keys.Node) }),
		"step key as an unwrapped signature": mutate(v, func(c *logicCircuit) { c.KR, c.L.SigVK = str(f.keys.Step), str(f.keys.Step) }),
		"wrapper key as an unwrapped signature": mutate(v, func(c *logicCircuit) {
			c.KR, c.L.SigVK = str(f.keys.Wrap), str(f.keys.Wrap)
		}),
	})
	// The wrapped path still holds with this key set, for a user circuit.
	w := bobsClaims(t)
	w.keys.EdDSA = native.Uint(44)
	if w.end().L.SigWrapped != 1 {
		t.Fatal("EndLogic does not wrap a user signature circuit")
	}
}
