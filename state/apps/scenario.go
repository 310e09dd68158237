package apps

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"math/rand/v2"

	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/hashing"
)

// The seed's four users and the two contracts' ids in the scenarios.
const (
	Alice state.UserID = 1
	Bob   state.UserID = 2
	Carol state.UserID = 3
	Mike  state.UserID = 4

	RubiesContract state.ContractID = 1
	USDTContract   state.ContractID = 2
)

// Users lists the scenario's users in the seed's order.
var Users = []state.UserID{Alice, Bob, Carol, Mike}

// Name returns the seed's name of a scenario user.
func Name(u state.UserID) string {
	switch u {
	case Alice:
		return "Alice"
	case Bob:
		return "Bob"
	case Carol:
		return "Carol"
	case Mike:
		return "Mike"
	}
	return fmt.Sprintf("dev%d", u)
}

// SeedAccounts is how many accounts the development genesis registers by
// default: the seed's four users. MaxAccounts bounds it (user ids 1 to
// MaxAccounts). The accounts after the seed's (dev5, dev6, ...) start with
// ExtraUSDT in USDT and no gems.
const (
	SeedAccounts = 4
	MaxAccounts  = 100_000
	ExtraUSDT    = 1000
)

// Start balances from the seed.
var (
	StartDiamonds = map[state.UserID]uint64{Alice: 20, Bob: 15, Carol: 10, Mike: 12}
	StartRubies   = map[state.UserID]uint64{Alice: 50, Bob: 90, Carol: 2, Mike: 0}
	StartUSDT     = map[state.UserID]uint64{Alice: 300, Bob: 100, Carol: 500, Mike: 90}
)

// NativeEdDSACircuitID stands in for the EdDSA signature circuit's
// verifying-key hash until circuits/ provides the circuit; a user's public
// key is H(circuit id, A.x, A.y) either way.
var NativeEdDSACircuitID = hashing.BytesHash([]byte("parth/signature/eddsa-bjj/native-v1"))

// World is the seed's four users on a chain running both example contracts.
type World struct {
	Chain  *state.Chain
	Scheme *state.EdDSA
	Keys   map[state.UserID]*state.EdDSAKey
}

// ChainID is the scenario's chain id (the development validator set's).
const ChainID = 1

// Registry returns the scenario's contracts.
func Registry() state.Registry {
	return state.Registry{RubiesContract: DiamondsAndRubies(), USDTContract: USDT()}
}

// NewWorld opens a world on st. On an empty store it commits the genesis
// block with the seed's balances; keys are derived from seed, so the same
// seed opens the same world again.
func NewWorld(st state.Store, seed uint64) (*World, error) {
	return NewWorldWith(st, seed, NativeEdDSACircuitID, Registry())
}

// NewWorldWith is NewWorld with the EdDSA signature circuit's id (its
// verifying-key hash) and a registry whose functions carry their CFC
// verifying-key hashes: the world the real circuits prove.
func NewWorldWith(st state.Store, seed uint64, eddsaCircuitID fr.Element, reg state.Registry) (*World, error) {
	return NewWorldOn(st, ChainID, seed, eddsaCircuitID, reg)
}

// NewWorldOn is NewWorldWith on another chain id: the same users, keys and
// balances, another deployment.
func NewWorldOn(st state.Store, chainID, seed uint64, eddsaCircuitID fr.Element, reg state.Registry) (*World, error) {
	return NewWorldAccounts(st, chainID, seed, SeedAccounts, eddsaCircuitID, reg)
}

// NewWorldAccounts is NewWorldOn with accounts development accounts (at
// least the seed's four, at most MaxAccounts): users 1 to accounts, keys
// from seed (DevKeysN).
func NewWorldAccounts(st state.Store, chainID, seed uint64, accounts int, eddsaCircuitID fr.Element, reg state.Registry) (*World, error) {
	scheme := state.NewEdDSA(eddsaCircuitID)
	chain, err := state.NewChain(st, reg, state.Schemes{scheme.Name(): scheme})
	if err != nil {
		return nil, err
	}
	w := &World{Chain: chain, Scheme: scheme, Keys: map[state.UserID]*state.EdDSAKey{}}
	keys, err := DevKeysN(scheme, seed, accounts)
	if err != nil {
		return nil, err
	}
	g := state.Genesis{ChainID: chainID, PoH: SlotPoH(0)}
	dr, usdt := DiamondsAndRubies(), USDT()
	for i := 1; i <= accounts; i++ {
		u := state.UserID(i)
		k := keys[u]
		w.Keys[u] = k
		pk, err := state.KeyHash(k)
		if err != nil {
			return nil, err
		}
		values := []state.GenesisValue{{Contract: USDTContract, Slot: usdt.Slot("claimedFrom"), Key: uint32(u), Value: ExtraUSDT}}
		if i <= SeedAccounts {
			values = []state.GenesisValue{
				{Contract: RubiesContract, Slot: dr.Slot("diamondBalance"), Value: StartDiamonds[u]},
				{Contract: RubiesContract, Slot: dr.Slot("rubyBalance"), Value: StartRubies[u]},
				{Contract: USDTContract, Slot: usdt.Slot("claimedFrom"), Key: uint32(u), Value: StartUSDT[u]},
			}
		}
		g.Users = append(g.Users, state.GenesisUser{ID: u, PublicKey: pk, Values: values})
	}
	if _, err := chain.Head(); err == nil {
		return w, nil
	}
	if _, err := chain.InitGenesis(g); err != nil {
		return nil, err
	}
	return w, nil
}

