package node

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"
	"golang.org/x/time/rate"

	"github.com/parthnet/parth/aggregator"
	"github.com/parthnet/parth/api"
	"github.com/parthnet/parth/consensus"
	"github.com/parthnet/parth/consensus/bls"
	"github.com/parthnet/parth/contracts/anchor"
	"github.com/parthnet/parth/internal/fsutil"
	"github.com/parthnet/parth/jobs"
	"github.com/parthnet/parth/sequencer"
	"github.com/parthnet/parth/sequencer/journal"
	"github.com/parthnet/parth/sequencer/poh"
	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/apps"
	"github.com/parthnet/parth/state/store"
	"github.com/parthnet/parth/validator"
)

// Defaults of a node's configuration.
const (
	DefaultHTTPAddr   = "127.0.0.1:8640"
	DefaultNATSAddr   = "127.0.0.1:4222"
	DefaultValidators = 4
	// DefaultHTTPRate and DefaultHTTPBurst are the per-client submission
	// rate limit: well above one wallet's need (a submission per user per
	// block), well below what admission's proof checks can take from one
	// client without starving the others.
	DefaultHTTPRate  = 50
	DefaultHTTPBurst = 100
	// DefaultTimeoutTicks is the leader timeout in PoH ticks: 400 ticks,
	// 10 s at DefaultTickInterval.
	DefaultTimeoutTicks = 400
	// DefaultTakeoverAfter is how long a follower hears nothing from the
	// leader before it takes over (the next in line; k·it for the k-th).
	// It is above a node's restart with cached keys (about a minute), so a
	// leader's restart does not hand the chain over.
	DefaultTakeoverAfter = 2 * time.Minute
	// HeartbeatInterval is how often the leader says it is alive.
	HeartbeatInterval = time.Second
	// ClaimWait is how long a node about to lead at its start listens for
	// another validator's heartbeats claiming the lead (deferToClaim).
	ClaimWait = 3 * HeartbeatInterval
)

// DefaultPoH is a node's PoH timing: 1,000 hashes a tick, a tick every
// 25 ms (Config.TickInterval), 20 ticks a slot (a slot, and so at most a
// block, every 0.5 s); clients may reference hashes up to 2,048 ticks
// (~51 s) old. Paced this way the sequencer hashes 40,000 times a second,
// well under 1% of a core, and so does each validator checking the chain.
var DefaultPoH = poh.Config{HashesPerTick: 1000, TicksPerSlot: 20, MaxRefAge: 2048}

// DefaultTickInterval is the PoH pace of DefaultPoH.
const DefaultTickInterval = 25 * time.Millisecond

