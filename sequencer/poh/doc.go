// Package poh is PARTH's Proof of History (seed 000, §3; DESIGN.md
// "Sequencer"): a SHA-256 hash chain that proves time passed between the
// events mixed into it.
//
// The chain: h ← SHA-256(h) for a plain hash; h ← SHA-256(h ‖ m) to mix an
// event in, where m = SHA-256("PARTH/poh/event" ‖ ref ‖ data): data is
// the event (an accepted end cap's hash) and ref the recent PoH hash the
// client saw (seed 000, "consistency": a generator cannot move an event to
// before the hash it references). Every hash is counted; an event's count
// — its position — is its timestamp.
//
// The chain is published as entries {NumHashes, Hash, Mixins}: starting at
// the previous entry's Hash, NumHashes−len(Mixins) plain hashes, then one
// mixing hash per mixin, in order, end at Hash. An entry without mixins is a
// tick; every tick closes exactly HashesPerTick hashes, so an entry with
// mixins must leave room for its tick, and a slot is TicksPerSlot ticks.
// Because each entry starts at the previous one's published hash, entries
// can be checked independently: Verify splits a slot into segments of about
// equal hash counts and checks them on all cores.
//
// References: an event's ref must be the hash of an entry published at
// most MaxRefAge ticks before it (the recorder refuses others; the
// verifier checks the same rule, so a slot carrying an event with an unknown
// or stale reference is invalid).
//
// The Recorder is deterministic and does no I/O (no clock, no goroutines):
// the sequencer's driver calls Hash in batches, Record when an event arrives
// and Tick when one is due.
package poh
