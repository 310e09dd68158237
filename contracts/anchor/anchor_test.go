package anchor_test

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"sync"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark/backend/groth16"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/r1cs"
	"github.com/consensys/gnark/std/rangecheck"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/parthnet/parth/consensus"
	"github.com/parthnet/parth/consensus/bls"
	"github.com/parthnet/parth/contracts"
	"github.com/parthnet/parth/contracts/anchor"
	"github.com/parthnet/parth/prover"
)

// chainCircuit has the block circuit's public interface — CHKP(n−1),
// CHKP(n) — and, like it, a Pedersen commitment (the range check's), so its
// exported verifier has the block verifier's shape: Next = Prev + X³ with
// X < 2⁶⁴.
type chainCircuit struct {
	Prev, Next frontend.Variable `gnark:",public"`
	X          frontend.Variable
}

func (c *chainCircuit) Define(api frontend.API) error {
	rangecheck.New(api).Check(c.X, 64)
	api.AssertIsEqual(c.Next, api.Add(c.Prev, api.Mul(c.X, c.X, c.X)))
	return nil
}

type fixture struct {
	set     *consensus.ValidatorSet
	vkeys   []*bls.SecretKey // the validators' keys, in the set's order
	keys    *prover.Keys
	sim     *anchor.Simulated
	chain   anchor.Chain
	key     *ecdsa.PrivateKey
	rollup  common.Address
	a       *anchor.Anchor
	genesis fr.Element
}

var (
	keysOnce sync.Once
	testKeys *prover.Keys
	verifier []byte
	keysErr  error
)

func chainKeys(t testing.TB) (*prover.Keys, []byte) {
	keysOnce.Do(func() {
		ccs, err := frontend.Compile(fr.Modulus(), r1cs.NewBuilder, &chainCircuit{})
		if err != nil {
			keysErr = err
			return
		}
		pk, vk, err := groth16.Setup(ccs)
		if err != nil {
			keysErr = err
			return
		}
		testKeys = &prover.Keys{Name: "chain", System: prover.Groth16, CCS: ccs, G16PK: pk, G16VK: vk}
		// The chain circuit has the block circuit's shape: its verifier is
		// the built-in template's, as a node's is.
		tmpl, err := contracts.BlockVerifier()
		if err != nil {
			keysErr = err
			return
		}
		verifier, keysErr = tmpl.Bytecode(vk)
	})
	if keysErr != nil {
		t.Fatal(keysErr)
	}
	return testKeys, verifier
}

func newFixture(t testing.TB) *fixture { return newFixtureOf(t, 4) }

// newFixtureOf deploys a Rollup whose validator set has n validators.
func newFixtureOf(t testing.TB, n int) *fixture {
	t.Helper()
	keys, bin := chainKeys(t)
	key, _ := crypto.GenerateKey()
	sim := anchor.NewSimulated(crypto.PubkeyToAddress(key.PublicKey))
	t.Cleanup(func() { sim.Close() })
	f := &fixture{keys: keys, sim: sim, chain: sim.Client(), key: key}
	f.set, f.vkeys = validators(t, n)
	f.genesis.SetUint64(1000)
	var err error
	_, f.rollup, err = anchor.Deploy(context.Background(), f.chain, key, bin, f.genesis, f.set)
	if err != nil {
		t.Fatal(err)
	}
	f.a = &anchor.Anchor{Chain: f.chain, Rollup: f.rollup, Key: key, Backoff: 1}
	return f
}

// block proves prev → prev + x³ for the EVM.
func (f *fixture) block(t testing.TB, prev fr.Element, x uint64) (fr.Element, []byte) {
	t.Helper()
	var cube, next fr.Element
	cube.SetUint64(x)
	cube.Mul(&cube, &cube).Mul(&cube, new(fr.Element).SetUint64(x))
	next.Add(&prev, &cube)
	p, err := f.keys.Prove(prover.CPU{}, &chainCircuit{Prev: prev, Next: next, X: x}, prover.ForEVM())
	if err != nil {
		t.Fatal(err)
	}
	if err := f.keys.Verify(p, &chainCircuit{Prev: prev, Next: next}, prover.ForEVM()); err != nil {
		t.Fatal(err)
	}
	b, err := anchor.EVMProof(p)
	if err != nil {
		t.Fatal(err)
	}
	return next, b
}

// target is block n's vote target with checkpoint c (its PoH hash made up).
func target(n uint64, c fr.Element) consensus.Target {
	return consensus.Target{Checkpoint: c, PoH: [32]byte{byte(n), 0xb1}}
}