// Config is a node's configuration; `parth node` maps its flags onto it.
type Config struct {
	// DataDir holds everything the node keeps (see Open).
	DataDir string
	// Keys are the network's keys (aggregator.LoadAll), or LoadKeys loads
	// them: Open calls it only once everything that can fail fast has
	// been checked (the data directory, the listen addresses, NATS).
	Keys     *aggregator.Keys
	LoadKeys func(ctx context.Context) (*aggregator.Keys, error)
	Log      *slog.Logger

	// HTTPAddr is the ingress's listen address (default DefaultHTTPAddr;
	// port 0 picks one: Node.HTTPAddr).
	HTTPAddr string
	// HTTPRate and HTTPBurst are the per-client rate limit on submissions
	// (requests a second, and the burst; default DefaultHTTPRate and
	// DefaultHTTPBurst; a negative rate: no limit).
	HTTPRate  float64
	HTTPBurst int
	// NATSURL is an external NATS server with JetStream; empty runs one
	// embedded, listening on NATSAddr (default DefaultNATSAddr; port 0
	// picks one) with its files in DataDir/nats.
	NATSURL  string
	NATSAddr string
	// NATSToken, with the embedded server, is the secret prover workers
	// present (nats://TOKEN@host:port); empty: no authentication, for a
	// server on a trusted network only.
	NATSToken string
	// Workers is how many prover workers run in the node's process (0:
	// remote `parth prover` workers only).
	Workers int
	// Validators is the development validator set's size (DevValidators;
	// default DefaultValidators), of which LocalValidators (default all for
	// validator 0 on the embedded NATS, else 1)
	// run in the process, the first ones of the set (the leader is one);
	// the others are remote `parth validator` processes on the node's
	// NATS, started with <DataDir>/genesis.json.
	Validators      int
	LocalValidators int
	// Index is this node's validator in the set (default 0, the genesis
	// leader); the in-process validators are LocalValidators from it on.
	// The node leads while the chain's leader is its validator. Otherwise
	// it follows the leader over NATS (its validator votes on each
	// proposal; the node executes, stores and anchors the block) and takes
	// over once it has heard nothing from the leader for k·TakeoverAfter,
	// k being its place after the leader in the set's order (doc.go).
	Index int
	// TimeoutTicks is the chain's leader timeout in PoH ticks (default
	// DefaultTimeoutTicks): a takeover block shows k·TimeoutTicks idle
	// ticks. It is the chain's, pinned in the data directory and written
	// to the genesis file.
	TimeoutTicks uint64
	// TakeoverAfter is the wall-clock silence before a takeover (default
	// DefaultTakeoverAfter).
	TakeoverAfter time.Duration

	// PoH is the chain's timing (default DefaultPoH), paced at
	// TickInterval (default DefaultTickInterval; negative: flat out).
	PoH          poh.Config
	TickInterval time.Duration
	// Seed is the development genesis's key seed (apps.NewWorldWith;
	// default 1): the seed's users, contracts and balances.
	Seed uint64
	// Accounts is how many development accounts the genesis registers
	// (apps.NewWorldAccounts: the seed's four, then dev5, dev6, ... with
	// apps.ExtraUSDT each; default apps.SeedAccounts). Pinned in the data
	// directory, like the seed.
	Accounts int
	// Margin is admission's window margin (default DefaultMargin).
	Margin uint64

	// Job delivery (jobs.Config) and the aggregator's republish timeout.
	AckWait    time.Duration
	MaxDeliver int
	JobTimeout time.Duration
}

func (c *Config) defaults() {
	if c.HTTPAddr == "" {
		c.HTTPAddr = DefaultHTTPAddr
	}
	if c.HTTPRate == 0 {
		c.HTTPRate = DefaultHTTPRate
	}
	if c.HTTPBurst <= 0 {
		c.HTTPBurst = DefaultHTTPBurst
	}
	if c.NATSURL == "" && c.NATSAddr == "" {
		c.NATSAddr = DefaultNATSAddr
	}
	if c.Validators == 0 {
		c.Validators = DefaultValidators
	}
	if c.LocalValidators == 0 {
		// All of the set for a lone genesis leader; a standby, or a node on
		// an external NATS, runs its own only: a key that also runs in a
		// `parth validator` elsewhere could sign two blocks at a height.
		c.LocalValidators = c.Validators
		if c.Index != 0 || c.NATSURL != "" {
			c.LocalValidators = 1
		}
	}
	if c.TimeoutTicks == 0 {
		c.TimeoutTicks = DefaultTimeoutTicks
	}
	if c.TakeoverAfter == 0 {
		c.TakeoverAfter = DefaultTakeoverAfter
	}
	if c.PoH == (poh.Config{}) {
		c.PoH = DefaultPoH
	}
	if c.TickInterval == 0 {
		c.TickInterval = DefaultTickInterval
	}
	if c.Seed == 0 {
		c.Seed = 1
	}
	if c.Accounts == 0 {
		c.Accounts = apps.SeedAccounts
	}
	if c.Log == nil {
		c.Log = slog.New(slog.DiscardHandler)
	}
}

// DataDirMarker names a node's data directory: Open refuses a non-empty
// directory without it (a mistyped --datadir must not be written into).
const DataDirMarker = dataDirMarker

const (
	dataDirMarker  = "PARTH"
	dataDirVersion = "parth node data directory, format 1\n"
)

