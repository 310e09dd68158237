// Command recursion measures the in-circuit cost of the candidate end-cap
// and aggregation designs, compile only: how many R1CS constraints
// verifying Groth16 proofs of a protocol circuit (the UPS start circuit's
// real key) costs with gnark's verifier with the key fixed or as a witness,
// for one and two proofs; one child of our node verifier (circuits/node:
// the key as a witness and hashed, or fixed); and, for the 2-chain
// alternative, BLS12-377 Groth16 and PLONK proofs verified natively inside
// BW6-761 (one and eight proofs, key fixed or a witness). It writes JSON.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"log/slog"
	"os"
	"runtime"
	"time"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/r1cs"
	"github.com/consensys/gnark/std/algebra"
	"github.com/consensys/gnark/std/algebra/emulated/sw_bn254"
	"github.com/consensys/gnark/std/math/emulated"
	stdgroth16 "github.com/consensys/gnark/std/recursion/groth16"

	"github.com/parthnet/parth/circuits/hashing"
	"github.com/parthnet/parth/circuits/node"
	"github.com/parthnet/parth/circuits/ups"
	"github.com/parthnet/parth/prover"
)

type (
	fr = sw_bn254.ScalarField
	g1 = sw_bn254.G1Affine
	g2 = sw_bn254.G2Affine
	gt = sw_bn254.GTEl
)

// verifyN verifies N proofs of one inner circuit with gnark's verifier,
// under one key, fixed or a witness, on any curve pair gnark recurses over.
type verifyN[FR emulated.FieldParams, G1 algebra.G1ElementT, G2 algebra.G2ElementT, GT algebra.GtElementT] struct {
	Fixed   bool                                `gnark:"-"`
	FixedVK stdgroth16.VerifyingKey[G1, G2, GT] `gnark:"-"`
	VK      stdgroth16.VerifyingKey[G1, G2, GT]
	Proofs  []stdgroth16.Proof[G1, G2]
	Publics []stdgroth16.Witness[FR]
}

func (c *verifyN[FR, G1, G2, GT]) Define(api frontend.API) error {
	v, err := stdgroth16.NewVerifier[FR, G1, G2, GT](api)
	if err != nil {
		return err
	}
	vk := c.VK
	if c.Fixed {
		vk = c.FixedVK
	}
	for i := range c.Proofs {
		if err := v.AssertProof(vk, c.Proofs[i], c.Publics[i]); err != nil {
			return err
		}
	}
	return nil
}

type result struct {
	Design      string  `json:"design"`
	Proofs      int     `json:"proofs"`
	FixedKey    bool    `json:"fixed_key"`
	Constraints int     `json:"constraints"`
	CompileSec  float64 `json:"compile_seconds"`
}

func main() {
	out := flag.String("out", "", "JSON output file (default stdout)")
	flag.Parse()
	s, err := prover.DevSetup(slog.New(slog.NewTextHandler(os.Stderr, nil)))
	if err != nil {
		log.Fatal(err)
	}
	inner, err := s.Keys(prover.Circuit{Name: "ups/start", System: prover.Groth16, Shape: ups.NewStart()})
	if err != nil {
		log.Fatal(err)
	}
	fixed, err := stdgroth16.ValueOfVerifyingKeyFixed[g1, g2, gt](inner.G16VK)
	if err != nil {
		log.Fatal(err)
	}
	var results []result
	for _, n := range []int{1, 2} {
		for _, fx := range []bool{true, false} {
			c := &verifyN[fr, g1, g2, gt]{Fixed: fx, FixedVK: fixed, VK: stdgroth16.PlaceholderVerifyingKey[g1, g2, gt](inner.CCS)}
			for range n {
				c.Proofs = append(c.Proofs, stdgroth16.PlaceholderProof[g1, g2](inner.CCS))
				c.Publics = append(c.Publics, stdgroth16.PlaceholderWitness[fr](inner.CCS))
			}
			start := time.Now()
			ccs, err := frontend.Compile(ecc.BN254.ScalarField(), r1cs.NewBuilder, c)
			if err != nil {
				log.Fatal(err)
			}
			r := result{Design: fmt.Sprintf("groth16 x%d, key %s", n, map[bool]string{true: "fixed", false: "witness"}[fx]),
				Proofs: n, FixedKey: fx, Constraints: ccs.GetNbConstraints(), CompileSec: time.Since(start).Seconds()}
			log.Printf("%s: %d constraints", r.Design, r.Constraints)
			results = append(results, r)
			runtime.GC()
		}
	}
	// One child of our node verifier, key as a witness (hashed) or fixed.
	for _, fx := range []bool{false, true} {
		var c frontend.Circuit = &nodeChild{C: node.StandardChild()}
		name := "node verifier child, key witness"
		if fx {
			fc, err := node.NewFixedChild(inner.G16VK)
			if err != nil {
				log.Fatal(err)
			}
			c, name = &nodeFixedChild{C: fc}, "node verifier child, key fixed"
		}
		results = append(results, compileCount(ecc.BN254, name, 1, fx, c))
	}
	// The 2-chain: BLS12-377 proofs (one public input, one commitment)
	// verified natively in BW6-761.
	twoChain, err := twoChainResults()
	if err != nil {
		log.Fatal(err)
	}
	results = append(results, twoChain...)
	b, _ := json.MarshalIndent(map[string]any{"go": runtime.Version(), "results": results}, "", "  ")
	if *out == "" {
		fmt.Println(string(b))
		return
	}
	if err := os.WriteFile(*out, append(b, '\n'), 0o644); err != nil {
		log.Fatal(err)
	}
}

// compileCount compiles c over curve's scalar field and reports its size.
func compileCount(curve ecc.ID, design string, proofs int, fixed bool, c frontend.Circuit) result {
	start := time.Now()
	ccs, err := frontend.Compile(curve.ScalarField(), r1cs.NewBuilder, c)
	if err != nil {
		log.Fatalf("%s: %v", design, err)
	}
	r := result{Design: design, Proofs: proofs, FixedKey: fixed, Constraints: ccs.GetNbConstraints(), CompileSec: time.Since(start).Seconds()}
	log.Printf("%s: %d constraints", r.Design, r.Constraints)
	runtime.GC()
	return r
}

// nodeChild is one child of the node's verifier with its key hashed.
type nodeChild struct {
	C node.Child
}

func (c *nodeChild) Define(api frontend.API) error {
	v, err := node.NewVerifier(api)
	if err != nil {
		return err
	}
	h, err := hashing.New(api)
	if err != nil {
		return err
	}
	k, p, err := c.C.Verify(api, v, h)
	if err != nil {
		return err
	}
	api.AssertIsDifferent(k, p)
	return nil
}

// nodeFixedChild is one child of the node's verifier with its key fixed.
type nodeFixedChild struct {
	C node.FixedChild
}

func (c *nodeFixedChild) Define(api frontend.API) error {
	v, err := node.NewVerifier(api)
	if err != nil {
		return err
	}
	p, err := c.C.Verify(api, v)
	if err != nil {
		return err
	}
	api.AssertIsDifferent(p, 0)
	return nil
}
