package validator

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/backend/groth16"
	groth16bn254 "github.com/consensys/gnark/backend/groth16/bn254"

	"github.com/parthnet/parth/consensus"
	"github.com/parthnet/parth/consensus/bls"
	"github.com/parthnet/parth/internal/fsutil"
	"github.com/parthnet/parth/prover"
	"github.com/parthnet/parth/sequencer/poh"
	"github.com/parthnet/parth/state"
)

// Genesis is what a validator needs to follow a chain, as a file: the
// validator set, the PoH configuration, the genesis checkpoint CHKP(0)
// (its canonical encoding; its PoH hash seeds the chain) and the block
// circuit's verifying key. A node writes it to <datadir>/genesis.json;
// `parth validator --genesis` reads it and needs no circuit or key setup.
type Genesis struct {
	Validators consensus.Genesis `json:"validators"`
	PoH        struct {
		HashesPerTick uint64 `json:"hashes_per_tick"`
		TicksPerSlot  uint64 `json:"ticks_per_slot"`
		MaxRefAge     uint64 `json:"max_ref_age"`
		// TimeoutTicks is the leader timeout (consensus.Signer.
		// TimeoutTicks): the validator k places after the leader may
		// take over once its PoH shows k·timeout_ticks ticks after the
		// last block (0: no failover).
		TimeoutTicks uint64 `json:"timeout_ticks"`
	} `json:"poh"`
	Checkpoint string `json:"checkpoint"`
	BlockVK    string `json:"block_vk"`
}

// MaxTimeoutTicks bounds a chain's leader timeout (k·timeout for k up to
// the set's size must not overflow).
const MaxTimeoutTicks = 1 << 32

// Chain is a Genesis read and checked.
type Chain struct {
	Set *consensus.ValidatorSet
	PoH poh.Config
	// TimeoutTicks is the leader timeout in PoH ticks (0: no failover).
	TimeoutTicks uint64
	Checkpoint   state.Checkpoint
	Block        *prover.Keys // verifying key only
}

// NewGenesis is the genesis of a chain.
func NewGenesis(g consensus.Genesis, cfg poh.Config, timeoutTicks uint64, chkp state.Checkpoint, bk *prover.Keys) (*Genesis, error) {
	out := &Genesis{Validators: g}
	out.PoH.HashesPerTick, out.PoH.TicksPerSlot, out.PoH.MaxRefAge = cfg.HashesPerTick, cfg.TicksPerSlot, cfg.MaxRefAge
	out.PoH.TimeoutTicks = timeoutTicks
	c, err := chkp.MarshalBinary()
	if err != nil {
		return nil, err
	}
	var vk bytes.Buffer
	if _, err := bk.G16VK.WriteTo(&vk); err != nil {
		return nil, err
	}
	out.Checkpoint, out.BlockVK = hex.EncodeToString(c), hex.EncodeToString(vk.Bytes())
	return out, nil
}

// WriteFile writes g to path (through a temporary file and a rename).
func (g *Genesis) WriteFile(path string) error {
	b, err := json.MarshalIndent(g, "", "  ")
	if err != nil {
		return err
	}
	return fsutil.WriteBytes(path, append(b, '\n'))
}

