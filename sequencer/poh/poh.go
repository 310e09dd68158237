package poh

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
)

// Hash is a SHA-256 hash.
type Hash [32]byte

func (h Hash) String() string { return hex.EncodeToString(h[:]) }

// Mixin is an event mixed into the chain: Data (an end cap's hash) and Ref,
// the recent PoH hash the client saw.
type Mixin struct {
	Data Hash
	Ref  Hash
}

var eventTag = []byte("PARTH/poh/event")

// Sum is the value mixed into the chain.
func (m Mixin) Sum() Hash {
	s := sha256.New()
	s.Write(eventTag)
	s.Write(m.Ref[:])
	s.Write(m.Data[:])
	var h Hash
	s.Sum(h[:0])
	return h
}

// Entry is a published piece of the chain.
type Entry struct {
	NumHashes uint64
	Hash      Hash
	Mixins    []Mixin
}

// IsTick reports whether e is a tick (no mixins).
func (e *Entry) IsTick() bool { return len(e.Mixins) == 0 }

// Config are the chain's lengths.
type Config struct {
	HashesPerTick uint64 // hashes in a tick (≥ 2)
	TicksPerSlot  uint64 // ticks in a slot (≥ 1)
	MaxRefAge     uint64 // how many ticks back an event's reference may be
}

// Validate checks the lengths.
func (c Config) Validate() error {
	if c.HashesPerTick < 2 {
		return fmt.Errorf("poh: hashes per tick %d, need at least 2 (an event and its tick)", c.HashesPerTick)
	}
	if c.TicksPerSlot < 1 {
		return errors.New("poh: ticks per slot must be at least 1")
	}
	if c.MaxRefAge < 1 {
		return errors.New("poh: max reference age must be at least 1 tick")
	}
	return nil
}

// HashesPerSlot is the hash count of a slot.
func (c Config) HashesPerSlot() uint64 { return c.HashesPerTick * c.TicksPerSlot }

// mix is one mixing hash.
func mix(h Hash, m Hash) Hash {
	var buf [64]byte
	copy(buf[:32], h[:])
	copy(buf[32:], m[:])
	return sha256.Sum256(buf[:])
}

// extend runs n plain hashes from h: the loop the chain's speed is, kept
// as bare as a plain sha256 loop (a [32]byte in the loop, nothing else).
func extend(h Hash, n uint64) Hash {
	x := [32]byte(h)
	for ; n > 0; n-- {
		x = sha256.Sum256(x[:])
	}
	return Hash(x)
}

// Replay computes the hash an entry ends at, starting from start.
func (e *Entry) Replay(start Hash) (Hash, error) {
	k := uint64(len(e.Mixins))
	if e.NumHashes < k || e.NumHashes == 0 {
		return Hash{}, fmt.Errorf("%w: %d hashes for %d mixins", ErrCount, e.NumHashes, k)
	}
	h := extend(start, e.NumHashes-k)
	for _, m := range e.Mixins {
		h = mix(h, m.Sum())
	}
	return h, nil
}

var (
	// ErrHash is an entry whose hash is not its replay.
	ErrHash = errors.New("poh: entry hash does not replay")
	// ErrCount is a hash count that breaks the tick/slot rules.
	ErrCount = errors.New("poh: wrong hash count")
	// ErrUnknownRef is an event referencing a hash the chain never published.
	ErrUnknownRef = errors.New("poh: event references an unknown PoH hash")
	// ErrStaleRef is an event referencing a hash older than MaxRefAge ticks.
	ErrStaleRef = errors.New("poh: event references a PoH hash that is too old")
	// ErrTickDue is a Record with no room left before the tick.
	ErrTickDue = errors.New("poh: tick due")
)
