package state

import (
	"errors"
	"fmt"
	"slices"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/parthnet/parth/state/hashing"
	"github.com/parthnet/parth/state/smt"
)

// Genesis is the state of block 0: every contract of the chain's registry is
// deployed, and users start with keys and contract state.
type Genesis struct {
	// ChainID names the deployment (nonzero); with the genesis state it
	// makes the chain tag that every signed payload names (ChainTag).
	ChainID uint64
	Users   []GenesisUser
	PoH     [32]byte
}

// GenesisUser is one account at genesis.
type GenesisUser struct {
	ID        UserID
	PublicKey fr.Element
	Values    []GenesisValue
}

// GenesisValue sets this.state.<Slot>[Key] = Value in a contract.
type GenesisValue struct {
	Contract ContractID
	Slot     Slot
	Key      uint32
	Value    uint64
}

// InitGenesis commits block 0. It fails with ErrGenesisExists on a store
// that already has blocks.
func (c *Chain) InitGenesis(g Genesis) (Checkpoint, error) {
	if _, err := c.store.Head(); err == nil {
		return Checkpoint{}, ErrGenesisExists
	} else if !errors.Is(err, ErrNoGenesis) {
		return Checkpoint{}, err
	}
	if g.ChainID == 0 {
		return Checkpoint{}, fmt.Errorf("%w: no chain id", ErrBadGenesis)
	}
	commit := &Commit{}

	gcon := smt.New(GCONSpec, nil)
	ids := make([]ContractID, 0, len(c.contracts))
	for id := range c.contracts {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		code := c.contracts[id]
		wl, err := code.Whitelist()
		if err != nil {
			return Checkpoint{}, err
		}
		info, err := code.Info()
		if err != nil {
			return Checkpoint{}, err
		}
		commit.collect(WhitelistTree(id), wl)
		commit.Contracts = append(commit.Contracts, ContractWrite{Contract: id, Info: info})
		if _, err := gcon.Set(uint64(id), info.Leaf()); err != nil {
			return Checkpoint{}, err
		}
	}
	commit.collect(GCONTree, gcon)

	gusr := smt.New(GUSRSpec, nil)
	seen := map[UserID]bool{}
	for _, u := range g.Users {
		if seen[u.ID] {
			return Checkpoint{}, fmt.Errorf("%w: user %d listed twice", ErrBadGenesis, u.ID)
		}
		seen[u.ID] = true
		if u.PublicKey.IsZero() {
			return Checkpoint{}, fmt.Errorf("%w: user %d has no public key", ErrBadGenesis, u.ID)
		}
		ucon := smt.New(UCONSpec, nil)
		cstates := map[ContractID]*smt.Tree{}
		for _, v := range u.Values {
			code, ok := c.contracts[v.Contract]
			if !ok {
				return Checkpoint{}, fmt.Errorf("%w: user %d: value for unknown contract %d", ErrBadGenesis, u.ID, v.Contract)
			}
			if int(v.Slot) >= len(code.Vars) {
				return Checkpoint{}, fmt.Errorf("%w: user %d: %s has no slot %d", ErrBadGenesis, u.ID, code.Name, v.Slot)
			}
			if !code.Vars[v.Slot].Map && v.Key != 0 {
				return Checkpoint{}, fmt.Errorf("%w: user %d: %s.%s is not a map", ErrBadGenesis, u.ID, code.Name, code.Vars[v.Slot].Name)
			}
			t, ok := cstates[v.Contract]
			if !ok {
				t = smt.New(CStateSpec, nil)
				cstates[v.Contract] = t
			}
			if _, err := t.Set(SlotIndex(v.Slot, v.Key), hashing.Uint(v.Value)); err != nil {
				return Checkpoint{}, err
			}
		}
		for cid, t := range cstates {
			r, _ := t.Root()
			if _, err := ucon.Set(uint64(cid), r); err != nil {
				return Checkpoint{}, err
			}
			commit.collect(CStateTree(u.ID, cid), t)
		}
		commit.collect(UCONTree(u.ID), ucon)
		uconRoot, _ := ucon.Root()
		if _, err := gusr.Set(uint64(u.ID), UserLeaf(u.PublicKey, uconRoot, 0)); err != nil {
			return Checkpoint{}, err
		}
		commit.Accounts = append(commit.Accounts, AccountWrite{User: u.ID, Account: Account{PublicKey: u.PublicKey}})
	}
	commit.collect(GUSRTree, gusr)
	gusrRoot, _ := gusr.Root()
	gconRoot, _ := gcon.Root()
	commit.Checkpoint = Checkpoint{Number: 0, GUSRRoot: gusrRoot, GCONRoot: gconRoot, PoH: g.PoH,
		Chain: ChainTag(g.ChainID, gusrRoot, gconRoot, g.PoH), History: HistorySpec.EmptyRoot()}.Sealed()
	if err := c.store.Commit(commit); err != nil {
		return Checkpoint{}, fmt.Errorf("commit genesis: %w", err)
	}
	return commit.Checkpoint, nil
}
