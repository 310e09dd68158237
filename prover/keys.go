package prover

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/backend/groth16"
	"github.com/consensys/gnark/backend/plonk"
	"github.com/consensys/gnark/constraint"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/r1cs"
	"github.com/consensys/gnark/frontend/cs/scs"

	"github.com/parthnet/parth/internal/fsutil"
)

// System is a proof system.
type System uint8

const (
	Groth16 System = 1 // protocol circuits
	PLONK   System = 2 // user circuits (contract functions, signatures)
)

func (s System) String() string {
	switch s {
	case Groth16:
		return "groth16"
	case PLONK:
		return "plonk"
	}
	return fmt.Sprintf("system(%d)", uint8(s))
}

// Circuit is a circuit to set up: a name for logs and cache paths, its proof
// system, and its shape (an unassigned value for compiling).
type Circuit struct {
	Name   string
	System System
	Shape  frontend.Circuit
}

// Keys is a compiled circuit with its keys.
type Keys struct {
	Name   string
	System System
	CCS    constraint.ConstraintSystem
	ID     [32]byte

	G16PK groth16.ProvingKey
	G16VK groth16.VerifyingKey
	PlPK  plonk.ProvingKey
	PlVK  plonk.VerifyingKey
}

// Setup compiles circuits and finds or makes their keys.
type Setup struct {
	// Dir is the key cache; DefaultKeyDir() if empty.
	Dir string
	// SRS is required for PLONK circuits.
	SRS *SRS
	// Log receives progress; nil discards it.
	Log *slog.Logger
	// VerifyOnly loads verifying keys only (a node whose proving is done
	// by remote workers: the proving keys are most of the memory); a
	// missing key is still set up and cached in full. Keys from such a
	// setup cannot prove (ErrVerifyOnly).
	VerifyOnly bool
}

// DefaultKeyDir is $PARTH_KEY_CACHE, else <user cache dir>/parth/keys.
func DefaultKeyDir() string {
	if d := os.Getenv("PARTH_KEY_CACHE"); d != "" {
		return d
	}
	if d, err := os.UserCacheDir(); err == nil {
		return filepath.Join(d, "parth", "keys")
	}
	return filepath.Join(os.TempDir(), "parth-keys")
}

func (s *Setup) log() *slog.Logger {
	if s.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return s.Log
}

func (s *Setup) dir() string {
	if s.Dir == "" {
		return DefaultKeyDir()
	}
	return s.Dir
}

// Compile compiles a circuit for its system and computes its id.
func (s *Setup) Compile(c Circuit) (*Keys, error) {
	start := time.Now()
	var (
		ccs constraint.ConstraintSystem
		err error
	)
	switch c.System {
	case Groth16:
		ccs, err = frontend.Compile(ecc.BN254.ScalarField(), r1cs.NewBuilder, c.Shape)
	case PLONK:
		if s.SRS == nil {
			return nil, fmt.Errorf("%w: PLONK circuit %s needs an SRS", ErrSystem, c.Name)
		}
		ccs, err = frontend.Compile(ecc.BN254.ScalarField(), scs.NewBuilder, c.Shape)
	default:
		return nil, fmt.Errorf("%w: %v", ErrSystem, c.System)
	}
	if err != nil {
		return nil, fmt.Errorf("compile %s: %w", c.Name, err)
	}
	h := sha256.New()
	fmt.Fprintf(h, "parth/circuit/v1/%s\n", c.System)
	if c.System == PLONK {
		id := s.SRS.ID()
		h.Write(id[:])
	}
	if _, err := ccs.WriteTo(h); err != nil {
		return nil, fmt.Errorf("hash %s: %w", c.Name, err)
	}
	k := &Keys{Name: c.Name, System: c.System, CCS: ccs}
	copy(k.ID[:], h.Sum(nil))
	s.log().Info("compiled circuit", "circuit", c.Name, "system", c.System, "constraints", ccs.GetNbConstraints(),
		"id", k.ShortID(), "elapsed", time.Since(start).Round(time.Millisecond))
	return k, nil
}

// DropProving releases what only proving needs, the proving key and the
// compiled constraint system (most of the memory: a verify-only node of
// the network's keys holds about 4 GB of constraint systems otherwise).
// The keys then verify and cannot prove (ErrVerifyOnly).
func (k *Keys) DropProving() {
	k.CCS, k.G16PK, k.PlPK = nil, nil, nil
}

