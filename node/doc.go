// Package node is the production wiring of a PARTH node (DESIGN.md, the
// whole pipeline as one service): ingress, admission, the PoH sequencer and
// its journal, the proving network's scheduler over NATS JetStream, the
// validators, and the L1 anchor. `parth node` and the end-to-end tests use
// it, so the tests exercise what operators run.
//
// This file records the decisions; the pieces land one by one (issue 13).
//
// Status is derived, never kept twice. An end cap is named by its hash
// (state.EndCapHeader.Event, the value mixed into PoH), so a resubmission
// is the same resource. Its stage comes from the records each component
// already writes durably, in pipeline order:
//
//	sequenced  the sequencer's journal has its event (fsynced before the
//	           submission is acknowledged): journal.Lookup
//	included   the journal has the cut block that includes it
//	executed   the chain's head is at or past that block (applied natively
//	           from the end caps' deltas as soon as the block is cut, so the
//	           next block's parent is known before this one is proven)
//	proven     the aggregator stored the block's proven checkpoint
//	finalized  the node stored the block's quorum certificate
//	anchored   the node stored the block's L1 transaction
//
// A crash between two of these writes leaves an end cap at the earlier
// stage; the restarted pipeline redoes the later one from the records (a
// block is re-proven by the aggregator from its stored job results,
// re-voted, re-anchored — idempotently on L1). Nothing in memory is the
// only copy of an acknowledged end cap.
//
// The node's own records (namespace "node" in the chain's pebble store):
//
//	q ‖ block (8 bytes BE)  the block's quorum certificate (consensus codec)
//	a ‖ block (8 bytes BE)  the hash of the L1 transaction that anchored it
//
// The simulated L1 (go-ethereum's simulated backend) resets to its genesis
// whenever it starts — the backend forks back to block 0 by design, a data
// directory does not change that (measured) — so a node on the simulated
// L1 deploys the Rollup again at start and re-anchors its finalized blocks
// in order; with a fixed deployer key the Rollup's address is the same
// every time. A node on a real L1 (JSON-RPC) deploys once and resumes.
package node
