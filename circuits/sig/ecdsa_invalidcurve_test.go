package sig

import (
	"math/big"
	"strings"
	"testing"

	"github.com/consensys/gnark-crypto/algebra/lattice"
	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark-crypto/ecc/secp256k1"
	"github.com/consensys/gnark-crypto/ecc/secp256k1/ecdsa"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/std/algebra/emulated/sw_emulated"
	"github.com/consensys/gnark/std/hash/sha3"
	"github.com/consensys/gnark/std/math/bits"
	"github.com/consensys/gnark/std/math/emulated"
	"github.com/consensys/gnark/std/math/uints"
	stdecdsa "github.com/consensys/gnark/std/signature/ecdsa"
	xsha3 "golang.org/x/crypto/sha3"

	"github.com/parthnet/parth/circuits/hashing"
	"github.com/parthnet/parth/circuits/internal/freechoice"
	"github.com/parthnet/parth/state"
	native "github.com/parthnet/parth/state/hashing"
)

// oldECDSA is the ECDSA circuit as it was before the key was checked on
// secp256k1 (before commit 7571873): the same Define without
// curve.AssertIsOnCurve(&key).
type oldECDSA ECDSA

func (c *oldECDSA) Define(api frontend.API) error {
	pbits := bits.ToBinary(api, c.Payload)
	bf, err := uints.NewBytes(api)
	if err != nil {
		return err
	}
	msg := make([]uints.U8, 32)
	for i := range msg {
		v := frontend.Variable(0)
		for j := 7; j >= 0; j-- {
			b := 8*(31-i) + j
			if b < len(pbits) {
				v = api.Add(api.Mul(v, 2), pbits[b])
			} else {
				v = api.Mul(v, 2)
			}
		}
		msg[i] = bf.ValueOf(v)
	}
	k, err := sha3.NewLegacyKeccak256(api)
	if err != nil {
		return err
	}
	k.Write(msg)
	digest := k.Sum()
	dbits := make([]frontend.Variable, 0, 256)
	for i := 31; i >= 0; i-- {
		dbits = append(dbits, api.ToBinary(bf.Value(digest[i]), 8)...)
	}
	scalars, err := emulated.NewField[fn](api)
	if err != nil {
		return err
	}
	e := scalars.FromBits(dbits...)
	c.Key.Verify(api, sw_emulated.GetSecp256k1Params(), e, &c.Sig)

	coords, err := emulated.NewField[fp](api)
	if err != nil {
		return err
	}
	params := make([]frontend.Variable, 0, 5)
	for _, x := range []*emulated.Element[fp]{&c.Key.X, &c.Key.Y} {
		xb := coords.ToBitsCanonical(x)
		params = append(params, bits.FromBinary(api, xb[128:256]), bits.FromBinary(api, xb[:128]))
	}
	h, err := hashing.New(api)
	if err != nil {
		return err
	}
	api.AssertIsEqual(h.Hash(native.TagSignature, append(params, c.Payload)...), c.Public)
	return nil
}

// invalidCurveForgery is a signature (r, s) for the off-curve key (0, 1) on a
// payload, made without any secret key, and the value c that the dishonest
// prover writes as gnark's hinted [r/s]key.
type invalidCurveForgery struct {
	r, s, c *big.Int
	tries   int
}

