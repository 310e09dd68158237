// Package model is the in-circuit twin of state/model.go: the GUSR and GCON
// leaves, the checkpoint hash, the signature payload, attestations.
package model

import (
	"github.com/consensys/gnark/frontend"

	"github.com/parthnet/parth/circuits/hashing"
	"github.com/parthnet/parth/state"
	native "github.com/parthnet/parth/state/hashing"
)

// UserLeaf is H(TagLeafUser; pk, UCON root, nonce).
func UserLeaf(h *hashing.Hasher, pk, ucon, nonce frontend.Variable) frontend.Variable {
	return h.Hash(native.TagLeafUser, pk, ucon, nonce)
}

// ContractLeaf is H(TagLeafContract; whitelist root, metadata).
func ContractLeaf(h *hashing.Hasher, whitelistRoot, metadata frontend.Variable) frontend.Variable {
	return h.Hash(native.TagLeafContract, whitelistRoot, metadata)
}

// Attestation is H(TagAttest; vk hash, public input).
func Attestation(h *hashing.Hasher, vkHash, public frontend.Variable) frontend.Variable {
	return h.Hash(native.TagAttest, vkHash, public)
}

// Payload is the signature payload H(user, nonce, start root, end root).
func Payload(h *hashing.Hasher, user, nonce, start, end frontend.Variable) frontend.Variable {
	return h.Hash(native.TagPayload, user, nonce, start, end)
}

// Checkpoint is CHKP(n)'s preimage.
type Checkpoint struct {
	Number, Prev, GUSRRoot, GCONRoot, PoHHi, PoHLo frontend.Variable
}

// CheckpointOf assigns a native checkpoint.
func CheckpointOf(c *state.Checkpoint) Checkpoint {
	poh := native.Bytes32(c.PoH)
	return Checkpoint{Number: c.Number, Prev: c.Prev.String(), GUSRRoot: c.GUSRRoot.String(), GCONRoot: c.GCONRoot.String(),
		PoHHi: poh[0].String(), PoHLo: poh[1].String()}
}

// Root is CHKP(n) = H(TagCheckpoint; n, prev, gusr, gcon, poh hi, poh lo).
func (c *Checkpoint) Root(h *hashing.Hasher) frontend.Variable {
	return h.Hash(native.TagCheckpoint, c.Number, c.Prev, c.GUSRRoot, c.GCONRoot, c.PoHHi, c.PoHLo)
}
