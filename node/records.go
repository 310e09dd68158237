package node

import (
	"encoding/binary"
	"fmt"

	"github.com/parthnet/parth/consensus"
	"github.com/parthnet/parth/internal/wire"
	"github.com/parthnet/parth/state/apps"
	"github.com/parthnet/parth/state/store"
)

const (
	recordsNS    = "node"
	keyQC        = 'q'
	keyAnchor    = 'a'
	keyValidator = 'v'
	keyProposal  = 'P'
	keyLead      = 'L'
	keyNonce     = 'n'
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

// PutProposal stores another leader's proposal of a block this node
// followed (fsynced): the block's proof and checkpoint as the validators
// voted for them.
func (r Records) PutProposal(p *consensus.Proposal) error {
	b, err := p.MarshalBinary()
	if err != nil {
		return err
	}
	return r.St.PutRecord(recordsNS, blockKey(keyProposal, p.Block.Number), b)
}

// Proposal is the followed proposal of block n, or nil (a block this node
// proved itself, or none).
func (r Records) Proposal(n uint64) (*consensus.Proposal, error) {
	b, ok, err := r.St.Record(recordsNS, blockKey(keyProposal, n))
	if err != nil || !ok {
		return nil, err
	}
	var p consensus.Proposal
	if err := p.UnmarshalBinary(b); err != nil {
		return nil, fmt.Errorf("node: block %d's proposal record: %w", n, err)
	}
	if p.Block.Number != n {
		return nil, fmt.Errorf("node: block %d's proposal record is of block %d", n, p.Block.Number)
	}
	return &p, nil
}

func nonceKey(user, nonce uint64) []byte {
	return binary.BigEndian.AppendUint64(binary.BigEndian.AppendUint64([]byte{keyNonce}, user), nonce)
}

// PutNonce records that end cap id takes user's nonce, without a sync of
// its own (admission writes it just before the sequencer journals the end
// cap, whose fsync makes both durable). It is an index: Nonce's answer is
// trusted only for an id the journal holds.
func (r Records) PutNonce(user, nonce uint64, id [32]byte) error {
	return r.St.PutRecordUnsynced(recordsNS, nonceKey(user, nonce), id[:])
}

// Nonce is the end cap last recorded for user's nonce, if any.
func (r Records) Nonce(user, nonce uint64) (id [32]byte, ok bool, err error) {
	b, ok, err := r.St.Record(recordsNS, nonceKey(user, nonce))
	if err != nil || !ok {
		return id, false, err
	}
	if len(b) != 32 {
		return id, false, fmt.Errorf("node: the record of user %d's nonce %d has %d bytes", user, nonce, len(b))
	}
	copy(id[:], b)
	return id, true, nil
}

// PutLead records that this node took over as leader from block n on: a
// restart leads again (with the end caps it acknowledged meanwhile, in its
// journal) instead of following.
func (r Records) PutLead(n uint64) error {
	return r.St.PutRecord(recordsNS, []byte{keyLead}, binary.BigEndian.AppendUint64(nil, n))
}

// Lead is the block this node took over from, if it did.
func (r Records) Lead() (uint64, bool, error) {
	b, ok, err := r.St.Record(recordsNS, []byte{keyLead})
	if err != nil || !ok {
		return 0, false, err
	}
	if len(b) != 8 {
		return 0, false, fmt.Errorf("node: the lead record has %d bytes", len(b))
	}
	return binary.BigEndian.Uint64(b), true, nil
}

// params are the choices a data directory is created with and cannot
// change: its genesis's key seed and development accounts, its validator
// set and the leader timeout (the validators' genesis holds them too).
// Version 2 records (before accounts could be chosen) have the seed's four.
type params struct {
	Seed         uint64
	Validators   uint64
	TimeoutTicks uint64
	Accounts     uint64
}

const keyParams = 'p'

// params is the data directory's parameters record, if any.
func (r Records) params() (params, bool, error) {
	b, ok, err := r.St.Record(recordsNS, []byte{keyParams})
	if err != nil || !ok {
		return params{}, false, err
	}
	got, err := decodeParams(b, 3)
	if err != nil {
		got, err = decodeParams(b, 2)
	}
	if err != nil {
		return params{}, false, fmt.Errorf("node: the data directory's parameters record: %w", err)
	}
	return got, true, nil
}

func decodeParams(b []byte, version uint64) (params, error) {
	d := wire.NewDecoder(b)
	d.Tag("PARTH/node/params", version)
	p := params{Seed: d.U64(), Validators: d.U64(), TimeoutTicks: d.U64(), Accounts: apps.SeedAccounts}
	if version >= 3 {
		p.Accounts = d.U64()
	}
	return p, d.Finish()
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
		e.Tag("PARTH/node/params", 3)
		e.U64(p.Seed)
		e.U64(p.Validators)
		e.U64(p.TimeoutTicks)
		e.U64(p.Accounts)
		return r.St.PutRecord(recordsNS, []byte{keyParams}, e.Bytes())
	}
	if got != p {
		return fmt.Errorf("node: the data directory was created with seed %d, %d accounts, %d validators and a leader timeout of %d ticks; configured seed %d, %d accounts, %d validators and %d ticks (they cannot change: use another data directory)",
			got.Seed, got.Accounts, got.Validators, got.TimeoutTicks, p.Seed, p.Accounts, p.Validators, p.TimeoutTicks)
	}
	return nil
}