// Node is a running PARTH node: everything in one process except, when
// configured so, the prover workers.
type Node struct {
	cfg Config
	log *slog.Logger

	st          *store.Store
	world       *apps.World
	chain       *state.Chain
	genesis     state.Checkpoint
	genesisFile [32]byte // sha256 of genesis.json
	journal     *journal.Journal
	core        *sequencer.Core
	drv         atomic.Pointer[sequencer.Driver] // nil while following
	blocks      chan *sequencer.Block
	leading     atomic.Bool
	// tookOver: the node leads after its own takeover (its lead record).
	tookOver bool
	// claimed is the validator whose heartbeats claimed the lead when this
	// node was about to lead at its start (-1: none): the node follows
	// it while its validator still takes itself as the leader.
	claimed atomic.Int64

	adm     *Admission
	tracker *Tracker
	exec    *Executor
	rec     Records

	nats    *jobs.Server // nil with an external server
	natsURL string
	agg     *aggregator.Aggregator
	engine  *jobs.Engine

	set        *consensus.ValidatorSet
	key        *bls.SecretKey // validator Config.Index's: it signs proposals and heartbeats
	validators *localValidators
	self       *validator.Durable // validator Config.Index
	bus        *validator.Bus     // remote validators' streams (nil: all in-process)
	l1         *simulatedL1

	ln      net.Listener
	srv     *http.Server
	served  chan error
	handler atomic.Pointer[http.Handler]

	// the pipeline's stages: the last block each has finished
	executed, proven, finalized, anchored *progress
	changes                               *beacon // rung at each cut and each stage's advance

	metrics       *metrics
	workerMetrics *jobs.Metrics // the in-process workers'

	mu    sync.Mutex
	cutAt map[uint64]time.Time // when each block of this run was cut (logs)
}