// ShortID is the first 8 bytes of the id in hex.
func (k *Keys) ShortID() string { return hex.EncodeToString(k.ID[:8]) }

func (s *Setup) keyDir(k *Keys) string {
	return filepath.Join(s.dir(), fmt.Sprintf("%s-%s", k.Name, hex.EncodeToString(k.ID[:16])))
}

// Keys compiles c and returns its keys: from the cache when present,
// otherwise by a development setup whose result is cached.
func (s *Setup) Keys(c Circuit) (*Keys, error) {
	k, err := s.Compile(c)
	if err != nil {
		return nil, err
	}
	// Cached keys are read without the lock (save writes each file
	// atomically, the proving key last, so a present proving key means a
	// complete entry): processes loading the same cache do not wait on
	// each other. Only a setup takes it.
	if err := s.load(k); err == nil {
		return k, nil
	} else if !errors.Is(err, ErrKeyMissing) {
		return nil, err
	}
	unlock, err := lock(s.keyDir(k), s.log())
	if err != nil {
		return nil, err
	}
	defer unlock()
	if err := s.load(k); err == nil { // set up meanwhile by the lock's holder
		return k, nil
	} else if !errors.Is(err, ErrKeyMissing) {
		return nil, err
	}
	if err := s.devSetup(k); err != nil {
		return nil, err
	}
	if s.VerifyOnly {
		k.G16PK, k.PlPK = nil, nil
	}
	return k, nil
}

func (s *Setup) load(k *Keys) error {
	dir := s.keyDir(k)
	pkf, err := os.Open(filepath.Join(dir, "pk"))
	if errors.Is(err, os.ErrNotExist) {
		return ErrKeyMissing
	} else if err != nil {
		return err
	}
	defer pkf.Close() // not read with VerifyOnly: its presence says the keys are set up
	vkf, err := os.Open(filepath.Join(dir, "vk"))
	if err != nil {
		return fmt.Errorf("%w: %s has a proving key but no verifying key", ErrKeyMissing, dir)
	}
	defer vkf.Close()
	start := time.Now()
	pr, vr := bufio.NewReaderSize(pkf, 1<<20), bufio.NewReaderSize(vkf, 1<<16)
	// Files in our own cache, written by devSetup or ImportGroth16 after
	// checks: read without the slow subgroup checks.
	switch k.System {
	case Groth16:
		k.G16VK = groth16.NewVerifyingKey(ecc.BN254)
		if !s.VerifyOnly {
			k.G16PK = groth16.NewProvingKey(ecc.BN254)
			if _, err := k.G16PK.UnsafeReadFrom(pr); err != nil {
				return fmt.Errorf("read cached key %s: %w", dir, err)
			}
		}
		if _, err := k.G16VK.UnsafeReadFrom(vr); err != nil {
			return fmt.Errorf("read cached key %s: %w", dir, err)
		}
	case PLONK:
		k.PlVK = plonk.NewVerifyingKey(ecc.BN254)
		if !s.VerifyOnly {
			k.PlPK = plonk.NewProvingKey(ecc.BN254)
			if _, err := k.PlPK.UnsafeReadFrom(pr); err != nil {
				return fmt.Errorf("read cached key %s: %w", dir, err)
			}
		}
		if _, err := k.PlVK.UnsafeReadFrom(vr); err != nil {
			return fmt.Errorf("read cached key %s: %w", dir, err)
		}
	}
	s.log().Info("loaded keys from cache", "circuit", k.Name, "dir", dir, "elapsed", time.Since(start).Round(time.Millisecond))
	return nil
}

// groth16SetupPerConstraint is a Groth16 development setup's time per
// constraint on 2 cores (measured: the wrapper, node, ECDSA and block
// circuits took 173–190 µs per constraint, so the time is linear in the
// size); the setup's MSMs scale with the cores.
const groth16SetupPerConstraint = 180 * time.Microsecond

// setupEstimate is how long a development setup of n constraints should
// take on cores cores.
func setupEstimate(sys System, n, cores int) time.Duration {
	per := groth16SetupPerConstraint
	if sys == PLONK {
		per /= 4 // the SRS is made once; a PLONK setup is its FFTs
	}
	if cores < 1 {
		cores = 1
	}
	return time.Duration(float64(per) * float64(n) * 2 / float64(cores))
}

