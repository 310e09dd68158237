package sig

import (
	"crypto/rand"
	"fmt"
	"math/big"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	bjj "github.com/consensys/gnark-crypto/ecc/bn254/twistededwards"
	tedwards "github.com/consensys/gnark-crypto/ecc/twistededwards"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/std/algebra/native/twistededwards"
	"github.com/consensys/gnark/std/hash/poseidon2"
	"github.com/consensys/gnark/std/signature/eddsa"
	"github.com/consensys/gnark/test"

	"github.com/parthnet/parth/circuits/hashing"
	"github.com/parthnet/parth/circuits/internal/freechoice"
	"github.com/parthnet/parth/circuits/model"
	"github.com/parthnet/parth/state"
	native "github.com/parthnet/parth/state/hashing"
)

// vulnerableEdDSA is the signature circuit as it shipped: gnark's
// eddsa.Verify on unchecked R and A.
type vulnerableEdDSA EdDSA

func (c *vulnerableEdDSA) Define(api frontend.API) error {
	curve, err := twistededwards.NewEdCurve(api, tedwards.BN254)
	if err != nil {
		return err
	}
	md, err := poseidon2.New(api)
	if err != nil {
		return err
	}
	if err := eddsa.Verify(curve, c.Sig, c.Payload, c.Key, md); err != nil {
		return err
	}
	h, err := hashing.New(api)
	if err != nil {
		return err
	}
	api.AssertIsEqual(h.Hash(native.TagSignature, c.Key.A.X, c.Key.A.Y, 0, 0, c.Payload), c.Public)
	return model.CommitShape(api, c.Public)
}

var modulus = ecc.BN254.ScalarField()

// curveA is the reduced Baby Jubjub's a (−1).
func curveA() *big.Int {
	p := bjj.GetEdwardsCurve()
	return p.A.BigInt(new(big.Int))
}

// forgedX is the x with a·x² = 1: the free result of the first cofactor
// doubling of (0,0) that puts it on the order-4 point (x, 0).
func forgedX(t *testing.T) *big.Int {
	inv := new(big.Int).ModInverse(curveA(), modulus)
	x := new(big.Int).ModSqrt(inv, modulus)
	if x == nil {
		t.Fatal("1/a is not a square")
	}
	return x
}

// forgery is a signature of any payload under the victim's key: R = (0,0),
// S = 0.
func forgery(t *testing.T) *EdDSA {
	scheme := state.NewEdDSA(native.Uint(1))
	victim, err := scheme.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	payload := state.Payload(native.Uint(1), 7, 3, native.Uint(100), native.Uint(0)) // drains user 7
	stmt := eddsaStatement(victim.PublicKey(), payload)
	w := &EdDSA{Payload: payload.String(), Public: stmt.String()}
	w.Key.Assign(tedwards.BN254, victim.PublicKey())
	w.Sig.R = twistededwards.Point{X: 0, Y: 0}
	w.Sig.S = 0
	return w
}

// TestEdDSAForgeryRegression reproduces the forgery of
// docs/security/gnark-eddsa-unchecked-points.md without the honest solver.
func TestEdDSAForgeryRegression(t *testing.T) {
	forged := forgery(t)
	old := (*vulnerableEdDSA)(forged)

	// The honest solver refuses the witness: this is why no test saw it.
	if test.IsSolved(&vulnerableEdDSA{}, old, modulus) == nil {
		t.Fatal("gnark's test engine solved the forgery; expected it to refuse 0/0")
	}
	// A prover that picks the free 0/0 result forges on the old circuit.
	x := forgedX(t)
	attacker := &freechoice.Prover{Div: func(int) *big.Int { return x }}
	if err := freechoice.IsSolved(attacker, old); err != nil {
		t.Fatalf("the forgery no longer works on the old circuit (the regression test proves nothing): %v", err)
	}
	if attacker.ZeroDivisions != 1 {
		t.Fatalf("the forgery met %d 0/0 divisions, want 1", attacker.ZeroDivisions)
	}
	// The choice matters: 0 for the free value does not forge.
	if freechoice.IsSolved(nil, old) == nil {
		t.Fatal("the old circuit accepted R=(0,0), S=0 with the free value 0")
	}
	// The fixed circuit refuses it, whatever the prover chooses.
	for _, choice := range []*big.Int{x, new(big.Int).Sub(modulus, x), big.NewInt(0), big.NewInt(1)} {
		p := &freechoice.Prover{Div: func(int) *big.Int { return choice }}
		if freechoice.IsSolved(p, forged) == nil {
			t.Errorf("the fixed circuit accepts the forgery with 0/0 = %v", choice)
		}
	}
	// The native twin refuses the forgery's encoding too.
	if err := state.NewEdDSA(native.Uint(1)).Verify(victimKey(forged), fr.Element{}, make([]byte, 64)); err == nil {
		t.Error("the native twin accepts R = (0,0), S = 0")
	}
}

