package state

import (
	"fmt"
	"math/bits"
	"slices"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/parthnet/parth/state/hashing"
	"github.com/parthnet/parth/state/smt"
)

// This file holds the native definitions that findings 3 and 4 of the
// security review (docs/security/README.md) commit CHKP(n) to; the block and
// node circuits follow them.

// ChainTag is a deployment's identity, C = H(TagChain; chain id, GUSR(0),
// GCON(0), PoH(0)): the chain id and the genesis state. CHKP(0) commits to
// it and every later checkpoint carries it unchanged (the block circuit
// copies it from the parent), and the signed payload names it, so one key
// never signs for two deployments. (It is over CHKP(0)'s contents rather
// than CHKP(0) itself, which commits to it.)
func ChainTag(chainID uint64, gusr, gcon fr.Element, poh [32]byte) fr.Element {
	p := hashing.Bytes32(poh)
	return hashing.Hash(hashing.TagChain, hashing.Uint(chainID), gusr, gcon, p[0], p[1])
}

// EndCapAccumulator folds the header hashes of a block's end caps in GUSR
// index order along the block's aggregation tree: one end cap is its own
// hash; a set of end caps is H(TagAccumulator; acc(left), acc(right)),
// split where the users' indices first differ from the top (the merge
// node of the tree: their lowest common ancestor in GUSR). Climbs past
// unchanged siblings do not change it. It is what the block proof says it
// applied, and what a validator recomputes from the sequenced end caps. An
// empty set accumulates to zero, as genesis does (the block circuit always
// has at least one end cap; a native empty block carries state over).
func EndCapAccumulator(caps map[UserID]fr.Element) (fr.Element, error) {
	if len(caps) == 0 {
		return fr.Element{}, nil
	}
	users := make([]UserID, 0, len(caps))
	for u := range caps {
		users = append(users, u)
	}
	slices.Sort(users)
	var fold func(us []UserID) fr.Element
	fold = func(us []UserID) fr.Element {
		if len(us) == 1 {
			return caps[us[0]]
		}
		// The highest bit where the first and last index differ splits
		// the sorted range into the two subtrees below their ancestor.
		h := bits.Len32(uint32(us[0]) ^ uint32(us[len(us)-1])) // 1..32: the merge height
		split := uint32(us[len(us)-1]) >> (h - 1) << (h - 1)
		i, _ := slices.BinarySearch(us, UserID(split))
		l, r := fold(us[:i]), fold(us[i:])
		return hashing.Hash(hashing.TagAccumulator, l, r)
	}
	return fold(users), nil
}

// HistoryWindow is K, the number of recent checkpoints a session may read
// (fixed at genesis): a session proven against any of the K latest
// checkpoints is still valid, so a slow prover is not made stale by the
// blocks cut while it proves.
const HistoryWindow = 256

// HistoryDepth is log2(HistoryWindow).
const HistoryDepth = 8

// HistorySpec is the checkpoint-history tree: slot m mod K holds
// H(TagLeafHistory; m, CHKP(m)) for the K latest checkpoints.
var HistorySpec = smt.NewSpec("history", hashing.TagNodeHistory, HistoryDepth, fr.Element{})

// HistoryLeaf is checkpoint m's leaf.
func HistoryLeaf(m uint64, root fr.Element) fr.Element {
	return hashing.Hash(hashing.TagLeafHistory, hashing.Uint(m), root)
}

// History is the history tree of block n: the checkpoints n−K … n−1 (those
// that exist), each at its slot. Block n's end caps may read any of them;
// CHKP(n) commits to its root. It is rebuilt from the checkpoints (K leaves,
// a few milliseconds) rather than stored.
func History(checkpoints func(m uint64) (Checkpoint, error), n uint64) (*smt.Tree, error) {
	t := smt.New(HistorySpec, nil)
	from := uint64(0)
	if n > HistoryWindow {
		from = n - HistoryWindow
	}
	leaves := make([]smt.Leaf, 0, HistoryWindow)
	for m := from; m < n; m++ {
		c, err := checkpoints(m)
		if err != nil {
			return nil, fmt.Errorf("history of block %d: %w", n, err)
		}
		leaves = append(leaves, smt.Leaf{Index: m % HistoryWindow, Value: HistoryLeaf(m, c.Root)})
	}
	if err := t.Apply(leaves); err != nil {
		return nil, err
	}
	return t, nil
}

