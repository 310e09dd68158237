package validator

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark/frontend"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/parthnet/parth/consensus"
	"github.com/parthnet/parth/consensus/bls"
	"github.com/parthnet/parth/jobs"
	"github.com/parthnet/parth/prover"
	"github.com/parthnet/parth/sequencer"
	"github.com/parthnet/parth/sequencer/poh"
	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/store"
)

// link is the tests' block proof: a real Groth16 proof that binds the
// previous and the next checkpoint root (the real block circuit is
// exercised by the end-to-end tests).
type link struct {
	Prev frontend.Variable `gnark:",public"`
	Next frontend.Variable `gnark:",public"`
}

func (c *link) Define(api frontend.API) error {
	api.AssertIsDifferent(c.Prev, c.Next)
	return nil
}

var pohCfg = poh.Config{HashesPerTick: 64, TicksPerSlot: 4, MaxRefAge: 16}

func jobOf(h poh.Hash) []byte { return append([]byte("data of "), h[:]...) }

func dataLink(e *sequencer.Sequenced) error {
	if !bytes.Equal(e.Job, jobOf(e.Hash)) {
		return errors.New("not its data")
	}
	return nil
}

type chain struct {
	t       *testing.T
	keys    *prover.Keys
	set     *consensus.ValidatorSet
	key     *bls.SecretKey // validator 0's, the leader
	seq     *sequencer.Core
	genesis state.Checkpoint
	head    state.Checkpoint
}

func newChain(t *testing.T) *chain {
	s := &prover.Setup{Dir: t.TempDir()}
	k, err := s.Keys(prover.Circuit{Name: "link", System: prover.Groth16, Shape: &link{}})
	if err != nil {
		t.Fatal(err)
	}
	g := consensus.Genesis{ChainID: 7}
	byName := map[string]*bls.SecretKey{}
	for i := 0; i < 3; i++ {
		seed := sha256.Sum256([]byte(fmt.Sprint("durable test ", i)))
		sk, _ := bls.KeyFromSeed(seed[:])
		byName[fmt.Sprint("v", i)] = sk
		g.Validators = append(g.Validators, consensus.GenesisEntry(fmt.Sprint("v", i), sk, 1))
	}
	set, err := consensus.NewValidatorSet(g)
	if err != nil {
		t.Fatal(err)
	}
	seed := poh.Hash(sha256.Sum256([]byte("durable genesis")))
	gen := state.Checkpoint{GUSRRoot: fr.NewElement(1), GCONRoot: fr.NewElement(2), PoH: seed}.Sealed()
	c := &chain{t: t, keys: k, set: set, key: byName[set.Validators[0].Name], genesis: gen, head: gen}
	if c.seq, err = sequencer.NewCore(pohCfg, seed, 1); err != nil {
		t.Fatal(err)
	}
	return c
}

func (c *chain) verify() consensus.ProofVerifier {
	return func(prev, next fr.Element, proof []byte) error {
		var p prover.Proof
		if err := p.UnmarshalBinary(proof); err != nil {
			return err
		}
		return c.keys.Verify(&p, &link{Prev: prev.String(), Next: next.String()})
	}
}

// next sequences one end cap of user u and returns the proven block's
// proposal; gusr picks the new checkpoint (another value: another target).
func (c *chain) next(u uint64, gusr uint64) *consensus.Proposal {
	c.t.Helper()
	d := sha256.Sum256([]byte(fmt.Sprint("cap ", u, " ", c.head.Number)))
	var e fr.Element
	e.SetBytes(d[:])
	h := poh.Hash(e.Bytes())
	c.seq.Run(3)
	if _, err := c.seq.Submit(sequencer.Submission{User: u, Hash: h, Ref: c.seq.Recorder().Latest(), Job: jobOf(h)}); err != nil {
		c.t.Fatal(err)
	}
	var b *sequencer.Block
	for b == nil {
		c.seq.Run(1 << 20)
		b = c.seq.Tick()
	}
	acc, _ := state.EndCapAccumulator(map[state.UserID]fr.Element{state.UserID(u): e})
	return c.propose(b, gusr, acc)
}

