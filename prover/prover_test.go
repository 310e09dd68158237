package prover

import (
	"bytes"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/std/rangecheck"
)

// cube: x³ + x + 5 = y, with one range check (one BSB22 commitment).
type cube struct {
	X frontend.Variable
	Y frontend.Variable `gnark:",public"`
}

func (c *cube) Define(api frontend.API) error {
	x3 := api.Mul(c.X, c.X, c.X)
	api.AssertIsEqual(c.Y, api.Add(x3, c.X, 5))
	rangecheck.New(api).Check(c.X, 16)
	return nil
}

func testSetup(t *testing.T) *Setup {
	t.Helper()
	dir := t.TempDir()
	srs, err := DevSRS(dir, 1<<10+3, nil)
	if err != nil {
		t.Fatal(err)
	}
	return &Setup{Dir: dir, SRS: srs}
}

func TestProveVerifyBothSystems(t *testing.T) {
	s := testSetup(t)
	for _, sys := range []System{Groth16, PLONK} {
		t.Run(sys.String(), func(t *testing.T) {
			k, err := s.Keys(Circuit{Name: "cube", System: sys, Shape: &cube{}})
			if err != nil {
				t.Fatal(err)
			}
			good := &cube{X: 3, Y: 35}
			for _, rec := range [][]Option{nil, {ForRecursion()}} {
				p, err := k.Prove(CPU{}, good, rec...)
				if err != nil {
					t.Fatal(err)
				}
				if err := k.Verify(p, good, rec...); err != nil {
					t.Fatal(err)
				}
				// Another public input is rejected.
				if err := k.Verify(p, &cube{Y: 36}, rec...); !errors.Is(err, ErrVerify) {
					t.Fatalf("wrong public input: %v", err)
				}
				// Encoding round trip, and a flipped bit is rejected.
				b, err := p.MarshalBinary()
				if err != nil {
					t.Fatal(err)
				}
				var q Proof
				if err := q.UnmarshalBinary(b); err != nil {
					t.Fatal(err)
				}
				if err := k.Verify(&q, good, rec...); err != nil {
					t.Fatalf("decoded proof: %v", err)
				}
				b[len(b)/2] ^= 0x10
				if err := q.UnmarshalBinary(b); err == nil {
					if err := k.Verify(&q, good, rec...); err == nil {
						t.Fatal("bit-flipped proof verifies")
					}
				}
				if err := q.UnmarshalBinary(append(b[:len(b):len(b)], 0)); !errors.Is(err, ErrEncoding) {
					t.Fatalf("trailing byte: %v", err)
				}
			}
			// An unsatisfied witness cannot be proven.
			if _, err := k.Prove(CPU{}, &cube{X: 3, Y: 36}); err == nil {
				t.Fatal("proved a false statement")
			}
			// A range-check violation neither.
			if _, err := k.Prove(CPU{}, &cube{X: 1 << 16, Y: (1<<48 + 1<<16 + 5)}); err == nil {
				t.Fatal("proved an out-of-range witness")
			}
		})
	}
}

