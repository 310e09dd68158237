package circuits

import (
	"bytes"
	"encoding/csv"
	"flag"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"sync"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/backend/plonk"
	"github.com/consensys/gnark/constraint"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/r1cs"
	"github.com/consensys/gnark/frontend/cs/scs"
	"github.com/consensys/gnark/test/unsafekzg"

	"github.com/parthnet/parth/circuits/block"
	"github.com/parthnet/parth/circuits/internal/fakevk"
	"github.com/parthnet/parth/circuits/node"
	"github.com/parthnet/parth/circuits/sig"
	"github.com/parthnet/parth/circuits/wrap"
	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/hashing"
)

var update = flag.Bool("update", false, "rewrite bench/constraints.csv")

const statsFile = "../bench/constraints.csv"

var compiled sync.Map // name → constraint.ConstraintSystem, shared by the tests

func compile(t *testing.T, e Entry) constraint.ConstraintSystem {
	t.Helper()
	if c, ok := compiled.Load(e.Name); ok {
		return c.(constraint.ConstraintSystem)
	}
	var (
		ccs constraint.ConstraintSystem
		err error
	)
	if e.User {
		ccs, err = frontend.Compile(ecc.BN254.ScalarField(), scs.NewBuilder, e.Shape())
	} else {
		ccs, err = frontend.Compile(ecc.BN254.ScalarField(), r1cs.NewBuilder, e.Shape())
	}
	if err != nil {
		t.Fatalf("%s: %v", e.Name, err)
	}
	compiled.Store(e.Name, ccs)
	return ccs
}

// TestConstraintCounts keeps bench/constraints.csv equal to the circuits:
// any change in a circuit's size fails here until `make stats` records it.
func TestConstraintCounts(t *testing.T) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write([]string{"circuit", "system", "constraints", "public_inputs", "commitments"})
	for _, e := range append(Catalog(), wrapEntry(t), blockEntry()) {
		ccs := compile(t, e)
		sys := "groth16"
		if e.User {
			sys = "plonk"
		}
		w.Write([]string{e.Name, sys, strconv.Itoa(ccs.GetNbConstraints()), strconv.Itoa(ccs.GetNbPublicVariables()),
			strconv.Itoa(len(ccs.GetCommitments().CommitmentIndexes()))})
	}
	w.Flush()
	if *update {
		if err := os.WriteFile(statsFile, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(statsFile)
	if err != nil {
		t.Fatalf("%v (run `make stats`)", err)
	}
	if !bytes.Equal(want, buf.Bytes()) {
		t.Fatalf("constraint counts drifted from %s; run `make stats` and commit it.\ngot:\n%s\nwant:\n%s", filepath.Base(statsFile), buf.String(), want)
	}
}

// TestUserCircuitShape: every user circuit has one public input and one
// BSB22 commitment, so one recursive verifier (key as witness) fits all.
func TestUserCircuitShape(t *testing.T) {
	for _, e := range Catalog() {
		if !e.User {
			continue
		}
		ccs := compile(t, e)
		// PLONK's public variables do not include the constant wire.
		if n := ccs.GetNbPublicVariables(); n != 1 {
			t.Errorf("%s: %d public inputs, want 1", e.Name, n)
		}
		if n := len(ccs.GetCommitments().CommitmentIndexes()); n != 1 {
			t.Errorf("%s: %d commitments, want 1", e.Name, n)
		}
	}
}

// wrapEntry is the wrapper's shape with the SRS part of a key made from a
// fixed-τ test SRS: the constants' values do not change the circuit's size,
// only which SRS it accepts (real keys use the universal SRS, see prover).
func wrapEntry(t *testing.T) Entry {
	t.Helper()
	ref, err := frontend.Compile(ecc.BN254.ScalarField(), scs.NewBuilder, &sig.EdDSA{})
	if err != nil {
		t.Fatal(err)
	}
	srs, lagrange, err := unsafekzg.NewSRS(ref, unsafekzg.WithToxicValue(big.NewInt(42)))
	if err != nil {
		t.Fatal(err)
	}
	_, vk, err := plonk.Setup(ref, srs, lagrange)
	if err != nil {
		t.Fatal(err)
	}
	base, err := wrap.BaseOf(vk)
	if err != nil {
		t.Fatal(err)
	}
	return Entry{Name: "wrap", Shape: func() frontend.Circuit { return wrap.New(base, ref) }}
}

// blockEntry is the block circuit with placeholder keys: a random node key
// of the standard shape (fakevk) and placeholder hashes for the rest. They
// are constants, so their values do not change the circuit's size.
func blockEntry() Entry {
	vk := fakevk.Standard()
	h, err := node.KeyHash(vk)
	if err != nil {
		panic(err)
	}
	keys := state.NodeKeys{Node: h, Wrap: hashing.Uint(2), Step: hashing.Uint(3), EdDSA: hashing.Uint(4), ECDSA: hashing.Uint(5)}
	return Entry{Name: "block", Shape: func() frontend.Circuit {
		c, err := block.New(keys, vk)
		if err != nil {
			panic(err)
		}
		return c
	}}
}

// TestRecursiveChildShape: every Groth16 circuit a recursive node verifies
// (UPS start and step, the wrapper, the node itself) has one public input
// and one commitment over no public input, so one placeholder key — the
// node's StandardChild — fits them all.
func TestRecursiveChildShape(t *testing.T) {
	var want string
	for _, e := range append(Catalog(), wrapEntry(t)) {
		if e.User {
			continue
		}
		ccs := compile(t, e)
		c, ok := ccs.GetCommitments().(constraint.Groth16Commitments)
		if !ok {
			t.Fatalf("%s: not a Groth16 system", e.Name)
		}
		shape := fmt.Sprintf("public=%d commitments=%d committed-public=%v", ccs.GetNbPublicVariables(), len(c),
			c.GetPublicAndCommitmentCommitted(c.CommitmentIndexes(), ccs.GetNbPublicVariables()))
		if want == "" {
			want = shape
		}
		if shape != want || len(c) != 1 {
			t.Errorf("%s: %s, want %s with one commitment", e.Name, shape, want)
		}
		got, std := node.PlaceholderChild(ccs), node.StandardChild()
		if len(got.Key.G1.K) != len(std.Key.G1.K) || len(got.Key.CommitmentKeys) != len(std.Key.CommitmentKeys) ||
			len(got.Proof.Commitments) != len(std.Proof.Commitments) || len(got.Public.Public) != len(std.Public.Public) ||
			!reflect.DeepEqual(normalize(got.Key.PublicAndCommitmentCommitted), normalize(std.Key.PublicAndCommitmentCommitted)) {
			t.Errorf("%s: its placeholder is not the node's standard child", e.Name)
		}
	}
}

// normalize treats nil and empty committed-public lists alike.
func normalize(v [][]int) string { return fmt.Sprint(v) }
