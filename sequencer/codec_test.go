package sequencer

import (
	"bytes"
	"errors"
	"reflect"
	"testing"

	"github.com/parthnet/parth/internal/wire"
)

// codecCore is a core with two blocks cut, end caps queued and waiting,
// and a slot half recorded: every field of every encoded type is set.
func codecCore(t testing.TB) (*Core, []*Block) {
	c, err := NewCore(cfg, [32]byte{9}, 1)
	if err != nil {
		t.Fatal(err)
	}
	var blocks []*Block
	for round := 0; round < 3; round++ {
		for i := 0; i < 3; i++ {
			if _, err := c.Submit(sub(c, uint64(i%2), 10*round+i)); err != nil {
				t.Fatal(err)
			}
			c.Run(3)
		}
		if round < 2 {
			if b := finishSlot(c); b != nil {
				blocks = append(blocks, b)
			}
		}
	}
	if len(blocks) != 2 || len(blocks[1].Waiting) == 0 || c.Queued() == 0 {
		t.Fatalf("the fixture needs two blocks, one with waiting end caps, and a queue: %d blocks, %d queued", len(blocks), c.Queued())
	}
	return c, blocks
}

// TestCodecRoundTrip: blocks, events and core states decode to what was
// encoded, and a restored core goes on exactly as the original.
func TestCodecRoundTrip(t *testing.T) {
	c, blocks := codecCore(t)
	for _, b := range blocks {
		raw, _ := b.MarshalBinary()
		var got Block
		if err := got.UnmarshalBinary(raw); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(&got, b) {
			t.Fatalf("block %d does not round-trip", b.Number)
		}
		for _, q := range b.EndCaps {
			raw, _ := q.MarshalBinary()
			var g Sequenced
			if err := g.UnmarshalBinary(raw); err != nil || !reflect.DeepEqual(g, q) {
				t.Fatalf("event at %d does not round-trip: %v", q.Position, err)
			}
		}
	}
	c.HoldFor(2 * cfg.TicksPerSlot) // a takeover's hold is state too: the restored core must keep it
	st := c.State()
	if st.Hold == 0 {
		t.Fatal("the hold is not in the state")
	}
	raw, _ := st.MarshalBinary()
	var got CoreState
	if err := got.UnmarshalBinary(raw); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, st) {
		t.Fatal("core state does not round-trip")
	}
	r, err := RestoreCore(got)
	if err != nil {
		t.Fatal(err)
	}
	for slot := 0; slot < 3; slot++ {
		a, b := finishSlot(c), finishSlot(r)
		if (a == nil) != (b == nil) {
			t.Fatalf("slot %d: the original cut a block %v, the restored one %v", slot, a != nil, b != nil)
		}
		if a == nil {
			continue
		}
		ra, _ := a.MarshalBinary()
		rb, _ := b.MarshalBinary()
		if !bytes.Equal(ra, rb) {
			t.Fatal("the restored core cut a different block")
		}
	}
}

// TestCodecRefuses: truncated input, trailing bytes, another record's tag,
// another version and absurd counts are errors, never panics or huge
// allocations.
func TestCodecRefuses(t *testing.T) {
	_, blocks := codecCore(t)
	raw, _ := blocks[1].MarshalBinary()
	ev, _ := blocks[1].EndCaps[0].MarshalBinary()
	var b Block
	for n := 0; n < len(raw); n++ {
		if err := b.UnmarshalBinary(raw[:n]); !errors.Is(err, wire.ErrEncoding) {
			t.Fatalf("truncated to %d bytes: %v", n, err)
		}
	}
	if err := b.UnmarshalBinary(append(append([]byte(nil), raw...), 0)); !errors.Is(err, wire.ErrEncoding) {
		t.Fatalf("trailing byte: %v", err)
	}
	if err := b.UnmarshalBinary(ev); !errors.Is(err, wire.ErrEncoding) {
		t.Fatalf("an event decoded as a block: %v", err)
	}
	bad := append([]byte(nil), raw...)
	bad[len(tagBlock)+7] = 2 // version 2
	if err := b.UnmarshalBinary(bad); !errors.Is(err, wire.ErrEncoding) {
		t.Fatalf("version 2: %v", err)
	}
	huge := append([]byte(nil), raw[:len(tagBlock)+16]...)
	huge = append(huge, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff) // 2^63 end caps
	if err := b.UnmarshalBinary(huge); !errors.Is(err, wire.ErrEncoding) {
		t.Fatalf("2^63 end caps: %v", err)
	}
	if _, err := (&Core{}).Submit(Submission{Job: make([]byte, MaxJobBytes+1)}); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("a job over MaxJobBytes: %v", err)
	}
}

// FuzzBlockDecode: any bytes either fail to decode or decode to a block
// that encodes back to the same bytes (the encoding is canonical).
func FuzzBlockDecode(f *testing.F) {
	_, blocks := codecCore(f)
	for _, b := range blocks {
		raw, _ := b.MarshalBinary()
		f.Add(raw)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		var b Block
		if b.UnmarshalBinary(raw) != nil {
			return
		}
		again, _ := b.MarshalBinary()
		if !bytes.Equal(again, raw) {
			t.Fatal("a block decoded from bytes that are not its encoding")
		}
	})
}
