package prover

import (
	"bytes"
	"fmt"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/backend"
	"github.com/consensys/gnark/backend/groth16"
	"github.com/consensys/gnark/backend/plonk"
	"github.com/consensys/gnark/backend/witness"
	"github.com/consensys/gnark/frontend"
	stdgroth16 "github.com/consensys/gnark/std/recursion/groth16"
	stdplonk "github.com/consensys/gnark/std/recursion/plonk"
	"golang.org/x/crypto/sha3"

	"github.com/parthnet/parth/internal/wire"
)

// Proof is a proof of either system.
type Proof struct {
	System  System
	Groth16 groth16.Proof
	PLONK   plonk.Proof
}

// Options of Prove and Verify.
type Options struct {
	// Recursive makes the proof verifiable inside a BN254 circuit by
	// gnark's std/recursion (transcript and hash-to-field hashes).
	Recursive bool
	// EVM makes a Groth16 proof verifiable by gnark's exported Solidity
	// verifier (Keccak-256 hash to field for the commitment challenge).
	EVM bool
}

// Option configures Prove and Verify.
type Option func(*Options)

// ForRecursion is for proofs that another BN254 circuit verifies.
func ForRecursion() Option { return func(o *Options) { o.Recursive = true } }

// ForEVM is for Groth16 proofs verified on L1 (the block proof).
func ForEVM() Option { return func(o *Options) { o.EVM = true } }

func options(opts []Option) Options {
	var o Options
	for _, f := range opts {
		f(&o)
	}
	return o
}

var field = ecc.BN254.ScalarField()

func proverOpts(s System, o Options) []backend.ProverOption {
	if o.EVM && s == Groth16 {
		return []backend.ProverOption{backend.WithProverHashToFieldFunction(sha3.NewLegacyKeccak256())}
	}
	if !o.Recursive {
		return nil
	}
	if s == PLONK {
		return []backend.ProverOption{stdplonk.GetNativeProverOptions(field, field)}
	}
	return []backend.ProverOption{stdgroth16.GetNativeProverOptions(field, field)}
}

func verifierOpts(s System, o Options) []backend.VerifierOption {
	if o.EVM && s == Groth16 {
		return []backend.VerifierOption{backend.WithVerifierHashToFieldFunction(sha3.NewLegacyKeccak256())}
	}
	if !o.Recursive {
		return nil
	}
	if s == PLONK {
		return []backend.VerifierOption{stdplonk.GetNativeVerifierOptions(field, field)}
	}
	return []backend.VerifierOption{stdgroth16.GetNativeVerifierOptions(field, field)}
}

// Witness builds the full witness of an assignment.
func Witness(assignment frontend.Circuit) (witness.Witness, error) {
	w, err := frontend.NewWitness(assignment, field)
	if err != nil {
		return nil, fmt.Errorf("witness: %w", err)
	}
	return w, nil
}

// PublicWitness builds the public witness of an assignment.
func PublicWitness(assignment frontend.Circuit) (witness.Witness, error) {
	w, err := frontend.NewWitness(assignment, field, frontend.PublicOnly())
	if err != nil {
		return nil, fmt.Errorf("public witness: %w", err)
	}
	return w, nil
}

// Prove proves assignment with backend b.
func (k *Keys) Prove(b Backend, assignment frontend.Circuit, opts ...Option) (*Proof, error) {
	o := options(opts)
	w, err := Witness(assignment)
	if err != nil {
		return nil, err
	}
	if k.G16PK == nil && k.PlPK == nil || k.CCS == nil {
		return nil, fmt.Errorf("%w: %s", ErrVerifyOnly, k.Name)
	}
	p := &Proof{System: k.System}
	switch k.System {
	case Groth16:
		p.Groth16, err = b.ProveGroth16(k.CCS, k.G16PK, w, proverOpts(Groth16, o)...)
	case PLONK:
		p.PLONK, err = b.ProvePlonk(k.CCS, k.PlPK, w, proverOpts(PLONK, o)...)
	}
	if err != nil {
		return nil, fmt.Errorf("prove %s: %w", k.Name, err)
	}
	return p, nil
}