func (c *chain) propose(b *sequencer.Block, gusr uint64, acc fr.Element) *consensus.Proposal {
	c.t.Helper()
	child := state.Checkpoint{Number: b.Number, Prev: c.head.Root, GUSRRoot: fr.NewElement(gusr), GCONRoot: c.head.GCONRoot,
		PoH: b.PoH, Chain: c.head.Chain, EndCaps: acc}.Sealed()
	p, err := c.keys.Prove(prover.CPU{}, &link{Prev: c.head.Root.String(), Next: child.Root.String()})
	if err != nil {
		c.t.Fatal(err)
	}
	raw, _ := p.MarshalBinary()
	prop := &consensus.Proposal{Block: b, Checkpoint: child, Proof: raw}
	prop.Sign(c.key, 0, c.set.ChainID)
	return prop
}

// TestDurable: a validator's vote is stored before it is given; reopened
// from its store (a restart), it gives the same vote for the block it
// signed, refuses another target at that height, refuses a gap and an old
// block, and votes for the next block; another validator's record is not
// resumed under this key.
func TestDurable(t *testing.T) {
	c := newChain(t)
	dir := filepath.Join(t.TempDir(), "store")
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{Key: c.key, Set: c.set, PoH: pohCfg, Genesis: c.genesis, Verify: c.verify(), Data: dataLink}
	d, err := Open(st, "validator", []byte("v"), cfg)
	if err != nil {
		t.Fatal(err)
	}
	p1 := c.next(1, 100)
	v1, fresh, err := d.Vote(p1)
	if err != nil || !fresh {
		t.Fatalf("block 1: %v (fresh %v)", err, fresh)
	}
	if again, fresh, err := d.Vote(p1); err != nil || fresh || again != v1 {
		t.Fatalf("block 1 again: %v (fresh %v)", err, fresh)
	}
	other := *p1
	other.Checkpoint.GUSRRoot = fr.NewElement(999)
	other.Checkpoint = other.Checkpoint.Sealed()

	// The restart.
	st.Close()
	if st, err = store.Open(dir, store.Options{}); err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if d, err = Open(st, "validator", []byte("v"), cfg); err != nil {
		t.Fatal(err)
	}
	if d.Last() != 1 {
		t.Fatalf("restarted at block %d, want 1", d.Last())
	}
	if again, fresh, err := d.Vote(p1); err != nil || fresh || again != v1 {
		t.Fatalf("block 1 after the restart: %v (fresh %v)", err, fresh)
	}
	if _, _, err := d.Vote(&other); !errors.Is(err, ErrSigned) {
		t.Fatalf("another target at block 1 after the restart: %v", err)
	}
	c.head = p1.Checkpoint
	p2 := c.next(2, 200)
	c.head = p2.Checkpoint
	p3 := c.next(3, 300)
	if _, _, err := d.Vote(p3); !errors.Is(err, ErrGap) {
		t.Fatalf("block 3 before block 2: %v", err)
	}
	if _, fresh, err := d.Vote(p2); err != nil || !fresh {
		t.Fatalf("block 2: %v", err)
	}
	if _, _, err := d.Vote(p1); !errors.Is(err, ErrOld) {
		t.Fatalf("block 1 after block 2: %v", err)
	}
	// Validator 1's key over validator 0's record: refused.
	k1 := cfg
	for _, sk := range []string{"durable test 0", "durable test 1", "durable test 2"} {
		seed := sha256.Sum256([]byte(sk))
		k, _ := bls.KeyFromSeed(seed[:])
		if k.PublicKey() != c.key.PublicKey() {
			k1.Key = k
			break
		}
	}
	if _, err := Open(st, "validator", []byte("v"), k1); !errors.Is(err, consensus.ErrSignerState) {
		t.Fatalf("another validator over this record: %v", err)
	}
}

