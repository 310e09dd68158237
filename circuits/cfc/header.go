package cfc

import (
	"github.com/consensys/gnark/frontend"

	"github.com/parthnet/parth/circuits/biguint"
	"github.com/parthnet/parth/circuits/hashing"
	"github.com/parthnet/parth/circuits/merkle"
	"github.com/parthnet/parth/state"
	native "github.com/parthnet/parth/state/hashing"
)

// Header is the in-circuit twin of state.CFCHeader.
type Header struct {
	Contract       frontend.Variable
	Function       frontend.Variable
	User           frontend.Variable
	CheckpointRoot frontend.Variable
	Before         frontend.Variable
	After          frontend.Variable
	ArgsHash       frontend.Variable
	Caller         frontend.Variable
}

// HeaderOf assigns a native header.
func HeaderOf(h *state.CFCHeader) Header {
	return Header{Contract: uint64(h.Contract), Function: uint64(h.Function), User: uint64(h.User),
		CheckpointRoot: h.CheckpointRoot.String(), Before: h.Before.String(), After: h.After.String(),
		ArgsHash: h.ArgsHash.String(), Caller: uint64(h.Caller)}
}

// Hash is state.CFCHeader.Hash in-circuit.
func (h *Header) Hash(hs *hashing.Hasher) frontend.Variable {
	return hs.Hash(native.TagCFC, h.Contract, h.Function, h.User, h.CheckpointRoot, h.Before, h.After, h.ArgsHash, h.Caller)
}

// env is what every CFC body gets: the hasher, the checked arithmetic, and
// the header already bound to the public input.
type env struct {
	api frontend.API
	h   *hashing.Hasher
	u   *biguint.Checker
	hdr *Header
}

var cstate = merkle.Of(state.CStateSpec)

// bind checks the header against the public input and the call's identity,
// and returns the environment for the body.
func bind(api frontend.API, public frontend.Variable, hdr *Header, function state.FunctionID, args ...frontend.Variable) (*env, error) {
	h, err := hashing.New(api)
	if err != nil {
		return nil, err
	}
	e := &env{api: api, h: h, u: biguint.New(api), hdr: hdr}
	api.AssertIsEqual(hdr.Hash(h), public)
	api.AssertIsEqual(hdr.Function, uint64(function))
	// v1 has top-level calls only: the caller is the user.
	api.AssertIsEqual(hdr.Caller, hdr.User)
	e.userID(hdr.User)
	e.userID(hdr.Contract) // contract ids share the 32-bit index space
	api.AssertIsEqual(h.Hash(native.TagArgs, append([]frontend.Variable{hdr.Contract, hdr.Function}, args...)...), hdr.ArgsHash)
	return e, nil
}

// userID asserts v < 2^32 (a GUSR/UCON index, a map key).
func (e *env) userID(v frontend.Variable) { e.api.ToBinary(v, 32) }

// slot returns the CSTATE index of slot[key]: slot·2^32 + key, key < 2^32.
func (e *env) slot(slot state.Slot, key frontend.Variable) frontend.Variable {
	return e.api.Add(key, uint64(slot)<<32)
}

// write applies a delta on the CSTATE chain: it must be at index, start at
// root, and it returns the new root.
func (e *env) write(root frontend.Variable, d merkle.Delta, index frontend.Variable) frontend.Variable {
	e.api.AssertIsEqual(d.Index, index)
	return cstate.Apply(e.h, root, d)
}
