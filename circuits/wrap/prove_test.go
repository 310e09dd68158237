package wrap

import (
	"runtime"
	"testing"
	"time"

	"github.com/parthnet/parth/prover"
)

// TestProveWrap sets up the wrapper (once per machine: cached) and wraps a
// real transfer CFC proof into a Groth16 proof that verifies.
func TestProveWrap(t *testing.T) {
	if testing.Short() {
		t.Skip("large Groth16 setup")
	}
	f := load(t)
	k, err := f.setup.Keys(prover.Circuit{Name: "wrap", System: prover.Groth16, Shape: shape(t, f)})
	if err != nil {
		t.Fatal(err)
	}
	a, err := Assign(f.transfer.PlVK, f.tProof.PLONK, f.tPublic)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	p, err := k.Prove(prover.CPU{}, a, prover.ForRecursion())
	if err != nil {
		t.Fatal(err)
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	t.Logf("wrap proved in %v (heap sys %d MiB)", time.Since(start), ms.HeapSys>>20)
	if err := k.Verify(p, a, prover.ForRecursion()); err != nil {
		t.Fatal(err)
	}
}
