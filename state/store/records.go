package store

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/cockroachdb/pebble/v2"
)

// Records are durable key-value records of services that run beside the
// chain (the aggregator's job results and block proofs, dead letters),
// kept in the chain's database under their own namespace so one fsync
// discipline and one backup cover both. They are not versioned by block.

// ErrNamespace is a record namespace that is empty or longer than 255 bytes.
var ErrNamespace = errors.New("store: record namespace must be 1–255 bytes")

func checkNS(ns string) error {
	if len(ns) == 0 || len(ns) > 255 {
		return fmt.Errorf("%w: %q", ErrNamespace, ns)
	}
	return nil
}

// PutRecord stores value under (ns, key), durably (fsynced) before it
// returns.
func (s *Store) PutRecord(ns string, key, value []byte) error {
	if err := checkNS(ns); err != nil {
		return err
	}
	return s.db.Set(recordKey(ns, key), value, pebble.Sync)
}

// PutRecordUnsynced stores value under (ns, key) without waiting for the
// disk: it is durable once any later synced write of this store has
// returned (one write-ahead log holds them in order), and lost with a
// crash before one. For an index whose entry is only trusted together
// with a synced record written after it.
func (s *Store) PutRecordUnsynced(ns string, key, value []byte) error {
	if err := checkNS(ns); err != nil {
		return err
	}
	return s.db.Set(recordKey(ns, key), value, pebble.NoSync)
}

// KV is one record of a batch.
type KV struct{ Key, Value []byte }

// PutRecords stores records of ns atomically (all or none) and durably
// (one fsync) before it returns.
func (s *Store) PutRecords(ns string, kvs ...KV) error {
	if err := checkNS(ns); err != nil {
		return err
	}
	b := s.db.NewBatch()
	defer b.Close()
	for _, kv := range kvs {
		if err := b.Set(recordKey(ns, kv.Key), kv.Value, nil); err != nil {
			return err
		}
	}
	return b.Commit(pebble.Sync)
}

// Record returns the value under (ns, key) and whether it exists.
func (s *Store) Record(ns string, key []byte) ([]byte, bool, error) {
	if err := checkNS(ns); err != nil {
		return nil, false, err
	}
	v, err := s.get(recordKey(ns, key))
	if errors.Is(err, pebble.ErrNotFound) {
		return nil, false, nil
	}
	return v, err == nil, err
}

// Records calls fn for every record of ns whose key starts with prefix, in
// key order; fn's error stops the scan and is returned.
func (s *Store) Records(ns string, prefix []byte, fn func(key, value []byte) error) error {
	if err := checkNS(ns); err != nil {
		return err
	}
	lo := recordKey(ns, prefix)
	it, err := s.db.NewIter(&pebble.IterOptions{LowerBound: lo})
	if err != nil {
		return err
	}
	defer it.Close()
	base := len(recordKey(ns, nil))
	for ok := it.First(); ok && bytes.HasPrefix(it.Key(), lo); ok = it.Next() {
		v, err := it.ValueAndErr()
		if err != nil {
			return err
		}
		if err := fn(append([]byte(nil), it.Key()[base:]...), append([]byte(nil), v...)); err != nil {
			return err
		}
	}
	return it.Error()
}
