// Package model is the in-circuit twin of state/model.go: the GUSR and GCON
// leaves, the checkpoint hash, the signature payload, attestations.
package model

import (
	"fmt"
	"math/big"

	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/std/math/emulated"

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

// Payload is the signature payload H(chain tag, user, nonce, start root,
// end root).
func Payload(h *hashing.Hasher, chain, user, nonce, start, end frontend.Variable) frontend.Variable {
	return h.Hash(native.TagPayload, chain, user, nonce, start, end)
}

// Checkpoint is CHKP(n)'s preimage.
type Checkpoint struct {
	Number, Prev, GUSRRoot, GCONRoot, PoHHi, PoHLo frontend.Variable
	Chain, History, EndCaps                        frontend.Variable
}

// CheckpointOf assigns a native checkpoint.
func CheckpointOf(c *state.Checkpoint) Checkpoint {
	poh := native.Bytes32(c.PoH)
	return Checkpoint{Number: c.Number, Prev: c.Prev.String(), GUSRRoot: c.GUSRRoot.String(), GCONRoot: c.GCONRoot.String(),
		PoHHi: poh[0].String(), PoHLo: poh[1].String(), Chain: c.Chain.String(), History: c.History.String(), EndCaps: c.EndCaps.String()}
}

// ZeroCheckpoint is a checkpoint preimage of zeros (unused witness fields).
func ZeroCheckpoint() Checkpoint {
	return Checkpoint{Number: 0, Prev: 0, GUSRRoot: 0, GCONRoot: 0, PoHHi: 0, PoHLo: 0, Chain: 0, History: 0, EndCaps: 0}
}

// Root is CHKP(n) = H(TagCheckpoint; n, prev, gusr, gcon, poh hi, poh lo,
// chain, history, end caps), state.Checkpoint.Hash.
func (c *Checkpoint) Root(h *hashing.Hasher) frontend.Variable {
	return h.Hash(native.TagCheckpoint, c.Number, c.Prev, c.GUSRRoot, c.GCONRoot, c.PoHHi, c.PoHLo, c.Chain, c.History, c.EndCaps)
}

// HistoryLeaf is H(TagLeafHistory; m, CHKP(m)), state.HistoryLeaf.
func HistoryLeaf(h *hashing.Hasher, m, root frontend.Variable) frontend.Variable {
	return h.Hash(native.TagLeafHistory, m, root)
}

// HistorySlot is the path of checkpoint m's slot (m mod K) in the history
// tree, constraining m < 2^64.
func HistorySlot(api frontend.API, m frontend.Variable) []frontend.Variable {
	return api.ToBinary(m, 64)[:state.HistoryDepth]
}

// Scalar is an emulated BN254 scalar (a recursive verifier's public input)
// as a native variable: the integer value of its limbs, which the native
// field reduces mod p — the same field, so this is exact.
func Scalar(api frontend.API, e *emulated.Element[emulated.BN254Fr]) frontend.Variable {
	var p emulated.BN254Fr
	acc := frontend.Variable(0)
	for i := len(e.Limbs) - 1; i >= 0; i-- {
		acc = api.Add(api.Mul(acc, new(big.Int).Lsh(big.NewInt(1), p.BitsPerLimb())), e.Limbs[i])
	}
	return acc
}

// CommitShape gives a circuit exactly one commitment, over v (an internal
// wire, not a public input), so its verifying key has the shape every
// recursive verifier of its kind expects.
func CommitShape(api frontend.API, v frontend.Variable) error {
	committer, ok := api.(frontend.Committer)
	if !ok {
		return fmt.Errorf("model: builder cannot commit")
	}
	_, err := committer.Commit(v)
	return err
}