// Open opens (or creates) the node's data directory and everything in it,
// without starting anything:
//
//	DataDir/PARTH   the marker and format version
//	DataDir/store   pebble: the chain, the sequencer's journal, the
//	                aggregator's and the node's records
//	DataDir/nats    the embedded NATS server's JetStream files
//	DataDir/l1      the compiled block verifier (cache)
//
// The chain starts at the development genesis (Config.Seed). Blocks the
// sequencer cut before a crash but the chain had not applied are applied
// now, so the pipeline resumes from durable records alone.
func Open(ctx context.Context, cfg Config) (_ *Node, err error) {
	cfg.defaults()
	if cfg.Keys == nil && cfg.LoadKeys == nil {
		return nil, errors.New("node: no keys (Config.Keys or Config.LoadKeys)")
	}
	if strings.TrimSpace(cfg.DataDir) == "" {
		return nil, errors.New("node: no data directory")
	}
	if cfg.Workers < 0 || cfg.Validators < 0 {
		return nil, fmt.Errorf("node: %d workers, %d validators: want 0 or more", cfg.Workers, cfg.Validators)
	}
	if cfg.Index < 0 || cfg.Index >= cfg.Validators {
		return nil, fmt.Errorf("node: validator index %d of a set of %d", cfg.Index, cfg.Validators)
	}
	if cfg.LocalValidators < 1 || cfg.Index+cfg.LocalValidators > cfg.Validators {
		return nil, fmt.Errorf("node: %d in-process validators from index %d in a set of %d: the node's own (the first) runs in the process, and they must be in the set", cfg.LocalValidators, cfg.Index, cfg.Validators)
	}
	if cfg.TimeoutTicks > validator.MaxTimeoutTicks || cfg.TakeoverAfter < 0 {
		return nil, fmt.Errorf("node: leader timeout %d ticks (at most %d), takeover after %v", cfg.TimeoutTicks, uint64(validator.MaxTimeoutTicks), cfg.TakeoverAfter)
	}
	if err := cfg.PoH.Validate(); err != nil {
		return nil, fmt.Errorf("node: PoH: %w", err)
	}
	if cfg.Accounts < apps.SeedAccounts || cfg.Accounts > apps.MaxAccounts {
		return nil, fmt.Errorf("node: %d development accounts: want %d to %d", cfg.Accounts, apps.SeedAccounts, apps.MaxAccounts)
	}
	if err := claimDataDir(cfg.DataDir); err != nil {
		return nil, err
	}
	n := &Node{cfg: cfg, log: cfg.Log, cutAt: map[uint64]time.Time{}, metrics: newMetrics()}
	defer func() {
		if err != nil {
			n.Close()
		}
	}()
	// What can fail at once fails before the keys load: the store (locked
	// by another process?), the listen addresses, NATS.
	if n.st, err = store.Open(filepath.Join(cfg.DataDir, "store"), store.Options{Logger: cfg.Log.With("component", "pebble")}); err != nil {
		return nil, fmt.Errorf("node: the store in %s (is another node running on it?): %w", cfg.DataDir, err)
	}
	n.rec = Records{n.st}
	if err := n.rec.checkParams(params{Seed: cfg.Seed, Validators: uint64(cfg.Validators), TimeoutTicks: cfg.TimeoutTicks, Accounts: uint64(cfg.Accounts)}); err != nil {
		return nil, err
	}
	if n.ln, err = net.Listen("tcp", cfg.HTTPAddr); err != nil {
		return nil, fmt.Errorf("node: HTTP address %s: %w", cfg.HTTPAddr, err)
	}
	// Until Run, the API answers 503 not_ready (health: ok).
	n.handler.Store(startingHandler())
	n.srv = &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { (*n.handler.Load()).ServeHTTP(w, r) }),
		ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute, WriteTimeout: 2 * time.Minute, IdleTimeout: 2 * time.Minute}
	n.served = make(chan error, 1)
	go func() { n.served <- n.srv.Serve(n.ln) }()
	if cfg.NATSURL == "" {
		host, port, err := splitHostPort(cfg.NATSAddr)
		if err != nil {
			return nil, fmt.Errorf("node: NATS address %q: %w", cfg.NATSAddr, err)
		}
		if n.nats, err = jobs.StartServer(jobs.ServerConfig{DataDir: filepath.Join(cfg.DataDir, "nats"), Host: host, Port: port, Token: cfg.NATSToken}); err != nil {
			return nil, fmt.Errorf("node: embedded NATS on %s: %w", cfg.NATSAddr, err)
		}
		n.natsURL = n.nats.URL()
		if cfg.NATSToken != "" {
			n.natsURL = strings.Replace(n.natsURL, "://", "://"+url.User(cfg.NATSToken).String()+"@", 1)
		}
	} else {
		n.natsURL = cfg.NATSURL
	}
	if n.engine, err = jobs.Connect(ctx, n.natsURL, "aggregator", n.jobsConfig("aggregator")); err != nil {
		return nil, fmt.Errorf("node: NATS %s: %w", jobs.Redact(n.natsURL), err)
	}
	n.metrics.reg.MustRegister(n.engine.QueueCollector())
	n.workerMetrics = jobs.NewMetrics(n.metrics.reg)
	if cfg.Keys == nil {
		if cfg.Keys, err = cfg.LoadKeys(ctx); err != nil {
			return nil, err
		}
		n.cfg.Keys = cfg.Keys
	}
	if cfg.Workers > 0 && cfg.Keys.Node.G16PK == nil {
		return nil, errors.New("node: in-process workers need the proving keys (these are verifying keys only)")
	}
	k := cfg.Keys
	if n.world, err = apps.NewWorldAccounts(n.st, apps.ChainID, cfg.Seed, cfg.Accounts, k.EdDSAHash, k.Registry()); err != nil {
		return nil, err
	}
	n.chain = n.world.Chain
	if n.genesis, err = n.chain.Checkpoint(0); err != nil {
		return nil, err
	}

	// The sequencer, from its journal.
	n.journal = &journal.Journal{St: n.st}
	if n.core, err = n.journal.Restore(func() (*sequencer.Core, error) {
		return sequencer.NewCore(cfg.PoH, n.genesis.PoH, 1)
	}); err != nil {
		return nil, fmt.Errorf("node: restoring the sequencer: %w", err)
	}
	if got := n.core.Recorder().Config(); got != cfg.PoH {
		return nil, fmt.Errorf("node: the data directory's PoH chain runs %+v, configured %+v", got, cfg.PoH)
	}
	n.blocks = make(chan *sequencer.Block, 64)

	n.tracker = &Tracker{Journal: n.journal, Chain: n.chain, Store: n.st, Pending: n.pending}
	n.adm = &Admission{Keys: k.NetworkKeys, Chain: n.chain, Submit: n.submit, Latest: n.latest,
		Margin: cfg.Margin, Tracker: n.tracker, LastCut: n.lastCut, Gate: n.gate}
	n.exec = &Executor{Chain: n.chain, Admission: n.adm, Log: cfg.Log.With("component", "executor")}
	head, err := n.chain.Head()
	if err != nil {
		return nil, err
	}
	if err := n.adm.Restore(n.journal, head.Number, n.core.State().Queue); err != nil {
		return nil, err
	}
	// Cut before the crash, not yet applied.
	pending, err := n.journal.Blocks(head.Number + 1)
	if err != nil {
		return nil, err
	}
	for _, b := range pending {
		if _, err := n.exec.Execute(b); err != nil {
			return nil, err
		}
	}
	if head, err = n.chain.Head(); err != nil {
		return nil, err
	}

	// Validators and the stages' progress, from the records.
	var keys []*bls.SecretKey
	var vg consensus.Genesis
	if n.set, keys, vg, err = DevValidators(cfg.Validators, uint64(apps.ChainID)); err != nil {
		return nil, err
	}
	n.key = keys[cfg.Index]
	if n.validators, err = openLocalValidators(n.rec, n.set, keys[cfg.Index:cfg.Index+cfg.LocalValidators], cfg.PoH, cfg.TimeoutTicks, n.genesis, BlockVerifier(k.Block)); err != nil {
		return nil, err
	}
	n.self = n.validators.vals[0]
	// The chain's genesis for remote validators (parth validator --genesis).
	if g, err := validator.NewGenesis(vg, cfg.PoH, cfg.TimeoutTicks, n.genesis, k.Block); err != nil {
		return nil, err
	} else if err := g.WriteFile(filepath.Join(cfg.DataDir, "genesis.json")); err != nil {
		return nil, err
	}
	if b, err := os.ReadFile(filepath.Join(cfg.DataDir, "genesis.json")); err != nil {
		return nil, err
	} else {
		n.genesisFile = sha256.Sum256(b)
	}
	if cfg.LocalValidators < cfg.Validators {
		if n.bus, err = validator.Connect(ctx, n.natsURL, "node", cfg.Log.With("component", "validators")); err != nil {
			return nil, fmt.Errorf("node: the validators' streams: %w", err)
		}
	}
	n.validators.onVote = func(i int) { n.metrics.votes.WithLabelValues(fmt.Sprint(i)).Inc() }
	if err := n.chooseRole(ctx); err != nil {
		return nil, err
	}
	fin, err := n.rec.LastQC()
	if err != nil {
		return nil, err
	}
	prov := fin
	for prov < head.Number {
		if ok, err := n.hasProof(prov + 1); err != nil {
			return nil, err
		} else if !ok {
			break
		}
		prov++
	}
	n.changes = newBeacon()
	n.executed, n.proven, n.finalized = newProgress(head.Number, n.changes), newProgress(prov, n.changes), newProgress(fin, n.changes)
	n.anchored = newProgress(0, n.changes)

	n.agg = &aggregator.Aggregator{Engine: n.engine, Store: n.st, Keys: k, Log: cfg.Log.With("component", "aggregator"), JobTimeout: cfg.JobTimeout}

	// The L1.
	if n.l1, err = openSimulatedL1(ctx, k.Block, n.genesis.Root, n.set, cfg.Log.With("component", "l1")); err != nil {
		return nil, err
	}

	n.log.Info("node opened", "datadir", cfg.DataDir, "head", head.Number, "proven", prov, "finalized", fin,
		"queued", n.core.Queued(), "validator", cfg.Index, "leading", n.leading.Load(), "leader", n.self.Leader(), "nats", jobs.Redact(n.natsURL), "nats_auth", n.cfg.NATSToken != "" || strings.Contains(n.natsURL, "@"), "http", n.ln.Addr().String(), "validators", cfg.Validators, "workers", cfg.Workers)
	return n, nil
}

