package aggregator

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/parthnet/parth/internal/testproof"
	"github.com/parthnet/parth/internal/wire"
	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/apps"
	"github.com/parthnet/parth/state/hashing"
	"github.com/parthnet/parth/state/store"
)

// Job records and the proven checkpoint survive the store, read back by
// Records; records that do not decode are errors, not silently skipped.
func TestRecords(t *testing.T) {
	st, err := store.Open(t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	proof := testproof.Groth16(t)
	at := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	recs := []JobRecord{
		{Key: CapKey(2), Job: "0b", Worker: "w2", Attempt: 3, Accepted: at.Add(time.Second), Proof: proof},
		{Key: NodeKey(7), Job: "0c", Worker: "w1", Attempt: 1, Accepted: at.Add(2 * time.Second), Proof: proof},
		{Key: BlockKey, Job: "0a", Worker: "w1", Attempt: 1, Accepted: at, Proof: proof},
	}
	for i := len(recs) - 1; i >= 0; i-- { // written out of order, read in key order
		b, err := recs[i].MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		if err := st.PutRecord(recordsNS, recordKey(4, recs[i].Key), b); err != nil {
			t.Fatal(err)
		}
	}
	// Another block's record is not block 4's.
	other, _ := recs[0].MarshalBinary()
	if err := st.PutRecord(recordsNS, recordKey(5, CapKey(1)), other); err != nil {
		t.Fatal(err)
	}
	got, err := Records(st, 4)
	if err != nil {
		t.Fatal(err)
	}
	if got.Next != nil || len(got.Jobs) != len(recs) {
		t.Fatalf("unfinished block 4: %d records, checkpoint %v", len(got.Jobs), got.Next)
	}
	want, _ := proof.MarshalBinary()
	for i, r := range got.Jobs {
		p, _ := r.Proof.MarshalBinary()
		if r.Key != recs[i].Key || r.Job != recs[i].Job || r.Worker != recs[i].Worker || r.Attempt != recs[i].Attempt ||
			!r.Accepted.Equal(recs[i].Accepted) || !bytes.Equal(p, want) {
			t.Fatalf("record %d: %+v, want %+v", i, r, recs[i])
		}
	}
	next := state.Checkpoint{Number: 4, Prev: hashing.Uint(3), GUSRRoot: hashing.Uint(5), GCONRoot: hashing.Uint(6), PoH: apps.SlotPoH(4),
		Chain: hashing.Uint(7), History: hashing.Uint(8), EndCaps: hashing.Uint(9)}.Sealed()
	if err := st.PutRecord(recordsNS, checkpointKey(4), encodeCheckpoint(&next)); err != nil {
		t.Fatal(err)
	}
	if got, err = Records(st, 4); err != nil || got.Next == nil || *got.Next != next {
		t.Fatalf("finished block 4: checkpoint %v (%v)", got.Next, err)
	}
	if c, err := ProvenCheckpoint(st, 4); err != nil || c == nil || *c != next {
		t.Fatalf("ProvenCheckpoint(4) = %v, %v", c, err)
	}
	if c, err := ProvenCheckpoint(st, 5); err != nil || c != nil {
		t.Fatalf("ProvenCheckpoint of an unfinished block: %v, %v", c, err)
	}

	// A checkpoint whose preimage does not hash to its root, a truncated
	// job record.
	bad := next
	bad.GUSRRoot = hashing.Uint(9)
	if err := st.PutRecord(recordsNS, checkpointKey(6), encodeCheckpoint(&bad)); err != nil {
		t.Fatal(err)
	}
	if _, err := Records(st, 6); !errors.Is(err, state.ErrCheckpointMismatch) {
		t.Fatalf("forged checkpoint record: %v", err)
	}
	b, _ := recs[1].MarshalBinary()
	if err := st.PutRecord(recordsNS, recordKey(7, CapKey(1)), b[:len(b)-3]); err != nil {
		t.Fatal(err)
	}
	if _, err := Records(st, 7); !errors.Is(err, wire.ErrEncoding) {
		t.Fatalf("truncated job record: %v", err)
	}
	if got := got.Job(NodeKey(7)); got == nil || got.Job != "0c" {
		t.Fatalf("Job(node 7) = %+v", got)
	}
	if got.Job(NodeKey(8)) != nil {
		t.Fatal("Job(node 8) found a record")
	}
	// A key of no job kind.
	if err := st.PutRecord(recordsNS, recordKey(8, JobKey{Kind: 9, Index: 1}), b); err != nil {
		t.Fatal(err)
	}
	if _, err := Records(st, 8); !errors.Is(err, wire.ErrEncoding) {
		t.Fatalf("a record of kind 9: %v", err)
	}
}
