package store

import (
	"errors"
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs"

	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/apps"
	"github.com/parthnet/parth/state/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) state.Store {
		s, err := Open(t.TempDir(), Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	})
}

// TestReopen: everything committed survives a close and reopen, and the
// reopened store agrees with an in-memory run of the same blocks.
func TestReopen(t *testing.T) {
	fs := vfs.NewMem()
	s, err := Open("db", Options{FS: fs})
	if err != nil {
		t.Fatal(err)
	}
	w, err := apps.NewWorld(s, 5)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Block(apps.USDTBlocks[0]...); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s, err = Open("db", Options{FS: fs})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	w, err = apps.NewWorld(s, 5) // same seed, same keys; genesis already there
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Block(apps.USDTBlocks[1]...); err != nil {
		t.Fatal(err)
	}
	mem, _ := apps.NewWorld(state.NewMemStore(), 5)
	for _, b := range apps.USDTBlocks {
		if _, err := mem.Block(b...); err != nil {
			t.Fatal(err)
		}
	}
	h1, _ := s.Head()
	h2, _ := mem.Chain.Head()
	if h1 != h2 {
		t.Fatalf("pebble head %v differs from in-memory head %v", h1.Root.String(), h2.Root.String())
	}
}

func TestSchemaVersion(t *testing.T) {
	fs := vfs.NewMem()
	s, err := Open("db", Options{FS: fs})
	if err != nil {
		t.Fatal(err)
	}
	b := s.db.NewBatch()
	b.Set(keyVersion, []byte{0, 0, 0, 0, 0, 0, 0, 9}, nil)
	b.Commit(nil)
	s.Close()
	if _, err := Open("db", Options{FS: fs}); !errors.Is(err, ErrSchema) {
		t.Fatalf("open with another schema: %v", err)
	}
}
