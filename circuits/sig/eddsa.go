package sig

import (
	"fmt"
	"math/big"

	bjj "github.com/consensys/gnark-crypto/ecc/bn254/twistededwards"
	tedwards "github.com/consensys/gnark-crypto/ecc/twistededwards"
	"github.com/consensys/gnark/constraint/solver"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/std/algebra/native/twistededwards"
	"github.com/consensys/gnark/std/hash/poseidon2"
	"github.com/consensys/gnark/std/signature/eddsa"

	"github.com/parthnet/parth/circuits/hashing"
	"github.com/parthnet/parth/circuits/model"
	native "github.com/parthnet/parth/state/hashing"
)

func init() { solver.RegisterHint(cofactorPreimage) }

// EdDSA proves an EdDSA signature of Payload by key (A.x, A.y).
type EdDSA struct {
	Public  frontend.Variable `gnark:",public"`
	Key     eddsa.PublicKey
	Sig     eddsa.Signature
	Payload frontend.Variable
}

// Define checks every input that gnark's eddsa.Verify takes on trust before
// calling it. Verify bounds S but never checks that R or A is a curve point,
// and its Edwards formulas divide without checking the divisor: R = (0,0)
// with S = 0 reaches a 0/0 whose free result lets any payload verify under
// any key (docs/security/gnark-eddsa-unchecked-points.md). The checks make
// the circuit accept exactly what the native twin (state.EdDSA, gnark-crypto)
// accepts:
//
//   - A and R lie in the prime-order subgroup, so on the curve, where the
//     Edwards addition law is complete (a = −1 is a square and d is not, mod
//     r) and no denominator of Verify's formulas can vanish;
//   - A is not the identity (X ≠ 0: (0,1) is the only subgroup point with
//     X = 0), or every signature would verify under it;
//   - 0 < S < ℓ (Verify checks S < ℓ; gnark-crypto also refuses S = 0).
func (c *EdDSA) Define(api frontend.API) error {
	if err := VerifyEdDSA(api, c.Key, c.Sig, c.Payload); err != nil {
		return err
	}
	h, err := hashing.New(api)
	if err != nil {
		return err
	}
	// Params (A.x, A.y, 0, 0): every scheme has four.
	stmt := h.Hash(native.TagSignature, c.Key.A.X, c.Key.A.Y, 0, 0, c.Payload)
	api.AssertIsEqual(stmt, c.Public)
	// The commitment is over an internal wire: as a Groth16 circuit its key
	// then has the node's standard child shape.
	return model.CommitShape(api, stmt)
}

// VerifyEdDSA constrains sig to be a signature of msg by key, with every
// check that gnark's eddsa.Verify leaves out (EdDSA.Define says which):
// exactly what state.EdDSA accepts.
func VerifyEdDSA(api frontend.API, key eddsa.PublicKey, sig eddsa.Signature, msg frontend.Variable) error {
	curve, err := twistededwards.NewEdCurve(api, tedwards.BN254)
	if err != nil {
		return err
	}
	if err := assertInSubgroup(curve, key.A); err != nil {
		return fmt.Errorf("eddsa key: %w", err)
	}
	api.AssertIsDifferent(key.A.X, 0)
	if err := assertInSubgroup(curve, sig.R); err != nil {
		return fmt.Errorf("eddsa R: %w", err)
	}
	api.AssertIsDifferent(sig.S, 0)
	md, err := poseidon2.New(api)
	if err != nil {
		return err
	}
	return eddsa.Verify(curve, sig, msg, key, md)
}

// assertInSubgroup constrains p to Baby Jubjub's prime-order subgroup: a
// hinted q with q on the curve and [8]q = p. The curve's group is
// Z/8 × Z/ℓ, so [8]E is exactly the subgroup, and the three doublings of an
// on-curve q are exact (the law is complete). A point outside the subgroup,
// or off the curve, has no such q whatever the prover writes.
func assertInSubgroup(curve twistededwards.Curve, p twistededwards.Point) error {
	api := curve.API()
	out, err := api.Compiler().NewHint(cofactorPreimage, 2, p.X, p.Y)
	if err != nil {
		return err
	}
	// The hint's outputs are pinned by the two constraints below.
	q := twistededwards.Point{X: out[0], Y: out[1]}
	curve.AssertIsOnCurve(q)
	e := curve.Double(curve.Double(curve.Double(q)))
	api.AssertIsEqual(e.X, p.X)
	api.AssertIsEqual(e.Y, p.Y)
	return nil
}

// cofactorPreimage returns [8⁻¹ mod ℓ]p, the point whose [8] is p when p is
// in the prime-order subgroup.
func cofactorPreimage(_ *big.Int, in, out []*big.Int) error {
	params := bjj.GetEdwardsCurve()
	var p, q bjj.PointAffine
	p.X.SetBigInt(in[0])
	p.Y.SetBigInt(in[1])
	inv := new(big.Int).ModInverse(params.Cofactor.BigInt(new(big.Int)), &params.Order)
	q.ScalarMultiplication(&p, inv)
	q.X.BigInt(out[0])
	q.Y.BigInt(out[1])
	return nil
}

// AssignEdDSA builds the witness from a native public key and signature.
func AssignEdDSA(pub, signature []byte, payload string, public string) *EdDSA {
	c := &EdDSA{Payload: payload, Public: public}
	c.Key.Assign(tedwards.BN254, pub)
	c.Sig.Assign(tedwards.BN254, signature)
	return c
}
