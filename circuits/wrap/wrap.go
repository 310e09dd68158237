package wrap

import (
	"fmt"
	"math/big"

	"github.com/consensys/gnark-crypto/ecc/bn254"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark/backend/plonk"
	plonkbn254 "github.com/consensys/gnark/backend/plonk/bn254"
	"github.com/consensys/gnark/constraint"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/std/algebra/emulated/sw_bn254"
	"github.com/consensys/gnark/std/math/emulated"
	stdplonk "github.com/consensys/gnark/std/recursion/plonk"

	"github.com/parthnet/parth/circuits/hashing"
	"github.com/parthnet/parth/circuits/model"
	"github.com/parthnet/parth/circuits/node"
	"github.com/parthnet/parth/state"
	native "github.com/parthnet/parth/state/hashing"
)

type (
	FR   = sw_bn254.ScalarField
	G1   = sw_bn254.G1Affine
	G2   = sw_bn254.G2Affine
	GT   = sw_bn254.GTEl
	Base = stdplonk.BaseVerifyingKey[FR, G1, G2]
	Key  = stdplonk.CircuitVerifyingKey[FR, G1]
)

// Circuit verifies one user PLONK proof. Its public input is, by mode:
//
//	IsCap = 0  the attestation H(TagAttest; key hash, inner public input)
//	           of any user PLONK proof (a CFC, or a user signature
//	           circuit's), which the node's pair and end modes consume;
//	IsCap = 1  the end cap of a one-call session whose CFC proof is the
//	           inner proof and whose signature is a standard EdDSA one
//	           (node.Cap): one proof instead of a wrap, a pair node and an
//	           end node.
//
// The two outputs are hashes under different tags (TagAttest, TagNode), so
// a proof of one mode never stands for the other's.
type Circuit struct {
	Public frontend.Variable `gnark:",public"`
	Base   Base              `gnark:"-"` // SRS part: a constant
	Key    Key
	Proof  stdplonk.Proof[FR, G1, G2]
	Inner  stdplonk.Witness[FR]
	IsCap  frontend.Variable
	Cap    node.Cap // free and inert when IsCap = 0 (DummyCap)
}

// New returns the circuit's shape: base from any key made with the
// universal SRS, ref any compiled user circuit (for the key's shape).
func New(base Base, ref constraint.ConstraintSystem) *Circuit {
	return &Circuit{
		Base:  base,
		Key:   stdplonk.PlaceholderCircuitVerifyingKey[FR, G1](ref),
		Proof: stdplonk.PlaceholderProof[FR, G1, G2](ref),
		Inner: stdplonk.PlaceholderWitness[FR](ref),
		Cap:   node.NewCap(),
	}
}

// BaseOf extracts the constant SRS part from a user circuit's key.
func BaseOf(vk plonk.VerifyingKey) (Base, error) {
	return stdplonk.ValueOfBaseVerifyingKey[FR, G1, G2](vk)
}

func (c *Circuit) Define(api frontend.API) error {
	v, err := stdplonk.NewVerifier[FR, G1, G2, GT](api)
	if err != nil {
		return fmt.Errorf("new verifier: %w", err)
	}
	if err := assertProofPoints(api, &c.Proof); err != nil {
		return err
	}
	vk := stdplonk.VerifyingKey[FR, G1, G2]{BaseVerifyingKey: c.Base, CircuitVerifyingKey: c.Key}
	if err := v.AssertProof(vk, c.Proof, c.Inner); err != nil {
		return err
	}
	if len(c.Inner.Public) != 1 {
		return fmt.Errorf("wrap: user circuits have one public input, got %d", len(c.Inner.Public))
	}
	h, err := hashing.New(api)
	if err != nil {
		return err
	}
	vkHash := h.Hash(native.TagVK, flattenKey(&c.Key)...)
	inner := model.Scalar(api, &c.Inner.Public[0])
	api.AssertIsBoolean(c.IsCap)
	capOut, err := c.Cap.Check(api, h, c.IsCap, vkHash, inner)
	if err != nil {
		return err
	}
	api.AssertIsEqual(api.Select(c.IsCap, capOut, h.Hash(native.TagAttest, vkHash, inner)), c.Public)
	return nil
}

// assertProofPoints checks the proof's G1 points before gnark's verifier
// uses them. gnark checks only the KZG side (the folded digest and the two
// opening quotients, in BatchVerifyMultiPoints); it never checks the L, R, O,
// Z, H or BSB22 commitments, and it adds points with the incomplete formula,
// whose slope is constrained only by λ·(x₂ − x₁) = y₂ − y₁. With
// H₀ = H₁ = H₂ = (0,0) — gnark's encoding of the point at infinity, which
// its on-curve check accepts — the quotient fold Add(MSM(H₁, H₂), H₀) is
// 0/0 and its result (λ², −λ³) is the prover's choice; the opening quotients
// at (0,0) do the same to the KZG fold (TestGnarkFoldedHIsFree,
// TestGnarkKZGFoldedQuotientIsFree). No forgery is known through it, but the
// verifier is then outside PLONK's security proof. So: every point on the
// curve, and none of the commitments and quotients that reach an incomplete
// addition at infinity (an honest, blinded proof has one with negligible
// probability). BN254's G1 has cofactor 1: on the curve is in the group.
func assertProofPoints(api frontend.API, p *stdplonk.Proof[FR, G1, G2]) error {
	pairing, err := sw_bn254.NewPairing(api)
	if err != nil {
		return err
	}
	base, err := emulated.NewField[emulated.BN254Fp](api)
	if err != nil {
		return err
	}
	finite := func(q *G1) {
		pairing.AssertIsOnG1(q)
		api.AssertIsEqual(api.And(base.IsZero(&q.X), base.IsZero(&q.Y)), 0)
	}
	for i := range p.LRO {
		finite(&p.LRO[i].G1El)
	}
	finite(&p.Z.G1El)
	for i := range p.H {
		finite(&p.H[i].G1El)
	}
	for i := range p.Bsb22Commitments {
		pairing.AssertIsOnG1(&p.Bsb22Commitments[i].G1El)
	}
	finite(&p.BatchedProof.Quotient)
	finite(&p.ZShiftedOpening.Quotient)
	return nil
}

