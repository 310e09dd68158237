package contracts

import (
	"bytes"
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"regexp"
	"slices"
	"strings"

	"github.com/consensys/gnark-crypto/ecc/bn254"
	"github.com/consensys/gnark-crypto/ecc/bn254/fp"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr/pedersen"
	"github.com/consensys/gnark/backend/groth16"
	groth16bn254 "github.com/consensys/gnark/backend/groth16/bn254"
)

// A verifier template is gnark's Solidity verifier compiled once, at
// `make generate`, for a circuit's shape (its number of public inputs and
// which of them its commitment takes) rather than for one key: the node
// writes its key's values into the bytecode and needs neither solc nor
// Node.js at run time.
//
// gnark's verifier holds the key as Solidity constants that its code
// pushes whole (PUSH32) where it uses them, never in arithmetic the
// compiler could fold. Generation compiles the export of two placeholder
// keys of the shape, A and B, and records where A's values sit in A's
// bytecode; it then requires that writing B's values there gives B's
// bytecode byte for byte, so the bytecode depends on the key's values at
// those places only. At run time the key's export must be the template's
// source with other values (the skeleton's hash), and its values are
// written at the recorded places.

// Shape is what a Groth16 verifier's code depends on besides the key's
// values: len(K) (public inputs, the constant one and the commitments)
// and the public inputs each commitment takes.
type Shape struct {
	K         int     `json:"k"`
	Committed [][]int `json:"committed"`
}

// BlockShape is the block circuit's: the constant one, CHKP(n−1) and
// CHKP(n), and one commitment (gnark's range checks) over no public
// input. `make generate` builds the built-in template (BlockVerifier) for
// it; aggregator's L1 test checks it against the real block key, and a
// node refuses a key of another shape. Change it with the block circuit,
// then run `make generate`.
var BlockShape = Shape{K: 4, Committed: [][]int{{}}}

// ShapeOf is vk's shape.
func ShapeOf(vk groth16.VerifyingKey) (Shape, error) {
	k, ok := vk.(*groth16bn254.VerifyingKey)
	if !ok {
		return Shape{}, fmt.Errorf("contracts: a %T verifying key: the L1 verifier is BN254's", vk)
	}
	s := Shape{K: len(k.G1.K), Committed: [][]int{}}
	for _, c := range k.PublicAndCommitmentCommitted {
		s.Committed = append(s.Committed, append([]int{}, c...))
	}
	return s, nil
}

func (s Shape) equal(o Shape) bool {
	return s.K == o.K && slices.EqualFunc(s.Committed, o.Committed, slices.Equal)
}

func (s Shape) String() string { return fmt.Sprintf("K=%d committed=%v", s.K, s.Committed) }

// Template is a compiled verifier template.
type Template struct {
	Contract string `json:"contract"` // the compiled contract's name
	Shape    Shape  `json:"shape"`
	Solc     string `json:"solc"`
	// Skeleton is the SHA-256 of the exported source with each slot's
	// value replaced by its name.
	Skeleton string `json:"skeleton"`
	Slots    []Slot `json:"slots"`
	bin      []byte
}

// Slot is one constant of the key: its name in gnark's source and the
// bytecode offsets of its 32-byte value.
type Slot struct {
	Name    string `json:"name"`
	Offsets []int  `json:"offsets"`
}

// constRe matches gnark's `uint256 constant NAME = DECIMAL;` lines.
var constRe = regexp.MustCompile(`(?m)^(\s*uint256 constant ([A-Z0-9_]+) = )([0-9]+);`)

// constants are a source's decimal uint256 constants by name.
func constants(src []byte) map[string]*big.Int {
	out := map[string]*big.Int{}
	for _, m := range constRe.FindAllSubmatch(src, -1) {
		v, _ := new(big.Int).SetString(string(m[3]), 10)
		out[string(m[2])] = v
	}
	return out
}

// skeleton is src's hash with each named slot's value replaced by its
// name.
func skeleton(src []byte, slots map[string]bool) string {
	out := constRe.ReplaceAllFunc(src, func(line []byte) []byte {
		m := constRe.FindSubmatch(line)
		if !slots[string(m[2])] {
			return line
		}
		return append(append(append([]byte{}, m[1]...), m[2]...), ';')
	})
	sum := sha256.Sum256(out)
	return hex.EncodeToString(sum[:])
}

func word(v *big.Int) ([]byte, error) {
	if v.Sign() < 0 || v.BitLen() > 256 {
		return nil, fmt.Errorf("contracts: a key constant out of range: %s", v)
	}
	return v.FillBytes(make([]byte, 32)), nil
}

