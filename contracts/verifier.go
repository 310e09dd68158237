package contracts

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/consensys/gnark/backend/groth16"
	groth16bn254 "github.com/consensys/gnark/backend/groth16/bn254"
	"github.com/consensys/gnark/backend/solidity"
	"golang.org/x/crypto/sha3"
)

// VerifierContract is the name of the contract gnark exports.
const VerifierContract = "Verifier"

// VerifierSource is gnark's Solidity verifier for vk. Its commitment
// challenge is Keccak-256 (hash to field), so the proofs it accepts are
// made with prover.ForEVM.
func VerifierSource(vk groth16.VerifyingKey) ([]byte, error) {
	// gnark's export swaps the key's G2 points with their negations while
	// it runs: export a copy, so that the key can verify meanwhile.
	if k, ok := vk.(*groth16bn254.VerifyingKey); ok {
		c := *k
		vk = &c
	}
	var src bytes.Buffer
	if err := vk.ExportSolidity(&src, solidity.WithHashToFieldFunction(sha3.NewLegacyKeccak256())); err != nil {
		return nil, fmt.Errorf("contracts: export verifier: %w", err)
	}
	return src.Bytes(), nil
}

// CompileVerifier exports vk's verifier and compiles it with the pinned
// solc (in dir). A node does not: it writes its key into the built-in
// template (BlockVerifier); tests compile other circuits' verifiers, and
// compare.
func CompileVerifier(ctx context.Context, dir string, vk groth16.VerifyingKey) ([]byte, error) {
	src, err := VerifierSource(vk)
	if err != nil {
		return nil, err
	}
	bin, _, err := compileSource(ctx, dir, src)
	return bin, err
}

// compileText compiles one Solidity source given as text (in a temporary
// file named name).
func compileText(ctx context.Context, dir, name string, src []byte) (*Output, error) {
	tmp, err := os.MkdirTemp("", "parth-solc-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	file := filepath.Join(tmp, name)
	if err := os.WriteFile(file, src, 0o644); err != nil {
		return nil, err
	}
	return Compile(ctx, dir, file)
}