func (n *Node) jobsConfig(who string) jobs.Config {
	return jobs.Config{AckWait: n.cfg.AckWait, MaxDeliver: n.cfg.MaxDeliver, Log: n.log.With("component", who)}
}

// HTTPAddr is the ingress's address.
func (n *Node) HTTPAddr() string { return n.ln.Addr().String() }

// NATSURL is where prover workers connect (with the token, if any).
func (n *Node) NATSURL() string { return n.natsURL }

// Chain is the node's chain (read it; the node writes it).
func (n *Node) Chain() *state.Chain { return n.chain }

// World is the development genesis's users and their keys.
func (n *Node) World() *apps.World { return n.world }

// limit is the ingress's per-client rate limit (nil: none).
func (n *Node) limit() *api.RateLimit {
	if n.cfg.HTTPRate < 0 {
		return nil
	}
	return &api.RateLimit{Rate: rate.Limit(n.cfg.HTTPRate), Burst: n.cfg.HTTPBurst}
}

// Tracker gives end caps' statuses.
func (n *Node) Tracker() *Tracker { return n.tracker }

// ValidatorSet is the validators' set (genesis).
func (n *Node) ValidatorSet() *consensus.ValidatorSet { return n.set }

// Anchor is the L1 Rollup as the node anchors to it.
func (n *Node) Anchor() *anchor.Anchor { return n.l1.anchor }

