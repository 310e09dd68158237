package anchor_test

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"os"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/parthnet/parth/consensus"
	"github.com/parthnet/parth/consensus/bls"
	"github.com/parthnet/parth/contracts"
	"github.com/parthnet/parth/contracts/anchor"
)

// quorum is a validator set of n equal stakes, its QuorumHarness on a
// simulated L1, and the set as the contract takes it.
type quorum struct {
	set    *consensus.ValidatorSet
	keys   []*bls.SecretKey
	l1Keys [][]byte
	stakes []uint64
	chain  anchor.Chain
	addr   common.Address
	c      *contracts.QuorumHarness
}

// validators is a set of n validators of stake 10 (chain id 7) and their
// secret keys in the set's order (bit i of a certificate is keys[i]).
func validators(t testing.TB, n int) (*consensus.ValidatorSet, []*bls.SecretKey) {
	t.Helper()
	g := consensus.Genesis{ChainID: 7}
	byKey := map[bls.PublicKey]*bls.SecretKey{}
	for i := 0; i < n; i++ {
		k, err := bls.KeyFromSeed(bytes.Repeat([]byte{byte(i + 1)}, 32))
		if err != nil {
			t.Fatal(err)
		}
		g.Validators = append(g.Validators, consensus.GenesisEntry(fmt.Sprintf("v%d", i), k, 10))
		byKey[k.PublicKey()] = k
	}
	set, err := consensus.NewValidatorSet(g)
	if err != nil {
		t.Fatal(err)
	}
	keys := make([]*bls.SecretKey, 0, n)
	for _, v := range set.Validators {
		keys = append(keys, byKey[v.PublicKey])
	}
	return set, keys
}

// certify makes a certificate of set for (block, target) signed by the
// validators at the given indexes (no quorum check: tests make bad ones).
func certify(t testing.TB, set *consensus.ValidatorSet, keys []*bls.SecretKey, block uint64, target consensus.Target, signers ...int) *consensus.QC {
	t.Helper()
	qc := &consensus.QC{Chain: set.ChainID, Block: block, Target: target, Signers: make([]byte, (len(keys)+7)/8)}
	var sigs []bls.Signature
	for _, i := range signers {
		v := consensus.SignVote(keys[i], i, set.ChainID, block, target)
		sigs = append(sigs, v.Sig)
		qc.Signers[i/8] |= 1 << (i % 8)
	}
	agg, err := bls.Aggregate(sigs)
	if err != nil {
		t.Fatal(err)
	}
	qc.Sig = agg
	return qc
}

func newQuorum(t testing.TB, n int) *quorum {
	t.Helper()
	set, keys := validators(t, n)
	l1Keys, stakes, err := anchor.L1ValidatorSet(set)
	if err != nil {
		t.Fatal(err)
	}
	q := deployQuorumKeys(t, set.ChainID, l1Keys, stakes)
	q.set, q.keys = set, keys
	return q
}

func (q *quorum) certify(t testing.TB, block uint64, target consensus.Target, signers ...int) *consensus.QC {
	return certify(t, q.set, q.keys, block, target, signers...)
}

func l1Certificate(qc *consensus.QC) contracts.ValidatorQuorumCertificate {
	c, err := anchor.L1Certificate(qc)
	if err != nil {
		panic(err)
	}
	return c
}

// check runs the contract's check; it returns the contract's error name
// ("" when the certificate is accepted).
func (q *quorum) check(t testing.TB, keys [][]byte, stakes []uint64, c contracts.ValidatorQuorumCertificate) string {
	t.Helper()
	_, err := bind.Call(q.c.Instance(q.chain, q.addr), nil, q.c.PackCheck(keys, stakes, c), q.c.UnpackCheck)
	if err == nil {
		return ""
	}
	var de interface{ ErrorData() interface{} }
	if !errors.As(err, &de) {
		t.Fatalf("call: %v", err)
	}
	s, _ := de.ErrorData().(string)
	raw, _ := hex.DecodeString(strings.TrimPrefix(s, "0x"))
	e, uerr := q.c.UnpackError(raw)
	if uerr != nil {
		t.Fatalf("undecodable revert %x: %v", raw, uerr)
	}
	return strings.TrimPrefix(fmt.Sprintf("%T", e), "*contracts.QuorumHarness")
}

