package state

import (
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/parthnet/parth/state/smt"
)

// View is the read-only state as of one finalized checkpoint: what a user's
// session may read besides its own trees.
type View struct {
	snap Snapshot
	cp   Checkpoint
}

// NewView opens the state as of CHKP(n).
func NewView(st Store, n uint64) (*View, error) {
	cp, err := st.Checkpoint(n)
	if err != nil {
		return nil, err
	}
	snap, err := st.Snapshot(n)
	if err != nil {
		return nil, err
	}
	return &View{snap: snap, cp: cp}, nil
}

// ViewOf is the state snap holds as of checkpoint cp: a client's own
// snapshot, verified against cp as it is read (package client).
func ViewOf(snap Snapshot, cp Checkpoint) *View { return &View{snap: snap, cp: cp} }

// Checkpoint returns the checkpoint the view reads.
func (v *View) Checkpoint() Checkpoint { return v.cp }

// Tree opens a tree as of the checkpoint. Writes to it stay in memory.
func (v *View) Tree(id TreeID) *smt.Tree { return openTree(v.snap, id) }

// Account returns the user's account, or ErrUnknownUser.
func (v *View) Account(u UserID) (Account, error) {
	a, ok, err := v.snap.Account(u)
	if err != nil {
		return Account{}, fmt.Errorf("read account %d: %w", u, err)
	}
	if !ok {
		return Account{}, fmt.Errorf("%w: %d at checkpoint %d", ErrUnknownUser, u, v.cp.Number)
	}
	return a, nil
}

// Contract returns a deployed contract's GCON record, or ErrUnknownContract.
func (v *View) Contract(c ContractID) (ContractInfo, error) {
	ci, ok, err := v.snap.Contract(c)
	if err != nil {
		return ContractInfo{}, fmt.Errorf("read contract %d: %w", c, err)
	}
	if !ok {
		return ContractInfo{}, fmt.Errorf("%w: %d at checkpoint %d", ErrUnknownContract, c, v.cp.Number)
	}
	return ci, nil
}

// ReadProof proves that CSTATE(User, Contract)[Index] = Value at a checkpoint:
// CSTATE → UCON → GUSR → CHKP. It is the native twin of a checkpoint read in
// a contract-function circuit (`this.contractFor(other).state...`).
type ReadProof struct {
	User     UserID
	Contract ContractID
	Index    uint64
	Value    fr.Element

	CState     smt.Proof  // Value in CSTATE(User, Contract)
	UCON       smt.Proof  // CSTATE root in UCON(User) at Contract
	Account    Account    // preimage of the GUSR leaf with UCON.Root
	GUSR       smt.Proof  // user leaf in GUSR at User
	Checkpoint Checkpoint // preimage of CHKP with GUSR.Root
}

// Read returns the value and its proof against the view's checkpoint.
func (v *View) Read(u UserID, c ContractID, index uint64) (*ReadProof, error) {
	acct, err := v.Account(u)
	if err != nil {
		return nil, err
	}
	cs, err := v.Tree(CStateTree(u, c)).Prove(index)
	if err != nil {
		return nil, err
	}
	uc, err := v.Tree(UCONTree(u)).Prove(uint64(c))
	if err != nil {
		return nil, err
	}
	gu, err := v.Tree(GUSRTree).Prove(uint64(u))
	if err != nil {
		return nil, err
	}
	p := &ReadProof{User: u, Contract: c, Index: index, Value: cs.Value,
		CState: *cs, UCON: *uc, Account: acct, GUSR: *gu, Checkpoint: v.cp}
	// The store is trusted, but a proof that does not verify here would be
	// a corrupted database: fail loudly rather than hand it to a prover.
	if err := p.Verify(v.cp.Root); err != nil {
		return nil, fmt.Errorf("read proof from store: %w", err)
	}
	return p, nil
}

// Verify checks every link of the path up to the checkpoint root chkp.
func (p *ReadProof) Verify(chkp fr.Element) error {
	if p.CState.Index != p.Index || !p.CState.Value.Equal(&p.Value) {
		return fmt.Errorf("%w: cstate leaf is not the claimed read", ErrCheckpointMismatch)
	}
	if err := p.CState.Verify(CStateSpec); err != nil {
		return err
	}
	if p.UCON.Index != uint64(p.Contract) || !p.UCON.Value.Equal(&p.CState.Root) {
		return fmt.Errorf("%w: ucon leaf is not the cstate root", ErrCheckpointMismatch)
	}
	if err := p.UCON.Verify(UCONSpec); err != nil {
		return err
	}
	leaf := UserLeaf(p.Account.PublicKey, p.UCON.Root, p.Account.Nonce)
	if p.GUSR.Index != uint64(p.User) || !p.GUSR.Value.Equal(&leaf) {
		return fmt.Errorf("%w: gusr leaf is not H(pk, ucon root, nonce)", ErrCheckpointMismatch)
	}
	if err := p.GUSR.Verify(GUSRSpec); err != nil {
		return err
	}
	if !p.Checkpoint.GUSRRoot.Equal(&p.GUSR.Root) {
		return fmt.Errorf("%w: checkpoint's gusr root differs", ErrCheckpointMismatch)
	}
	if err := p.Checkpoint.Verify(); err != nil {
		return err
	}
	if !p.Checkpoint.Root.Equal(&chkp) {
		return fmt.Errorf("%w: proof is against CHKP(%d), not the given root", ErrCheckpointMismatch, p.Checkpoint.Number)
	}
	return nil
}
