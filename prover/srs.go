package prover

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark-crypto/ecc/bn254/kzg"
	kzgiface "github.com/consensys/gnark-crypto/kzg"
	"github.com/consensys/gnark/backend/plonk"
	"github.com/consensys/gnark/constraint"

	"github.com/parthnet/parth/internal/fsutil"
)

// SRS is a universal BN254 KZG structured reference string shared by every
// PLONK circuit. Its Lagrange forms are derived from the canonical points on
// demand (no toxic waste needed), and cached per domain size.
type SRS struct {
	canonical *kzg.SRS
	id        [32]byte
	mu        struct {
		sync.Mutex
		lagrange map[int]*kzg.SRS
	}
}

func newSRS(c *kzg.SRS) *SRS {
	s := &SRS{canonical: c}
	h := sha256.New()
	// τ is determined by [τ]G2; the size by the number of G1 points.
	for _, p := range c.Vk.G2 {
		b := p.Bytes()
		h.Write(b[:])
	}
	g := c.Vk.G1.Bytes()
	h.Write(g[:])
	binary.Write(h, binary.BigEndian, uint64(len(c.Pk.G1)))
	copy(s.id[:], h.Sum(nil))
	s.mu.lagrange = map[int]*kzg.SRS{}
	return s
}

// ID identifies the SRS (part of every PLONK circuit's key id).
func (s *SRS) ID() [32]byte { return s.id }

// Size is the number of canonical G1 points.
func (s *SRS) Size() int { return len(s.canonical.Pk.G1) }

// VerifyingKey is the SRS part every PLONK verifying key shares.
func (s *SRS) VerifyingKey() kzg.VerifyingKey { return s.canonical.Vk }

// ForCircuit returns the canonical and Lagrange SRS sized for ccs.
func (s *SRS) ForCircuit(ccs constraint.ConstraintSystem) (kzgiface.SRS, kzgiface.SRS, error) {
	nc, nl := plonk.SRSSize(ccs)
	if nc > s.Size() {
		return nil, nil, fmt.Errorf("%w: circuit needs %d points, SRS has %d", ErrSRSTooSmall, nc, s.Size())
	}
	canonical := &kzg.SRS{Pk: kzg.ProvingKey{G1: s.canonical.Pk.G1[:nc]}, Vk: s.canonical.Vk}
	s.mu.Lock()
	defer s.mu.Unlock()
	lag, ok := s.mu.lagrange[nl]
	if !ok {
		g1, err := kzg.ToLagrangeG1(s.canonical.Pk.G1[:nl])
		if err != nil {
			return nil, nil, fmt.Errorf("lagrange srs of size %d: %w", nl, err)
		}
		lag = &kzg.SRS{Pk: kzg.ProvingKey{G1: g1}, Vk: s.canonical.Vk}
		s.mu.lagrange[nl] = lag
	}
	return canonical, lag, nil
}

// LoadSRS reads a BN254 KZG SRS in gnark-crypto's (checked) encoding, for
// example one converted from a public powers-of-tau ceremony.
func LoadSRS(r io.Reader) (*SRS, error) {
	var c kzg.SRS
	if _, err := c.ReadFrom(bufio.NewReaderSize(r, 1<<20)); err != nil {
		return nil, fmt.Errorf("%w: srs: %v", ErrEncoding, err)
	}
	return newSRS(&c), nil
}

// DevSRS returns this machine's development SRS of the given size, creating
// it (random τ, discarded) on first use and caching it in dir. UNSAFE for
// production: whoever ran the generation could have kept τ.
func DevSRS(dir string, size int, log *slog.Logger) (*SRS, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	path := filepath.Join(dir, fmt.Sprintf("srs-dev-bn254-%d.bin", size))
	unlock, err := lock(path, log)
	if err != nil {
		return nil, err
	}
	defer unlock()
	if f, err := os.Open(path); err == nil {
		defer f.Close()
		var c kzg.SRS
		// Our own file, written by this function: skip subgroup checks.
		if _, err := c.UnsafeReadFrom(bufio.NewReaderSize(f, 1<<20)); err != nil {
			return nil, fmt.Errorf("read cached dev srs %s (delete it to regenerate): %w", path, err)
		}
		return newSRS(&c), nil
	}
	log.Info("generating development KZG SRS (unsafe, once per machine)", "points", size, "path", path)
	start := time.Now()
	var tau fr.Element
	if _, err := tau.SetRandom(); err != nil {
		return nil, err
	}
	c, err := kzg.NewSRS(uint64(size), tau.BigInt(new(big.Int)))
	tau.SetZero()
	if err != nil {
		return nil, fmt.Errorf("generate dev srs: %w", err)
	}
	if err := fsutil.WriteFile(path, func(w io.Writer) error { _, err := c.WriteRawTo(w); return err }); err != nil {
		return nil, err
	}
	log.Info("development SRS ready", "elapsed", time.Since(start).Round(time.Millisecond))
	return newSRS(c), nil
}

// DevSRSSize covers the largest user circuit (ECDSA on secp256k1, ~1.5 M
// PLONK constraints, domain 2^21) plus the 3 extra points PLONK needs.
const DevSRSSize = 1<<21 + 3

// DevSetup is the development setup on this machine: keys and the dev SRS
// in DefaultKeyDir().
func DevSetup(log *slog.Logger) (*Setup, error) {
	dir := DefaultKeyDir()
	srs, err := DevSRS(dir, DevSRSSize, log)
	if err != nil {
		return nil, err
	}
	return &Setup{Dir: dir, SRS: srs, Log: log}, nil
}
