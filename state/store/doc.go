// Package store is the one package that talks to pebble: it keeps PARTH's
// state on disk as a state.Store.
//
// # Layout
//
// Every piece of state is versioned by block number: a write at block n is a
// new key ending in the bitwise complement of n (big-endian), so a forward
// seek from "key, ^n" lands on the newest version at or before n. Reading a
// finalized checkpoint is therefore a plain seek, with no copy of the state
// per block; a node that becomes empty again is written as an empty value (a
// tombstone for that version on), so only non-empty nodes and those
// transitions are stored, never the 2^depth zero subtrees. All key prefixes
// are listed in schema.go.
//
// # Atomicity
//
// A block — its tree nodes, accounts, contracts, checkpoint and the head
// pointer — is one pebble batch committed with fsync. A process killed in the
// middle of a block reopens at the last complete block: pebble's WAL replays
// whole batches or nothing. Versions above the head can never be observed
// because the head moves in the same batch that writes them.
//
// Rejected alternative: one copy of every touched tree per checkpoint (simple
// reads, but storage grows with tree size per block instead of with changes).
package store