// forgeForKey01 forges, for any payload, a signature that gnark's
// ecdsa.Verify accepts under the key P = (0, 1) when the prover writes
// [k]P := (0, c), k = r/s.
//
// gnark computes [k]P (scalarMulGLVAndFakeGLV) as a hinted point Q and the
// check [u1]P + [u2]Φ(P) + [v1]Q + [v2]Φ(Q) + [2^65]G = [2^65]G with
// k·(v1 + λv2) + u1 + λu2 ≡ 0 (mod n). Every point of its tables has x = 0
// when P = (0, 1) and Q = (0, c) (Φ(x, y) = (ωx, y)), and AddUnified returns
// (0, 0) for two points with equal x and different y whatever curve they lie
// on: with c ∉ {0, ±1} every table point is (0, 0), the accumulator is
// [2^65]G whatever u, v and Q are, and the check passes when u1, u2, v1, v2
// are odd (no final correction). So Q = (0, c) is accepted as [k]P for any c;
// c is chosen so that x([e/s]G + (0, c)) = r.
func forgeForKey01(t *testing.T, e *big.Int, seed string) invalidCurveForgery {
	t.Helper()
	n, p := fn{}.Modulus(), fp{}.Modulus()
	eig := sw_emulated.GetSecp256k1Params().Eigenvalue
	bound := new(big.Int).Lsh(big.NewInt(1), 66)
	pm1 := new(big.Int).Sub(p, big.NewInt(1))
	nm1 := new(big.Int).Sub(n, big.NewInt(1))
	derive := func(tag string, i int) *big.Int {
		h := xsha3.NewLegacyKeccak256()
		h.Write([]byte(seed + "/" + tag))
		h.Write(big.NewInt(int64(i)).Bytes())
		return new(big.Int).Mod(new(big.Int).SetBytes(h.Sum(nil)), n)
	}
	for i := 0; i < 1000; i++ {
		r, s := derive("r", i), derive("s", i)
		if r.Sign() == 0 || s.Sign() == 0 {
			continue
		}
		sInv := new(big.Int).ModInverse(s, n)
		k := new(big.Int).Mul(r, sInv)
		k.Mod(k, n)
		if k.Cmp(big.NewInt(1)) <= 0 || k.Cmp(nm1) == 0 {
			continue // k ∈ {0, ±1} takes gnark's special branches
		}
		// u, v: gnark's own decomposition of k (the hint is left honest).
		negK := new(big.Int).Sub(n, k)
		dec := lattice.NewReconstructor(n).SetLambda(eig).RationalReconstructExt(negK)
		odd := true
		for _, d := range dec {
			if d.Bit(0) == 0 || new(big.Int).Abs(d).Cmp(bound) >= 0 {
				odd = false
			}
		}
		if !odd {
			continue
		}
		// T = [e/s]G on secp256k1; want x(T + (0, c)) = r with the chord
		// formula: λ = (c − T.y)/(0 − T.x), r = λ² − T.x.
		u := new(big.Int).Mul(e, sInv)
		u.Mod(u, n)
		var T secp256k1.G1Affine
		T.ScalarMultiplicationBase(u)
		tx, ty := T.X.BigInt(new(big.Int)), T.Y.BigInt(new(big.Int))
		lam := new(big.Int).ModSqrt(new(big.Int).Mod(new(big.Int).Add(r, tx), p), p)
		if lam == nil || tx.Sign() == 0 {
			continue
		}
		c := new(big.Int).Mul(lam, tx)
		c.Sub(ty, c).Mod(c, p)
		if c.Sign() == 0 || c.Cmp(big.NewInt(1)) == 0 || c.Cmp(pm1) == 0 {
			continue
		}
		// Native check of the chord: x(T + (0, c)) = r.
		l := new(big.Int).Sub(c, ty)
		l.Mul(l, new(big.Int).ModInverse(new(big.Int).Sub(p, tx), p)).Mod(l, p)
		x3 := new(big.Int).Mul(l, l)
		x3.Sub(x3, tx).Mod(x3, p)
		if x3.Cmp(r) != 0 {
			t.Fatalf("chord check: x = %v, r = %v", x3, r)
		}
		return invalidCurveForgery{r: r, s: s, c: c, tries: i + 1}
	}
	t.Fatal("no forgery in 1000 tries")
	return invalidCurveForgery{}
}

