package state

import (
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/parthnet/parth/state/smt"
)

// Chain applies blocks of end caps to a store: the native reference of what
// the aggregation tree and the block circuit prove.
type Chain struct {
	store     Store
	contracts Registry
	schemes   Schemes
}

// NewChain returns a chain over st running the given contracts and accepting
// the given signature schemes.
func NewChain(st Store, contracts Registry, schemes Schemes) (*Chain, error) {
	switch {
	case st == nil:
		return nil, errors.New("state: chain needs a store")
	case len(schemes) == 0:
		return nil, errors.New("state: chain needs at least one signature scheme")
	}
	for name, s := range schemes {
		if s.Name() != name {
			return nil, fmt.Errorf("state: scheme %q registered under %q", s.Name(), name)
		}
	}
	return &Chain{store: st, contracts: contracts, schemes: schemes}, nil
}

// Head returns the latest finalized checkpoint.
func (c *Chain) Head() (Checkpoint, error) { return c.store.Head() }

// Checkpoint returns the finalized CHKP(n), or ErrUnknownCheckpoint.
func (c *Chain) Checkpoint(n uint64) (Checkpoint, error) { return c.store.Checkpoint(n) }

// View opens the state as of CHKP(n).
func (c *Chain) View(n uint64) (*View, error) { return NewView(c.store, n) }

// Execute runs a session against its checkpoint (the user's side).
func (c *Chain) Execute(s Session) (*SessionResult, error) {
	v, err := c.View(s.Checkpoint)
	if err != nil {
		return nil, err
	}
	return Execute(c.contracts, v, s)
}

// ApplyBlock checks every end cap (each reading one of the K checkpoints
// before n, and starting at its user's account as of CHKP(n−1)),
// applies them and commits block n with the slot's PoH hash. Any invalid end
// cap rejects the whole block and leaves the store unchanged.
func (c *Chain) ApplyBlock(caps []*EndCap, poh [32]byte) (Checkpoint, error) {
	headers := make([]*EndCapHeader, len(caps))
	for i, ec := range caps {
		headers[i] = &ec.Header
	}
	return c.applyEach(headers, poh, func(view *View, i int, part *Commit) error {
		res, err := c.checkEndCap(view, caps[i])
		if err != nil {
			return err
		}
		// The end cap's deltas equal the re-execution's, which ran on the
		// user's trees at the checkpoint: its trees hold exactly the nodes
		// the deltas produce, so they are committed without a second replay.
		res.collect(part)
		return nil
	})
}

// applyEach commits block n from the end caps with these headers: one per
// user, each checked against the view of CHKP(n−1) by apply, which collects
// the user's own tree writes into its part. End caps are independent (each
// writes only its own user's trees and reads the checkpoint), so they are
// checked in parallel; the lowest-indexed failure is reported, as a
// sequential run would, and any failure leaves the store unchanged.
func (c *Chain) applyEach(headers []*EndCapHeader, poh [32]byte, apply func(view *View, i int, part *Commit) error) (Checkpoint, error) {
	head, err := c.store.Head()
	if err != nil {
		return Checkpoint{}, err
	}
	view, err := c.View(head.Number)
	if err != nil {
		return Checkpoint{}, err
	}
	seen := make(map[UserID]int, len(headers))
	for i, h := range headers {
		if j, dup := seen[h.User]; dup {
			return Checkpoint{}, fmt.Errorf("end cap %d: %w: user %d already has end cap %d", i, ErrDuplicateUser, h.User, j)
		}
		seen[h.User] = i
	}
	parts := make([]Commit, len(headers))
	err = forEach(len(headers), func(i int) error {
		if err := apply(view, i, &parts[i]); err != nil {
			return fmt.Errorf("end cap %d (user %d): %w", i, headers[i].User, err)
		}
		return nil
	})
	if err != nil {
		return Checkpoint{}, err
	}
	commit := &Commit{}
	for i := range parts {
		commit.Nodes = append(commit.Nodes, parts[i].Nodes...)
	}
	return c.commitBlock(head, view, commit, headers, poh)
}

// commitBlock adds the users' accounts and GUSR leaves after their end caps
// (headers, in block order) to commit, and commits block head+1 with the
// slot's PoH hash, the history of the K checkpoints before it, and the
// accumulator of its end caps. The users' own trees are already in commit.
func (c *Chain) commitBlock(head Checkpoint, view *View, commit *Commit, headers []*EndCapHeader, poh [32]byte) (Checkpoint, error) {
	gusr := view.Tree(GUSRTree)
	leaves := make([]smt.Leaf, 0, len(headers))
	caps := make(map[UserID]fr.Element, len(headers))
	for _, h := range headers {
		acct := Account{PublicKey: h.PublicKey, Nonce: h.Nonce + 1}
		commit.Accounts = append(commit.Accounts, AccountWrite{User: h.User, Account: acct})
		leaves = append(leaves, smt.Leaf{Index: uint64(h.User), Value: UserLeaf(acct.PublicKey, h.UCONAfter, acct.Nonce)})
		caps[h.User] = h.Hash()
	}
	if err := gusr.Apply(leaves); err != nil {
		return Checkpoint{}, err
	}
	commit.collect(GUSRTree, gusr)
	gusrRoot, err := gusr.Root()
	if err != nil {
		return Checkpoint{}, err
	}
	acc, err := EndCapAccumulator(caps)
	if err != nil {
		return Checkpoint{}, err
	}
	hist, err := c.History(head.Number + 1)
	if err != nil {
		return Checkpoint{}, err
	}
	// No deployments yet: GCON carries over.
	commit.Checkpoint = Checkpoint{Number: head.Number + 1, Prev: head.Root, GUSRRoot: gusrRoot, GCONRoot: head.GCONRoot, PoH: poh,
		Chain: head.Chain, History: hist, EndCaps: acc}.Sealed()
	if err := c.store.Commit(commit); err != nil {
		return Checkpoint{}, fmt.Errorf("commit block %d: %w", head.Number+1, err)
	}
	return commit.Checkpoint, nil
}

