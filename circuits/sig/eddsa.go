package sig

import (
	tedwards "github.com/consensys/gnark-crypto/ecc/twistededwards"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/std/algebra/native/twistededwards"
	"github.com/consensys/gnark/std/hash/poseidon2"
	"github.com/consensys/gnark/std/signature/eddsa"

	"github.com/parthnet/parth/circuits/hashing"
	"github.com/parthnet/parth/circuits/model"
	native "github.com/parthnet/parth/state/hashing"
)

// EdDSA proves an EdDSA signature of Payload by key (A.x, A.y).
type EdDSA struct {
	Public  frontend.Variable `gnark:",public"`
	Key     eddsa.PublicKey
	Sig     eddsa.Signature
	Payload frontend.Variable
}

func (c *EdDSA) Define(api frontend.API) error {
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
	// Params (A.x, A.y, 0, 0): every scheme has four.
	api.AssertIsEqual(h.Hash(native.TagSignature, c.Key.A.X, c.Key.A.Y, 0, 0, c.Payload), c.Public)
	return model.CommitShape(api, c.Public)
}

// AssignEdDSA builds the witness from a native public key and signature.
func AssignEdDSA(pub, signature []byte, payload string, public string) *EdDSA {
	c := &EdDSA{Payload: payload, Public: public}
	c.Key.Assign(tedwards.BN254, pub)
	c.Sig.Assign(tedwards.BN254, signature)
	return c
}
