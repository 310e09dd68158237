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

func chainKeys(t *testing.T) (*prover.Keys, []byte) {
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
		verifier, keysErr = contracts.CompileVerifier(context.Background(), contracts.Dir(), vk)
	})
	if keysErr != nil {
		t.Fatal(keysErr)
	}
	return testKeys, verifier
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	keys, bin := chainKeys(t)
	key, _ := crypto.GenerateKey()
	sim := anchor.NewSimulated(crypto.PubkeyToAddress(key.PublicKey))
	t.Cleanup(func() { sim.Close() })
	f := &fixture{keys: keys, sim: sim, chain: sim.Client(), key: key}
	f.genesis.SetUint64(1000)
	var err error
	_, f.rollup, err = anchor.Deploy(context.Background(), f.chain, key, bin, f.genesis)
	if err != nil {
		t.Fatal(err)
	}
	f.a = &anchor.Anchor{Chain: f.chain, Rollup: f.rollup, Key: key, Backoff: 1}
	return f
}

// block proves prev → prev + x³ for the EVM.
func (f *fixture) block(t *testing.T, prev fr.Element, x uint64) (fr.Element, []byte) {
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

func (f *fixture) state(t *testing.T) (uint64, fr.Element) {
	t.Helper()
	n, c, err := f.a.State(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n, c
}

func (f *fixture) wantState(t *testing.T, n uint64, c fr.Element) {
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

// sendRaw mines submitBlock(n, next, proof) from key without the anchor's
// checks and returns the receipt's status.
func (f *fixture) sendRaw(t *testing.T, key *ecdsa.PrivateKey, n uint64, next *big.Int, proof []byte) uint64 {
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
	data := contracts.NewRollup().PackSubmitBlock(new(big.Int).SetUint64(n), next, proof)
	tx := types.NewTx(&types.DynamicFeeTx{ChainID: big.NewInt(1337), Nonce: nonce, GasTipCap: tip, GasFeeCap: cap, Gas: 3_000_000, To: &f.rollup, Data: data})
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

	c1, p1 := f.block(t, f.genesis, 7)
	r, err := f.a.Submit(ctx, 1, c1, p1)
	if err != nil {
		t.Fatal(err)
	}
	if r.Already || r.GasUsed == 0 {
		t.Fatalf("result %+v", r)
	}
	t.Logf("submitBlock gas used: %d (a verifier with the block circuit's shape: 2 public inputs, 1 commitment)", r.GasUsed)
	f.wantState(t, 1, c1)

	// Submitting the same block again sends nothing.
	r, err = f.a.Submit(ctx, 1, c1, p1)
	if err != nil || !r.Already {
		t.Fatalf("resubmit: %+v, %v", r, err)
	}
	c2, p2 := f.block(t, c1, 11)
	if _, err := f.a.Submit(ctx, 2, c2, p2); err != nil {
		t.Fatal(err)
	}
	f.wantState(t, 2, c2)
}

// TestRollupRefuses: every bad submission reverts — at the anchor's gas
// estimate and as a mined transaction — and leaves the contract unchanged.
func TestRollupRefuses(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	c1, p1 := f.block(t, f.genesis, 7)
	if _, err := f.a.Submit(ctx, 1, c1, p1); err != nil {
		t.Fatal(err)
	}
	c2, p2 := f.block(t, c1, 11)
	other, pOther := f.block(t, c1, 12) // a valid proof of another block 2
	_, pStale := f.block(t, f.genesis, 11)
	stranger, _ := crypto.GenerateKey()
	if err := fund(f, stranger); err != nil {
		t.Fatal(err)
	}
	flipped := func(p []byte, bit int) []byte {
		q := append([]byte(nil), p...)
		q[bit/8] ^= 1 << (bit % 8)
		return q
	}
	var huge big.Int
	huge.Set(fr.Modulus())
	c2big := c2.BigInt(new(big.Int))
	cases := []struct {
		name  string
		key   *ecdsa.PrivateKey
		n     uint64
		next  *big.Int
		proof []byte
		want  string
	}{
		{"bit-flipped proof (A)", f.key, 2, c2big, flipped(p2, 5), "ProofRejected"},
		{"bit-flipped proof (C)", f.key, 2, c2big, flipped(p2, 8*200+3), "ProofRejected"},
		{"bit-flipped commitment", f.key, 2, c2big, flipped(p2, 8*260+1), "ProofRejected"},
		{"truncated proof", f.key, 2, c2big, p2[:len(p2)-32], "ProofRejected"},
		{"proof for another root", f.key, 2, c2big, pOther, "ProofRejected"},
		{"root of another proof", f.key, 2, other.BigInt(new(big.Int)), p2, "ProofRejected"},
		{"proof from a stale parent", f.key, 2, c2big, pStale, "ProofRejected"},
		{"replay of the accepted block", f.key, 1, c1.BigInt(new(big.Int)), p1, "BlockOutOfOrder"},
		{"block out of order", f.key, 3, c2big, p2, "BlockOutOfOrder"},
		{"checkpoint not in the field", f.key, 2, huge.Add(&huge, c2big), p2, "CheckpointNotInField"},
		{"not the anchor", stranger, 2, c2big, p2, "NotAnchor"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := &anchor.Anchor{Chain: f.chain, Rollup: f.rollup, Key: tc.key}
			var next fr.Element
			next.SetBigInt(tc.next)
			if tc.next.Cmp(fr.Modulus()) < 0 && tc.n > 1 {
				_, err := a.Submit(ctx, tc.n, next, tc.proof)
				if !errors.Is(err, anchor.ErrReverted) || !contains(err.Error(), tc.want) {
					t.Fatalf("anchor: err = %v, want a %s revert", err, tc.want)
				}
			}
			if st := f.sendRaw(t, tc.key, tc.n, tc.next, tc.proof); st != types.ReceiptStatusFailed {
				t.Fatalf("mined transaction status %d, want failed", st)
			}
			f.wantState(t, 1, c1)
		})
	}
	// The anchor refuses to replace an anchored block.
	if _, err := f.a.Submit(ctx, 1, other, pOther); !errors.Is(err, anchor.ErrConflict) {
		t.Fatalf("conflict: %v", err)
	}
	if _, err := f.a.Submit(ctx, 2, c2, p2); err != nil {
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
	r, err := a.Submit(context.Background(), 1, c1, p1)
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

// TestSubmitFinalized: only a block with a valid quorum certificate for
// its checkpoint is sent.
func TestSubmitFinalized(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	c1, p1 := f.block(t, f.genesis, 7)
	var keys []*bls.SecretKey
	g := consensus.Genesis{ChainID: 3}
	for i := 0; i < 3; i++ {
		k, _ := bls.KeyFromSeed(append(make([]byte, 31), byte(i+1)))
		keys = append(keys, k)
		g.Validators = append(g.Validators, consensus.GenesisEntry(fmt.Sprint(i), k, 1))
	}
	set, err := consensus.NewValidatorSet(g)
	if err != nil {
		t.Fatal(err)
	}
	certify := func(n uint64, c fr.Element, signers int) *consensus.QC {
		tally := consensus.NewTally(set)
		tg := consensus.Target{Checkpoint: c, PoH: [32]byte{1}}
		tally.Know(n, tg)
		var qc *consensus.QC
		for _, k := range keys[:signers] {
			i, _ := set.Index(k.PublicKey())
			if q, err := tally.Add(consensus.SignVote(k, i, 3, n, tg)); err != nil {
				t.Fatal(err)
			} else if q != nil {
				qc = q
			}
		}
		return qc
	}
	var other fr.Element
	other.SetUint64(5)
	forged := certify(1, c1, 2)
	forged.Sig = certify(1, other, 2).Sig
	for name, qc := range map[string]*consensus.QC{
		"no certificate":                      nil,
		"certificate of another block":        certify(2, c1, 2),
		"certificate of another root":         certify(1, other, 2),
		"certificate with a forged aggregate": forged,
	} {
		if _, err := f.a.SubmitFinalized(ctx, set, qc, 1, c1, p1); !errors.Is(err, anchor.ErrNotFinalized) {
			t.Fatalf("%s: %v", name, err)
		}
		f.wantState(t, 0, f.genesis)
	}
	if certify(1, c1, 1) != nil {
		t.Fatal("one of three validators made a certificate")
	}
	if _, err := f.a.SubmitFinalized(ctx, set, certify(1, c1, 2), 1, c1, p1); err != nil {
		t.Fatal(err)
	}
	f.wantState(t, 1, c1)
}