// History returns Hist(n), the root of block n's checkpoint history: the
// checkpoints it may read (History).
func (c *Chain) History(n uint64) (fr.Element, error) {
	t, err := History(c.Checkpoint, n)
	if err != nil {
		return fr.Element{}, err
	}
	return t.Root()
}

// readCheckpoint checks that an end cap of block head+1 reads a checkpoint
// of its window (one of the K before it) and names it by its true root.
func (c *Chain) readCheckpoint(head *Checkpoint, h *EndCapHeader) (Checkpoint, error) {
	n := head.Number + 1
	if !InWindow(n, h.Checkpoint) {
		return Checkpoint{}, fmt.Errorf("%w: end cap reads CHKP(%d), block %d may read CHKP(%d)..CHKP(%d)", ErrStaleCheckpoint,
			h.Checkpoint, n, n-min(n, HistoryWindow), head.Number)
	}
	cp := *head
	if h.Checkpoint != head.Number {
		var err error
		if cp, err = c.store.Checkpoint(h.Checkpoint); err != nil {
			return Checkpoint{}, err
		}
	}
	if !h.CheckpointRoot.Equal(&cp.Root) {
		return Checkpoint{}, fmt.Errorf("%w: end cap names a CHKP(%d) that is not this chain's", ErrCheckpointMismatch, h.Checkpoint)
	}
	return cp, nil
}

// checkLive checks that an end cap starts at its user's live account (the
// view of CHKP(n−1)): the key, the nonce and the UCON root it read at its
// checkpoint are still the user's. A user who transacted since must prove
// again.
func checkLive(view *View, h *EndCapHeader) error {
	acct, err := view.Account(h.User)
	if err != nil {
		return err
	}
	if acct.Nonce != h.Nonce {
		return fmt.Errorf("%w: end cap has nonce %d, account is at %d", ErrBadNonce, h.Nonce, acct.Nonce)
	}
	if !acct.PublicKey.Equal(&h.PublicKey) {
		return fmt.Errorf("%w: end cap names another key", ErrWrongKey)
	}
	if root, err := view.Tree(UCONTree(h.User)).Root(); err != nil {
		return err
	} else if !root.Equal(&h.UCONBefore) {
		return fmt.Errorf("%w: end cap starts at another UCON root than the user's", ErrUserMoved)
	}
	return nil
}

// checkEndCap is the native twin of verifying an end-cap proof: structure,
// checkpoint (in the window), re-execution against it, the live account,
// signature.
func (c *Chain) checkEndCap(view *View, ec *EndCap) (*SessionResult, error) {
	h := &ec.Header
	if h.User != ec.Session.User {
		return nil, fmt.Errorf("%w: header is for user %d, session for %d", ErrEndCapMismatch, h.User, ec.Session.User)
	}
	for i, d := range ec.Deltas {
		if owner, ok := d.Tree.Owner(); !ok || owner != h.User || !d.Tree.Valid() {
			return nil, fmt.Errorf("%w: delta %d writes %v", ErrForeignWrite, i, d.Tree)
		}
	}
	head := view.Checkpoint()
	cp, err := c.readCheckpoint(&head, h)
	if err != nil {
		return nil, err
	}
	if ec.Session.Checkpoint != cp.Number {
		return nil, fmt.Errorf("%w: session reads CHKP(%d), end cap CHKP(%d)", ErrEndCapMismatch, ec.Session.Checkpoint, cp.Number)
	}
	if err := checkLive(view, h); err != nil {
		return nil, err
	}
	// Re-execute as of the checkpoint read: its reads of other users are
	// as of then, and the user's own trees are unchanged since (checkLive:
	// the same UCON root), so its writes apply to the live trees as is.
	read := view
	if cp.Number != head.Number {
		if read, err = c.View(cp.Number); err != nil {
			return nil, err
		}
	}
	res, err := Execute(c.contracts, read, ec.Session)
	if err != nil {
		return nil, err
	}
	if res.Header != *h {
		return nil, fmt.Errorf("%w: header differs", ErrEndCapMismatch)
	}
	if !slices.EqualFunc(res.Deltas(), ec.Deltas, equalDelta) {
		return nil, fmt.Errorf("%w: state deltas differ", ErrEndCapMismatch)
	}
	if err := c.schemes.verify(&ec.Signature, h.PublicKey, h.Payload); err != nil {
		return nil, err
	}
	return res, nil
}

func equalDelta(a, b TreeDelta) bool {
	p, q := &a.Proof, &b.Proof
	return a.Tree == b.Tree && p.Index == q.Index && p.OldValue == q.OldValue && p.NewValue == q.NewValue &&
		p.OldRoot == q.OldRoot && p.NewRoot == q.NewRoot && slices.Equal(p.Siblings, q.Siblings)
}

// forEach runs f(0..n-1) on GOMAXPROCS goroutines and returns the error of
// the lowest index that failed.
func forEach(n int, f func(i int) error) error {
	errs := make([]error, n)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				errs[i] = f(i)
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
