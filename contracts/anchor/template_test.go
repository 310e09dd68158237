package anchor_test

import (
	"bytes"
	"context"
	"math/big"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark/backend/groth16"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/r1cs"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/parthnet/parth/contracts"
	"github.com/parthnet/parth/contracts/anchor"
	"github.com/parthnet/parth/prover"
)

// A key with a constant shorter than 32 bytes (about half of them have
// one) is where the built-in template's bytecode and solc's compile of
// the key's export differ (solc pushes the value with a shorter PUSH):
// both must accept the same proof and refuse the same bad ones on the
// EVM.
func TestVerifierTemplateShortConstant(t *testing.T) {
	tmpl, err := contracts.BlockVerifier()
	if err != nil {
		t.Fatal(err)
	}
	ccs, err := frontend.Compile(fr.Modulus(), r1cs.NewBuilder, &chainCircuit{})
	if err != nil {
		t.Fatal(err)
	}
	var (
		keys              *prover.Keys
		patched, fromSolc []byte
	)
	for try := 0; try < 40 && keys == nil; try++ {
		pk, vk, err := groth16.Setup(ccs)
		if err != nil {
			t.Fatal(err)
		}
		p, err := tmpl.Bytecode(vk)
		if err != nil {
			t.Fatal(err)
		}
		s, err := contracts.CompileVerifier(context.Background(), contracts.Dir(), vk)
		if err != nil {
			t.Fatal(err)
		}
		if len(p) == len(s) {
			if !bytes.Equal(p, s) {
				t.Fatal("a key without short constants: the template's bytecode is not solc's")
			}
			continue
		}
		keys, patched, fromSolc = &prover.Keys{Name: "chain", System: prover.Groth16, CCS: ccs, G16PK: pk, G16VK: vk}, p, s
	}
	if keys == nil {
		t.Fatal("no key with a short constant in 40 setups")
	}
	t.Logf("template %d bytes, solc %d bytes", len(patched), len(fromSolc))

	prev := fr.NewElement(7)
	var next fr.Element
	next.SetUint64(3 * 3 * 3)
	next.Add(&next, &prev)
	proof, err := keys.Prove(prover.CPU{}, &chainCircuit{Prev: prev, Next: next, X: 3}, prover.ForEVM())
	if err != nil {
		t.Fatal(err)
	}
	evm, err := anchor.EVMProof(proof)
	if err != nil {
		t.Fatal(err)
	}
	flipped := bytes.Clone(evm)
	flipped[40] ^= 1
	set, _ := validators(t, 4)
	for name, bin := range map[string][]byte{"template": patched, "solc": fromSolc} {
		key, _ := crypto.GenerateKey()
		sim := anchor.NewSimulated(crypto.PubkeyToAddress(key.PublicKey))
		defer sim.Close()
		verifier, _, err := anchor.Deploy(context.Background(), sim.Client(), key, bin, fr.NewElement(1), set)
		if err != nil {
			t.Fatal(err)
		}
		call := func(proof []byte, in0, in1 fr.Element) error {
			data := contracts.NewIBlockVerifier().PackVerifyProof(proof, [2]*big.Int{in0.BigInt(new(big.Int)), in1.BigInt(new(big.Int))})
			_, err := sim.Client().CallContract(context.Background(), ethereum.CallMsg{To: &verifier, Data: data}, nil)
			return err
		}
		if err := call(evm, prev, next); err != nil {
			t.Errorf("%s verifier: the valid proof is refused: %v", name, err)
		}
		if err := call(evm, prev, prev); err == nil {
			t.Errorf("%s verifier: a proof for other public inputs is accepted", name)
		}
		if err := call(flipped, prev, next); err == nil {
			t.Errorf("%s verifier: a bit-flipped proof is accepted", name)
		}
	}
}