// qc is a certificate of block n with checkpoint c by all but a third of
// the validators.
func (f *fixture) qc(t testing.TB, n uint64, c fr.Element) *consensus.QC {
	t.Helper()
	var signers []int
	for i := 0; i < len(f.vkeys)-(len(f.vkeys)-1)/3; i++ {
		signers = append(signers, i)
	}
	return certify(t, f.set, f.vkeys, n, target(n, c), signers...)
}

// submit anchors block n, certified by f.qc, through a.
func (f *fixture) submit(t testing.TB, a *anchor.Anchor, n uint64, c fr.Element, proof []byte) (*anchor.Result, error) {
	t.Helper()
	return a.SubmitFinalized(context.Background(), f.set, f.qc(t, n, c), n, c, proof)
}

func (f *fixture) state(t testing.TB) (uint64, fr.Element) {
	t.Helper()
	n, c, err := f.a.State(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n, c
}

func (f *fixture) wantState(t testing.TB, n uint64, c fr.Element) {
	t.Helper()
	gn, gc := f.state(t)
	if gn != n || !gc.Equal(&c) {
		t.Fatalf("rollup state = (%d, %s), want (%d, %s)", gn, gc.String(), n, c.String())
	}
	held, err := f.a.Checkpoint(context.Background(), n)
	if err != nil {
		t.Fatal(err)
	}
	if !held.Equal(&c) {
		t.Fatalf("checkpoints[%d] = %s, want %s", n, held.String(), c.String())
	}
	if above, _ := f.a.Checkpoint(context.Background(), n+1); !above.IsZero() {
		t.Fatalf("checkpoints[%d] = %s, want none", n+1, above.String())
	}
}

// sendRaw mines submitBlock(proof, set, qc) from key without the anchor's
// checks and returns the receipt's status.
func (f *fixture) sendRaw(t testing.TB, key *ecdsa.PrivateKey, qc contracts.ValidatorQuorumCertificate, proof []byte) uint64 {
	t.Helper()
	ctx := context.Background()
	from := crypto.PubkeyToAddress(key.PublicKey)
	nonce, err := f.chain.PendingNonceAt(ctx, from)
	if err != nil {
		t.Fatal(err)
	}
	tip, _ := f.chain.SuggestGasTipCap(ctx)
	head, _ := f.chain.HeaderByNumber(ctx, nil)
	cap := new(big.Int).Add(tip, new(big.Int).Mul(head.BaseFee, big.NewInt(2)))
	keys, stakes, err := anchor.L1ValidatorSet(f.set)
	if err != nil {
		t.Fatal(err)
	}
	data := contracts.NewRollup().PackSubmitBlock(proof, keys, stakes, qc)
	tx := types.NewTx(&types.DynamicFeeTx{ChainID: big.NewInt(1337), Nonce: nonce, GasTipCap: tip, GasFeeCap: cap, Gas: 5_000_000, To: &f.rollup, Data: data})
	signed, err := types.SignTx(tx, types.LatestSignerForChainID(big.NewInt(1337)), key)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.chain.SendTransaction(ctx, signed); err != nil {
		t.Fatal(err)
	}
	rc, err := bind.WaitMined(ctx, f.chain, signed.Hash())
	if err != nil {
		t.Fatal(err)
	}
	return rc.Status
}

func TestAnchorChain(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.wantState(t, 0, f.genesis)

	_ = ctx
	c1, p1 := f.block(t, f.genesis, 7)
	r, err := f.submit(t, f.a, 1, c1, p1)
	if err != nil {
		t.Fatal(err)
	}
	if r.Already || r.GasUsed == 0 {
		t.Fatalf("result %+v", r)
	}
	f.wantState(t, 1, c1)

	// Submitting the same block again sends nothing.
	r, err = f.submit(t, f.a, 1, c1, p1)
	if err != nil || !r.Already {
		t.Fatalf("resubmit: %+v, %v", r, err)
	}
	// Anyone may submit a certified block.
	stranger, _ := crypto.GenerateKey()
	if err := fund(f, stranger); err != nil {
		t.Fatal(err)
	}
	c2, p2 := f.block(t, c1, 11)
	if _, err := f.submit(t, &anchor.Anchor{Chain: f.chain, Rollup: f.rollup, Key: stranger, Backoff: 1}, 2, c2, p2); err != nil {
		t.Fatal(err)
	}
	f.wantState(t, 2, c2)
}

// TestSubmitBlockGas reports submitBlock's gas with 4 and 100 validators
// (two thirds signing) and a verifier of the block circuit's shape (two
// public inputs, one commitment).
func TestSubmitBlockGas(t *testing.T) {
	for _, n := range []int{4, 100} {
		f := newFixtureOf(t, n)
		c1, p1 := f.block(t, f.genesis, 7)
		r, err := f.submit(t, f.a, 1, c1, p1)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("submitBlock, %d validators: %d gas", n, r.GasUsed)
	}
}

// BenchmarkSubmitBlock reports submitBlock's gas (gas/block: deterministic,
// one mined transaction per iteration on a fresh chain) with 4 and 100
// validators, two thirds signing; `make bench` records it as the L1 gas
// per block. The block proof is proven outside the timer.
func BenchmarkSubmitBlock(b *testing.B) {
	for _, n := range []int{4, 100} {
		b.Run(fmt.Sprintf("validators=%d", n), func(b *testing.B) {
			var gas uint64
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				f := newFixtureOf(b, n)
				c1, p1 := f.block(b, f.genesis, 7)
				b.StartTimer()
				r, err := f.submit(b, f.a, 1, c1, p1)
				if err != nil {
					b.Fatal(err)
				}
				gas = r.GasUsed
			}
			b.ReportMetric(float64(gas), "gas/block")
		})
	}
}