// GenerateTemplate compiles the verifier template of shape with the
// pinned solc (in dir): see the comment at the top of this file. It
// returns the template and its creation bytecode.
func GenerateTemplate(ctx context.Context, dir string, shape Shape) (*Template, []byte, error) {
	a, err := PlaceholderKey(shape, "A")
	if err != nil {
		return nil, nil, err
	}
	b, err := PlaceholderKey(shape, "B")
	if err != nil {
		return nil, nil, err
	}
	srcA, err := VerifierSource(a)
	if err != nil {
		return nil, nil, err
	}
	srcB, err := VerifierSource(b)
	if err != nil {
		return nil, nil, err
	}
	ca, cb := constants(srcA), constants(srcB)
	var names []string
	slots := map[string]bool{}
	for name, v := range ca {
		w, ok := cb[name]
		if !ok {
			return nil, nil, fmt.Errorf("contracts: constant %s in one export only", name)
		}
		if v.Cmp(w) != 0 {
			names = append(names, name)
			slots[name] = true
		}
	}
	slices.Sort(names)
	if len(names) == 0 {
		return nil, nil, errors.New("contracts: the two placeholder keys export the same constants")
	}
	t := &Template{Contract: VerifierContract, Shape: shape, Skeleton: skeleton(srcA, slots)}
	if sb := skeleton(srcB, slots); sb != t.Skeleton {
		return nil, nil, errors.New("contracts: gnark's export of two keys of one shape differs beyond the key's constants")
	}
	binA, solc, err := compileSource(ctx, dir, srcA)
	if err != nil {
		return nil, nil, err
	}
	binB, _, err := compileSource(ctx, dir, srcB)
	if err != nil {
		return nil, nil, err
	}
	t.Solc = solc
	for _, name := range names {
		w, err := word(ca[name])
		if err != nil {
			return nil, nil, err
		}
		s := Slot{Name: name}
		for off := 0; ; {
			i := bytes.Index(binA[off:], w)
			if i < 0 {
				break
			}
			at := off + i
			if at == 0 || binA[at-1] != 0x7f { // PUSH32
				return nil, nil, fmt.Errorf("contracts: %s's value at bytecode offset %d is not a PUSH32's", name, at)
			}
			s.Offsets = append(s.Offsets, at)
			off = at + 32
		}
		if len(s.Offsets) == 0 {
			return nil, nil, fmt.Errorf("contracts: %s's value is not in the bytecode (folded by the optimizer?)", name)
		}
		t.Slots = append(t.Slots, s)
	}
	t.bin = binA
	if err := t.checkOffsets(); err != nil {
		return nil, nil, err
	}
	patched, err := t.patch(cb)
	if err != nil {
		return nil, nil, err
	}
	if !bytes.Equal(patched, binB) {
		return nil, nil, errors.New("contracts: the verifier's bytecode depends on the key beyond its constants' places: it cannot be a template")
	}
	return t, binA, nil
}

// compileSource compiles gnark's exported verifier.
func compileSource(ctx context.Context, dir string, src []byte) ([]byte, string, error) {
	out, err := compileText(ctx, dir, "BlockVerifier.sol", src)
	if err != nil {
		return nil, "", err
	}
	c, ok := out.Contracts[VerifierContract]
	if !ok {
		return nil, "", fmt.Errorf("contracts: no %s in the exported verifier", VerifierContract)
	}
	bin, err := c.Bytecode()
	return bin, out.Solc, err
}

// checkOffsets checks, by a linear disassembly of the bytecode, that each
// slot's offset is the immediate of a PUSH32 instruction (not bytes inside
// another instruction's immediate), and that no two slots overlap.
func (t *Template) checkOffsets() error {
	push32 := map[int]bool{}
	for pc := 0; pc < len(t.bin); pc++ {
		op := t.bin[pc]
		if op >= 0x60 && op <= 0x7f { // PUSH1..PUSH32
			if op == 0x7f {
				push32[pc+1] = true
			}
			pc += int(op-0x60) + 1
		}
	}
	used := map[int]string{}
	for _, s := range t.Slots {
		for _, off := range s.Offsets {
			if !push32[off] || off+32 > len(t.bin) {
				return fmt.Errorf("contracts: the template's slot %s at %d is not a PUSH32's immediate", s.Name, off)
			}
			if other, ok := used[off]; ok {
				return fmt.Errorf("contracts: the template's slots %s and %s overlap at %d", other, s.Name, off)
			}
			used[off] = s.Name
		}
	}
	return nil
}

func (t *Template) patch(values map[string]*big.Int) ([]byte, error) {
	bin := bytes.Clone(t.bin)
	for _, s := range t.Slots {
		v, ok := values[s.Name]
		if !ok {
			return nil, fmt.Errorf("contracts: the key's export has no constant %s", s.Name)
		}
		w, err := word(v)
		if err != nil {
			return nil, err
		}
		for _, off := range s.Offsets {
			if off < 1 || off+32 > len(bin) || bin[off-1] != 0x7f {
				return nil, fmt.Errorf("contracts: the template's slot %s at %d is not a PUSH32 in its bytecode", s.Name, off)
			}
			copy(bin[off:], w)
		}
	}
	return bin, nil
}

