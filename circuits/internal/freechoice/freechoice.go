// Package freechoice runs a circuit's constraints with a dishonest prover:
// every value the constraints leave free is chosen by the test, not by
// gnark's honest solver.
//
// A witness that the honest solver refuses proves nothing about the
// constraints. gnark's DivUnchecked(a, b) compiles to the single constraint
// res·b = a, so when a = b = 0 any res satisfies it; the honest solver (and
// gnark's test engine, which panics on 0/0) never explores that freedom, but
// a prover with a modified solver does. Hints are the same: their outputs
// are whatever the prover writes, held only by the constraints that follow.
// We shipped an EdDSA circuit that accepted a forged signature exactly this
// way (docs/security/), so every circuit's degenerate witnesses run through
// this package.
//
// Under the wrapper:
//
//   - DivUnchecked(a, b) becomes a hint followed by exactly the constraint
//     gnark compiles, res·b = a. The hint returns a/b when b ≠ 0 and the
//     prover's choice (Prover.Div) when a = b = 0.
//   - Every hint that the circuit's Define calls (api.NewHint or
//     api.Compiler().NewHint) may have its outputs replaced (Prover.Hint),
//     including hints that refuse their inputs.
//   - Div and Inverse keep gnark's semantics: their constraints exclude a
//     zero divisor, so they leave nothing free.
//
// Not covered: hints called from deferred callbacks (gnark's commitment-based
// range checks and log-derivative lookups run their decompositions after
// Define, on the builder itself). Those gadgets' soundness is gnark's.
//
// The package is for tests only (deps_test.go keeps it out of non-test code).
package freechoice

import (
	"fmt"
	"math/big"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/constraint/solver"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/test"
)

// Prover holds a dishonest prover's choices.
type Prover struct {
	// Div chooses the result of the n-th (from 0) DivUnchecked(0, 0) of the
	// circuit. nil, or a nil result, chooses 0.
	Div func(n int) *big.Int
	// Hint may replace the outputs of the n-th (from 0) call of the hint
	// named name (its Go function name). honest holds the honest outputs,
	// err the honest hint's error. Returning nil keeps the honest outputs
	// (and error); otherwise the returned values are the outputs and the
	// hint succeeds.
	Hint func(name string, n int, in, honest []*big.Int, err error) []*big.Int

	// ZeroDivisions counts the 0/0 divisions met so far: a test that means
	// to reach one checks that it did.
	ZeroDivisions int
	hintCalls     map[string]int
}

// IsSolved runs assignment's Define in gnark's test engine (BN254's scalar
// field) under the wrapper, with the prover's choices (nil: every free value
// 0). It returns nil when the constraints accept them. The assignment's
// values reach the engine through gnark's own witness copy, as in
// test.IsSolved.
func IsSolved[T any, PT interface {
	*T
	frontend.Circuit
}](p *Prover, assignment PT) error {
	if p == nil {
		p = &Prover{}
	}
	w := &wrapped[T, PT]{C: *assignment, p: p}
	return test.IsSolved(w, w, ecc.BN254.ScalarField())
}

// wrapped is the assignment's circuit whose Define sees the wrapper.
type wrapped[T any, PT interface {
	*T
	frontend.Circuit
}] struct {
	C T
	p *Prover
}

func (w *wrapped[T, PT]) Define(api frontend.API) error { return PT(&w.C).Define(w.p.Wrap(api)) }

// Circuit is c under p's wrapper, to compile and prove for real: compile it
// (c as the shape), build the witness from Circuit(p, assignment), and
// prove with solver.WithHints(p.Hints()...). gnark's own solver then writes
// the prover's 0/0 results (Prover.Hint applies in IsSolved only).
func Circuit[T any, PT interface {
	*T
	frontend.Circuit
}](p *Prover, c PT) frontend.Circuit {
	return &wrapped[T, PT]{C: *c, p: p}
}

// Hints are the hints a proof of a wrapped circuit needs.
func (p *Prover) Hints() []solver.Hint { return []solver.Hint{p.divHint} }

