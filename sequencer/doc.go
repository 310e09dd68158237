// Package sequencer orders end caps with Proof of History and cuts them
// into blocks (DESIGN.md "Sequencer, PoH, validators, L1"; seed 000).
//
// Data flow: a user's end cap (its hash, the user, and the recent PoH hash
// the user saw) is submitted; the sequencer mixes its hash into the PoH
// chain — its position is its timestamp — and queues it. At the end of
// every slot the queued end caps become the next block, ordered by PoH
// position, at most one per user: a user's later end caps wait for the
// next block, keeping their positions (so they come first there). The block
// carries the slots it covers and the slot's final PoH hash, which
// CHKP(n) commits to; it goes to the aggregator to be proven, then to the
// validators (package consensus), then to L1 (contracts/anchor).
//
// Core is deterministic and does no I/O: it is driven by Run/Tick calls
// and submissions, so tests replay it exactly. Driver is the thin loop
// around it: it hashes flat out on one core in batches, takes submissions
// between batches and hands finished blocks to a channel.
//
// Durability (package sequencer/journal, in the node's pebble store): an accepted submission
// is fsynced before Submit acknowledges it, with group commit: the
// submissions waiting when the driver looks are sequenced in order and
// written in one batch with one fsync (MaxGroup at most), so the fsync's
// cost is shared by what arrived during the previous one; each cut block
// is written when it is cut (after the events it names); a snapshot of the core is written at cuts and every few
// slots. The chain after the last submission is deterministic — plain
// hashes and ticks — so a restarted sequencer restores the snapshot,
// replays the journaled submissions after it at their positions, and
// recomputes the same hashes, ticks and blocks the stopped one produced
// (blocks cut again are the same blocks, by number). Ticks clients saw
// remain valid references.
//
// Decisions:
//   - A slot with no end caps makes no block (there is nothing to prove);
//     the next block covers every slot since the previous block, so its
//     validators re-verify the whole chain between the two. Block numbers
//     count blocks, not slots.
//   - A refused submission (unknown or stale reference, a hash already
//     sequenced, a full queue) changes nothing: it is not mixed in.
//   - Leader failure (seed 000 §5.6–5.9) is handled in consensus: the next
//     validator by stake takes over after a timeout measured in PoH ticks
//     without a block from the leader (consensus.ValidatorSet.TakeoverTicks).
package sequencer
