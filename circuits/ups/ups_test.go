package ups

import (
	"fmt"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/test"

	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/apps"
)

// bobsClaims is Bob's two-call session of the seed's block #2.
func bobsClaims(t *testing.T) (*apps.World, *state.SessionResult) {
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
	return w, r
}

func bump(v *frontend.Variable) {
	var e, one fr.Element
	e.SetString(fmt.Sprint(*v))
	one.SetOne()
	e.Add(&e, &one)
	*v = e.String()
}

func check(t *testing.T, shape, valid frontend.Circuit, invalid map[string]frontend.Circuit) {
	t.Helper()
	if err := test.IsSolved(shape, valid, ecc.BN254.ScalarField()); err != nil {
		t.Fatalf("valid witness rejected: %v", err)
	}
	for name, a := range invalid {
		if test.IsSolved(shape, a, ecc.BN254.ScalarField()) == nil {
			t.Errorf("invalid witness %q is accepted", name)
		}
	}
}

func TestStart(t *testing.T) {
	_, r := bobsClaims(t)
	tamper := func(f func(c *Start)) *Start { c := AssignStart(r); f(c); republishStart(c); return c }
	check(t, NewStart(), AssignStart(r), map[string]frontend.Circuit{
		"tampered gusr sibling": tamper(func(c *Start) { bump(&c.GUSR.Siblings[9]) }),
		"replayed nonce":        tamper(func(c *Start) { c.Session.Nonce = 0 }),
		"another key":           tamper(func(c *Start) { bump(&c.Session.PublicKey) }),
		"another ucon root":     tamper(func(c *Start) { bump(&c.Session.UCONStart) }),
		"another user's leaf":   tamper(func(c *Start) { c.GUSR.Index = uint64(apps.Alice); c.Session.User = uint64(apps.Alice) }),
		"wrong checkpoint":      tamper(func(c *Start) { bump(&c.Checkpoint.PoHLo) }),
	})
	bad := AssignStart(r)
	bump(&bad.Public)
	check(t, NewStart(), AssignStart(r), map[string]frontend.Circuit{"wrong public header": bad})
}

func TestStep(t *testing.T) {
	_, r := bobsClaims(t)
	for i := range r.Calls {
		tamper := func(f func(c *Step)) *Step { c := AssignStep(r, i); f(c); republishStep(c); return c }
		invalid := map[string]frontend.Circuit{
			"vk not in the whitelist":   tamper(func(c *Step) { bump(&c.CFCVK) }),
			"function not whitelisted":  tamper(func(c *Step) { c.CFC.Function = 0; c.Whitelist.Index = 0 }),
			"cfc of another user":       tamper(func(c *Step) { c.CFC.User = uint64(apps.Carol) }),
			"cfc against another chkp":  tamper(func(c *Step) { bump(&c.CFC.CheckpointRoot) }),
			"tampered ucon sibling":     tamper(func(c *Step) { bump(&c.UCON.Siblings[4]) }),
			"ucon not the cfc's before": tamper(func(c *Step) { bump(&c.UCON.OldValue) }),
			"ucon not the cfc's after":  tamper(func(c *Step) { bump(&c.UCON.NewValue) }),
			"tampered gcon sibling":     tamper(func(c *Step) { bump(&c.GCON.Siblings[0]) }),
			"wrong metadata":            tamper(func(c *Step) { bump(&c.Metadata) }),
		}
		if i == 1 {
			// Skipping step 1: step 2 claims to follow the start directly.
			invalid["skips a step"] = tamper(func(c *Step) { c.First = 1 })
			// A step that names a fabricated previous step is consistent on
			// its own: steps attest the previous step, they do not verify
			// it. The end cap catches it when it verifies the attested
			// proof (whose header must hash to Prev).
		}
		bad := AssignStep(r, i)
		bump(&bad.Public)
		invalid["wrong public header"] = bad
		t.Run(fmt.Sprint("call ", i), func(t *testing.T) { check(t, NewStep(), AssignStep(r, i), invalid) })
	}
	// The headers the circuit proves are the native ones.
	steps := r.StepHeaders()
	if steps[1].Prev != steps[0].Hash() || steps[0].UCONAfter != steps[1].UCONBefore || steps[1].UCONAfter != r.Header.UCONAfter {
		t.Fatal("native step headers do not chain")
	}
}