// ReadGenesis reads and checks a genesis file.
func ReadGenesis(path string) (*Chain, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var g Genesis
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&g); err != nil {
		return nil, fmt.Errorf("validator: genesis %s: %w", path, err)
	}
	c := &Chain{PoH: poh.Config{HashesPerTick: g.PoH.HashesPerTick, TicksPerSlot: g.PoH.TicksPerSlot, MaxRefAge: g.PoH.MaxRefAge}, TimeoutTicks: g.PoH.TimeoutTicks}
	if err := c.PoH.Validate(); err != nil {
		return nil, fmt.Errorf("validator: genesis %s: poh: %w", path, err)
	}
	if c.TimeoutTicks > MaxTimeoutTicks {
		return nil, fmt.Errorf("validator: genesis %s: poh: timeout_ticks %d (at most %d)", path, c.TimeoutTicks, MaxTimeoutTicks)
	}
	if c.Set, err = consensus.NewValidatorSet(g.Validators); err != nil {
		return nil, fmt.Errorf("validator: genesis %s: %w", path, err)
	}
	raw, err := hex.DecodeString(g.Checkpoint)
	if err != nil {
		return nil, fmt.Errorf("validator: genesis %s: checkpoint: %w", path, err)
	}
	if err := c.Checkpoint.UnmarshalBinary(raw); err != nil {
		return nil, fmt.Errorf("validator: genesis %s: checkpoint: %w", path, err)
	}
	if err := c.Checkpoint.Verify(); err != nil || c.Checkpoint.Number != 0 || !c.Checkpoint.Prev.IsZero() || !c.Checkpoint.EndCaps.IsZero() {
		return nil, fmt.Errorf("validator: genesis %s: not a genesis checkpoint (number %d, a previous root or end caps): %v", path, c.Checkpoint.Number, err)
	}
	if tag := state.ChainTag(g.Validators.ChainID, c.Checkpoint.GUSRRoot, c.Checkpoint.GCONRoot, c.Checkpoint.PoH); !tag.Equal(&c.Checkpoint.Chain) {
		return nil, fmt.Errorf("validator: genesis %s: CHKP(0) names another chain than chain id %d", path, g.Validators.ChainID)
	}
	if raw, err = hex.DecodeString(g.BlockVK); err != nil {
		return nil, fmt.Errorf("validator: genesis %s: block_vk: %w", path, err)
	}
	vk := groth16.NewVerifyingKey(ecc.BN254)
	if m, err := vk.ReadFrom(bytes.NewReader(raw)); err != nil { // with the subgroup checks
		return nil, fmt.Errorf("validator: genesis %s: block_vk: %w", path, err)
	} else if int(m) != len(raw) {
		return nil, fmt.Errorf("validator: genesis %s: block_vk has %d bytes after the key", path, len(raw)-int(m))
	}
	// Its public inputs, without the commitments' (the block circuit has
	// a BSB22 commitment), are CHKP(n−1) and CHKP(n).
	bvk, ok := vk.(*groth16bn254.VerifyingKey)
	if !ok {
		return nil, fmt.Errorf("validator: genesis %s: block_vk is not a BN254 key", path)
	}
	if n := bvk.NbPublicWitness() - len(bvk.CommitmentKeys); n != 2 {
		return nil, fmt.Errorf("validator: genesis %s: block_vk takes %d public inputs; the block circuit's takes 2 (CHKP(n−1), CHKP(n))", path, n)
	}
	c.Block = &prover.Keys{Name: "block", System: prover.Groth16, G16VK: vk}
	return c, nil
}

// DevKey is development validator i's key: it derives from the public
// seed "parth dev validator i", so anyone can make its votes. For devnets
// and tests only.
func DevKey(i int) (*bls.SecretKey, error) {
	seed := sha256.Sum256([]byte(fmt.Sprint("parth dev validator ", i)))
	return bls.KeyFromSeed(seed[:])
}

// DevKeyAt is the development key of the set's validator at index i.
func DevKeyAt(set *consensus.ValidatorSet, i int) (*bls.SecretKey, error) {
	if i < 0 || i >= len(set.Validators) {
		return nil, fmt.Errorf("validator: index %d of %d validators", i, len(set.Validators))
	}
	for s := 0; s < 4*len(set.Validators)+16; s++ {
		k, err := DevKey(s)
		if err != nil {
			return nil, err
		}
		if j, ok := set.Index(k.PublicKey()); ok && j == i {
			return k, nil
		}
	}
	return nil, fmt.Errorf("validator: validator %d (%s) has no development key", i, set.Validators[i].Name)
}