func qtarget(n uint64) consensus.Target {
	var t consensus.Target
	t.Checkpoint.SetUint64(1000 + n)
	t.PoH[0] = byte(n)
	return t
}

// TestQuorumOnL1: a certificate the Go validators accept is accepted on L1;
// each bad one reverts with its specific error, and the native check agrees
// on every case.
func TestQuorumOnL1(t *testing.T) {
	q := newQuorum(t, 4)
	good := q.certify(t, 5, qtarget(5), 0, 1, 2)
	if err := consensus.VerifyQC(q.set, good); err != nil {
		t.Fatalf("native check refuses the good certificate: %v", err)
	}
	if e := q.check(t, q.l1Keys, q.stakes, l1Certificate(good)); e != "" {
		t.Fatalf("L1 refuses a valid certificate: %s", e)
	}
	forged := q.certify(t, 5, qtarget(5), 0, 1, 2)
	forged.Sig = q.certify(t, 5, qtarget(5), 0, 1).Sig // two signatures under a three-signer bitmap
	nonSigner := q.certify(t, 5, qtarget(5), 0, 1, 2)
	nonSigner.Signers[0] |= 1 << 3 // names validator 3, who did not sign
	other := q.certify(t, 5, qtarget(6), 0, 1, 2)
	otherCert := l1Certificate(other)
	otherCert.Checkpoint = l1Certificate(good).Checkpoint // QC for another checkpoint, submitted for this one
	beyond := q.certify(t, 5, qtarget(5), 0, 1, 2)
	beyond.Signers[0] |= 1 << 5
	swapped := append([][]byte{q.l1Keys[1], q.l1Keys[0]}, q.l1Keys[2:]...)
	cases := map[string]struct {
		keys   [][]byte
		stakes []uint64
		cert   contracts.ValidatorQuorumCertificate
		native *consensus.QC
		want   string
	}{
		"no quorum (2 of 4)":             {q.l1Keys, q.stakes, l1Certificate(q.certify(t, 5, qtarget(5), 0, 1)), q.certify(t, 5, qtarget(5), 0, 1), "NoQuorum"},
		"forged aggregate":               {q.l1Keys, q.stakes, l1Certificate(forged), forged, "BadAggregateSignature"},
		"bitmap names a non-signer":      {q.l1Keys, q.stakes, l1Certificate(nonSigner), nonSigner, "BadAggregateSignature"},
		"QC for another checkpoint":      {q.l1Keys, q.stakes, otherCert, nil, "BadAggregateSignature"},
		"signer beyond the set":          {q.l1Keys, q.stakes, l1Certificate(beyond), beyond, "BadSignerBitmap"},
		"another validator set (order)":  {swapped, q.stakes, l1Certificate(good), nil, "WrongValidatorSet"},
		"another validator set (stakes)": {q.l1Keys, []uint64{10, 10, 10, 1}, l1Certificate(good), nil, "WrongValidatorSet"},
	}
	for name, c := range cases {
		if got := q.check(t, c.keys, c.stakes, c.cert); got != c.want {
			t.Errorf("%s: L1 says %q, want %q", name, got, c.want)
		}
		if c.native != nil && consensus.VerifyQC(q.set, c.native) == nil {
			t.Errorf("%s: the native check accepts it", name)
		}
	}
}

