package wrap

import (
	"crypto/rand"
	"log/slog"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/r1cs"
	"github.com/consensys/gnark/test"

	"github.com/parthnet/parth/circuits/cfc"
	"github.com/parthnet/parth/circuits/sig"
	"github.com/parthnet/parth/prover"
	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/apps"
	native "github.com/parthnet/parth/state/hashing"
)

type fixture struct {
	setup    *prover.Setup
	transfer *prover.Keys
	eddsa    *prover.Keys
	tProof   *prover.Proof
	tPublic  fr.Element
	sProof   *prover.Proof
	sPublic  fr.Element
}

var (
	fixOnce sync.Once
	fix     fixture
	fixErr  error
)

func load(t *testing.T) *fixture {
	t.Helper()
	fixOnce.Do(func() { fixErr = build(&fix) })
	if fixErr != nil {
		t.Fatal(fixErr)
	}
	return &fix
}

func build(f *fixture) error {
	var err error
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	if f.setup, err = prover.DevSetup(log); err != nil {
		return err
	}
	if f.transfer, err = f.setup.Keys(prover.Circuit{Name: "cfc/usdt.transfer", System: prover.PLONK, Shape: cfc.NewTransfer()}); err != nil {
		return err
	}
	if f.eddsa, err = f.setup.Keys(prover.Circuit{Name: "sig/eddsa-bjj", System: prover.PLONK, Shape: &sig.EdDSA{}}); err != nil {
		return err
	}
	w, err := apps.NewWorld(state.NewMemStore(), 3)
	if err != nil {
		return err
	}
	r, err := w.Chain.Execute(state.Session{User: apps.Alice, Calls: []state.Call{apps.Transfer(apps.USDTContract, apps.Bob, 30)}})
	if err != nil {
		return err
	}
	hdr := r.CFCHeader(0)
	f.tPublic = hdr.Hash()
	if f.tProof, err = f.transfer.Prove(prover.CPU{}, cfc.AssignTransfer(r, 0), prover.ForRecursion()); err != nil {
		return err
	}
	scheme := state.NewEdDSA(native.Uint(1))
	key, _ := scheme.GenerateKey(rand.Reader)
	sg, _ := key.Sign(r.Header.Payload)
	params, _ := scheme.Params(key.PublicKey())
	f.sPublic = state.SignatureStatement(params, r.Header.Payload)
	if f.sProof, err = f.eddsa.Prove(prover.CPU{}, sig.AssignEdDSA(key.PublicKey(), sg, r.Header.Payload.String(), f.sPublic.String()), prover.ForRecursion()); err != nil {
		return err
	}
	return nil
}

func shape(t *testing.T, f *fixture) *Circuit {
	base, err := BaseOf(f.eddsa.PlVK)
	if err != nil {
		t.Fatal(err)
	}
	return New(base, f.eddsa.CCS)
}

func TestConstraintCount(t *testing.T) {
	f := load(t)
	start := time.Now()
	ccs, err := frontend.Compile(ecc.BN254.ScalarField(), r1cs.NewBuilder, shape(t, f))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("wrap: %d R1CS constraints, compiled in %v", ccs.GetNbConstraints(), time.Since(start))
}

// TestWrapAcceptsAndBinds runs the wrapper in the test engine on real PLONK
// proofs of two different user circuits.
func TestWrapAcceptsAndBinds(t *testing.T) {
	f := load(t)
	valid, err := Assign(f.transfer.PlVK, f.tProof.PLONK, f.tPublic)
	if err != nil {
		t.Fatal(err)
	}
	sh := shape(t, f)
	if err := test.IsSolved(sh, valid, ecc.BN254.ScalarField()); err != nil {
		t.Fatalf("valid transfer proof rejected: %v", err)
	}
	validSig, _ := Assign(f.eddsa.PlVK, f.sProof.PLONK, f.sPublic)
	if err := test.IsSolved(sh, validSig, ecc.BN254.ScalarField()); err != nil {
		t.Fatalf("valid signature proof rejected: %v", err)
	}

	// Another key for the proof (the signature circuit's key with the
	// transfer proof): the PLONK check fails.
	wrongKey, _ := Assign(f.eddsa.PlVK, f.tProof.PLONK, f.tPublic)
	// The right proof, but the attestation claims another circuit's vk hash.
	sigHash, _ := VKHash(f.eddsa.PlVK)
	lying, _ := Assign(f.transfer.PlVK, f.tProof.PLONK, f.tPublic)
	lie := Attestation(sigHash, f.tPublic)
	lying.Public = lie.String()
	// Another public input.
	otherPublic, _ := Assign(f.transfer.PlVK, f.tProof.PLONK, native.Uint(7))
	for name, a := range map[string]*Circuit{"wrong key": wrongKey, "attestation for another key": lying, "another public input": otherPublic} {
		if test.IsSolved(sh, a, ecc.BN254.ScalarField()) == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