// Verify checks a proof against the public part of assignment.
func (k *Keys) Verify(p *Proof, assignment frontend.Circuit, opts ...Option) error {
	pw, err := PublicWitness(assignment)
	if err != nil {
		return err
	}
	return k.VerifyWitness(p, pw, opts...)
}

// VerifyWitness checks a proof against a public witness.
func (k *Keys) VerifyWitness(p *Proof, public witness.Witness, opts ...Option) error {
	if p.System != k.System {
		return fmt.Errorf("%w: %s proof for %s circuit %s", ErrSystem, p.System, k.System, k.Name)
	}
	o := options(opts)
	var err error
	switch k.System {
	case Groth16:
		err = groth16.Verify(p.Groth16, k.G16VK, public, verifierOpts(Groth16, o)...)
	case PLONK:
		err = plonk.Verify(p.PLONK, k.PlVK, public, verifierOpts(PLONK, o)...)
	}
	if err != nil {
		return fmt.Errorf("%w: %s: %v", ErrVerify, k.Name, err)
	}
	return nil
}

// MarshalBinary is the canonical (compressed) encoding: one byte of system,
// then gnark's encoding of the proof.
func (p *Proof) MarshalBinary() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte(byte(p.System))
	var err error
	switch p.System {
	case Groth16:
		_, err = p.Groth16.WriteTo(&buf)
	case PLONK:
		_, err = p.PLONK.WriteTo(&buf)
	default:
		return nil, fmt.Errorf("%w: proof of system %d", ErrEncoding, p.System)
	}
	return buf.Bytes(), err
}

// UnmarshalBinary decodes MarshalBinary's output, checking points are on
// the curve and in the right subgroup; trailing bytes are an error.
func (p *Proof) UnmarshalBinary(b []byte) error {
	if len(b) < 1 {
		return fmt.Errorf("%w: empty proof", ErrEncoding)
	}
	if err := checkShape(System(b[0]), b[1:]); err != nil {
		return err
	}
	r := bytes.NewReader(b[1:])
	var err error
	switch System(b[0]) {
	case Groth16:
		pr := groth16.NewProof(ecc.BN254)
		_, err = pr.ReadFrom(r)
		*p = Proof{System: Groth16, Groth16: pr}
	case PLONK:
		pr := plonk.NewProof(ecc.BN254)
		_, err = pr.ReadFrom(r)
		*p = Proof{System: PLONK, PLONK: pr}
	default:
		return fmt.Errorf("%w: unknown proof system %d", ErrEncoding, b[0])
	}
	if err != nil {
		return fmt.Errorf("%w: %v", ErrEncoding, err)
	}
	if r.Len() != 0 {
		return fmt.Errorf("%w: %d trailing bytes", ErrEncoding, r.Len())
	}
	return nil
}

// VerifyingKeyBytes is the canonical encoding of the circuit's verifying key.
func (k *Keys) VerifyingKeyBytes() ([]byte, error) {
	var buf bytes.Buffer
	var err error
	switch k.System {
	case Groth16:
		_, err = k.G16VK.WriteTo(&buf)
	case PLONK:
		_, err = k.PlVK.WriteTo(&buf)
	}
	return buf.Bytes(), err
}

// MaxProofBytes bounds a proof's encoding (a compressed Groth16 proof with
// one commitment is under 200 bytes, a PLONK proof ~600).
const MaxProofBytes = 1 << 12

// ReadProof reads a proof written by wire.Encoder.Marshal (nil after an
// error): how every job, result and record decodes its proofs.
func ReadProof(d *wire.Decoder) *Proof {
	p := new(Proof)
	if d.Unmarshal(p, MaxProofBytes, "proof"); d.Err != nil {
		return nil
	}
	return p
}
