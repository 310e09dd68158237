package state

import (
	"encoding/binary"
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
	// Chain is the deployment's chain tag C (ChainTag), set at genesis and
	// the same in every checkpoint: the signed payload names it.
	Chain fr.Element
	// History is Hist(n), the root of the checkpoint-history tree of the
	// K checkpoints before n (History): block n's end caps may read any of
	// them.
	History fr.Element
	// EndCaps is the accumulator of the end caps block n applied
	// (EndCapAccumulator); zero at genesis.
	EndCaps fr.Element
	Root    fr.Element
}

// CheckpointEncodedLen is the length of Checkpoint.MarshalBinary's output.
const CheckpointEncodedLen = 8 + 3*32 + 32 + 4*32

// Hash computes CHKP(n) from the preimage: H(TagCheckpoint; n, prev, gusr,
// gcon, PoH hi, PoH lo, chain, history, end caps).
func (c *Checkpoint) Hash() fr.Element {
	p := hashing.Bytes32(c.PoH)
	return hashing.Hash(hashing.TagCheckpoint, hashing.Uint(c.Number), c.Prev, c.GUSRRoot, c.GCONRoot, p[0], p[1],
		c.Chain, c.History, c.EndCaps)
}

// Sealed returns c with Root computed from its preimage.
func (c Checkpoint) Sealed() Checkpoint {
	c.Root = c.Hash()
	return c
}

// Verify recomputes Root from the preimage.
func (c *Checkpoint) Verify() error {
	if r := c.Hash(); !r.Equal(&c.Root) {
		return fmt.Errorf("%w: CHKP(%d) preimage does not hash to its root", ErrCheckpointMismatch, c.Number)
	}
	return nil
}

// MarshalBinary is the checkpoint's one canonical encoding (fixed length,
// CheckpointEncodedLen): number, prev, GUSR, GCON, PoH, chain, history, end
// caps, root. The store, jobs and records all use it.
func (c *Checkpoint) MarshalBinary() ([]byte, error) {
	b := binary.BigEndian.AppendUint64(make([]byte, 0, CheckpointEncodedLen), c.Number)
	for _, e := range []*fr.Element{&c.Prev, &c.GUSRRoot, &c.GCONRoot} {
		v := e.Bytes()
		b = append(b, v[:]...)
	}
	b = append(b, c.PoH[:]...)
	for _, e := range []*fr.Element{&c.Chain, &c.History, &c.EndCaps, &c.Root} {
		v := e.Bytes()
		b = append(b, v[:]...)
	}
	return b, nil
}

// UnmarshalBinary decodes MarshalBinary's output: every element canonical
// (below the field modulus) and the root the preimage's hash.
func (c *Checkpoint) UnmarshalBinary(b []byte) error {
	if len(b) != CheckpointEncodedLen {
		return fmt.Errorf("%w: checkpoint of %d bytes, want %d", ErrCheckpointMismatch, len(b), CheckpointEncodedLen)
	}
	var out Checkpoint
	out.Number = binary.BigEndian.Uint64(b)
	off := 8
	el := func(e *fr.Element) error {
		err := e.SetBytesCanonical(b[off : off+32])
		off += 32
		return err
	}
	for _, e := range []*fr.Element{&out.Prev, &out.GUSRRoot, &out.GCONRoot} {
		if err := el(e); err != nil {
			return fmt.Errorf("%w: checkpoint element: %v", ErrCheckpointMismatch, err)
		}
	}
	copy(out.PoH[:], b[off:off+32])
	off += 32
	for _, e := range []*fr.Element{&out.Chain, &out.History, &out.EndCaps, &out.Root} {
		if err := el(e); err != nil {
			return fmt.Errorf("%w: checkpoint element: %v", ErrCheckpointMismatch, err)
		}
	}
	if err := out.Verify(); err != nil {
		return err
	}
	*c = out
	return nil
}

// Payload is the signature payload H(chain tag, user id, nonce, start root,
// end root): it names the deployment, so a signature for one chain is
// never valid on another.
func Payload(chain fr.Element, u UserID, nonce uint64, start, end fr.Element) fr.Element {
	return hashing.Hash(hashing.TagPayload, chain, hashing.Uint(uint64(u)), hashing.Uint(nonce), start, end)
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

// Event is the end cap's Proof-of-History event: its header hash, as the
// 32 bytes the sequencer mixes in and validators find in the block's slots.
func (h *EndCapHeader) Event() [32]byte {
	e := h.Hash()
	return e.Bytes()
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