// TestQuorumGas reports the gas of checking a certificate of 4 and of 100
// validators (all but a third signing), as an eth_call estimate.
func TestQuorumGas(t *testing.T) {
	for _, n := range []int{4, 100} {
		q := newQuorum(t, n)
		var signers []int
		for i := 0; i < n-(n-1)/3; i++ {
			signers = append(signers, i)
		}
		qc := q.certify(t, 1, qtarget(1), signers...)
		if err := consensus.VerifyQC(q.set, qc); err != nil {
			t.Fatal(err)
		}
		data := q.c.PackCheck(q.l1Keys, q.stakes, l1Certificate(qc))
		gas, err := q.chain.EstimateGas(context.Background(), ethereum.CallMsg{To: &q.addr, Data: data})
		if err != nil {
			t.Fatalf("%d validators: %v", n, err)
		}
		t.Logf("%d validators, %d signing: %d gas (calldata %d bytes)", n, len(signers), gas, len(data))
	}
}

// deployQuorumKeys deploys a QuorumHarness committed to raw keys and
// stakes on a fresh simulated L1 (without genesis, L1 must defend itself).
func deployQuorumKeys(t testing.TB, chainID uint64, keys [][]byte, stakes []uint64) *quorum {
	t.Helper()
	q := &quorum{c: contracts.NewQuorumHarness(), l1Keys: keys, stakes: stakes}
	key, _ := crypto.GenerateKey()
	sim := anchor.NewSimulated(crypto.PubkeyToAddress(key.PublicKey))
	t.Cleanup(func() { sim.Close() })
	q.chain = sim.Client()
	raw, err := os.ReadFile("../build/QuorumHarness.bin")
	if err != nil {
		t.Fatal(err)
	}
	bin, _ := hex.DecodeString(strings.TrimSpace(string(raw)))
	id, _ := q.chain.ChainID(context.Background())
	addr, tx, err := bind.DeployContract(bind.NewKeyedTransactor(key, id), bin, q.chain, q.c.PackConstructor(chainID, keys, stakes))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bind.WaitDeployed(context.Background(), q.chain, tx.Hash()); err != nil {
		t.Fatal(err)
	}
	q.addr = addr
	return q
}

// TestZeroSumKeys: keys K and −K (each with a valid proof of possession:
// −K's secret is r − sk) sum to the identity. Genesis refuses the pair; and
// a contract deployed with it anyway refuses the certificate with aggregate
// key and signature at infinity, which would otherwise verify any message
// with nobody signing (found by a review helper).
func TestZeroSumKeys(t *testing.T) {
	r, _ := new(big.Int).SetString("73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001", 16)
	k, _ := bls.KeyFromSeed(bytes.Repeat([]byte{2}, 32))
	nk, err := bls.SecretKeyFromBytes(new(big.Int).Sub(r, new(big.Int).SetBytes(k.Bytes())).FillBytes(make([]byte, 32)))
	if err != nil {
		t.Fatal(err)
	}
	a, _ := bls.KeyFromSeed(bytes.Repeat([]byte{1}, 32))
	g := consensus.Genesis{ChainID: 7, Validators: []consensus.GenesisValidator{
		consensus.GenesisEntry("honest", a, 10), consensus.GenesisEntry("K", k, 10), consensus.GenesisEntry("minusK", nk, 10),
	}}
	if _, err := consensus.NewValidatorSet(g); !errors.Is(err, consensus.ErrGenesis) {
		t.Fatalf("genesis with K and −K: %v", err)
	}
	var keys [][]byte
	for _, s := range []*bls.SecretKey{a, k, nk} {
		p, err := s.PublicKey().EIP2537()
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, p)
	}
	q := deployQuorumKeys(t, 7, keys, []uint64{10, 10, 10})
	for _, n := range []uint64{1, 999} {
		cert := contracts.ValidatorQuorumCertificate{Number: n, Checkpoint: new(big.Int).SetUint64(0xdead + n),
			Signers: []byte{0b110}, Sig: make([]byte, 256)}
		if e := q.check(t, q.l1Keys, q.stakes, cert); e != "BadAggregateSignature" {
			t.Fatalf("block %d: the certificate nobody signed: %q, want BadAggregateSignature", n, e)
		}
	}
}
