package ups

import (
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark/frontend"

	"github.com/parthnet/parth/circuits/cfc"
	"github.com/parthnet/parth/state"
)

func el(v frontend.Variable) fr.Element {
	var e fr.Element
	if _, err := e.SetString(fmt.Sprint(v)); err != nil {
		panic(err)
	}
	return e
}

func u64(v frontend.Variable) uint64 { e := el(v); return e.Uint64() }

func startOf(s *Session) state.StartHeader {
	return state.StartHeader{User: state.UserID(u64(s.User)), Nonce: u64(s.Nonce), PublicKey: el(s.PublicKey),
		CheckpointRoot: el(s.CheckpointRoot), UCONStart: el(s.UCONStart)}
}

func cfcOf(h *cfc.Header) state.CFCHeader {
	return state.CFCHeader{Contract: state.ContractID(u64(h.Contract)), Function: state.FunctionID(u64(h.Function)),
		User: state.UserID(u64(h.User)), CheckpointRoot: el(h.CheckpointRoot), Before: el(h.Before), After: el(h.After),
		ArgsHash: el(h.ArgsHash), Caller: state.UserID(u64(h.Caller))}
}

// republishStart recomputes the public header from the (tampered) witness,
// so that only the circuit's inner constraints can reject it.
func republishStart(c *Start) {
	h := startOf(&c.Session)
	x := h.Hash()
	c.Public = x.String()
}

// republishStep does the same for a step: the header the witness claims.
func republishStep(c *Step) {
	s := startOf(&c.Session)
	ch := cfcOf(&c.CFC)
	hdr := state.StepHeader{User: s.User, Nonce: s.Nonce, PublicKey: s.PublicKey, CheckpointRoot: s.CheckpointRoot,
		UCONStart: s.UCONStart, UCONAfter: el(c.UCON.NewValue), CFC: state.Attestation(el(c.CFCVK), ch.Hash())}
	if u64(c.First) == 1 {
		hdr.Step, hdr.UCONBefore, hdr.Prev = 1, s.UCONStart, s.Hash()
	} else {
		p := state.StepHeader{User: s.User, Nonce: s.Nonce, PublicKey: s.PublicKey, CheckpointRoot: s.CheckpointRoot,
			UCONStart: s.UCONStart, Step: u64(c.Previous.Step), UCONBefore: el(c.Previous.UCONBefore),
			UCONAfter: el(c.Previous.UCONAfter), CFC: el(c.Previous.CFC), Prev: el(c.Previous.Prev)}
		hdr.Step, hdr.UCONBefore, hdr.Prev = p.Step+1, p.UCONAfter, p.Hash()
	}
	// UCONAfter is what the delta proof yields; recompute it natively from
	// the witness's siblings so the header is the one the circuit computes.
	hdr.UCONAfter = state.UCONSpec.RootFrom(u64(c.UCON.Index), el(c.UCON.NewValue), sibs(c.UCON.Siblings))
	x := hdr.Hash()
	c.Public = x.String()
}

func sibs(v []frontend.Variable) []fr.Element {
	out := make([]fr.Element, len(v))
	for i := range v {
		out[i] = el(v[i])
	}
	return out
}
