package sig

import (
	"crypto/rand"
	"math/big"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/secp256k1/ecdsa"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/std/math/emulated"
	stdecdsa "github.com/consensys/gnark/std/signature/ecdsa"
	"golang.org/x/crypto/sha3"

	"github.com/parthnet/parth/state"
	native "github.com/parthnet/parth/state/hashing"
)

// TestECDSAR1CS: the ECDSA circuit as compiled for Groth16 (R1CS) accepts a
// valid signature and refuses the invalid-curve keys (0,1) and (1,1) and
// s = 0.
func TestECDSAR1CS(t *testing.T) {
	key, _ := ecdsa.GenerateKey(rand.Reader)
	payload := state.Payload(native.Uint(1), 2, 5, native.Uint(1), native.Uint(2))
	msg := payload.Bytes()
	sigBytes, _ := key.Sign(msg[:], sha3.NewLegacyKeccak256())
	valid := assignECDSA(&key.PublicKey, sigBytes, payload, ecdsaStatement(&key.PublicKey, payload))
	ccs := compileR1CS(t, &ECDSA{})
	t.Logf("constraints %d", ccs.GetNbConstraints())
	solve := func(c *ECDSA) error {
		w, err := frontend.NewWitness(c, ecc.BN254.ScalarField())
		if err != nil {
			t.Fatal(err)
		}
		return ccs.IsSolved(w)
	}
	if err := solve(valid); err != nil {
		t.Fatalf("valid rejected: %v", err)
	}
	withKey := func(x, y int64) *ECDSA {
		var pub ecdsa.PublicKey
		pub.A.X.SetInt64(x)
		pub.A.Y.SetInt64(y)
		w := *valid
		w.Key = stdecdsa.PublicKey[fp, fn]{X: emulated.ValueOf[fp](x), Y: emulated.ValueOf[fp](y)}
		st := ecdsaStatement(&pub, payload)
		w.Public = st.String()
		return &w
	}
	var s ecdsa.Signature
	s.SetBytes(sigBytes)
	r := new(big.Int).SetBytes(s.R[:])
	w0 := *valid
	w0.Sig = stdecdsa.Signature[fn]{R: emulated.ValueOf[fn](r), S: emulated.ValueOf[fn](0)}
	for name, c := range map[string]*ECDSA{"key (0,1)": withKey(0, 1), "key (1,1)": withKey(1, 1), "s=0": &w0} {
		if solve(c) == nil {
			t.Errorf("%s accepted by R1CS", name)
		}
	}
}
