package state

import (
	"encoding/binary"
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/parthnet/parth/state/hashing"
	"github.com/parthnet/parth/state/smt"
)

// UserID is a leaf index of GUSR; ContractID of GCON and UCON; FunctionID of a
// contract's whitelist.
type (
	UserID     uint32
	ContractID uint32
	FunctionID uint8
)

// Tree depths fixed by the protocol. CSTATE stays at 40 = 8 + 32 bits: a
// slot (up to 256 per contract) above a map key, and map keys are user ids,
// which GUSR's depth makes 32-bit. Depth 32 (issue 12, lever 4) would save
// a fifth of a CFC's Merkle hashing but cap map keys at 2^24 while user ids
// go to 2^32, so a map could not be keyed by every user; it was measured
// and left (CFC transfer: 61,009 PLONK constraints at depth 40, in 2^16).
const (
	DepthCState    = 40
	DepthUCON      = 32
	DepthGUSR      = 32
	DepthGCON      = 32
	DepthWhitelist = 8
)

// Specs of the protocol's trees. They are immutable values.
var (
	CStateSpec    = smt.NewSpec("cstate", hashing.TagNodeCState, DepthCState, fr.Element{})
	UCONSpec      = smt.NewSpec("ucon", hashing.TagNodeUCON, DepthUCON, CStateSpec.EmptyRoot())
	GUSRSpec      = smt.NewSpec("gusr", hashing.TagNodeGUSR, DepthGUSR, fr.Element{})
	GCONSpec      = smt.NewSpec("gcon", hashing.TagNodeGCON, DepthGCON, fr.Element{})
	WhitelistSpec = smt.NewSpec("whitelist", hashing.TagNodeWhitelist, DepthWhitelist, fr.Element{})
)

// TreeKind names one of the protocol's trees.
type TreeKind uint8

const (
	KindCState TreeKind = iota + 1
	KindUCON
	KindGUSR
	KindGCON
	KindWhitelist
)

func (k TreeKind) String() string {
	switch k {
	case KindCState:
		return "cstate"
	case KindUCON:
		return "ucon"
	case KindGUSR:
		return "gusr"
	case KindGCON:
		return "gcon"
	case KindWhitelist:
		return "whitelist"
	}
	return fmt.Sprintf("kind(%d)", uint8(k))
}

// TreeID identifies one tree instance: CSTATE(User, Contract), UCON(User),
// the global GUSR and GCON (no user, no contract), Whitelist(Contract).
type TreeID struct {
	Kind     TreeKind
	User     UserID
	Contract ContractID
}

func CStateTree(u UserID, c ContractID) TreeID { return TreeID{Kind: KindCState, User: u, Contract: c} }
func UCONTree(u UserID) TreeID                 { return TreeID{Kind: KindUCON, User: u} }
func WhitelistTree(c ContractID) TreeID        { return TreeID{Kind: KindWhitelist, Contract: c} }

var (
	GUSRTree = TreeID{Kind: KindGUSR}
	GCONTree = TreeID{Kind: KindGCON}
)

// Spec returns the spec of the tree's kind.
func (t TreeID) Spec() *smt.Spec {
	switch t.Kind {
	case KindCState:
		return CStateSpec
	case KindUCON:
		return UCONSpec
	case KindGUSR:
		return GUSRSpec
	case KindGCON:
		return GCONSpec
	case KindWhitelist:
		return WhitelistSpec
	}
	panic(fmt.Sprintf("state: tree kind %d has no spec", t.Kind))
}

// Valid reports whether the id names a tree of the protocol.
func (t TreeID) Valid() bool {
	switch t.Kind {
	case KindCState:
		return true
	case KindUCON:
		return t.Contract == 0
	case KindGUSR, KindGCON:
		return t.User == 0 && t.Contract == 0
	case KindWhitelist:
		return t.User == 0
	}
	return false
}

// Owner returns the user that owns the tree and whether a user owns it.
func (t TreeID) Owner() (UserID, bool) {
	if t.Kind == KindCState || t.Kind == KindUCON {
		return t.User, true
	}
	return 0, false
}

// AppendBinary appends the fixed 9-byte encoding kind|user|contract.
func (t TreeID) AppendBinary(b []byte) []byte {
	b = append(b, byte(t.Kind))
	b = binary.BigEndian.AppendUint32(b, uint32(t.User))
	return binary.BigEndian.AppendUint32(b, uint32(t.Contract))
}

// TreeIDLen is the length of a TreeID's binary encoding.
const TreeIDLen = 9

// DecodeTreeID decodes AppendBinary's output.
func DecodeTreeID(b []byte) (TreeID, error) {
	if len(b) != TreeIDLen {
		return TreeID{}, fmt.Errorf("state: tree id of %d bytes", len(b))
	}
	t := TreeID{Kind: TreeKind(b[0]), User: UserID(binary.BigEndian.Uint32(b[1:])), Contract: ContractID(binary.BigEndian.Uint32(b[5:]))}
	if !t.Valid() {
		return TreeID{}, fmt.Errorf("state: invalid tree id %v", t)
	}
	return t, nil
}

func (t TreeID) String() string {
	switch t.Kind {
	case KindCState:
		return fmt.Sprintf("cstate(user %d, contract %d)", t.User, t.Contract)
	case KindUCON:
		return fmt.Sprintf("ucon(user %d)", t.User)
	case KindWhitelist:
		return fmt.Sprintf("whitelist(contract %d)", t.Contract)
	}
	return t.Kind.String()
}

// Slot is a declared state variable's position in its contract.
type Slot uint8

// SlotIndex is the CSTATE leaf index of variable slot at map key (0 for scalars).
func SlotIndex(slot Slot, key uint32) uint64 { return uint64(slot)<<32 | uint64(key) }
