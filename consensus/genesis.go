package consensus

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"sort"

	"github.com/parthnet/parth/consensus/bls"
)

// Genesis is the genesis file's validator section.
type Genesis struct {
	ChainID    uint64             `json:"chain_id"`
	Validators []GenesisValidator `json:"validators"`
}

// GenesisValidator is one validator in genesis (keys in hex).
type GenesisValidator struct {
	Name       string `json:"name"`
	PublicKey  string `json:"public_key"`
	Possession string `json:"proof_of_possession"`
	Stake      uint64 `json:"stake"`
}

// Validator is a member of the set.
type Validator struct {
	Name      string
	PublicKey bls.PublicKey
	Stake     uint64
	key       *bls.Key // decoded and checked once
}

// ValidatorSet is the validators in their order (stake, then public key,
// highest first): index i is bit i of a certificate's signer bitmap.
type ValidatorSet struct {
	ChainID    uint64
	Validators []Validator
	Total      uint64
	index      map[bls.PublicKey]int
}

// ErrGenesis is an invalid genesis file.
var ErrGenesis = errors.New("consensus: invalid genesis")

// LoadGenesis reads a genesis file.
func LoadGenesis(path string) (*ValidatorSet, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseGenesis(b)
}

// ParseGenesis checks and orders a genesis document.
func ParseGenesis(b []byte) (*ValidatorSet, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var g Genesis
	if err := dec.Decode(&g); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrGenesis, err)
	}
	return NewValidatorSet(g)
}

// NewValidatorSet checks g: a chain id, at least one validator, each with
// a valid key, its proof of possession and a stake, no key twice, no
// total stake overflow.
func NewValidatorSet(g Genesis) (*ValidatorSet, error) {
	if g.ChainID == 0 {
		return nil, fmt.Errorf("%w: chain_id missing", ErrGenesis)
	}
	if len(g.Validators) == 0 {
		return nil, fmt.Errorf("%w: no validators", ErrGenesis)
	}
	s := &ValidatorSet{ChainID: g.ChainID, index: map[bls.PublicKey]int{}}
	for i, gv := range g.Validators {
		what := fmt.Sprintf("validator %d (%q)", i, gv.Name)
		var pk bls.PublicKey
		if err := unhex(pk[:], gv.PublicKey); err != nil {
			return nil, fmt.Errorf("%w: %s public_key: %v", ErrGenesis, what, err)
		}
		key, err := bls.ParseKey(pk)
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %v", ErrGenesis, what, err)
		}
		var pop bls.Signature
		if err := unhex(pop[:], gv.Possession); err != nil {
			return nil, fmt.Errorf("%w: %s proof_of_possession: %v", ErrGenesis, what, err)
		}
		if !bls.VerifyPossession(pk, pop) {
			return nil, fmt.Errorf("%w: %s: proof of possession does not verify", ErrGenesis, what)
		}
		if gv.Stake == 0 {
			return nil, fmt.Errorf("%w: %s: zero stake", ErrGenesis, what)
		}
		if gv.Stake > math.MaxUint64/4 || s.Total > math.MaxUint64/4-gv.Stake { // 3·stake must not overflow
			return nil, fmt.Errorf("%w: total stake overflows", ErrGenesis)
		}
		if _, dup := s.index[pk]; dup {
			return nil, fmt.Errorf("%w: %s: public key listed twice", ErrGenesis, what)
		}
		// K and −K are both valid keys with valid proofs of possession, and
		// their sum is the identity: in a certificate they would add their
		// stake without signing, and never leave a vote to slash. −K's
		// compressed encoding is K's with the sign bit (0x20) flipped.
		neg := pk
		neg[0] ^= 0x20
		if _, dup := s.index[neg]; dup {
			return nil, fmt.Errorf("%w: %s: public key is the negation of another validator's", ErrGenesis, what)
		}
		s.index[pk] = -1
		s.Total += gv.Stake
		s.Validators = append(s.Validators, Validator{Name: gv.Name, PublicKey: pk, Stake: gv.Stake, key: key})
	}
	sort.Slice(s.Validators, func(i, j int) bool {
		a, b := s.Validators[i], s.Validators[j]
		if a.Stake != b.Stake {
			return a.Stake > b.Stake
		}
		return bytes.Compare(a.PublicKey[:], b.PublicKey[:]) > 0
	})
	for i, v := range s.Validators {
		s.index[v.PublicKey] = i
	}
	return s, nil
}

// Index is the position of pk in the set.
func (s *ValidatorSet) Index(pk bls.PublicKey) (int, bool) {
	i, ok := s.index[pk]
	return i, ok
}

// Quorum reports whether stake is at least two thirds of the total.
func (s *ValidatorSet) Quorum(stake uint64) bool { return 3*stake >= 2*s.Total }

// GenesisEntry is a validator's genesis entry for key k.
func GenesisEntry(name string, k *bls.SecretKey, stake uint64) GenesisValidator {
	pk, pop := k.PublicKey(), k.ProvePossession()
	return GenesisValidator{Name: name, PublicKey: hex.EncodeToString(pk[:]), Possession: hex.EncodeToString(pop[:]), Stake: stake}
}

func unhex(dst []byte, s string) error {
	b, err := hex.DecodeString(s)
	if err != nil {
		return err
	}
	if len(b) != len(dst) {
		return fmt.Errorf("%d bytes, want %d", len(b), len(dst))
	}
	copy(dst, b)
	return nil
}

// TakeoverTicks is how many PoH ticks without a block validator candidate
// needs before it may lead in place of validator current (seed 000 §5.6:
// the set's order, the next one taking over after each timeout): 0 for the
// current leader, k·timeout for the one k places after it. With no
// timeout (0) only the current leader may lead.
func (s *ValidatorSet) TakeoverTicks(current, candidate int, timeout uint64) (uint64, bool) {
	k := uint64((candidate - current + len(s.Validators)) % len(s.Validators))
	if k == 0 {
		return 0, true
	}
	return k * timeout, timeout != 0
}