// invalidCurveProver writes (0, c) as the output of gnark's scalarMulHint
// for the key (0, 1); every other hint is honest.
func invalidCurveProver(c *big.Int, replaced *int) *freechoice.Prover {
	mod := ecc.BN254.ScalarField()
	return &freechoice.Prover{Hint: func(name string, _ int, in, honest []*big.Int, _ error) []*big.Int {
		if !strings.HasSuffix(name, ".scalarMulHint") {
			return nil
		}
		outs := make([]*big.Int, len(honest))
		for i := range outs {
			outs[i] = new(big.Int)
		}
		mine := false
		err := emulated.UnwrapHintContext(mod, in, outs, func(hc emulated.HintContext) error {
			base := hc.EmulatedModuli()[0]
			pin, pout := hc.InputsOutputs(base)
			if pin[0].Sign() == 0 && pin[1].Cmp(big.NewInt(1)) == 0 {
				mine = true
				pout[0].SetUint64(0)
				pout[1].Set(c)
			}
			return nil
		})
		if err != nil || !mine {
			return nil
		}
		*replaced++
		return outs
	}}
}

// TestECDSAInvalidCurveForgery: before the on-curve check, the key (0, 1)
// (off secp256k1; order 3 on y² = x³ + 1; nobody holds a secret key for it)
// verified a signature of any payload, forged without a secret key by a
// prover that writes gnark's hinted scalar multiplication itself. The
// current circuit refuses the same witness.
func TestECDSAInvalidCurveForgery(t *testing.T) {
	if testing.Short() {
		t.Skip("emulated secp256k1 in the test engine takes a while")
	}
	var pub ecdsa.PublicKey
	pub.A.X.SetZero()
	pub.A.Y.SetOne()
	if pub.A.IsOnCurve() {
		t.Fatal("(0, 1) is on secp256k1")
	}
	n := fn{}.Modulus()
	for _, payload := range []fr.Element{
		state.Payload(native.Uint(1), 2, 5, native.Uint(1), native.Uint(2)),
		state.Payload(native.Uint(1), 7, 1, native.Uint(1000000), native.Uint(3)),
	} {
		msg := payload.Bytes()
		h := xsha3.NewLegacyKeccak256()
		h.Write(msg[:])
		e := new(big.Int).SetBytes(h.Sum(nil))
		e.Mod(e, n)
		f := forgeForKey01(t, e, payload.String())
		t.Logf("payload %s: forged after %d tries, r = %x, s = %x, [r/s](0,1) := (0, %x)", payload.String(), f.tries, f.r, f.s, f.c)

		stmt := ecdsaStatement(&pub, payload)
		w := &ECDSA{
			Public:  stmt.String(),
			Key:     stdecdsa.PublicKey[fp, fn]{X: emulated.ValueOf[fp](0), Y: emulated.ValueOf[fp](1)},
			Sig:     stdecdsa.Signature[fn]{R: emulated.ValueOf[fn](f.r), S: emulated.ValueOf[fn](f.s)},
			Payload: payload.String(),
		}
		var replaced int
		if err := freechoice.IsSolved(invalidCurveProver(f.c, &replaced), (*oldECDSA)(w)); err != nil {
			t.Fatalf("payload %s: the old circuit refuses the forgery: %v", payload.String(), err)
		}
		if replaced != 1 {
			t.Fatalf("payload %s: %d scalar-mul hints replaced, want 1", payload.String(), replaced)
		}
		// Without the dishonest hint, gnark's own [k](0, 1) does not pass.
		if freechoice.IsSolved(nil, (*oldECDSA)(w)) == nil {
			t.Fatalf("payload %s: the honest solver accepts the forgery", payload.String())
		}
		// The current circuit, same witness, same dishonest prover (its
		// choice is offered again: the on-curve check is deferred, like
		// every emulated product check, so Verify still runs).
		replaced = 0
		if freechoice.IsSolved(invalidCurveProver(f.c, &replaced), w) == nil {
			t.Fatalf("payload %s: the current circuit accepts the invalid-curve forgery", payload.String())
		}
		if replaced != 1 {
			t.Fatalf("payload %s (current circuit): %d scalar-mul hints replaced, want 1", payload.String(), replaced)
		}
	}
}