// TestRollupRefuses: every bad submission reverts — at the anchor's gas
// estimate (where the native checks let it through) and as a mined
// transaction — and leaves the contract unchanged.
func TestRollupRefuses(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	c1, p1 := f.block(t, f.genesis, 7)
	if _, err := f.submit(t, f.a, 1, c1, p1); err != nil {
		t.Fatal(err)
	}
	c2, p2 := f.block(t, c1, 11)
	other, pOther := f.block(t, c1, 12) // a valid proof of another block 2
	_, pStale := f.block(t, f.genesis, 11)
	flipped := func(p []byte, bit int) []byte {
		q := append([]byte(nil), p...)
		q[bit/8] ^= 1 << (bit % 8)
		return q
	}
	cert := func(qc *consensus.QC) contracts.ValidatorQuorumCertificate { return l1Certificate(qc) }
	good := f.qc(t, 2, c2)
	withCheckpoint := func(c contracts.ValidatorQuorumCertificate, v *big.Int) contracts.ValidatorQuorumCertificate {
		c.Checkpoint = v
		return c
	}
	var huge big.Int
	huge.Set(fr.Modulus())
	huge.Add(&huge, c2.BigInt(new(big.Int)))
	forged := certify(t, f.set, f.vkeys, 2, target(2, c2), 0, 1, 2)
	forged.Sig = certify(t, f.set, f.vkeys, 2, target(2, c2), 0, 1).Sig
	nonSigner := certify(t, f.set, f.vkeys, 2, target(2, c2), 0, 1, 2)
	nonSigner.Signers[0] |= 1 << 3
	cases := []struct {
		name   string
		qc     contracts.ValidatorQuorumCertificate
		native *consensus.QC // what the anchor is given (nil: only the raw transaction)
		proof  []byte
		want   string
	}{
		{"bit-flipped proof (A)", cert(good), good, flipped(p2, 5), "ProofRejected"},
		{"bit-flipped proof (C)", cert(good), good, flipped(p2, 8*200+3), "ProofRejected"},
		{"bit-flipped commitment", cert(good), good, flipped(p2, 8*260+1), "ProofRejected"},
		{"truncated proof", cert(good), good, p2[:len(p2)-32], "ProofRejected"},
		{"proof for another root", cert(good), good, pOther, "ProofRejected"},
		{"proof from a stale parent", cert(good), good, pStale, "ProofRejected"},
		{"root of another proof, certified", cert(f.qc(t, 2, other)), nil, p2, "ProofRejected"},
		{"replay of the accepted block", cert(f.qc(t, 1, c1)), nil, p1, "BlockOutOfOrder"},
		{"block out of order", cert(f.qc(t, 3, c2)), f.qc(t, 3, c2), p2, "BlockOutOfOrder"},
		{"checkpoint not in the field", withCheckpoint(cert(good), &huge), nil, p2, "CheckpointNotInField"},
		{"certificate without quorum", cert(certify(t, f.set, f.vkeys, 2, target(2, c2), 0, 1)), nil, p2, "NoQuorum"},
		{"forged aggregate", cert(forged), nil, p2, "BadAggregateSignature"},
		{"bitmap names a non-signer", cert(nonSigner), nil, p2, "BadAggregateSignature"},
		{"certificate for another checkpoint", withCheckpoint(cert(f.qc(t, 2, other)), c2.BigInt(new(big.Int))), nil, p2, "BadAggregateSignature"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.native != nil {
				var next fr.Element
				next.SetBigInt(tc.qc.Checkpoint)
				_, err := f.a.SubmitFinalized(ctx, f.set, tc.native, tc.qc.Number, next, tc.proof)
				if !errors.Is(err, anchor.ErrReverted) || !contains(err.Error(), tc.want) {
					t.Fatalf("anchor: err = %v, want a %s revert", err, tc.want)
				}
			}
			if st := f.sendRaw(t, f.key, tc.qc, tc.proof); st != types.ReceiptStatusFailed {
				t.Fatalf("mined transaction status %d, want failed", st)
			}
			f.wantState(t, 1, c1)
		})
	}
	// The anchor refuses to replace an anchored block.
	if _, err := f.submit(t, f.a, 1, other, pOther); !errors.Is(err, anchor.ErrConflict) {
		t.Fatalf("conflict: %v", err)
	}
	if _, err := f.submit(t, f.a, 2, c2, p2); err != nil {
		t.Fatal(err)
	}
	f.wantState(t, 2, c2)
}

