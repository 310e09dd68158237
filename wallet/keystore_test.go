package wallet

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/apps"
)

// TestStore: keys are written owner-only and read back as the same
// signer; a name is never overwritten; bad names, foreign files and a
// secret that is not the file's public key's are refused with the reason.
func TestStore(t *testing.T) {
	s := Store{Dir: filepath.Join(t.TempDir(), "w")}
	scheme := state.NewEdDSA(apps.NativeEdDSACircuitID)
	keys, err := apps.DevKeys(scheme, 7)
	if err != nil {
		t.Fatal(err)
	}
	k, err := NewKey("alice", uint32(apps.Alice), keys[apps.Alice])
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Put(k); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(filepath.Join(s.Dir, "alice.json")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v (%v), want 0600", fi.Mode(), err)
	}
	if fi, err := os.Stat(s.Dir); err != nil || fi.Mode().Perm() != 0o700 {
		t.Fatalf("wallet directory mode %v (%v), want 0700", fi.Mode(), err)
	}
	got, err := s.Get("alice")
	if err != nil || *got != *k {
		t.Fatalf("read back %+v (%v)", got, err)
	}
	sk, err := got.Signer(scheme)
	if err != nil {
		t.Fatal(err)
	}
	if a, b := must(state.KeyHash(sk)), must(state.KeyHash(keys[apps.Alice])); a != b {
		t.Fatal("the stored key is another key")
	}
	bob, _ := NewKey("alice", uint32(apps.Bob), keys[apps.Bob])
	if err := s.Put(bob); !errors.Is(err, ErrExists) {
		t.Fatalf("a second key named alice: %v", err)
	}
	if again, _ := s.Get("alice"); again.User != uint32(apps.Alice) {
		t.Fatal("the first alice was overwritten")
	}
	forged := *got
	forged.PublicKey = bob.PublicKey
	if _, err := forged.Signer(scheme); err == nil {
		t.Fatal("a key file whose public key is not its secret's decodes")
	}
	for _, bad := range []string{"", "Alice", "../x", "a/b", "-x", "abcdefghijklmnopqrstuvwxyz0123456"} {
		if _, err := NewKey(bad, 1, keys[apps.Alice]); err == nil {
			t.Errorf("key name %q accepted", bad)
		}
		if _, err := s.Get(bad); err == nil {
			t.Errorf("key name %q read", bad)
		}
	}
	if _, err := s.Get("nobody"); !errors.Is(err, ErrNoKey) {
		t.Fatalf("a missing key: %v", err)
	}
	if err := os.WriteFile(filepath.Join(s.Dir, "junk.json"), []byte(`{"name":"junk","extra":1}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get("junk"); err == nil {
		t.Fatal("a key file with an unknown field reads")
	}
	os.Remove(filepath.Join(s.Dir, "junk.json"))
	bobKey, _ := NewKey("bob", uint32(apps.Bob), keys[apps.Bob])
	if err := s.Put(bobKey); err != nil {
		t.Fatal(err)
	}
	list, err := s.List()
	if err != nil || len(list) != 2 || list[0].Name != "alice" || list[1].Name != "bob" {
		t.Fatalf("list: %v (%v)", list, err)
	}
	left, _ := os.ReadDir(s.Dir)
	if len(left) != 2 {
		t.Fatalf("%d files in the wallet, want the two keys (no temporary files left)", len(left))
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
