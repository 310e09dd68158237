package client

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/parthnet/parth/api"
	"github.com/parthnet/parth/state"
)

// Snapshot is the chain's state at one trusted checkpoint, fetched from a
// node as it is read and verified before it is used: it is a
// state.Snapshot, so state.Execute and the session prover run on it
// (View). Each tree's root comes from what was verified before it:
//
//	GUSR, GCON     the checkpoint
//	UCON(u)        u's GUSR leaf (its account and UCON root)
//	CSTATE(u, c)   UCON(u)'s leaf c
//	whitelist(c)   c's GCON leaf (its record)
//
// A node is fetched with a leaf under it (the leaf's path gives every node
// on it and beside it), so a session's reads cost one request per path.
// A node that lies is caught (state.ErrCheckpointMismatch or smt's root
// errors, returned from the read), never believed. Safe for concurrent use.
type Snapshot struct {
	c   *Client
	ctx context.Context
	cp  state.Checkpoint

	mu        sync.Mutex
	accounts  map[state.UserID]account
	contracts map[state.ContractID]contract
	nodes     map[nodeKey]fr.Element // verified tree nodes
	fetches   int
}

type account struct {
	acct state.Account
	ucon fr.Element
	ok   bool
}

type contract struct {
	info state.ContractInfo
	ok   bool
}

type nodeKey struct {
	tree  state.TreeID
	level int
	index uint64
}

// Snapshot is the state at cp, which the caller trusts (Trust.Checkpoint);
// ctx bounds every fetch.
func (c *Client) Snapshot(ctx context.Context, cp state.Checkpoint) *Snapshot {
	return &Snapshot{c: c, ctx: ctx, cp: cp, accounts: map[state.UserID]account{}, contracts: map[state.ContractID]contract{}, nodes: map[nodeKey]fr.Element{}}
}

// View is the snapshot as a state.View at its checkpoint.
func (s *Snapshot) View() *state.View { return state.ViewOf(s, s.cp) }

// Fetches is how many requests the snapshot has made.
func (s *Snapshot) Fetches() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.fetches
}

func (s *Snapshot) fetched() {
	s.mu.Lock()
	s.fetches++
	s.mu.Unlock()
}

func notFound(err error) bool {
	var e *api.Error
	return errors.As(err, &e) && e.Code == api.CodeNotFound
}

// Account is u's account, verified to the checkpoint; an account the node
// says does not exist is checked to be an empty GUSR leaf.
func (s *Snapshot) Account(u state.UserID) (state.Account, bool, error) {
	a, err := s.account(u)
	return a.acct, a.ok, err
}

func (s *Snapshot) account(u state.UserID) (account, error) {
	s.mu.Lock()
	a, ok := s.accounts[u]
	s.mu.Unlock()
	if ok {
		return a, nil
	}
	s.fetched()
	ans, err := s.c.User(s.ctx, uint32(u), s.cp.Number)
	switch {
	case notFound(err):
		v, err := s.Leaf(state.GUSRTree, uint64(u))
		if err != nil {
			return a, err
		}
		if empty := state.GUSRSpec.Zero(0); !v.Equal(&empty) {
			return a, fmt.Errorf("%w: the node says user %d has no account, its GUSR leaf is not empty", state.ErrCheckpointMismatch, u)
		}
		a = account{ucon: state.UCONSpec.EmptyRoot()}
	case err != nil:
		return a, err
	default:
		acct, ucon, err := ans.Verify(s.cp.Root)
		if err != nil {
			return a, fmt.Errorf("client: user %d's account: %w", u, err)
		}
		if ans.User != uint32(u) {
			return a, fmt.Errorf("%w: asked for user %d, the answer is user %d's", state.ErrCheckpointMismatch, u, ans.User)
		}
		a = account{acct: acct, ucon: ucon, ok: true}
		p, _ := ans.GUSR.Proof() // verified above
		s.learn(state.GUSRTree, p.Index, p.Value, p.Siblings)
	}
	s.mu.Lock()
	s.accounts[u] = a
	s.mu.Unlock()
	return a, nil
}

// Contract is contract c's record, verified to the checkpoint.
func (s *Snapshot) Contract(id state.ContractID) (state.ContractInfo, bool, error) {
	c, err := s.contract(id)
	return c.info, c.ok, err
}

