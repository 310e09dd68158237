package cfc

import (
	"errors"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/parthnet/parth/prover"
	"github.com/parthnet/parth/state/apps"
)

// TestProveTransfer proves Alice's USDT transfer with real PLONK keys and
// verifies it, also as a recursion-friendly proof.
func TestProveTransfer(t *testing.T) {
	if testing.Short() {
		t.Skip("real proof")
	}
	s, err := prover.DevSetup(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	if err != nil {
		t.Fatal(err)
	}
	k, err := s.Keys(prover.Circuit{Name: "cfc/usdt.transfer", System: prover.PLONK, Shape: NewTransfer()})
	if err != nil {
		t.Fatal(err)
	}
	w := world(t)
	r := execute(t, w, apps.Alice, apps.Transfer(apps.USDTContract, apps.Bob, 30))
	a := AssignTransfer(r, 0)
	start := time.Now()
	p, err := k.Prove(prover.CPU{}, a, prover.ForRecursion())
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("transfer CFC proved in %v", time.Since(start))
	if err := k.Verify(p, a, prover.ForRecursion()); err != nil {
		t.Fatal(err)
	}
	other := AssignTransfer(r, 0)
	other.Public = "1"
	if err := k.Verify(p, other, prover.ForRecursion()); !errors.Is(err, prover.ErrVerify) {
		t.Fatalf("proof verifies for another header: %v", err)
	}
}
