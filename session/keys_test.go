package session

import (
	"errors"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/backend/plonk"
	plonkbn254 "github.com/consensys/gnark/backend/plonk/bn254"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/scs"
	"github.com/consensys/gnark/std/rangecheck"
	"github.com/consensys/gnark/test/unsafekzg"
)

// userShaped has the user-circuit shape (one public input, one commitment
// from its range check); bare has no commitment.
type userShaped struct {
	X frontend.Variable
	Y frontend.Variable `gnark:",public"`
}

func (c *userShaped) Define(api frontend.API) error {
	rangecheck.New(api).Check(c.X, 16)
	api.AssertIsEqual(api.Mul(c.X, c.X), c.Y)
	return nil
}

type bare struct {
	X frontend.Variable
	Y frontend.Variable `gnark:",public"`
}

func (c *bare) Define(api frontend.API) error {
	api.AssertIsEqual(api.Mul(c.X, c.X), c.Y)
	return nil
}

func plonkKey(t *testing.T, c frontend.Circuit) plonk.VerifyingKey {
	t.Helper()
	ccs, err := frontend.Compile(ecc.BN254.ScalarField(), scs.NewBuilder, c)
	if err != nil {
		t.Fatal(err)
	}
	srs, lagrange, err := unsafekzg.NewSRS(ccs)
	if err != nil {
		t.Fatal(err)
	}
	_, vk, err := plonk.Setup(ccs, srs, lagrange)
	if err != nil {
		t.Fatal(err)
	}
	return vk
}

// TestWrappable (audit): a function key the wrapper cannot take — another
// number of commitments, or another SRS than the wrapper's reference — is
// refused when the keys load, before any CFC proof of it is admitted.
func TestWrappable(t *testing.T) {
	good := plonkKey(t, &userShaped{})
	k := *good.(*plonkbn254.VerifyingKey)
	k.Kzg.G1.Double(&k.Kzg.G1)
	var other plonk.VerifyingKey = &k
	if err := wrappable("good", good, nil); err != nil {
		t.Fatal(err)
	}
	if err := wrappable("good", good, good); err != nil {
		t.Fatal(err)
	}
	if err := wrappable("no commitment", plonkKey(t, &bare{}), nil); !errors.Is(err, ErrBundleShape) {
		t.Fatalf("a key without a commitment: %v", err)
	}
	// A key whose KZG part is another SRS's.
	if err := wrappable("other srs", other, good); !errors.Is(err, ErrBundleShape) {
		t.Fatalf("a key on another SRS: %v", err)
	}
}