func TestKeyCache(t *testing.T) {
	s := testSetup(t)
	k1, err := s.Keys(Circuit{Name: "cube", System: Groth16, Shape: &cube{}})
	if err != nil {
		t.Fatal(err)
	}
	// Second time: loaded, same keys.
	k2, err := s.Keys(Circuit{Name: "cube", System: Groth16, Shape: &cube{}})
	if err != nil {
		t.Fatal(err)
	}
	if k1.ID != k2.ID || k1.G16VK.IsDifferent(k2.G16VK) {
		t.Fatal("cached keys differ")
	}
	p, _ := k2.Prove(CPU{}, &cube{X: 2, Y: 15})
	if err := k1.Verify(p, &cube{Y: 15}); err != nil {
		t.Fatal(err)
	}
	// A half-written cache entry (pk without vk) is treated as missing.
	dir := s.keyDir(k1)
	if err := os.Remove(filepath.Join(dir, "vk")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Keys(Circuit{Name: "cube", System: Groth16, Shape: &cube{}}); err != nil {
		t.Fatalf("rebuild after a partial entry: %v", err)
	}
	// A different circuit gets a different id.
	k3, err := s.Compile(Circuit{Name: "cube", System: PLONK, Shape: &cube{}})
	if err != nil {
		t.Fatal(err)
	}
	if k3.ID == k1.ID {
		t.Fatal("PLONK and Groth16 compilations share an id")
	}
}

func TestSRSTooSmall(t *testing.T) {
	s := testSetup(t)
	big := &Setup{Dir: s.Dir, SRS: s.SRS}
	_, err := big.Keys(Circuit{Name: "wide", System: PLONK, Shape: &wideCircuit{}})
	if !errors.Is(err, ErrSRSTooSmall) {
		t.Fatalf("got %v", err)
	}
}

type wideCircuit struct {
	X [2000]frontend.Variable
	Y frontend.Variable `gnark:",public"`
}

func (c *wideCircuit) Define(api frontend.API) error {
	acc := frontend.Variable(0)
	for _, x := range c.X {
		acc = api.Add(api.Mul(acc, x), 1)
	}
	api.AssertIsEqual(acc, c.Y)
	return nil
}

// TestImportGroth16: keys produced elsewhere (here: another setup standing
// in for an MPC ceremony's output) are checked and installed in the cache;
// keys of another circuit are refused.
func TestImportGroth16(t *testing.T) {
	src := testSetup(t)
	k, err := src.Keys(Circuit{Name: "cube", System: Groth16, Shape: &cube{}})
	if err != nil {
		t.Fatal(err)
	}
	var pk, vk bytes.Buffer
	k.G16PK.WriteTo(&pk)
	k.G16VK.WriteTo(&vk)

	dst := testSetup(t)
	imported, err := dst.ImportGroth16(Circuit{Name: "cube", System: Groth16, Shape: &cube{}},
		bytes.NewReader(pk.Bytes()), bytes.NewReader(vk.Bytes()), &cube{X: 2, Y: 15})
	if err != nil {
		t.Fatal(err)
	}
	if imported.G16VK.IsDifferent(k.G16VK) {
		t.Fatal("imported key differs")
	}
	// Now served from the cache.
	again, err := dst.Keys(Circuit{Name: "cube", System: Groth16, Shape: &cube{}})
	if err != nil || again.G16VK.IsDifferent(k.G16VK) {
		t.Fatalf("cache after import: %v", err)
	}
	// Keys of another circuit do not fit this one.
	other, err := src.Keys(Circuit{Name: "wide", System: Groth16, Shape: &wideCircuit{}})
	if err != nil {
		t.Fatal(err)
	}
	var opk, ovk bytes.Buffer
	other.G16PK.WriteTo(&opk)
	other.G16VK.WriteTo(&ovk)
	if _, err := testSetup(t).ImportGroth16(Circuit{Name: "cube", System: Groth16, Shape: &cube{}},
		&opk, &ovk, &cube{X: 2, Y: 15}); !errors.Is(err, ErrKeyImport) {
		t.Fatalf("foreign keys: %v", err)
	}
}

// TestVerifyOnly: a verify-only setup loads (or, cold, sets up and caches
// in full) the verifying key, which verifies the full setup's proofs, and
// refuses to prove; the cache it leaves serves a full setup.
func TestVerifyOnly(t *testing.T) {
	for _, sys := range []System{Groth16, PLONK} {
		t.Run(sys.String(), func(t *testing.T) {
			s := testSetup(t)
			vo := &Setup{Dir: s.Dir, SRS: s.SRS, VerifyOnly: true}
			c := Circuit{Name: "cube", System: sys, Shape: &cube{}}
			cold, err := vo.Keys(c) // cold: set up in full, proving key dropped
			if err != nil {
				t.Fatal(err)
			}
			full, err := s.Keys(c) // loaded from what the verify-only setup cached
			if err != nil {
				t.Fatal(err)
			}
			warm, err := vo.Keys(c)
			if err != nil {
				t.Fatal(err)
			}
			p, err := full.Prove(CPU{}, &cube{X: 2, Y: 15})
			if err != nil {
				t.Fatal(err)
			}
			// A full key made verify-only: its constraint system released.
			dropped, err := s.Keys(c)
			if err != nil {
				t.Fatal(err)
			}
			dropped.DropProving()
			if dropped.CCS != nil {
				t.Fatal("DropProving kept the constraint system")
			}
			for name, k := range map[string]*Keys{"cold": cold, "warm": warm, "dropped": dropped} {
				if k.G16PK != nil || k.PlPK != nil {
					t.Fatalf("%s verify-only keys hold a proving key", name)
				}
				if err := k.Verify(p, &cube{Y: 15}); err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if _, err := k.Prove(CPU{}, &cube{X: 2, Y: 15}); !errors.Is(err, ErrVerifyOnly) {
					t.Fatalf("%s verify-only keys proved: %v", name, err)
				}
			}
		})
	}
}

// TestSetupProgress: the estimate is linear in the constraints and the
// cores; progress never reaches 100% or a negative time before the end.
func TestSetupProgress(t *testing.T) {
	node := setupEstimate(Groth16, 4_118_145, 2)
	if node < 11*time.Minute || node > 13*time.Minute {
		t.Fatalf("the node circuit's estimate on 2 cores is %v (measured 11.9 min)", node)
	}
	if four := setupEstimate(Groth16, 4_118_145, 4); four*2 != node {
		t.Fatalf("4 cores: %v, want half of %v", four, node)
	}
	for _, c := range []struct {
		el, est time.Duration
		pct     int
		eta     time.Duration
	}{
		{time.Minute, 4 * time.Minute, 25, 3 * time.Minute},
		{5 * time.Minute, 4 * time.Minute, 99, 0},
		{time.Minute, 0, 99, 0},
	} {
		if pct, eta := setupProgress(c.el, c.est); pct != c.pct || eta != c.eta {
			t.Errorf("%v of %v: %d%% %v, want %d%% %v", c.el, c.est, pct, eta, c.pct, c.eta)
		}
	}
}

// TestLockWaitLogged: waiting on another holder's key-cache lock is
// logged, and the lock is taken once it is released.
func TestLockWaitLogged(t *testing.T) {
	path := filepath.Join(t.TempDir(), "k")
	unlock, err := lock(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	var buf syncBuffer
	got := make(chan error, 1)
	go func() {
		u, err := lock(path, slog.New(slog.NewTextHandler(&buf, nil)))
		if err == nil {
			u()
		}
		got <- err
	}()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(buf.String(), "waiting for another process") {
		if time.Now().After(deadline) {
			t.Fatal("the wait was not logged")
		}
		time.Sleep(10 * time.Millisecond)
	}
	unlock()
	if err := <-got; err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "lock acquired") {
		t.Fatal("the acquisition after the wait was not logged")
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