// DevKeys are the development keys of the seed's users, derived from seed
// (public: anyone who knows the seed can sign for them). A devnet's
// genesis registers them; `parth wallet dev` imports them.
func DevKeys(scheme *state.EdDSA, seed uint64) (map[state.UserID]*state.EdDSAKey, error) {
	return DevKeysN(scheme, seed, SeedAccounts)
}

// DevKeysN are the keys of development accounts 1 to n, derived from seed
// in order (the first four are DevKeys).
func DevKeysN(scheme *state.EdDSA, seed uint64, n int) (map[state.UserID]*state.EdDSAKey, error) {
	if n < SeedAccounts || n > MaxAccounts {
		return nil, fmt.Errorf("apps: %d development accounts (want %d to %d)", n, SeedAccounts, MaxAccounts)
	}
	var s [32]byte
	binary.BigEndian.PutUint64(s[:], seed)
	rng := rand.NewChaCha8(s)
	out := make(map[state.UserID]*state.EdDSAKey, n)
	for i := 1; i <= n; i++ {
		u := state.UserID(i)
		k, err := scheme.GenerateKey(rng)
		if err != nil {
			return nil, err
		}
		out[u] = k
	}
	return out, nil
}

// SlotPoH is a deterministic stand-in for slot n's final PoH hash, for blocks
// built without the sequencer.
func SlotPoH(n uint64) [32]byte {
	return sha256.Sum256(fmt.Appendf(nil, "parth/native-slot/%d", n))
}

// EndCap runs u's calls against the latest checkpoint and signs the result:
// the user's whole side of a session, natively.
func (w *World) EndCap(u state.UserID, calls ...state.Call) (*state.EndCap, error) {
	head, err := w.Chain.Head()
	if err != nil {
		return nil, err
	}
	return w.EndCapAt(head.Number, u, calls...)
}

// EndCapAt is EndCap against CHKP(m), which may be any finalized
// checkpoint: the session of a user who started proving m blocks ago.
func (w *World) EndCapAt(m uint64, u state.UserID, calls ...state.Call) (*state.EndCap, error) {
	v, err := w.Chain.View(m)
	if err != nil {
		return nil, err
	}
	acct, err := v.Account(u)
	if err != nil {
		return nil, err
	}
	res, err := w.Chain.Execute(state.Session{User: u, Nonce: acct.Nonce, Checkpoint: m, Calls: calls})
	if err != nil {
		return nil, fmt.Errorf("%s's session: %w", Name(u), err)
	}
	return res.Sign(w.Keys[u])
}

// ThreeCalls is a session of Alice's for the data tests: two calls of USDT
// with one of Diamonds & Rubies between them, so its CSTATE chains continue
// across calls through the UCON leaf.
func ThreeCalls() state.Session {
	return state.Session{User: Alice, Calls: []state.Call{
		Transfer(USDTContract, Bob, 30),
		BuyRubies(RubiesContract, 2),
		Transfer(USDTContract, Carol, 5),
	}}
}

// Step is one user's session in a scripted block.
type Step struct {
	User  state.UserID
	Calls []state.Call
}

// Block builds every step's end cap against the head and applies them as the
// next block.
func (w *World) Block(steps ...Step) (state.Checkpoint, error) {
	head, err := w.Chain.Head()
	if err != nil {
		return state.Checkpoint{}, err
	}
	caps := make([]*state.EndCap, 0, len(steps))
	for _, s := range steps {
		ec, err := w.EndCap(s.User, s.Calls...)
		if err != nil {
			return state.Checkpoint{}, err
		}
		caps = append(caps, ec)
	}
	return w.Chain.ApplyBlock(caps, SlotPoH(head.Number+1))
}

// USDTBlocks are the seed's two token blocks.
var USDTBlocks = [][]Step{
	{ // Block #1
		{Alice, []state.Call{Transfer(USDTContract, Bob, 30)}},
		{Bob, []state.Call{Transfer(USDTContract, Carol, 50)}},
		{Carol, []state.Call{Transfer(USDTContract, Mike, 40)}},
		{Mike, []state.Call{Transfer(USDTContract, Bob, 20)}},
	},
	{ // Block #2
		{Bob, []state.Call{Claim(USDTContract, Alice), Claim(USDTContract, Mike)}},
		{Carol, []state.Call{Claim(USDTContract, Bob)}},
		{Mike, []state.Call{Claim(USDTContract, Carol)}},
	},
}

// USDTExpected are the balances after each of USDTBlocks, from the seed.
var USDTExpected = []map[state.UserID]uint64{
	{Alice: 270, Bob: 50, Carol: 460, Mike: 70},
	{Alice: 270, Bob: 100, Carol: 510, Mike: 110},
}

// RubiesBlock is the seed's Diamonds & Rubies block.
var RubiesBlock = []Step{
	{Alice, []state.Call{BuyRubies(RubiesContract, 3)}},
	{Bob, []state.Call{BuyRubies(RubiesContract, 2)}},
	{Carol, []state.Call{BuyRubies(RubiesContract, 3)}},
	{Mike, []state.Call{BuyRubies(RubiesContract, 4)}},
}

// Gems reads a user's diamonds and rubies at a checkpoint.
func Gems(v *state.View, u state.UserID) (diamonds, rubies uint64, err error) {
	dr := DiamondsAndRubies()
	if diamonds, err = readUint(v, u, RubiesContract, state.SlotIndex(dr.Slot("diamondBalance"), 0)); err != nil {
		return 0, 0, err
	}
	rubies, err = readUint(v, u, RubiesContract, state.SlotIndex(dr.Slot("rubyBalance"), 0))
	return diamonds, rubies, err
}