// InWindow reports whether block n's end caps may read checkpoint m: it is
// one of the K checkpoints before n.
func InWindow(n, m uint64) bool { return m < n && n-m <= HistoryWindow }

// BlockHistory is what proving block n needs of the checkpoint history:
// Hist(n), which its end caps read from, and the slot of CHKP(n−1) in
// Hist(n−1), which the block circuit updates to make Hist(n).
type BlockHistory struct {
	Number uint64
	Tree   *smt.Tree // Hist(n)
	Slot   smt.Proof // slot (n−1) mod K of Hist(n−1): the leaf CHKP(n−1) replaces
}

// NewBlockHistory builds block n's history (n ≥ 1) from the finalized
// checkpoints.
func NewBlockHistory(checkpoints func(m uint64) (Checkpoint, error), n uint64) (*BlockHistory, error) {
	if n == 0 {
		return nil, fmt.Errorf("%w: block 0 is genesis and has no history to prove", ErrUnknownCheckpoint)
	}
	t, err := History(checkpoints, n-1)
	if err != nil {
		return nil, err
	}
	slot, err := t.Prove((n - 1) % HistoryWindow)
	if err != nil {
		return nil, err
	}
	parent, err := checkpoints(n - 1)
	if err != nil {
		return nil, fmt.Errorf("history of block %d: %w", n, err)
	}
	// Hist(n) is Hist(n−1) with CHKP(n−1) in its slot, as the block
	// circuit makes it.
	if _, err := t.Set(slot.Index, HistoryLeaf(parent.Number, parent.Root)); err != nil {
		return nil, err
	}
	return &BlockHistory{Number: n, Tree: t, Slot: *slot}, nil
}

// Read is the proof that end cap h's checkpoint is in Hist(n): its slot
// holds H(m, CHKP(m)). It fails with ErrStaleCheckpoint outside the window
// and ErrCheckpointMismatch for a root that is not the chain's CHKP(m).
func (b *BlockHistory) Read(h *EndCapHeader) (*smt.Proof, error) {
	if !InWindow(b.Number, h.Checkpoint) {
		return nil, fmt.Errorf("%w: user %d's end cap reads CHKP(%d), block %d may read the %d before it", ErrStaleCheckpoint,
			h.User, h.Checkpoint, b.Number, HistoryWindow)
	}
	p, err := b.Tree.Prove(h.Checkpoint % HistoryWindow)
	if err != nil {
		return nil, err
	}
	if p.Value != HistoryLeaf(h.Checkpoint, h.CheckpointRoot) {
		return nil, fmt.Errorf("%w: user %d's end cap names a CHKP(%d) that is not this chain's", ErrCheckpointMismatch, h.User, h.Checkpoint)
	}
	return p, nil
}

// NextHistory is the block circuit's update, natively: Hist(n) from the
// parent CHKP(n−1) and the proof of its slot in Hist(n−1).
func NextHistory(parent *Checkpoint, slot *smt.Proof) (fr.Element, error) {
	if slot.Index != parent.Number%HistoryWindow || slot.Root != parent.History {
		return fr.Element{}, fmt.Errorf("%w: the history slot proof is not of CHKP(%d)'s slot in its history", ErrCheckpointMismatch, parent.Number)
	}
	if err := slot.Verify(HistorySpec); err != nil {
		return fr.Element{}, fmt.Errorf("%w: history slot: %v", ErrCheckpointMismatch, err)
	}
	return HistorySpec.RootFrom(slot.Index, HistoryLeaf(parent.Number, parent.Root), slot.Siblings), nil
}
