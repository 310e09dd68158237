package store

import (
	"encoding/binary"

	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/smt"
)

// Key prefixes. Every key of the database starts with one of these bytes.
const (
	prefixMeta       = 'm' // 'm' name                                  → value
	prefixCheckpoint = 'c' // 'c' block(8)                              → encoded checkpoint
	prefixNode       = 'n' // 'n' tree(9) level(1) index(8) ^block(8)   → 32-byte node, or empty: subtree empty
	prefixAccount    = 'a' // 'a' user(4) ^block(8)                     → public key(32) nonce(8)
	prefixContract   = 'k' // 'k' contract(4) ^block(8)                 → whitelist root(32) metadata(32)
	prefixRecord     = 'r' // 'r' len(ns)(1) ns key                     → a service's record (records.go)
)

// Meta keys.
var (
	keyHead    = []byte("mhead")    // block number of the latest complete block
	keyVersion = []byte("mversion") // schema version
)

// schemaVersion is written at creation and checked at open.
const schemaVersion = 1

func nodeBase(t state.TreeID, k smt.NodeKey) []byte {
	b := make([]byte, 0, 1+state.TreeIDLen+1+8+8)
	b = append(b, prefixNode)
	b = t.AppendBinary(b)
	b = append(b, k.Level)
	return binary.BigEndian.AppendUint64(b, k.Index)
}

func accountBase(u state.UserID) []byte {
	return binary.BigEndian.AppendUint32(append(make([]byte, 0, 13), prefixAccount), uint32(u))
}

func contractBase(c state.ContractID) []byte {
	return binary.BigEndian.AppendUint32(append(make([]byte, 0, 13), prefixContract), uint32(c))
}

func checkpointKey(n uint64) []byte {
	return binary.BigEndian.AppendUint64([]byte{prefixCheckpoint}, n)
}

// versioned appends the inverted block number: newer versions sort first.
func versioned(base []byte, block uint64) []byte {
	return binary.BigEndian.AppendUint64(base, ^block)
}

func recordKey(ns string, key []byte) []byte {
	b := make([]byte, 0, 2+len(ns)+len(key))
	b = append(b, prefixRecord, byte(len(ns)))
	b = append(b, ns...)
	return append(b, key...)
}
