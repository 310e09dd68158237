package state

import (
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/parthnet/parth/state/hashing"
)

// Account is what GUSR commits to for a user besides the UCON root.
type Account struct {
	PublicKey fr.Element // H(signature circuit id, params)
	Nonce     uint64     // sessions applied so far
}

// UserLeaf is the GUSR leaf H(public key, UCON root, nonce).
func UserLeaf(pk, ucon fr.Element, nonce uint64) fr.Element {
	return hashing.Hash(hashing.TagLeafUser, pk, ucon, hashing.Uint(nonce))
}

// ContractInfo is what GCON commits to for a deployed contract.
type ContractInfo struct {
	WhitelistRoot fr.Element
	Metadata      fr.Element
}

// Leaf is the GCON leaf H(whitelist root, metadata).
func (c ContractInfo) Leaf() fr.Element {
	return hashing.Hash(hashing.TagLeafContract, c.WhitelistRoot, c.Metadata)
}

// Checkpoint is CHKP(n) with its preimage.
type Checkpoint struct {
	Number   uint64
	Prev     fr.Element // CHKP(n-1); zero for genesis
	GUSRRoot fr.Element
	GCONRoot fr.Element
	PoH      [32]byte // the slot's final PoH hash
	Root     fr.Element
}

// CheckpointRoot computes CHKP(n) from its preimage.
func CheckpointRoot(n uint64, prev, gusr, gcon fr.Element, poh [32]byte) fr.Element {
	p := hashing.Bytes32(poh)
	return hashing.Hash(hashing.TagCheckpoint, hashing.Uint(n), prev, gusr, gcon, p[0], p[1])
}

// NewCheckpoint fills in Root.
func NewCheckpoint(n uint64, prev, gusr, gcon fr.Element, poh [32]byte) Checkpoint {
	return Checkpoint{Number: n, Prev: prev, GUSRRoot: gusr, GCONRoot: gcon, PoH: poh,
		Root: CheckpointRoot(n, prev, gusr, gcon, poh)}
}

// Verify recomputes Root from the preimage.
func (c *Checkpoint) Verify() error {
	if r := CheckpointRoot(c.Number, c.Prev, c.GUSRRoot, c.GCONRoot, c.PoH); !r.Equal(&c.Root) {
		return fmt.Errorf("%w: CHKP(%d) preimage does not hash to its root", ErrCheckpointMismatch, c.Number)
	}
	return nil
}

// Payload is the signature payload H(user id, nonce, start root, end root).
func Payload(u UserID, nonce uint64, start, end fr.Element) fr.Element {
	return hashing.Hash(hashing.TagPayload, hashing.Uint(uint64(u)), hashing.Uint(nonce), start, end)
}

// ArgsHash binds a call's arguments: H(contract, function, args...).
func ArgsHash(c ContractID, f FunctionID, args []fr.Element) fr.Element {
	in := make([]fr.Element, 0, 2+len(args))
	in = append(in, hashing.Uint(uint64(c)), hashing.Uint(uint64(f)))
	in = append(in, args...)
	return hashing.Hash(hashing.TagArgs, in...)
}

// EndCapHeader is the native twin of the end-cap circuit's public header.
// (The session proof-tree root joins it when the circuits exist.)
type EndCapHeader struct {
	User           UserID
	Nonce          uint64
	Checkpoint     uint64     // number of the checkpoint read from
	CheckpointRoot fr.Element // CHKP of that checkpoint
	PublicKey      fr.Element
	UCONBefore     fr.Element
	UCONAfter      fr.Element
	Payload        fr.Element
}

// Hash is the single public input the end-cap proof will expose.
func (h *EndCapHeader) Hash() fr.Element {
	return hashing.Hash(hashing.TagEndCap, hashing.Uint(uint64(h.User)), hashing.Uint(h.Nonce),
		hashing.Uint(h.Checkpoint), h.CheckpointRoot, h.PublicKey, h.UCONBefore, h.UCONAfter, h.Payload)
}

// CFCHeader is the public header of a contract-function circuit: the call's
// identity, the checkpoint it read from, and its CSTATE transition. The
// circuit's single public input is its Hash. The Dapen compiler emits
// circuits with this same header.
type CFCHeader struct {
	Contract       ContractID
	Function       FunctionID
	User           UserID
	CheckpointRoot fr.Element
	Before         fr.Element // CSTATE(user, contract) root before the call
	After          fr.Element // ... and after
	ArgsHash       fr.Element
	Caller         UserID // v1: top-level calls only, so the user itself
}

// Hash is the CFC proof's single public input.
func (h *CFCHeader) Hash() fr.Element {
	return hashing.Hash(hashing.TagCFC, hashing.Uint(uint64(h.Contract)), hashing.Uint(uint64(h.Function)),
		hashing.Uint(uint64(h.User)), h.CheckpointRoot, h.Before, h.After, h.ArgsHash, hashing.Uint(uint64(h.Caller)))
}

// Attestation is a proof-tree commitment to a proof: H(vk hash, public input).
func Attestation(vkHash, public fr.Element) fr.Element {
	return hashing.Hash(hashing.TagAttest, vkHash, public)
}
