package biguint

import (
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/std/rangecheck"
)

// Bits is the width of a biguint in protocol v1.
const Bits = 64

// Checker does checked arithmetic on 64-bit values.
type Checker struct {
	api frontend.API
	rc  frontend.Rangechecker
}

// New returns a checker for the circuit being defined.
func New(api frontend.API) *Checker { return &Checker{api: api, rc: rangecheck.New(api)} }

// Checked asserts v < 2^64 and returns it (use on every witness value that
// is read as a biguint: arguments, stored values).
func (c *Checker) Checked(v frontend.Variable) frontend.Variable {
	c.rc.Check(v, Bits)
	return v
}

// Add returns a + b, failing on overflow.
func (c *Checker) Add(a, b frontend.Variable) frontend.Variable {
	return c.Checked(c.api.Add(a, b))
}

// Sub returns a − b, failing on underflow.
func (c *Checker) Sub(a, b frontend.Variable) frontend.Variable {
	return c.Checked(c.api.Sub(a, b))
}

// Mul returns a · b, failing on overflow.
func (c *Checker) Mul(a, b frontend.Variable) frontend.Variable {
	return c.Checked(c.api.Mul(a, b))
}

// AssertLE asserts a ≤ b.
func (c *Checker) AssertLE(a, b frontend.Variable) { c.Checked(c.api.Sub(b, a)) }

// AssertLT asserts a < b.
func (c *Checker) AssertLT(a, b frontend.Variable) { c.Checked(c.api.Sub(b, a, 1)) }
