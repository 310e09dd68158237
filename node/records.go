package node

import (
	"encoding/binary"
	"fmt"

	"github.com/parthnet/parth/consensus"
	"github.com/parthnet/parth/internal/wire"
	"github.com/parthnet/parth/state/store"
)

const (
	recordsNS    = "node"
	keyQC        = 'q'
	keyAnchor    = 'a'
	keyValidator = 'v'
)

func blockKey(kind byte, n uint64) []byte { return binary.BigEndian.AppendUint64([]byte{kind}, n) }

// Records are the node's durable records of finalized and anchored blocks.
type Records struct{ St *store.Store }

// PutQC stores block qc.Block's quorum certificate (fsynced).
func (r Records) PutQC(qc *consensus.QC) error {
	b, err := qc.MarshalBinary()
	if err != nil {
		return err
	}
	return r.St.PutRecord(recordsNS, blockKey(keyQC, qc.Block), b)
}

// QC is block n's quorum certificate, or nil.
func (r Records) QC(n uint64) (*consensus.QC, error) {
	b, ok, err := r.St.Record(recordsNS, blockKey(keyQC, n))
	if err != nil || !ok {
		return nil, err
	}
	var qc consensus.QC
	if err := qc.UnmarshalBinary(b); err != nil {
		return nil, fmt.Errorf("node: block %d's certificate record: %w", n, err)
	}
	if qc.Block != n {
		return nil, fmt.Errorf("node: block %d's certificate record is for block %d", n, qc.Block)
	}
	return &qc, nil
}

// PutAnchor stores the hash of the L1 transaction that anchored block n.
func (r Records) PutAnchor(n uint64, tx [32]byte) error {
	return r.St.PutRecord(recordsNS, blockKey(keyAnchor, n), tx[:])
}

// Anchor is the L1 transaction that anchored block n, if any.
func (r Records) Anchor(n uint64) (tx [32]byte, ok bool, err error) {
	b, ok, err := r.St.Record(recordsNS, blockKey(keyAnchor, n))
	if err != nil || !ok {
		return tx, false, err
	}
	if len(b) != 32 {
		return tx, false, fmt.Errorf("node: block %d's anchor record has %d bytes", n, len(b))
	}
	copy(tx[:], b)
	return tx, true, nil
}

// LastQC is the highest block with a stored certificate (0: none). The
// finalize stage writes them in order, so it is the finalized height.
func (r Records) LastQC() (uint64, error) {
	var last uint64
	err := r.St.Records(recordsNS, []byte{keyQC}, func(k, _ []byte) error {
		if len(k) != 9 {
			return fmt.Errorf("node: certificate record key %x", k)
		}
		last = max(last, binary.BigEndian.Uint64(k[1:]))
		return nil
	})
	return last, err
}

// params are the choices a data directory is created with and cannot
// change: its genesis's key seed and its validator set.
type params struct {
	Seed       uint64
	Validators uint64
}

const keyParams = 'p'

// params is the data directory's parameters record, if any.
func (r Records) params() (params, bool, error) {
	b, ok, err := r.St.Record(recordsNS, []byte{keyParams})
	if err != nil || !ok {
		return params{}, false, err
	}
	d := wire.NewDecoder(b)
	d.Tag("PARTH/node/params", 1)
	got := params{Seed: d.U64(), Validators: d.U64()}
	if err := d.Finish(); err != nil {
		return params{}, false, fmt.Errorf("node: the data directory's parameters record: %w", err)
	}
	return got, true, nil
}

// checkParams stores p in a new data directory, or checks that an existing
// one was created with p.
func (r Records) checkParams(p params) error {
	got, ok, err := r.params()
	if err != nil {
		return err
	}
	if !ok {
		var e wire.Encoder
		e.Tag("PARTH/node/params", 1)
		e.U64(p.Seed)
		e.U64(p.Validators)
		return r.St.PutRecord(recordsNS, []byte{keyParams}, e.Bytes())
	}
	if got != p {
		return fmt.Errorf("node: the data directory was created with seed %d and %d validators; configured seed %d and %d validators (they cannot change: use another data directory)",
			got.Seed, got.Validators, p.Seed, p.Validators)
	}
	return nil
}