func (s *Snapshot) contract(id state.ContractID) (contract, error) {
	s.mu.Lock()
	c, ok := s.contracts[id]
	s.mu.Unlock()
	if ok {
		return c, nil
	}
	s.fetched()
	ans, err := s.c.Contract(s.ctx, uint32(id), s.cp.Number)
	switch {
	case notFound(err):
		v, err := s.Leaf(state.GCONTree, uint64(id))
		if err != nil {
			return c, err
		}
		if empty := state.GCONSpec.Zero(0); !v.Equal(&empty) {
			return c, fmt.Errorf("%w: the node says contract %d is not deployed, its GCON leaf is not empty", state.ErrCheckpointMismatch, id)
		}
		c = contract{}
	case err != nil:
		return c, err
	default:
		info, err := ans.Verify(s.cp.Root)
		if err != nil {
			return c, fmt.Errorf("client: contract %d: %w", id, err)
		}
		if ans.Contract != uint32(id) {
			return c, fmt.Errorf("%w: asked for contract %d, the answer is contract %d's", state.ErrCheckpointMismatch, id, ans.Contract)
		}
		c = contract{info: info, ok: true}
		p, _ := ans.GCON.Proof()
		s.learn(state.GCONTree, p.Index, p.Value, p.Siblings)
	}
	s.mu.Lock()
	s.contracts[id] = c
	s.mu.Unlock()
	return c, nil
}

// root is tree t's verified root.
func (s *Snapshot) root(t state.TreeID) (fr.Element, error) {
	switch t.Kind {
	case state.KindGUSR:
		return s.cp.GUSRRoot, nil
	case state.KindGCON:
		return s.cp.GCONRoot, nil
	case state.KindUCON:
		a, err := s.account(t.User)
		return a.ucon, err
	case state.KindCState:
		return s.Leaf(state.UCONTree(t.User), uint64(t.Contract))
	case state.KindWhitelist:
		c, err := s.contract(t.Contract)
		if err != nil || !c.ok {
			return state.WhitelistSpec.EmptyRoot(), err
		}
		return c.info.WhitelistRoot, nil
	}
	return fr.Element{}, fmt.Errorf("client: tree kind %d", t.Kind)
}

// Leaf is leaf index of tree t, verified.
func (s *Snapshot) Leaf(t state.TreeID, index uint64) (fr.Element, error) {
	v, _, err := s.Node(t, 0, index)
	return v, err
}

// Node is a node of tree t, verified against the tree's verified root.
func (s *Snapshot) Node(t state.TreeID, level int, index uint64) (fr.Element, bool, error) {
	spec := t.Spec()
	if level < 0 || level > spec.Depth() {
		return fr.Element{}, false, fmt.Errorf("client: %s has no level %d", api.TreeName(t), level)
	}
	k := nodeKey{t, level, index}
	s.mu.Lock()
	v, ok := s.nodes[k]
	s.mu.Unlock()
	if ok {
		return v, true, nil
	}
	root, err := s.root(t)
	if err != nil {
		return fr.Element{}, false, err
	}
	if level == spec.Depth() {
		if index != 0 {
			return fr.Element{}, false, fmt.Errorf("client: %s's root level has one node", api.TreeName(t))
		}
		return root, true, nil
	}
	if root == spec.EmptyRoot() { // an empty tree: every node is empty
		return spec.Zero(level), true, nil
	}
	if w := spec.Depth() - level; w < 64 && index>>uint(w) != 0 {
		return fr.Element{}, false, fmt.Errorf("client: %s has no node %d at level %d", api.TreeName(t), index, level)
	}
	leaf := index << uint(level)
	s.fetched()
	ans, err := s.c.Leaf(s.ctx, api.TreeName(t), leaf, s.cp.Number)
	if err != nil {
		return fr.Element{}, false, err
	}
	val, err := ans.Verify(t, leaf, root)
	if err != nil {
		return fr.Element{}, false, fmt.Errorf("client: %s leaf %d: %w", api.TreeName(t), leaf, err)
	}
	if ans.CheckpointNumber != s.cp.Number {
		return fr.Element{}, false, fmt.Errorf("%w: asked at CHKP(%d), answered at CHKP(%d)", state.ErrCheckpointMismatch, s.cp.Number, ans.CheckpointNumber)
	}
	p, _ := ans.Proof.Proof()
	s.learn(t, leaf, val, p.Siblings)
	s.mu.Lock()
	v, ok = s.nodes[k]
	s.mu.Unlock()
	if !ok {
		return fr.Element{}, false, fmt.Errorf("client: %s node (%d, %d) is not on the path fetched for it", api.TreeName(t), level, index)
	}
	return v, true, nil
}

// learn caches a verified path: every node on it and beside it.
func (s *Snapshot) learn(t state.TreeID, leaf uint64, value fr.Element, siblings []fr.Element) {
	path := t.Spec().Path(leaf, value, siblings)
	s.mu.Lock()
	defer s.mu.Unlock()
	for l, v := range path {
		s.nodes[nodeKey{t, l, leaf >> uint(l)}] = v
	}
	for l, v := range siblings {
		s.nodes[nodeKey{t, l, (leaf >> uint(l)) ^ 1}] = v
	}
}
