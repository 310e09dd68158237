package aggregator

import (
	"bytes"
	"errors"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/parthnet/parth/internal/testproof"
	"github.com/parthnet/parth/internal/wire"
	"github.com/parthnet/parth/prover"
	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/apps"
)

// block1Jobs: the seed's block #1 planned and turned into node jobs, with
// the native fold's outputs to compare.
func block1Jobs(t *testing.T) (*Plan, []*NodeJob, []state.Subtree) {
	w, err := apps.NewWorld(state.NewMemStore(), 3)
	if err != nil {
		t.Fatal(err)
	}
	head, _ := w.Chain.Head()
	v, _ := w.Chain.View(head.Number)
	caps := map[state.UserID]*state.EndCapHeader{}
	var users []state.UserID
	for _, s := range apps.USDTBlocks[0] {
		ec, err := w.EndCap(s.User, s.Calls...)
		if err != nil {
			t.Fatal(err)
		}
		caps[s.User] = &ec.Header
		users = append(users, s.User)
	}
	p, err := NewPlan(users)
	if err != nil {
		t.Fatal(err)
	}
	sib := ViewSiblings(v)
	reads := readsOf(t, w, caps)
	folded, err := Fold(p, caps, reads, sib)
	if err != nil {
		t.Fatal(err)
	}
	proof := testproof.Groth16(t)
	jobs, err := Jobs(p, caps, reads, sib, folded, func(int) *prover.Proof { return proof }, func(state.UserID) *prover.Proof { return proof })
	if err != nil {
		t.Fatal(err)
	}
	return p, jobs, folded
}

// readsOf is the end caps' history proofs in the next block of w.
func readsOf(t *testing.T, w *apps.World, caps map[state.UserID]*state.EndCapHeader) Reads {
	t.Helper()
	head, _ := w.Chain.Head()
	hist, err := state.NewBlockHistory(w.Chain.Checkpoint, head.Number+1)
	if err != nil {
		t.Fatal(err)
	}
	reads, err := ReadsOf(hist, caps)
	if err != nil {
		t.Fatal(err)
	}
	return reads
}

func TestNodeJobs(t *testing.T) {
	_, jobs, folded := block1Jobs(t)
	for i, j := range jobs {
		out, err := j.Output()
		if err != nil {
			t.Fatal(err)
		}
		if out != folded[i] {
			t.Fatalf("task %d: the job's output is not the fold's", i)
		}
		enc, err := j.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var back NodeJob
		if err := back.UnmarshalBinary(enc); err != nil {
			t.Fatal(err)
		}
		again, _ := back.MarshalBinary()
		if !bytes.Equal(enc, again) {
			t.Fatalf("task %d: encoding is not canonical", i)
		}
	}
	enc, _ := jobs[0].MarshalBinary()
	bad := map[string][]byte{
		"trailing byte": append(append([]byte(nil), enc...), 1),
		"truncated":     enc[:len(enc)-3],
		"wrong magic":   append([]byte("PARTHXXX"), enc[8:]...),
	}
	for name, b := range bad {
		var j NodeJob
		if err := j.UnmarshalBinary(b); !errors.Is(err, wire.ErrEncoding) {
			t.Errorf("%s: %v", name, err)
		}
	}
	// Jobs whose shape does not hold are refused at encoding.
	j := *jobs[0]
	j.Height++
	if _, err := j.MarshalBinary(); err == nil {
		t.Error("a merge at the wrong height encodes")
	}
	// An end cap whose history proof does not reach the block's history.
	for i, j := range jobs {
		for k := range j.Children {
			if c := j.Children[k]; c.Cap != nil {
				read := *c.Read
				read.Siblings = append([]fr.Element(nil), read.Siblings...)
				read.Siblings[2].SetUint64(7)
				bad := *j
				bad.Children[k].Read = &read
				if _, err := bad.MarshalBinary(); !errors.Is(err, state.ErrSubtree) {
					t.Errorf("task %d: a cap with a tampered history proof encodes (%v)", i, err)
				}
			}
		}
	}
}