func victimKey(w *EdDSA) []byte {
	var p bjj.PointAffine
	p.X.SetBigInt(toBig(w.Key.A.X))
	p.Y.SetBigInt(toBig(w.Key.A.Y))
	b := p.Bytes()
	return b[:]
}

func toBig(v frontend.Variable) *big.Int {
	switch x := v.(type) {
	case *big.Int:
		return x
	case big.Int:
		return &x
	case []byte:
		return new(big.Int).SetBytes(x)
	case int:
		return big.NewInt(int64(x))
	case string:
		b, _ := new(big.Int).SetString(x, 10)
		return b
	}
	panic(fmt.Sprintf("value of type %T", v))
}

// TestEdwardsLawComplete checks the premise of the fix: a is a square and d
// is not, so the twisted Edwards addition law has no exceptional points on
// the curve and on-curve inputs leave no division 0/0.
func TestEdwardsLawComplete(t *testing.T) {
	p := bjj.GetEdwardsCurve()
	if big.Jacobi(new(big.Int).Mod(curveA(), modulus), modulus) != 1 {
		t.Error("a is not a square mod r")
	}
	if big.Jacobi(p.D.BigInt(new(big.Int)), modulus) != -1 {
		t.Error("d is a square mod r")
	}
}

type point struct{ x, y *big.Int }

func (p point) gnark() twistededwards.Point { return twistededwards.Point{X: p.x, Y: p.y} }

func pointOf(a *bjj.PointAffine) point {
	return point{a.X.BigInt(new(big.Int)), a.Y.BigInt(new(big.Int))}
}

// torsion returns points of order 2, 4 and 8 (the 8-torsion outside the
// subgroup): [ℓ]P of a random curve point P has order dividing 8.
func torsion(t *testing.T) map[string]bjj.PointAffine {
	params := bjj.GetEdwardsCurve()
	out := map[string]bjj.PointAffine{}
	for y := int64(2); len(out) < 3 && y < 1000; y++ {
		// Solve for x on −x² + y² = 1 + d·x²·y²: x² = (y² − 1)/(d·y² + 1).
		var yy, num, den, xx fr.Element
		yy.SetInt64(y)
		yy.Square(&yy)
		num.SetOne()
		num.Sub(&yy, &num)
		den.Mul(&params.D, &yy)
		var one fr.Element
		one.SetOne()
		den.Add(&den, &one)
		xx.Div(&num, &den)
		var x fr.Element
		if x.Sqrt(&xx) == nil {
			continue
		}
		var p bjj.PointAffine
		p.X = x
		p.Y.SetInt64(y)
		if !p.IsOnCurve() {
			t.Fatal("constructed point is off the curve")
		}
		var q bjj.PointAffine
		q.ScalarMultiplication(&p, &params.Order)
		for _, order := range []int64{2, 4, 8} {
			var r bjj.PointAffine
			r.ScalarMultiplication(&q, big.NewInt(order))
			var h bjj.PointAffine
			h.ScalarMultiplication(&q, big.NewInt(order/2))
			if r.IsZero() && !h.IsZero() {
				out[fmt.Sprintf("order %d", order)] = q
			}
		}
		// Double down to the lower orders.
		if q8, ok := out["order 8"]; ok {
			var q4, q2 bjj.PointAffine
			q4.Double(&q8)
			q2.Double(&q4)
			out["order 4"], out["order 2"] = q4, q2
		}
	}
	if len(out) < 3 {
		t.Fatalf("found torsion points of orders %v only", out)
	}
	return out
}

// validEdDSA is a real signature's witness.
func validEdDSA(t *testing.T) (*EdDSA, fr.Element) {
	t.Helper()
	scheme := state.NewEdDSA(native.Uint(1))
	key, err := scheme.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	payload := state.Payload(native.Uint(1), 1, 0, native.Uint(10), native.Uint(11))
	sig, err := key.Sign(payload)
	if err != nil {
		t.Fatal(err)
	}
	stmt := eddsaStatement(key.PublicKey(), payload)
	return AssignEdDSA(key.PublicKey(), sig, payload.String(), stmt.String()), payload
}