// Bytecode is the creation bytecode of vk's verifier: the template's with
// vk's values. vk must be of the template's shape, and its export the
// template's source with other values. It behaves as solc's compile of
// vk's export does, and is that compile byte for byte unless a value is
// shorter than 32 bytes (solc then pushes it with a shorter PUSH; the
// template pushes it whole, the same word).
func (t *Template) Bytecode(vk groth16.VerifyingKey) ([]byte, error) {
	shape, err := ShapeOf(vk)
	if err != nil {
		return nil, err
	}
	if !shape.equal(t.Shape) {
		return nil, fmt.Errorf("contracts: the block verifier built in is for keys of shape %s, this key's is %s: the block circuit changed; run `make generate`", t.Shape, shape)
	}
	src, err := VerifierSource(vk)
	if err != nil {
		return nil, err
	}
	slots := map[string]bool{}
	for _, s := range t.Slots {
		slots[s.Name] = true
	}
	if skeleton(src, slots) != t.Skeleton {
		return nil, errors.New("contracts: this key's verifier source is not the built-in template's (another gnark version?): run `make generate`")
	}
	return t.patch(constants(src))
}

// PlaceholderKey is a verifying key of shape whose points are multiples
// of the generators by scalars derived from label: a key for no circuit,
// whose exported constants are distinct and 32 bytes long (no leading
// zero byte, so each is pushed whole).
func PlaceholderKey(shape Shape, label string) (groth16.VerifyingKey, error) {
	if shape.K < 1 || len(shape.Committed) > 1 {
		return nil, fmt.Errorf("contracts: shape %s: gnark's Solidity verifier takes at most one commitment", shape)
	}
	_, _, g1, g2 := bn254.Generators()
	seen := map[string]bool{}
	ctr := 0
	scalar := func() *big.Int {
		ctr++
		h := sha256.Sum256(fmt.Appendf(nil, "parth/verifier-template/%s/%d", label, ctr))
		var s fr.Element
		s.SetBytes(h[:])
		return s.BigInt(new(big.Int))
	}
	long := func(xs ...fp.Element) bool {
		for _, x := range xs {
			b := x.Bytes()
			if b[0] == 0 || seen[string(b[:])] {
				return false
			}
		}
		for _, x := range xs {
			b := x.Bytes()
			seen[string(b[:])] = true
		}
		return true
	}
	p1 := func() (p bn254.G1Affine) {
		for {
			p.ScalarMultiplication(&g1, scalar())
			if long(p.X, p.Y) {
				return p
			}
		}
	}
	p2 := func() (p bn254.G2Affine) {
		for {
			p.ScalarMultiplication(&g2, scalar())
			var neg bn254.G2Affine
			neg.Neg(&p)
			// The export writes β, γ and δ negated: both signs must be long.
			if long(p.X.A0, p.X.A1, p.Y.A0, p.Y.A1, neg.Y.A0, neg.Y.A1) {
				return p
			}
		}
	}
	vk := &groth16bn254.VerifyingKey{}
	vk.G1.Alpha, vk.G1.Beta, vk.G1.Delta = p1(), p1(), p1()
	for range shape.K {
		vk.G1.K = append(vk.G1.K, p1())
	}
	vk.G2.Beta, vk.G2.Gamma, vk.G2.Delta = p2(), p2(), p2()
	vk.PublicAndCommitmentCommitted = [][]int{}
	for _, c := range shape.Committed {
		vk.CommitmentKeys = append(vk.CommitmentKeys, pedersen.VerifyingKey{G: p2(), GSigmaNeg: p2()})
		vk.PublicAndCommitmentCommitted = append(vk.PublicAndCommitmentCommitted, append([]int{}, c...))
	}
	if err := vk.Precompute(); err != nil {
		return nil, err
	}
	return vk, nil
}

//go:embed build/BlockVerifier.bin
var blockVerifierBin string

//go:embed build/BlockVerifier.json
var blockVerifierJSON []byte

// BlockVerifier is the block circuit's verifier template, generated by
// `make generate` and built in.
func BlockVerifier() (*Template, error) {
	var t Template
	if err := json.Unmarshal(blockVerifierJSON, &t); err != nil {
		return nil, fmt.Errorf("contracts: build/BlockVerifier.json: %w", err)
	}
	bin, err := hex.DecodeString(strings.TrimSpace(blockVerifierBin))
	if err != nil {
		return nil, fmt.Errorf("contracts: build/BlockVerifier.bin: %w", err)
	}
	t.bin = bin
	if err := t.checkOffsets(); err != nil {
		return nil, err
	}
	return &t, nil
}
