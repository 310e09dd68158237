package store

import (
	"errors"
	"fmt"
	"testing"
)

func TestRecords(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 5; i++ {
		if err := s.PutRecord("agg", []byte(fmt.Sprintf("b1/%d", i)), []byte{byte(i)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.PutRecords("agg", KV{[]byte("b2/0"), []byte("x")}, KV{[]byte("b2/1"), []byte("y")}); err != nil {
		t.Fatal(err)
	}
	s.PutRecord("agga", []byte("b1/9"), []byte("other namespace"))
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	// Durable across reopen.
	if s, err = Open(dir, Options{}); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	v, ok, err := s.Record("agg", []byte("b1/3"))
	if err != nil || !ok || len(v) != 1 || v[0] != 3 {
		t.Fatalf("record: %v %v %v", v, ok, err)
	}
	if _, ok, err := s.Record("agg", []byte("b1/7")); ok || err != nil {
		t.Fatalf("missing record: %v %v", ok, err)
	}
	var keys []string
	if err := s.Records("agg", []byte("b1/"), func(k, v []byte) error { keys = append(keys, string(k)); return nil }); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(keys) != "[b1/0 b1/1 b1/2 b1/3 b1/4]" {
		t.Fatalf("scan: %v", keys)
	}
	if v, ok, err := s.Record("agg", []byte("b2/1")); err != nil || !ok || string(v) != "y" {
		t.Fatalf("batched record: %q %v %v", v, ok, err)
	}
	if err := s.PutRecords("", KV{[]byte("k"), nil}); !errors.Is(err, ErrNamespace) {
		t.Fatalf("batch in an empty namespace: %v", err)
	}
	stop := errors.New("stop")
	if err := s.Records("agg", nil, func(k, v []byte) error { return stop }); !errors.Is(err, stop) {
		t.Fatalf("scan error: %v", err)
	}
	if err := s.PutRecord("", []byte("k"), nil); !errors.Is(err, ErrNamespace) {
		t.Fatalf("empty namespace: %v", err)
	}
	// Records are not chain data: the store still has no blocks.
	if _, err := s.Head(); err == nil {
		t.Fatal("records made a head")
	}
}
