package biguint

import (
	"math"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/test"

	"github.com/parthnet/parth/state"
)

type opCircuit struct {
	A, B frontend.Variable
	Op   string            `gnark:"-"`
	Out  frontend.Variable `gnark:",public"`
}

func (c *opCircuit) Define(api frontend.API) error {
	ch := New(api)
	a, b := ch.Checked(c.A), ch.Checked(c.B)
	switch c.Op {
	case "add":
		api.AssertIsEqual(ch.Add(a, b), c.Out)
	case "sub":
		api.AssertIsEqual(ch.Sub(a, b), c.Out)
	case "mul":
		api.AssertIsEqual(ch.Mul(a, b), c.Out)
	case "le":
		ch.AssertLE(a, b)
	case "lt":
		ch.AssertLT(a, b)
	}
	return nil
}

// TestAgainstNative: each operation accepts exactly what the native checked
// arithmetic accepts, at the edges of the range.
func TestAgainstNative(t *testing.T) {
	const max = math.MaxUint64
	pairs := [][2]uint64{{0, 0}, {1, 0}, {0, 1}, {max, 0}, {max, 1}, {max, max}, {1 << 32, 1 << 32}, {1 << 63, 2}, {5, 7}, {7, 5}}
	native := map[string]func(a, b uint64) (uint64, bool){
		"add": func(a, b uint64) (uint64, bool) { v, err := state.Add(a, b); return v, err == nil },
		"sub": func(a, b uint64) (uint64, bool) { v, err := state.Sub(a, b); return v, err == nil },
		"mul": func(a, b uint64) (uint64, bool) { v, err := state.Mul(a, b); return v, err == nil },
		"le":  func(a, b uint64) (uint64, bool) { return 0, a <= b },
		"lt":  func(a, b uint64) (uint64, bool) { return 0, a < b },
	}
	assert := test.NewAssert(t)
	for op, f := range native {
		var opts []test.TestingOption
		valid, invalid := 0, 0
		for _, p := range pairs {
			v, ok := f(p[0], p[1])
			w := &opCircuit{A: p[0], B: p[1], Out: v}
			if ok {
				opts = append(opts, test.WithValidAssignment(w))
				valid++
			} else {
				// The wrapped result is what a careless circuit would accept.
				w.Out = wrapped(op, p[0], p[1])
				opts = append(opts, test.WithInvalidAssignment(w))
				invalid++
			}
		}
		// An input above 64 bits is rejected even when the result would fit.
		opts = append(opts, test.WithInvalidAssignment(&opCircuit{A: "18446744073709551616", B: 0, Out: "18446744073709551616"}))
		if valid == 0 || invalid == 0 {
			t.Fatalf("%s: cases must include both outcomes", op)
		}
		assert.CheckCircuit(&opCircuit{Op: op}, append(opts, test.WithCurves(ecc.BN254), test.NoProverChecks(), test.NoSerializationChecks())...)
	}
}

func wrapped(op string, a, b uint64) uint64 {
	switch op {
	case "add":
		return a + b
	case "sub":
		return a - b
	case "mul":
		return a * b
	}
	return 0
}