// setupProgress is a setup's estimated percentage and time left after
// elapsed (never 100% or a negative time before it is done).
func setupProgress(elapsed, est time.Duration) (int, time.Duration) {
	if est <= 0 {
		return 99, 0
	}
	pct := int(100 * elapsed / est)
	if pct > 99 {
		return 99, 0
	}
	return pct, est - elapsed
}

func (s *Setup) devSetup(k *Keys) error {
	log := s.log().With("circuit", k.Name, "system", k.System, "constraints", k.CCS.GetNbConstraints())
	est := setupEstimate(k.System, k.CCS.GetNbConstraints(), runtime.GOMAXPROCS(0))
	log.Info("setting up keys (development setup; cached afterwards)", "estimate", est.Round(time.Second))
	start := time.Now()
	done := make(chan struct{})
	go func() { // progress while a long setup runs
		t := time.NewTicker(30 * time.Second)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				el := time.Since(start)
				pct, eta := setupProgress(el, est)
				log.Info("setup still running", "elapsed", el.Round(time.Second), "progress", fmt.Sprintf("%d%%", pct), "eta", eta.Round(time.Second))
			}
		}
	}()
	var err error
	switch k.System {
	case Groth16:
		k.G16PK, k.G16VK, err = groth16.Setup(k.CCS)
	case PLONK:
		canonical, lagrange, serr := s.SRS.ForCircuit(k.CCS)
		if serr != nil {
			err = serr
			break
		}
		k.PlPK, k.PlVK, err = plonk.Setup(k.CCS, canonical, lagrange)
	}
	close(done)
	if err != nil {
		return fmt.Errorf("setup %s: %w", k.Name, err)
	}
	log.Info("setup done", "elapsed", time.Since(start).Round(time.Millisecond))
	return s.save(k)
}

func (s *Setup) save(k *Keys) error {
	dir := s.keyDir(k)
	var pk, vk interface {
		WriteRawTo(io.Writer) (int64, error)
	}
	switch k.System {
	case Groth16:
		pk, vk = k.G16PK, k.G16VK
	case PLONK:
		pk, vk = k.PlPK, k.PlVK
	}
	// vk first: load() treats a pk without vk as missing.
	if err := fsutil.WriteFile(filepath.Join(dir, "vk"), func(w io.Writer) error { _, err := vk.WriteRawTo(w); return err }); err != nil {
		return err
	}
	return fsutil.WriteFile(filepath.Join(dir, "pk"), func(w io.Writer) error { _, err := pk.WriteRawTo(w); return err })
}

// ImportGroth16 installs production Groth16 keys (for example from gnark's
// MPC ceremony) for circuit c into the cache, after checking them: they are
// read with subgroup checks and must prove and verify a witness of c.
func (s *Setup) ImportGroth16(c Circuit, pk, vk io.Reader, sample frontend.Circuit) (*Keys, error) {
	k, err := s.Compile(c)
	if err != nil {
		return nil, err
	}
	if k.System != Groth16 {
		return nil, fmt.Errorf("%w: import of %s keys", ErrSystem, k.System)
	}
	k.G16PK, k.G16VK = groth16.NewProvingKey(ecc.BN254), groth16.NewVerifyingKey(ecc.BN254)
	if _, err := k.G16PK.ReadFrom(bufio.NewReader(pk)); err != nil {
		return nil, fmt.Errorf("%w: proving key: %v", ErrKeyImport, err)
	}
	if _, err := k.G16VK.ReadFrom(bufio.NewReader(vk)); err != nil {
		return nil, fmt.Errorf("%w: verifying key: %v", ErrKeyImport, err)
	}
	p, err := proveGuarded(k, sample)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrKeyImport, err)
	}
	if err := k.Verify(p, sample); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrKeyImport, err)
	}
	return k, s.save(k)
}

// proveGuarded proves with keys that came from outside: gnark's prover
// panics (rather than failing) on keys whose shape does not fit the circuit.
func proveGuarded(k *Keys, sample frontend.Circuit) (p *Proof, err error) {
	defer func() {
		if r := recover(); r != nil {
			p, err = nil, fmt.Errorf("key does not fit the circuit: %v", r)
		}
	}()
	return k.Prove(CPU{}, sample)
}