// lossy is an L1 endpoint whose first answer to a sent transaction is lost
// (the transaction is sent).
type lossy struct {
	anchor.Chain
	lost int
}

func (l *lossy) SendTransaction(ctx context.Context, tx *types.Transaction) error {
	err := l.Chain.SendTransaction(ctx, tx)
	if err == nil && l.lost == 0 {
		l.lost++
		return errors.New("connection reset by peer")
	}
	return err
}

// TestAnchorRetriesIdempotently: the answer to the sending of block 1 is
// lost; the retry finds the block anchored and sends nothing.
func TestAnchorRetriesIdempotently(t *testing.T) {
	f := newFixture(t)
	c1, p1 := f.block(t, f.genesis, 7)
	l := &lossy{Chain: f.chain}
	a := &anchor.Anchor{Chain: l, Rollup: f.rollup, Key: f.key, Backoff: 1}
	r, err := f.submit(t, a, 1, c1, p1)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Already || l.lost != 1 {
		t.Fatalf("result %+v after %d lost answers, want the retry to find the block anchored", r, l.lost)
	}
	f.wantState(t, 1, c1)
	nonce, _ := f.chain.PendingNonceAt(context.Background(), crypto.PubkeyToAddress(f.key.PublicKey))
	if nonce != 3 { // verifier, rollup, block 1
		t.Fatalf("account nonce %d, want 3 (one submission)", nonce)
	}
}

func TestMainnetRules(t *testing.T) {
	c := anchor.MainnetRules()
	if c.OsakaTime == nil || *c.OsakaTime != 0 || c.PragueTime == nil || *c.PragueTime != 0 {
		t.Fatalf("Prague/Osaka not live: %v %v", c.PragueTime, c.OsakaTime)
	}
	if c.ChainID.Int64() != 1337 || c.Ethash != nil {
		t.Fatalf("config %v", c)
	}
	if !c.IsOsaka(big.NewInt(1), 1) {
		t.Fatal("Osaka rules not active")
	}
}

func fund(f *fixture, to *ecdsa.PrivateKey) error {
	ctx := context.Background()
	from := crypto.PubkeyToAddress(f.key.PublicKey)
	nonce, err := f.chain.PendingNonceAt(ctx, from)
	if err != nil {
		return err
	}
	tip, _ := f.chain.SuggestGasTipCap(ctx)
	head, _ := f.chain.HeaderByNumber(ctx, nil)
	addr := crypto.PubkeyToAddress(to.PublicKey)
	tx := types.NewTx(&types.DynamicFeeTx{ChainID: big.NewInt(1337), Nonce: nonce, GasTipCap: tip,
		GasFeeCap: new(big.Int).Add(tip, new(big.Int).Mul(head.BaseFee, big.NewInt(2))), Gas: 21000, To: &addr,
		Value: new(big.Int).Exp(big.NewInt(10), big.NewInt(18), nil)})
	signed, err := types.SignTx(tx, types.LatestSignerForChainID(big.NewInt(1337)), f.key)
	if err != nil {
		return err
	}
	return f.chain.SendTransaction(ctx, signed)
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

// TestSubmitFinalized: the anchor sends a block only with a valid quorum
// certificate of the Rollup's set for that block and checkpoint.
func TestSubmitFinalized(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	c1, p1 := f.block(t, f.genesis, 7)
	var other fr.Element
	other.SetUint64(5)
	forged := f.qc(t, 1, c1)
	forged.Sig = f.qc(t, 1, other).Sig
	for name, qc := range map[string]*consensus.QC{
		"no certificate":                      nil,
		"certificate of another block":        f.qc(t, 2, c1),
		"certificate of another root":         f.qc(t, 1, other),
		"certificate with a forged aggregate": forged,
		"certificate without quorum":          certify(t, f.set, f.vkeys, 1, target(1, c1), 0, 1),
	} {
		if _, err := f.a.SubmitFinalized(ctx, f.set, qc, 1, c1, p1); !errors.Is(err, anchor.ErrNotFinalized) {
			t.Fatalf("%s: %v", name, err)
		}
		f.wantState(t, 0, f.genesis)
	}
	if _, err := f.submit(t, f.a, 1, c1, p1); err != nil {
		t.Fatal(err)
	}
	f.wantState(t, 1, c1)
}