// Wrap returns api with the prover's choices in place of the honest solver's.
func (p *Prover) Wrap(api frontend.API) frontend.API {
	if p.hintCalls == nil {
		p.hintCalls = map[string]int{}
	}
	a := &wrappedAPI{API: api, p: p}
	a.c = &wrappedCompiler{Compiler: api.Compiler(), a: a}
	return a
}

type kvStore interface {
	SetKeyValue(key, value any)
	GetKeyValue(key any) any
}

type wrappedAPI struct {
	frontend.API
	p *Prover
	c *wrappedCompiler
}

func (a *wrappedAPI) Compiler() frontend.Compiler { return a.c }

func (a *wrappedAPI) NewHint(f solver.Hint, n int, in ...frontend.Variable) ([]frontend.Variable, error) {
	return a.c.NewHint(f, n, in...)
}

// DivUnchecked is gnark's constraint res·b = a with res chosen by the prover.
func (a *wrappedAPI) DivUnchecked(x, y frontend.Variable) frontend.Variable {
	res, err := a.API.Compiler().NewHint(a.p.divHint, 1, x, y)
	if err != nil {
		panic(err)
	}
	a.API.AssertIsEqual(a.API.Mul(res[0], y), x)
	return res[0]
}

func (p *Prover) divHint(mod *big.Int, in, out []*big.Int) error {
	x, y := new(big.Int).Mod(in[0], mod), new(big.Int).Mod(in[1], mod)
	switch {
	case y.Sign() != 0:
		out[0].ModInverse(y, mod)
		out[0].Mul(out[0], x).Mod(out[0], mod)
	case x.Sign() == 0:
		n := p.ZeroDivisions
		p.ZeroDivisions++
		if p.Div != nil {
			if v := p.Div(n); v != nil {
				out[0].Mod(v, mod)
			}
		}
	default:
		// x/0 with x ≠ 0: no result satisfies res·0 = x; 0 lets the
		// constraint say so.
		out[0].SetUint64(0)
	}
	return nil
}

// Commit forwards to the builder's commitment (model.CommitShape needs it).
func (a *wrappedAPI) Commit(v ...frontend.Variable) (frontend.Variable, error) {
	c, ok := a.API.(frontend.Committer)
	if !ok {
		return nil, fmt.Errorf("freechoice: builder cannot commit")
	}
	return c.Commit(v...)
}

type wrappedCompiler struct {
	frontend.Compiler
	a *wrappedAPI
}

func (c *wrappedCompiler) SetKeyValue(key, value any) { c.Compiler.(kvStore).SetKeyValue(key, value) }
func (c *wrappedCompiler) GetKeyValue(key any) any    { return c.Compiler.(kvStore).GetKeyValue(key) }

// MustBeLessOrEqCst forwards the builder's comparison to a constant (bits
// and emulated arithmetic need it).
func (c *wrappedCompiler) MustBeLessOrEqCst(aBits []frontend.Variable, bound *big.Int, aForDebug frontend.Variable) {
	cmp, ok := c.Compiler.(interface {
		MustBeLessOrEqCst(aBits []frontend.Variable, bound *big.Int, aForDebug frontend.Variable)
	})
	if !ok {
		panic("freechoice: builder does not compare to constants")
	}
	cmp.MustBeLessOrEqCst(aBits, bound, aForDebug)
}

func (c *wrappedCompiler) NewHint(f solver.Hint, n int, in ...frontend.Variable) ([]frontend.Variable, error) {
	p := c.a.p
	if p.Hint == nil {
		return c.Compiler.NewHint(f, n, in...)
	}
	name := solver.GetHintName(f)
	call := p.hintCalls[name]
	p.hintCalls[name]++
	chosen := func(mod *big.Int, ins, outs []*big.Int) error {
		err := f(mod, ins, outs)
		if v := p.Hint(name, call, ins, outs, err); v != nil {
			if len(v) != len(outs) {
				return fmt.Errorf("freechoice: hint %s has %d outputs, the prover chose %d", name, len(outs), len(v))
			}
			for i := range v {
				outs[i].Mod(v[i], mod)
			}
			return nil
		}
		return err
	}
	return c.Compiler.NewHint(chosen, n, in...)
}
