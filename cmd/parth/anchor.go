package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/sha256"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strings"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/parthnet/parth/aggregator"
	"github.com/parthnet/parth/circuits/block"
	"github.com/parthnet/parth/consensus"
	"github.com/parthnet/parth/consensus/bls"
	"github.com/parthnet/parth/contracts"
	"github.com/parthnet/parth/contracts/anchor"
	"github.com/parthnet/parth/prover"
	"github.com/parthnet/parth/state/store"
)

func runAnchor(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("anchor", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", "data/aggregator", "the aggregator's data directory (its pebble store holds the proven blocks)")
	rpcURL := fs.String("rpc", "", "JSON-RPC URL of an L1 node (default: go-ethereum's in-process simulated L1 with mainnet rules, with a fresh Rollup deployed)")
	rollup := fs.String("rollup", "", "address of the Rollup contract (with -rpc)")
	keyFile := fs.String("key", "", "file holding the anchor account's secp256k1 key in hex (with -rpc)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, `Usage: parth anchor [flags]

Submits the blocks 'parth aggregator' proved (read from its store in -data)
to the L1 Rollup contract, in order, from the first one the contract does
not hold. Each block proof is verified natively first; each submission's
gas is estimated before it is sent (a proof the contract would refuse is
reported with the contract's error and not sent), and a block already on
L1 is not sent again, so the command can be re-run after any failure.
The Rollup accepts a block only with the validators' quorum certificate.
No validator service runs yet, so this command certifies the blocks of a
local 'parth aggregator' run with a development validator set of its own
(four validators whose keys derive from public seeds, stake 25 each): each
signs a block after its proof verifies natively. These are development
certificates: anyone can make them, and a Rollup deployed with this set
trusts nothing but them. With -rpc, the Rollup must have been deployed with
that set.

Without -rpc it starts go-ethereum's simulated L1 with mainnet rules in this
process, deploys the block verifier (gnark's export of the block key,
compiled with the pinned solc: run 'make deps' first) and a Rollup at the
first block's parent checkpoint, and reports the gas of each submission.

Flags:
`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		fs.Usage()
		return fmt.Errorf("anchor: unexpected arguments %q", fs.Args())
	}
	if (*rpcURL == "") != (*rollup == "" && *keyFile == "") {
		return errors.New("anchor: -rpc needs -rollup and -key (and they need -rpc)")
	}
	if *rollup != "" && !common.IsHexAddress(*rollup) {
		return fmt.Errorf("anchor: -rollup %q is not an address", *rollup)
	}
	var key *ecdsa.PrivateKey
	if *keyFile != "" {
		b, err := os.ReadFile(*keyFile)
		if err != nil {
			return err
		}
		if key, err = crypto.HexToECDSA(strings.TrimPrefix(strings.TrimSpace(string(b)), "0x")); err != nil {
			return fmt.Errorf("anchor: -key %s: %w", *keyFile, err)
		}
	}
	if _, err := os.Stat(filepath.Join(*data, "store")); err != nil {
		return fmt.Errorf("anchor: no aggregator store in %s: %w", *data, err)
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	st, err := store.Open(filepath.Join(*data, "store"), store.Options{Logger: log})
	if err != nil {
		return err
	}
	defer st.Close()
	var blocks []provenBlock
	for n := uint64(1); ; n++ {
		r, err := aggregator.Records(st, n)
		if err != nil {
			return err
		}
		if r.Next == nil {
			break
		}
		j := r.Job(aggregator.BlockKey)
		if j == nil {
			return fmt.Errorf("anchor: block %d has a checkpoint but no block proof record", n)
		}
		blocks = append(blocks, provenBlock{r, j.Proof})
	}
	if len(blocks) == 0 {
		return fmt.Errorf("anchor: no proven block in %s (run parth aggregator first)", *data)
	}
	k, err := loadKeys(log)
	if err != nil {
		return err
	}
	for _, b := range blocks {
		if err := block.Verify(k.Block, b.rec.Next.Prev, b.rec.Next.Root, b.proof); err != nil {
			return fmt.Errorf("anchor: block %d's stored proof: %w", b.rec.Number, err)
		}
	}

	set, certs, err := devCertificates(blocks)
	if err != nil {
		return err
	}
	var a *anchor.Anchor
	if *rpcURL == "" {
		key, _ = crypto.GenerateKey()
		sim := anchor.NewSimulated(crypto.PubkeyToAddress(key.PublicKey))
		defer sim.Close()
		bin, err := contracts.CompileVerifier(ctx, contracts.Dir(), k.Block.G16VK)
		if err != nil {
			return err
		}
		v, r, err := anchor.Deploy(ctx, sim.Client(), key, bin, blocks[0].rec.Next.Prev, set)
		if err != nil {
			return err
		}
		log.Info("deployed on the simulated L1", "verifier", v, "rollup", r)
		a = &anchor.Anchor{Chain: sim.Client(), Rollup: r, Key: key, Log: log}
	} else {
		c, err := ethclient.DialContext(ctx, *rpcURL)
		if err != nil {
			return fmt.Errorf("anchor: dial %s: %w", *rpcURL, err)
		}
		defer c.Close()
		a = &anchor.Anchor{Chain: c, Rollup: common.HexToAddress(*rollup), Key: key, Log: log}
	}
	for i, b := range blocks {
		p, err := anchor.EVMProof(b.proof)
		if err != nil {
			return err
		}
		r, err := a.SubmitFinalized(ctx, set, certs[i], b.rec.Number, b.rec.Next.Root, p)
		if err != nil {
			return err
		}
		if r.Already {
			fmt.Fprintf(stdout, "block %d: already on L1\n", b.rec.Number)
			continue
		}
		fmt.Fprintf(stdout, "block %d: CHKP %s anchored in tx %s (gas %d)\n", b.rec.Number, b.rec.Next.Root.String(), r.Tx, r.GasUsed)
	}
	return nil
}

// provenBlock is a block the aggregator proved, with its proof.
type provenBlock struct {
	rec   *aggregator.BlockRecord
	proof *prover.Proof
}

// devChainID is the PARTH chain id of the development validator set.
const devChainID = 1

// devCertificates certifies blocks with the development validator set:
// four validators (keys from the seeds "parth dev validator i") vote for
// each block, whose proof the caller has verified, and their votes are
// tallied into quorum certificates.
func devCertificates(blocks []provenBlock) (*consensus.ValidatorSet, []*consensus.QC, error) {
	g := consensus.Genesis{ChainID: devChainID}
	var keys []*bls.SecretKey
	for i := 0; i < 4; i++ {
		seed := sha256.Sum256([]byte(fmt.Sprint("parth dev validator ", i)))
		k, err := bls.KeyFromSeed(seed[:])
		if err != nil {
			return nil, nil, err
		}
		keys = append(keys, k)
		g.Validators = append(g.Validators, consensus.GenesisEntry(fmt.Sprint("dev", i), k, 25))
	}
	set, err := consensus.NewValidatorSet(g)
	if err != nil {
		return nil, nil, err
	}
	tally := consensus.NewTally(set)
	var certs []*consensus.QC
	for _, b := range blocks {
		t := consensus.Target{Checkpoint: b.rec.Next.Root, PoH: b.rec.Next.PoH}
		tally.Know(b.rec.Number, t)
		var qc *consensus.QC
		for _, k := range keys {
			i, _ := set.Index(k.PublicKey())
			q, err := tally.Add(consensus.SignVote(k, i, set.ChainID, b.rec.Number, t))
			if err != nil {
				return nil, nil, fmt.Errorf("anchor: dev vote on block %d: %w", b.rec.Number, err)
			}
			if q != nil && qc == nil {
				qc = q
			}
		}
		if qc == nil {
			return nil, nil, fmt.Errorf("anchor: block %d: no certificate from the dev validators", b.rec.Number)
		}
		certs = append(certs, qc)
	}
	return set, certs, nil
}
