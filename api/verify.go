package api

import (
	"encoding/hex"
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/parthnet/parth/state"
)

// Clients trust a checkpoint root (one they checked a certificate for, or
// one they were given) and nothing else a node says: each Verify below
// decodes a response and checks it against that root, or against a tree
// root already verified.

// DecodeCheckpoint reads a checkpoint preimage (hex) and checks that it
// hashes to its root.
func DecodeCheckpoint(preimage string) (state.Checkpoint, error) {
	var c state.Checkpoint
	b, err := hex.DecodeString(preimage)
	if err != nil {
		return c, fmt.Errorf("checkpoint preimage: %w", err)
	}
	if err := c.UnmarshalBinary(b); err != nil {
		return c, err
	}
	return c, c.Verify()
}

// Verify checks the checkpoint's preimage (its root is what it hashes to)
// and that the summary fields say the same, and returns it.
func (c *Checkpoint) Verify() (state.Checkpoint, error) {
	cp, err := DecodeCheckpoint(c.Preimage)
	if err != nil {
		return cp, err
	}
	if cp.Number != c.Number || Element(cp.Root) != c.Root {
		return cp, fmt.Errorf("%w: the preimage is of CHKP(%d) %s, the answer says CHKP(%d) %s", state.ErrCheckpointMismatch, cp.Number, Element(cp.Root), c.Number, c.Root)
	}
	return cp, nil
}

// verifiedAt decodes a response's checkpoint and checks it is chkp.
func verifiedAt(preimage string, number uint64, chkp fr.Element) (state.Checkpoint, error) {
	cp, err := DecodeCheckpoint(preimage)
	if err != nil {
		return cp, err
	}
	if !cp.Root.Equal(&chkp) || cp.Number != number {
		return cp, fmt.Errorf("%w: the answer is at CHKP(%d) %s, not the trusted %s", state.ErrCheckpointMismatch, cp.Number, Element(cp.Root), Element(chkp))
	}
	return cp, nil
}

// Verify checks the account's GUSR path up to chkp and returns the
// account and its UCON root.
func (u *User) Verify(chkp fr.Element) (state.Account, fr.Element, error) {
	var acct state.Account
	var ucon fr.Element
	cp, err := verifiedAt(u.Checkpoint, u.CheckpointNumber, chkp)
	if err != nil {
		return acct, ucon, err
	}
	if acct.PublicKey, err = ParseElement(u.PublicKey); err != nil {
		return acct, ucon, fmt.Errorf("public_key: %w", err)
	}
	acct.Nonce = u.Nonce
	if ucon, err = ParseElement(u.UCONRoot); err != nil {
		return acct, ucon, fmt.Errorf("ucon_root: %w", err)
	}
	p, err := u.GUSR.Proof()
	if err != nil {
		return acct, ucon, fmt.Errorf("gusr: %w", err)
	}
	leaf := state.UserLeaf(acct.PublicKey, ucon, acct.Nonce)
	if p.Index != uint64(u.User) || !p.Value.Equal(&leaf) {
		return acct, ucon, fmt.Errorf("%w: the GUSR leaf is not user %d's H(public key, UCON root, nonce)", state.ErrCheckpointMismatch, u.User)
	}
	if err := p.Verify(state.GUSRSpec); err != nil {
		return acct, ucon, err
	}
	if !p.Root.Equal(&cp.GUSRRoot) {
		return acct, ucon, fmt.Errorf("%w: the GUSR path is not to the checkpoint's GUSR root", state.ErrCheckpointMismatch)
	}
	return acct, ucon, nil
}

// Verify checks the contract's GCON path up to chkp and returns its record.
func (c *Contract) Verify(chkp fr.Element) (state.ContractInfo, error) {
	var info state.ContractInfo
	cp, err := verifiedAt(c.Checkpoint, c.CheckpointNumber, chkp)
	if err != nil {
		return info, err
	}
	if info.WhitelistRoot, err = ParseElement(c.WhitelistRoot); err != nil {
		return info, fmt.Errorf("whitelist_root: %w", err)
	}
	if info.Metadata, err = ParseElement(c.Metadata); err != nil {
		return info, fmt.Errorf("metadata: %w", err)
	}
	p, err := c.GCON.Proof()
	if err != nil {
		return info, fmt.Errorf("gcon: %w", err)
	}
	leaf := info.Leaf()
	if p.Index != uint64(c.Contract) || !p.Value.Equal(&leaf) {
		return info, fmt.Errorf("%w: the GCON leaf is not contract %d's H(whitelist root, metadata)", state.ErrCheckpointMismatch, c.Contract)
	}
	if err := p.Verify(state.GCONSpec); err != nil {
		return info, err
	}
	if !p.Root.Equal(&cp.GCONRoot) {
		return info, fmt.Errorf("%w: the GCON path is not to the checkpoint's GCON root", state.ErrCheckpointMismatch)
	}
	return info, nil
}

// Verify checks that the leaf is at index in tree t under root, a root the
// client verified (a checkpoint's, an account's UCON root, a UCON leaf, a
// contract's whitelist root), and returns its value.
func (l *Leaf) Verify(t state.TreeID, index uint64, root fr.Element) (fr.Element, error) {
	p, err := l.Proof.Proof()
	if err != nil {
		return fr.Element{}, err
	}
	if l.Tree != TreeName(t) || p.Index != index {
		return fr.Element{}, fmt.Errorf("%w: the answer is leaf %d of %s, not %d of %s", state.ErrCheckpointMismatch, p.Index, l.Tree, index, TreeName(t))
	}
	if err := p.Verify(t.Spec()); err != nil {
		return fr.Element{}, err
	}
	if !p.Root.Equal(&root) {
		return fr.Element{}, fmt.Errorf("%w: the path is to another root of %s than the verified one", state.ErrCheckpointMismatch, l.Tree)
	}
	return p.Value, nil
}
