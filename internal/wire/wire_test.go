package wire

import (
	"errors"
	"testing"
)

// TestDecoder: values round-trip; a truncated read yields zeros and a
// sticky ErrEncoding; counts are bounded by their range and by the bytes
// left; tags and versions must match; Finish refuses trailing bytes.
func TestDecoder(t *testing.T) {
	var e Encoder
	e.Tag("T", 3)
	e.U64(7)
	e.Hash([32]byte{1, 2})
	e.Blob([]byte("abc"))
	e.U64(2) // two 8-byte items follow
	e.U64(10)
	e.U64(11)
	b := e.Bytes()

	d := NewDecoder(b)
	d.Tag("T", 3)
	if v, h, blob := d.U64(), d.Hash(), d.Blob(8, "blob"); v != 7 || h != [32]byte{1, 2} || string(blob) != "abc" {
		t.Fatalf("read %d %x %q", v, h, blob)
	}
	if n := d.Items(8, 100, "items"); n != 2 || d.U64() != 10 || d.U64() != 11 {
		t.Fatalf("items: %d", n)
	}
	if err := d.Finish(); err != nil {
		t.Fatal(err)
	}

	for name, f := range map[string]func(d *Decoder){
		"another tag":     func(d *Decoder) { d.Tag("U", 3) },
		"another version": func(d *Decoder) { d.Tag("T", 4) },
		"blob over max":   func(d *Decoder) { d.Tag("T", 3); d.U64(); d.Hash(); d.Blob(2, "blob") },
		"more items than bytes": func(d *Decoder) {
			d.Tag("T", 3)
			d.U64()
			d.Hash()
			d.Blob(8, "blob")
			d.Items(9, 100, "items") // 16 bytes left hold one 9-byte item, not two
		},
		"trailing bytes": func(d *Decoder) { d.Tag("T", 3) },
	} {
		d := NewDecoder(b)
		f(d)
		if err := d.Finish(); !errors.Is(err, ErrEncoding) {
			t.Errorf("%s: %v", name, err)
		}
	}

	// A partial read is no value: the count of a truncated U64 is 0, and
	// the error sticks.
	d = NewDecoder([]byte{0x7f, 0xff, 0xff})
	if n := d.Count(0, 1<<62, "count"); n != 0 || !errors.Is(d.Err, ErrEncoding) {
		t.Fatalf("truncated count: %d, %v", n, d.Err)
	}
	if v := d.U64(); v != 0 {
		t.Fatalf("a read after the error gave %d", v)
	}
}