// Progress is the last block executed, proven, finalized and anchored.
func (n *Node) Progress() (executed, proven, finalized, anchored uint64) {
	return n.executed.Get(), n.proven.Get(), n.finalized.Get(), n.anchored.Get()
}

// WaitAnchored returns once block b is anchored on L1 (or ctx ends).
func (n *Node) WaitAnchored(ctx context.Context, b uint64) error { return n.anchored.Wait(ctx, b) }

// Run runs the node until ctx ends or a stage fails. On ctx's end it
// drains: the ingress stops taking end caps and answers those in flight,
// then the sequencer stops, then the stages (a block being proven resumes
// from its stored results at the next start).
func (n *Node) Run(ctx context.Context) error {
	stages, stop := context.WithCancel(context.Background())
	defer stop()
	g, gctx := errgroup.WithContext(stages)

	seqCtx, stopSeq := context.WithCancel(gctx)
	defer stopSeq()
	if n.leading.Load() && n.bus != nil && !n.tookOver {
		if err := n.deferToClaim(ctx); err != nil {
			return err
		}
	}
	g.Go(func() error {
		if !n.leading.Load() {
			if took, err := n.follow(seqCtx); err != nil || !took {
				return err
			}
		}
		return ignoreCanceled(n.drv.Load().Run(seqCtx))
	})
	if n.bus != nil {
		g.Go(func() error { n.heartbeats(seqCtx); return nil })
	}
	g.Go(func() error { return n.executeLoop(gctx) })
	g.Go(func() error { return n.proveLoop(gctx) })
	g.Go(func() error { return n.finalizeLoop(gctx) })
	g.Go(func() error { return n.anchorLoop(gctx) })
	for i := 0; i < n.cfg.Workers; i++ {
		name := fmt.Sprintf("node-worker-%d", i)
		g.Go(func() error {
			jc := n.jobsConfig(name)
			jc.Metrics = n.workerMetrics
			e, err := jobs.Connect(gctx, n.natsURL, name, jc)
			if err != nil {
				return err
			}
			defer e.Close()
			w := &aggregator.Worker{Keys: n.cfg.Keys, Log: n.log.With("component", "prover", "worker", name)}
			return ignoreCanceled(w.Serve(gctx, e, name))
		})
	}

	ready := func() error {
		if !n.engine.Connected() {
			return errors.New("the job queue (NATS) is disconnected")
		}
		select {
		case <-seqCtx.Done():
			return errors.New("the sequencer has stopped")
		default:
		}
		return nil // leading or following
	}
	var h http.Handler = (&Ingress{Admit: n.adm.Admit, Tracker: n.tracker, Log: n.log.With("component", "http"), Ready: ready, Chain: n.chain,
		Observe: func(o string) { n.metrics.endcaps.WithLabelValues(o).Inc() }, Metrics: n.metrics.handler(), Limit: n.limit(), Streams: DefaultStreams(), Changes: n.changes.C,
		Info: n.info, PoH: n.pohStatus, Set: n.set, BlockProof: n.encodedProof}).Handler()
	n.handler.Store(&h)
	n.log.Info("node running", "http", n.HTTPAddr(), "leading", n.leading.Load())

	var err error
	select {
	case <-ctx.Done():
		n.log.Info("node stopping: draining the ingress")
	case err = <-n.served:
		err = fmt.Errorf("node: HTTP: %w", err)
	case <-gctx.Done():
		err = context.Cause(gctx)
	}
	shut, cancel := context.WithTimeout(context.Background(), SubmitTimeout+5*time.Second)
	_ = n.srv.Shutdown(shut) // in-flight submissions finish: the sequencer still runs
	cancel()
	stopSeq()
	stop()
	if werr := g.Wait(); err == nil && werr != nil && !errors.Is(werr, context.Canceled) {
		err = werr
	}
	e, p, f, a := n.Progress()
	n.log.Info("node stopped", "executed", e, "proven", p, "finalized", f, "anchored", a, "err", err)
	return err
}

