package node

import (
	"bytes"
	"crypto/sha256"
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	tedwards "github.com/consensys/gnark-crypto/ecc/twistededwards"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/std/signature/eddsa"

	"github.com/parthnet/parth/circuits/hashing"
	"github.com/parthnet/parth/circuits/model"
	"github.com/parthnet/parth/circuits/sig"
	"github.com/parthnet/parth/circuits/ups"
	"github.com/parthnet/parth/state"
	native "github.com/parthnet/parth/state/hashing"
)

// Cap is a one-call session's end cap in one circuit: the wrapper's cap
// mode (circuits/wrap), which verifies the call's CFC proof itself and
// hands Check the CFC key's hash and public input. Check does what the
// step circuit, the pair node, the start-to-end segment and the end node
// with a standard EdDSA signature prove together, and outputs the same
// end-cap node header:
//
//   - the call (ups.CheckCall): the CFC is the session user's, against the
//     session's checkpoint, its key is the function's whitelist entry in
//     the contract's GCON leaf in that checkpoint, and UCON moves from the
//     session's start root by the CFC's CSTATE transition;
//   - the CFC proof's public input is the CFC header's hash;
//   - the session's public key is H(key set's EdDSA circuit id, A.x, A.y,
//     0, 0), and Sig is an EdDSA signature by A of the payload
//     H(chain, user, nonce, UCON start, UCON end) (sig.VerifyEdDSA, with
//     every check gnark's verifier leaves out);
//   - the output: the end cap H(user, nonce, checkpoint number, checkpoint
//     root, public key, UCON start, UCON end, payload) as a node header of
//     this key set.
//
// The start header is not checked, as the end node does not check it: the
// aggregation leaf checks the user's GUSR leaf against the live tree.
//
// In the wrapper's other mode (on = 0) every equality here is inert and
// the output unused; the signature check still runs, on the message 0, so
// that mode's witness carries a fixed valid signature of 0 (DummyCap).
type Cap struct {
	Keys    KeySet
	Session ups.Session
	Call    ups.Call
	Key     eddsa.PublicKey // (A.x, A.y): the user's signature parameters
	Sig     eddsa.Signature
}

// NewCap returns an unassigned cap (for compiling).
func NewCap() Cap { return Cap{Call: ups.NewCall()} }

// Check constrains the cap when on is 1, given the CFC proof's key hash
// and public input, and returns the end cap's node header hash.
func (c *Cap) Check(api frontend.API, h *hashing.Hasher, on, cfcVK, cfcPublic frontend.Variable) (frontend.Variable, error) {
	eq := func(a, b frontend.Variable) { api.AssertIsEqual(api.Mul(on, api.Sub(a, b)), 0) }
	s := &c.Session
	eq(c.Call.CFC.Hash(h), cfcPublic)
	end := ups.CheckCall(h, eq, s, &c.Call, cfcVK, s.UCONStart)

	a := &c.Key.A
	eq(h.Hash(native.TagPublicKey, c.Keys.EdDSA, a.X, a.Y, 0, 0), s.PublicKey)
	chk := &c.Call.Checkpoint // its root is the session's (CheckCall)
	payload := model.Payload(h, chk.Chain, s.User, s.Nonce, s.UCONStart, end)
	if err := sig.VerifyEdDSA(api, c.Key, c.Sig, api.Select(on, payload, 0)); err != nil {
		return nil, fmt.Errorf("cap signature: %w", err)
	}
	endCap := h.Hash(native.TagEndCap, s.User, s.Nonce, chk.Number, s.CheckpointRoot, s.PublicKey, s.UCONStart, end, payload)
	return headerHash(h, c.Keys.Hash(h), &Header{Kind: state.NodeEndCap, X: endCap, Y: 0}), nil
}

// keySet assigns a key set.
func keySet(keys *state.NodeKeys) KeySet {
	return KeySet{Node: keys.Node.String(), Wrap: keys.Wrap.String(), Step: keys.Step.String(),
		EdDSA: keys.EdDSA.String(), ECDSA: keys.ECDSA.String()}
}

// CapOf assigns the cap of a one-call session: step is its step header
// (for the session's fields), call the call's witness, pub and signature
// the user's EdDSA public key and signature of the payload (state.EdDSA's
// encodings).
func CapOf(keys *state.NodeKeys, step *state.StepHeader, call ups.Call, pub, signature []byte) Cap {
	s, _ := stepFields(step)
	c := Cap{Keys: keySet(keys), Session: s, Call: call}
	c.Key.Assign(tedwards.BN254, pub)
	c.Sig.Assign(tedwards.BN254, signature)
	return c
}

// dummy is the fixed key and signature of the message 0 that the
// wrapper's attestation mode carries (any valid signature would do: the
// mode's output does not depend on it).
var dummy struct{ pub, sig []byte }

func init() {
	seed := sha256.Sum256([]byte("parth/circuits/node: the cap's inert signature"))
	k, err := state.NewEdDSA(fr.Element{}).GenerateKey(bytes.NewReader(bytes.Repeat(seed[:], 4)))
	if err != nil {
		panic(err)
	}
	if dummy.sig, err = k.Sign(fr.Element{}); err != nil {
		panic(err)
	}
	dummy.pub = k.PublicKey()
}

// DummyCap is the cap witness of the wrapper's attestation mode: zeros,
// and the fixed signature of 0.
func DummyCap() Cap {
	zeros := func(v []frontend.Variable) {
		for i := range v {
			v[i] = 0
		}
	}
	c := NewCap()
	c.Keys = KeySet{Node: 0, Wrap: 0, Step: 0, EdDSA: 0, ECDSA: 0}
	c.Session = ups.Session{User: 0, Nonce: 0, PublicKey: 0, CheckpointRoot: 0, UCONStart: 0}
	c.Call.CFC.Contract, c.Call.CFC.Function, c.Call.CFC.User, c.Call.CFC.CheckpointRoot = 0, 0, 0, 0
	c.Call.CFC.Before, c.Call.CFC.After, c.Call.CFC.ArgsHash, c.Call.CFC.Caller = 0, 0, 0, 0
	c.Call.Whitelist.Index, c.Call.Whitelist.Value = 0, 0
	zeros(c.Call.Whitelist.Siblings)
	c.Call.Metadata = 0
	c.Call.GCON.Index, c.Call.GCON.Value = 0, 0
	zeros(c.Call.GCON.Siblings)
	c.Call.Checkpoint = model.ZeroCheckpoint()
	c.Call.UCON.Index, c.Call.UCON.OldValue, c.Call.UCON.NewValue = 0, 0, 0
	zeros(c.Call.UCON.Siblings)
	c.Key.Assign(tedwards.BN254, dummy.pub)
	c.Sig.Assign(tedwards.BN254, dummy.sig)
	return c
}