// busFixture is an embedded NATS server with a bus on it and a store, all
// closed at the test's end, and a context cancelled then.
func busFixture(t *testing.T) (context.Context, *Bus, *store.Store) {
	t.Helper()
	srv, err := jobs.StartServer(jobs.ServerConfig{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Shutdown)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	bus, err := Connect(ctx, srv.URL(), "test", nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(bus.Close)
	st, err := store.Open(filepath.Join(t.TempDir(), "store"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return ctx, bus, st
}

// TestServeOverBus: a validator process's loop over the embedded NATS:
// proposals published (one twice) are voted on in order, each vote once
// on the votes stream and valid for the set; restarted on its store and
// consumer, it signs nothing again.
func TestServeOverBus(t *testing.T) {
	c := newChain(t)
	ctx, bus, st := busFixture(t)
	cfg := Config{Key: c.key, Set: c.set, PoH: pohCfg, Genesis: c.genesis, Verify: c.verify(), Data: dataLink}
	var mu sync.Mutex
	var votes []consensus.Vote
	for b := uint64(1); b <= 2; b++ {
		stopVotes, err := bus.Votes(ctx, b, func(v consensus.Vote) {
			mu.Lock()
			defer mu.Unlock()
			votes = append(votes, v)
		})
		if err != nil {
			t.Fatal(err)
		}
		defer stopVotes()
	}
	serve := func(m *Metrics) (stop func()) {
		d, err := Open(st, "validator", []byte("v"), cfg)
		if err != nil {
			t.Fatal(err)
		}
		sctx, scancel := context.WithCancel(ctx)
		done := make(chan error, 1)
		go func() { done <- Serve(sctx, d, bus, nil, m) }()
		return func() {
			scancel()
			if err := <-done; err != nil {
				t.Error(err)
			}
		}
	}
	m := NewMetrics(prometheus.NewRegistry())
	stop := serve(m)
	p1 := c.next(1, 100)
	c.head = p1.Checkpoint
	p2 := c.next(2, 200)
	// A second, other proposal of block 2 (the leader equivocates).
	other := *p2
	other.Checkpoint.GUSRRoot = fr.NewElement(201)
	other.Checkpoint = other.Checkpoint.Sealed()
	for _, p := range []*consensus.Proposal{p1, p2, p2, &other} {
		if err := bus.PublishProposal(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	count := func() int {
		mu.Lock()
		defer mu.Unlock()
		return len(votes)
	}
	deadline := time.Now().Add(20 * time.Second)
	refused := m.refused.WithLabelValues("0", "already_signed")
	for (count() < 2 || testutil.ToFloat64(refused) < 1) && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	stop()
	// The metrics: two fresh votes, the second proposal of block 2 refused.
	i := "0"
	for _, c := range []struct {
		what      string
		got, want float64
	}{
		{"fresh votes", testutil.ToFloat64(m.votes.WithLabelValues(i, "true")), 2},
		{"republished votes", testutil.ToFloat64(m.votes.WithLabelValues(i, "false")), 0},
		{"refused, already signed", testutil.ToFloat64(refused), 1},
		{"last voted block", testutil.ToFloat64(m.last.WithLabelValues(i)), 2},
	} {
		if c.got != c.want {
			t.Errorf("%s: %v, want %v", c.what, c.got, c.want)
		}
	}
	if n := testutil.CollectAndCount(m.took); n != 1 {
		t.Errorf("vote time: %d series, want 1", n)
	}
	stop = serve(nil) // the restart
	time.Sleep(500 * time.Millisecond)
	stop()
	// A validator on a fresh data directory (a wiped one) reads the stream
	// from its own record, the start, and catches up.
	fresh, err := store.Open(filepath.Join(t.TempDir(), "fresh"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	fd, err := Open(fresh, "validator", []byte("v"), cfg)
	if err != nil {
		t.Fatal(err)
	}
	fctx, fcancel := context.WithCancel(ctx)
	fdone := make(chan error, 1)
	go func() { fdone <- Serve(fctx, fd, bus, nil, nil) }()
	for deadline := time.Now().Add(20 * time.Second); fd.Last() < 2 && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
	}
	fcancel()
	<-fdone
	if fd.Last() != 2 {
		t.Fatalf("the validator on a fresh data directory is at block %d, want 2", fd.Last())
	}
	mu.Lock()
	defer mu.Unlock()
	slices.SortFunc(votes, func(a, b consensus.Vote) int { return int(a.Block) - int(b.Block) })
	if len(votes) != 2 || votes[0].Block != 1 || votes[1].Block != 2 {
		t.Fatalf("votes %+v, want one for block 1 and one for block 2", votes)
	}
	// A tally that starts late (a restarted node) still reads block 2's vote.
	late := make(chan consensus.Vote, 4)
	stopLate, err := bus.Votes(ctx, 2, func(v consensus.Vote) { late <- v })
	if err != nil {
		t.Fatal(err)
	}
	defer stopLate()
	select {
	case v := <-late:
		if v != votes[1] {
			t.Fatal("the late reader got another vote")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a late reader of block 2's votes got none")
	}
	for _, v := range votes {
		if err := c.set.Verify(&v); err != nil {
			t.Fatal(err)
		}
	}
	if votes[1].Target.Checkpoint != p2.Checkpoint.Root {
		t.Fatal("the vote for block 2 is for another checkpoint")
	}
}

type onePublic struct {
	X frontend.Variable `gnark:",public"`
}

func (c *onePublic) Define(api frontend.API) error { api.AssertIsDifferent(c.X, 0); return nil }

// TestGenesisFile: a genesis written by NewGenesis reads back as the same
// chain; a block key of another shape, trailing bytes after the key, a
// checkpoint that is not a genesis or names another chain, and unknown
// fields are refused.
func TestGenesisFile(t *testing.T) {
	c := newChain(t)
	vg := consensus.Genesis{ChainID: c.set.ChainID}
	for i := 0; i < 3; i++ {
		seed := sha256.Sum256([]byte(fmt.Sprint("durable test ", i)))
		sk, _ := bls.KeyFromSeed(seed[:])
		vg.Validators = append(vg.Validators, consensus.GenesisEntry(fmt.Sprint("v", i), sk, 1))
	}
	gen := c.genesis
	gen.Chain = state.ChainTag(vg.ChainID, gen.GUSRRoot, gen.GCONRoot, gen.PoH)
	gen = gen.Sealed()
	write := func(t *testing.T, mod func(*Genesis)) (string, error) {
		t.Helper()
		g, err := NewGenesis(vg, pohCfg, 40, gen, c.keys)
		if err != nil {
			t.Fatal(err)
		}
		if mod != nil {
			mod(g)
		}
		path := filepath.Join(t.TempDir(), "genesis.json")
		if err := g.WriteFile(path); err != nil {
			t.Fatal(err)
		}
		_, err = ReadGenesis(path)
		return path, err
	}
	path, err := write(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ReadGenesis(path)
	if err != nil || got.Checkpoint != gen || got.PoH != pohCfg || got.TimeoutTicks != 40 || len(got.Set.Validators) != 3 || got.Set.ChainID != vg.ChainID {
		t.Fatalf("read back: %+v, %v", got, err)
	}
	if got.Block.G16VK.IsDifferent(c.keys.G16VK) {
		t.Fatal("the block key read back is another")
	}
	s := &prover.Setup{Dir: t.TempDir()}
	one, err := s.Keys(prover.Circuit{Name: "one", System: prover.Groth16, Shape: &onePublic{}})
	if err != nil {
		t.Fatal(err)
	}
	oneGen, _ := NewGenesis(vg, pohCfg, 40, gen, one)
	notGenesis := gen
	notGenesis.Prev = fr.NewElement(3)
	notGenesis = notGenesis.Sealed()
	ng, _ := NewGenesis(vg, pohCfg, 40, notGenesis, c.keys)
	for name, mod := range map[string]func(*Genesis){
		"a block key of another shape":   func(g *Genesis) { g.BlockVK = oneGen.BlockVK },
		"bytes after the block key":      func(g *Genesis) { g.BlockVK += "00" },
		"a checkpoint with a parent":     func(g *Genesis) { g.Checkpoint = ng.Checkpoint },
		"another chain id":               func(g *Genesis) { g.Validators.ChainID++ },
		"a PoH configuration that fails": func(g *Genesis) { g.PoH.TicksPerSlot = 0 },
		"a leader timeout out of range":  func(g *Genesis) { g.PoH.TimeoutTicks = MaxTimeoutTicks + 1 },
	} {
		if _, err := write(t, mod); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	raw := []byte(`{"validators":{"chain_id":1,"validators":[]},"poh":{},"checkpoint":"","block_vk":"","extra":1}`)
	p := filepath.Join(t.TempDir(), "g.json")
	if err := os.WriteFile(p, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadGenesis(p); err == nil || !strings.Contains(err.Error(), "unknown field") {
		t.Errorf("an unknown field: %v", err)
	}
}

// Anyone on NATS can publish proposals: an unsigned one for a far block
// (which must not be taken for a gap to resume from, again and again), a
// signed one stored before the block it follows (passed, not resumed
// from), and a copy of a real block with a broken proof stored after the
// next block (resuming from it would skip that block) leave a restarted
// validator voting for the real blocks.
func TestServeResumesPastJunk(t *testing.T) {
	c := newChain(t)
	ctx, bus, st := busFixture(t)
	cfg := Config{Key: c.key, Set: c.set, PoH: pohCfg, Genesis: c.genesis, Verify: c.verify(), Data: dataLink}
	m := NewMetrics(prometheus.NewRegistry())
	serveUntil := func(block uint64) {
		t.Helper()
		d, err := Open(st, "validator", []byte("v"), cfg)
		if err != nil {
			t.Fatal(err)
		}
		sctx, scancel := context.WithCancel(ctx)
		done := make(chan error, 1)
		go func() { done <- Serve(sctx, d, bus, nil, m) }()
		for deadline := time.Now().Add(20 * time.Second); d.Last() < block && time.Now().Before(deadline); {
			time.Sleep(20 * time.Millisecond)
		}
		scancel()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if d.Last() != block {
			t.Fatalf("the validator is at block %d, want %d", d.Last(), block)
		}
	}
	publish := func(ps ...*consensus.Proposal) {
		t.Helper()
		for _, p := range ps {
			if err := bus.PublishProposal(ctx, p); err != nil {
				t.Fatal(err)
			}
		}
	}
	p1 := c.next(1, 100)
	c.head = p1.Checkpoint
	p2 := c.next(2, 200)
	far := *p2
	far.Block = &sequencer.Block{Number: 1 << 40, Slots: p2.Block.Slots, PoH: p2.Block.PoH}
	far.LeaderSig = bls.Signature{}
	c.head = p2.Checkpoint
	p3 := c.next(3, 300) // signed by the leader, stored before block 2
	publish(p1, &far)
	serveUntil(1)
	broken := *p1
	broken.Proof = bytes.Clone(p1.Proof)
	broken.Proof[len(broken.Proof)/2] ^= 1
	publish(p3, p2, &broken)
	serveUntil(2) // the restart: from block 1's first proposal, not its broken copy
	if got := testutil.ToFloat64(m.refused.WithLabelValues("0", "invalid_block")); got < 1 {
		t.Fatalf("%v proposals refused as invalid, want the unsigned one at least", got)
	}
	if got := testutil.ToFloat64(m.votes.WithLabelValues("0", "true")); got != 2 {
		t.Fatalf("%v fresh votes, want 2", got)
	}
	// The last proposal, past a message that does not decode, the broken
	// copy of block 1 and the unsigned far one: the highest signed, block 3.
	if err := bus.publish(ctx, proposalsPrefix+"3", []byte("not a proposal")); err != nil {
		t.Fatal(err)
	}
	last, err := bus.LastProposal(ctx, func(p *consensus.Proposal) bool { return c.set.VerifyProposer(p) == nil })
	if err != nil || last == nil || last.Block.Number != 3 || last.Block.PoH != p3.Block.PoH {
		t.Fatalf("the last proposal: %v (%v); want block 3's", last != nil && last.Block.Number == 3, err)
	}
}
