package consensus_test

import (
	"bytes"
	"errors"
	"reflect"
	"testing"

	"github.com/parthnet/parth/consensus"
	"github.com/parthnet/parth/internal/wire"
)

// TestCodecs: a proposal, a vote and a certificate round-trip through
// their encodings and still check (the proposal gets a vote, the vote and
// the certificate verify); truncations, trailing bytes and another type's
// tag are encoding errors.
func TestCodecs(t *testing.T) {
	n := newNetwork(t, []uint64{40, 30, 20, 20, 10})
	p := n.propose(t, 1, 2, 1)
	raw, err := p.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var gp consensus.Proposal
	if err := gp.UnmarshalBinary(raw); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(&gp, p) {
		t.Fatal("the proposal does not round-trip")
	}
	v, err := n.signers[1].Check(&gp)
	if err != nil {
		t.Fatalf("the decoded proposal gets no vote: %v", err)
	}
	vraw, _ := v.MarshalBinary()
	var gv consensus.Vote
	if err := gv.UnmarshalBinary(vraw); err != nil || gv != v {
		t.Fatalf("the vote does not round-trip: %v", err)
	}
	if err := n.set.Verify(&gv); err != nil {
		t.Fatal(err)
	}
	qc := qcOf(t, n.set, n.keys, p.Block.Number, target(p), 0, 1, 2)
	qraw, _ := qc.MarshalBinary()
	var gq consensus.QC
	if err := gq.UnmarshalBinary(qraw); err != nil || !reflect.DeepEqual(&gq, qc) {
		t.Fatalf("the certificate does not round-trip: %v", err)
	}
	if err := consensus.VerifyQC(n.set, &gq); err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string][]byte{"proposal": raw, "vote": vraw, "qc": qraw} {
		for _, cut := range []int{0, 10, len(b) / 2, len(b) - 1} {
			if err := decodeAs(name, b[:cut]); !errors.Is(err, wire.ErrEncoding) {
				t.Errorf("%s truncated to %d bytes: %v", name, cut, err)
			}
		}
		if err := decodeAs(name, append(bytes.Clone(b), 0)); !errors.Is(err, wire.ErrEncoding) {
			t.Errorf("%s with a trailing byte: %v", name, err)
		}
	}
	if err := decodeAs("qc", vraw); !errors.Is(err, wire.ErrEncoding) {
		t.Errorf("a vote decoded as a certificate: %v", err)
	}
}

func decodeAs(kind string, b []byte) error {
	switch kind {
	case "proposal":
		return new(consensus.Proposal).UnmarshalBinary(b)
	case "vote":
		return new(consensus.Vote).UnmarshalBinary(b)
	}
	return new(consensus.QC).UnmarshalBinary(b)
}