func ignoreCanceled(err error) error {
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}

// Close releases everything Open opened (Run must have returned).
func (n *Node) Close() error {
	if n.srv != nil {
		n.srv.Close()
	} else if n.ln != nil {
		n.ln.Close()
	}
	if n.l1 != nil {
		n.l1.Close()
	}
	if n.bus != nil {
		n.bus.Close()
	}
	if n.engine != nil {
		n.engine.Close()
	}
	if n.nats != nil {
		n.nats.Shutdown()
	}
	if n.st != nil {
		return n.st.Close()
	}
	return nil
}

// claimDataDir creates dir with its marker, or checks the marker of an
// existing one.
func claimDataDir(dir string) error {
	marker := filepath.Join(dir, dataDirMarker)
	b, err := os.ReadFile(marker)
	if err == nil {
		if string(b) != dataDirVersion {
			return fmt.Errorf("node: %s is %q, this node reads %q", marker, strings.TrimSpace(string(b)), strings.TrimSpace(dataDirVersion))
		}
		return nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return err
	}
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("node: %s is not empty and is not a node's data directory (no %s file)", dir, dataDirMarker)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return fsutil.WriteBytes(marker, []byte(dataDirVersion))
}

func splitHostPort(addr string) (string, int, error) {
	host, p, err := net.SplitHostPort(addr)
	if err != nil {
		return "", 0, err
	}
	port, err := net.LookupPort("tcp", p)
	return host, port, err
}

// startingHandler answers while the node starts: healthy, not ready.
func startingHandler() *http.Handler {
	var h http.Handler = api.RequestIDs(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/healthz" {
			api.WriteJSON(w, http.StatusOK, map[string]string{"status": "ok"})
			return
		}
		api.WriteError(w, r, api.Errorf(api.CodeNotReady, "the node is starting (loading keys, restoring its records)").WithRetry(10*time.Second))
	}))
	return &h
}
