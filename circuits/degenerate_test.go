package circuits

import (
	"math/big"
	"reflect"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/schema"
	"github.com/consensys/gnark/test"

	"github.com/parthnet/parth/circuits/internal/freechoice"
)

// zeroRun runs a circuit whose every witness value is 0 under the dishonest
// prover's wrapper (the values are constants of the test engine).
type zeroRun struct {
	c frontend.Circuit   `gnark:"-"`
	p *freechoice.Prover `gnark:"-"`
}

func (r *zeroRun) Define(api frontend.API) error { return r.c.Define(r.p.Wrap(api)) }

// zeroed is e's shape with every witness value set to 0.
func zeroed(t *testing.T, e Entry) frontend.Circuit {
	t.Helper()
	c := e.Shape()
	tVar := reflect.TypeOf((*frontend.Variable)(nil)).Elem()
	if _, err := schema.Walk(ecc.BN254.ScalarField(), c, tVar, func(_ schema.LeafInfo, v reflect.Value) error {
		v.Set(reflect.ValueOf(0))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return c
}

// TestZeroWitnessRefused: the all-zero witness — every point (0,0), every
// scalar, root, key hash and public input 0 — is refused by every circuit,
// whatever the prover answers to the 0/0 divisions it reaches (0, 1, or the
// value that turned (0,0) into an order-4 point in the EdDSA forgery).
func TestZeroWitnessRefused(t *testing.T) {
	if testing.Short() {
		t.Skip("the recursive circuits take a while in the test engine")
	}
	entries := append(Catalog(), wrapEntry(t), blockEntry())
	choices := []int64{0, 1}
	for _, e := range entries {
		for _, ch := range choices {
			p := &freechoice.Prover{Div: func(int) *big.Int { return big.NewInt(ch) }}
			r := &zeroRun{c: zeroed(t, e), p: p}
			err := test.IsSolved(r, r, ecc.BN254.ScalarField())
			if testing.Verbose() && err != nil {
				msg := err.Error()
				t.Logf("%s (0/0 = %d): refused: %.90s", e.Name, ch, msg)
			}
			if err == nil {
				t.Errorf("%s: the all-zero witness is accepted (0/0 = %d, %d such divisions)", e.Name, ch, p.ZeroDivisions)
			}
		}
	}
}
