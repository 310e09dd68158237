package merkle

import (
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/test"

	"github.com/parthnet/parth/circuits/hashing"
	native "github.com/parthnet/parth/state/hashing"
	"github.com/parthnet/parth/state/smt"
)

var spec = smt.NewSpec("test", native.TagNodeCState, 12, fr.Element{})

type deltaCircuit struct {
	D       Delta
	OldRoot frontend.Variable `gnark:",public"`
	NewRoot frontend.Variable `gnark:",public"`
}

func (c *deltaCircuit) Define(api frontend.API) error {
	h, err := hashing.New(api)
	if err != nil {
		return err
	}
	api.AssertIsEqual(Of(spec).Apply(h, c.OldRoot, c.D), c.NewRoot)
	return nil
}

type inclusionCircuit struct {
	P    Proof
	Root frontend.Variable `gnark:",public"`
}

func (c *inclusionCircuit) Define(api frontend.API) error {
	h, err := hashing.New(api)
	if err != nil {
		return err
	}
	api.AssertIsEqual(Of(spec).VerifiedRoot(h, c.P), c.Root)
	return nil
}

func sample(t *testing.T) (*smt.Tree, *smt.DeltaProof) {
	tr := smt.New(spec, nil)
	tr.Set(5, native.Uint(50))
	tr.Set(4000, native.Uint(7))
	d, err := tr.Set(4000, native.Uint(8))
	if err != nil {
		t.Fatal(err)
	}
	return tr, d
}

func assignDelta(d *smt.DeltaProof) *deltaCircuit {
	return &deltaCircuit{D: DeltaOf(d), OldRoot: d.OldRoot.String(), NewRoot: d.NewRoot.String()}
}

// TestDelta: the circuit accepts the native delta proof and rejects every
// tampering the native verifier rejects.
func TestDelta(t *testing.T) {
	_, d := sample(t)
	one := native.Uint(1)
	mutations := map[string]func(d *smt.DeltaProof){
		"tampered sibling":     func(d *smt.DeltaProof) { d.Siblings[2].Add(&d.Siblings[2], &one) },
		"tampered top sibling": func(d *smt.DeltaProof) { d.Siblings[11].Add(&d.Siblings[11], &one) },
		"wrong old value":      func(d *smt.DeltaProof) { d.OldValue = native.Uint(6) },
		"wrong new value":      func(d *smt.DeltaProof) { d.NewValue = native.Uint(9) },
		"wrong old root":       func(d *smt.DeltaProof) { d.OldRoot.Add(&d.OldRoot, &one) },
		"wrong new root":       func(d *smt.DeltaProof) { d.NewRoot.Add(&d.NewRoot, &one) },
		"wrong index":          func(d *smt.DeltaProof) { d.Index = 4001 },
		"index out of range":   func(d *smt.DeltaProof) { d.Index = 4000 + 1<<12 },
	}
	opts := []test.TestingOption{test.WithValidAssignment(assignDelta(d)), test.WithCurves(ecc.BN254), test.NoProverChecks(), test.NoSerializationChecks()}
	for name, mutate := range mutations {
		c := *d
		c.Siblings = append([]fr.Element(nil), d.Siblings...)
		mutate(&c)
		if c.Verify(spec) == nil {
			t.Fatalf("%s: native verifier accepts the mutation; the test is wrong", name)
		}
		opts = append(opts, test.WithInvalidAssignment(assignDelta(&c)))
	}
	test.NewAssert(t).CheckCircuit(&deltaCircuit{D: Of(spec).NewDelta()}, opts...)
}

func TestInclusion(t *testing.T) {
	tr, _ := sample(t)
	p, _ := tr.Prove(5)
	good := &inclusionCircuit{P: ProofOf(p), Root: p.Root.String()}
	bad := &inclusionCircuit{P: ProofOf(p), Root: p.Root.String()}
	bad.P.Value = 51
	moved := &inclusionCircuit{P: ProofOf(p), Root: p.Root.String()}
	moved.P.Index = 6
	test.NewAssert(t).CheckCircuit(&inclusionCircuit{P: Of(spec).NewProof()},
		test.WithValidAssignment(good), test.WithInvalidAssignment(bad), test.WithInvalidAssignment(moved),
		test.WithCurves(ecc.BN254), test.NoProverChecks(), test.NoSerializationChecks())
}