// TestEdDSADegenerateWitnesses feeds every degenerate point and scalar to
// the fixed circuit through the free-choice wrapper, under every choice of
// the 0/0 results and of the subgroup hint's output. Each is refused.
func TestEdDSADegenerateWitnesses(t *testing.T) {
	valid, payload := validEdDSA(t)

	// The valid witness passes under the wrapper and meets no 0/0.
	honest := &freechoice.Prover{}
	if err := freechoice.IsSolved(honest, valid); err != nil {
		t.Fatalf("valid signature rejected under the wrapper: %v", err)
	}
	if honest.ZeroDivisions != 0 {
		t.Fatalf("a valid signature met %d divisions 0/0", honest.ZeroDivisions)
	}

	tor := torsion(t)
	var a bjj.PointAffine
	a.X.SetBigInt(toBig(valid.Key.A.X))
	a.Y.SetBigInt(toBig(valid.Key.A.Y))
	var r bjj.PointAffine
	r.X.SetBigInt(toBig(valid.Sig.R.X))
	r.Y.SetBigInt(toBig(valid.Sig.R.Y))
	shifted := func(p bjj.PointAffine, by string) point {
		q := tor[by]
		var s bjj.PointAffine
		s.Add(&p, &q)
		return pointOf(&s)
	}
	degenerate := map[string]point{
		"(0,0)":               {big.NewInt(0), big.NewInt(0)},
		"identity (0,1)":      {big.NewInt(0), big.NewInt(1)},
		"off curve (1,2)":     {big.NewInt(1), big.NewInt(2)},
		"(x,0) with a·x² = 1": {forgedX(t), big.NewInt(0)},
	}
	for name, p := range tor {
		degenerate[name] = pointOf(&p)
	}
	cases := map[string]*EdDSA{}
	for name, p := range degenerate {
		c := *valid
		c.Key.A = p.gnark()
		cases["A = "+name] = &c
		c2 := *valid
		c2.Sig.R = p.gnark()
		cases["R = "+name] = &c2
		c3 := *valid
		c3.Sig.R = p.gnark()
		c3.Sig.S = 0
		cases["R = "+name+", S = 0"] = &c3
	}
	// A weak key signs every payload: with A of small order (or the
	// identity), [8][h]A vanishes and R = [S]B verifies for any S. Each is
	// its own account's key, so the statement names it.
	base := bjj.GetEdwardsCurve().Base
	for name, p := range degenerate {
		c := *valid
		c.Key.A = p.gnark()
		c.Sig.R = pointOf(&base).gnark()
		c.Sig.S = 1
		var params [state.SignatureParams]fr.Element
		params[0].SetBigInt(p.x)
		params[1].SetBigInt(p.y)
		st := state.SignatureStatement(params, payload)
		c.Public = st.String()
		cases["weak key A = "+name+", R = B, S = 1"] = &c
	}
	for _, by := range []string{"order 2", "order 4", "order 8"} {
		c := *valid
		c.Key.A = shifted(a, by).gnark()
		cases["A + torsion of "+by] = &c
		c2 := *valid
		c2.Sig.R = shifted(r, by).gnark()
		cases["R + torsion of "+by] = &c2
	}
	order := bjj.GetEdwardsCurve().Order
	for name, s := range map[string]*big.Int{
		"S = 0": big.NewInt(0), "S = ℓ": &order, "S = ℓ + 1": new(big.Int).Add(&order, big.NewInt(1)),
		"S = r − 1": new(big.Int).Sub(modulus, big.NewInt(1)),
	} {
		c := *valid
		c.Sig.S = s
		cases[name] = &c
	}

	// The prover's strategies: the free 0/0 results, and the subgroup
	// hint's output (honest, or a point of its choice).
	divs := []*big.Int{big.NewInt(0), big.NewInt(1), forgedX(t)}
	hints := map[string]func(in []*big.Int) []*big.Int{
		"honest preimage":    nil,
		"preimage (0,0)":     func([]*big.Int) []*big.Int { return []*big.Int{big.NewInt(0), big.NewInt(0)} },
		"preimage identity":  func([]*big.Int) []*big.Int { return []*big.Int{big.NewInt(0), big.NewInt(1)} },
		"preimage the input": func(in []*big.Int) []*big.Int { return []*big.Int{in[0], in[1]} },
	}
	for name, w := range cases {
		for _, d := range divs {
			for hname, h := range hints {
				p := &freechoice.Prover{Div: func(int) *big.Int { return d }}
				if h != nil {
					p.Hint = func(n string, _ int, in, _ []*big.Int, _ error) []*big.Int {
						if n == "github.com/parthnet/parth/circuits/sig.cofactorPreimage" {
							return h(in)
						}
						return nil
					}
				}
				if freechoice.IsSolved(p, w) == nil {
					t.Errorf("%s accepted (0/0 = %v, %s)", name, d, hname)
				}
			}
		}
	}
}