// flattenKey lists every variable of the key in a fixed order: Size,
// SizeInv, Generator, S[0..2], Ql, Qr, Qm, Qo, Qk, Qcp..., commitment
// indexes. Points are (X limbs, Y limbs).
func flattenKey(k *Key) []frontend.Variable {
	out := []frontend.Variable{k.Size}
	out = append(out, k.SizeInv.Limbs...)
	out = append(out, k.Generator.Limbs...)
	pt := func(p *G1) { out = append(append(out, p.X.Limbs...), p.Y.Limbs...) }
	for i := range k.S {
		pt(&k.S[i].G1El)
	}
	for _, q := range []*G1{&k.Ql.G1El, &k.Qr.G1El, &k.Qm.G1El, &k.Qo.G1El, &k.Qk.G1El} {
		pt(q)
	}
	for i := range k.Qcp {
		pt(&k.Qcp[i].G1El)
	}
	return append(out, k.CommitmentConstraintIndexes...)
}

// VKHash is the native twin of the in-circuit key hash: the same fields in
// the same order, each emulated element as its canonical 64-bit limbs.
func VKHash(vk plonk.VerifyingKey) (fr.Element, error) {
	k, ok := vk.(*plonkbn254.VerifyingKey)
	if !ok {
		return fr.Element{}, fmt.Errorf("wrap: %T is not a BN254 PLONK key", vk)
	}
	var in []fr.Element
	u := func(v uint64) { in = append(in, native.Uint(v)) }
	limbs := func(x *big.Int) {
		for i := 0; i < 4; i++ {
			u(new(big.Int).Rsh(x, uint(64*i)).Uint64())
		}
	}
	scalar := func(e *fr.Element) { limbs(e.BigInt(new(big.Int))) }
	pt := func(p *bn254.G1Affine) {
		limbs(p.X.BigInt(new(big.Int)))
		limbs(p.Y.BigInt(new(big.Int)))
	}
	u(k.Size)
	scalar(&k.SizeInv)
	scalar(&k.Generator)
	for i := range k.S {
		pt(&k.S[i])
	}
	for _, q := range []*bn254.G1Affine{&k.Ql, &k.Qr, &k.Qm, &k.Qo, &k.Qk} {
		pt(q)
	}
	for i := range k.Qcp {
		pt(&k.Qcp[i])
	}
	for _, ci := range k.CommitmentConstraintIndexes {
		u(ci)
	}
	return native.Hash(native.TagVK, in...), nil
}

// Attestation is H(TagAttest; vk hash, public input), natively.
func Attestation(vkHash, public fr.Element) fr.Element { return state.Attestation(vkHash, public) }

// Assign builds the attestation mode's witness for a recursion-friendly
// PLONK proof of a user circuit with verifying key vk and public input
// public.
func Assign(vk plonk.VerifyingKey, proof plonk.Proof, public fr.Element) (*Circuit, error) {
	c, vkHash, err := assign(vk, proof, public)
	if err != nil {
		return nil, err
	}
	att := Attestation(vkHash, public)
	c.Public, c.IsCap, c.Cap = att.String(), 0, node.DummyCap()
	return c, nil
}

// AssignCap builds the cap mode's witness: the CFC's proof (key vk, public
// input its header's hash), the cap and the end cap's node header (out,
// state.EndCapOf of the key set).
func AssignCap(vk plonk.VerifyingKey, proof plonk.Proof, public fr.Element, cap node.Cap, out fr.Element) (*Circuit, error) {
	c, _, err := assign(vk, proof, public)
	if err != nil {
		return nil, err
	}
	c.Public, c.IsCap, c.Cap = out.String(), 1, cap
	return c, nil
}

func assign(vk plonk.VerifyingKey, proof plonk.Proof, public fr.Element) (*Circuit, fr.Element, error) {
	key, err := stdplonk.ValueOfCircuitVerifyingKey[FR, G1](vk)
	if err != nil {
		return nil, fr.Element{}, err
	}
	p, err := stdplonk.ValueOfProof[FR, G1, G2](proof)
	if err != nil {
		return nil, fr.Element{}, err
	}
	vkHash, err := VKHash(vk)
	if err != nil {
		return nil, fr.Element{}, err
	}
	return &Circuit{
		Key:   key,
		Proof: p,
		Inner: stdplonk.Witness[FR]{Public: []emulated.Element[FR]{emulated.ValueOf[FR](public)}},
	}, vkHash, nil
}
