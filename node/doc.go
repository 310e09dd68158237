// Package node is the production wiring of a PARTH node (DESIGN.md, the
// whole pipeline as one service): ingress, admission, the PoH sequencer and
// its journal, the proving network's scheduler over NATS JetStream, the
// validators, and the L1 anchor. `parth node` and the end-to-end tests use
// it, so the tests exercise what operators run.
//
// This file records the decisions.
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
// Submissions (submissions.go; the API's names for the stages). The id is
// the end cap's hash, so a submission is content-addressed. The API says
// sequenced, included (with result "applied" once executed: the API keeps
// the status, where the pipeline is, apart from the result, what it did to
// the account), proven, finalized, anchored; and dropped, a terminal
// failure: journaled by this node as a leader that lost the lead before it
// cut a block with it (Tracker.Pending: not in the driver's queue, nor, on
// a follower, in the queue the followed leader's last block left). A
// dropped end cap may be submitted again, and its nonce is free. Another
// end cap with a user and nonce a live one has is 409 nonce_conflict,
// naming the other: the index 'n' is written without a sync of its own just
// before the sequencer journals the end cap with fsync, in the same pebble
// write-ahead log, and trusted only for an id the journal holds (a crash
// between the two leaves an entry for an id that is not journaled, which
// is ignored). Clients follow a submission by long-poll (?wait=STATUS,
// at most MaxWait) or server-sent events (/events, until a terminal
// status), both woken by the pipeline's beacon (rung at each cut and each
// stage's advance) rather than by polling the records.
//
// Reads (reads.go): every answer a client should not take on trust comes
// with what checks it. A checkpoint comes with its preimage (hash it), its
// block proof, its quorum certificate and its anchor as far as they exist;
// an account with its GUSR path, a contract with its GCON path, a state
// slot with CSTATE → UCON → GUSR → CHKP, and any tree leaf
// (/v1/trees/{tree}/leaves/{i}) with its path to the tree's root, which the
// client checks against a root it verified (api's Verify methods). Blocks
// are listed newest first with opaque page tokens (a versioned cursor, so
// the encoding can change without breaking clients that pass it back).
//
// The node's own records (namespace "node" in the chain's pebble store):
//
//	q ‖ block (8 bytes BE)  the block's quorum certificate (consensus codec)
//	a ‖ block (8 bytes BE)  the hash of the L1 transaction that anchored it
//	n ‖ user ‖ nonce (8+8)  the id of the end cap that took the nonce (an index)
//
// The simulated L1 (go-ethereum's simulated backend) resets to its genesis
// whenever it starts — the backend forks back to block 0 by design, a data
// directory does not change that (measured) — so a node on the simulated
// L1 deploys the Rollup again at start and re-anchors its finalized blocks
// in order; with a fixed deployer key the Rollup's address is the same
// every time. A node on a real L1 (JSON-RPC) deploys once and resumes.
// The pipeline (Node.Run) is a stage per step, each following the one
// before it by block number and reading its inputs from the records, not
// from the stage before it in memory: the executor applies each block as
// it is cut; the prove stage proves block n once it is executed (the
// aggregator resumes from its stored job results); the finalize stage has
// the validators vote once it is proven and stores the certificate; the
// anchor stage submits once it is finalized. Each stage's progress after a
// restart is read back from the records, so a restart is the same code path
// as a run, and block n+1 is sequenced and proven while block n is voted on
// and anchored.
//
// In-process validators (Config.Validators, development keys from public
// seeds) check every block in order and store their state with their vote
// ('v' ‖ index: consensus.SignerState and the vote) before the vote is
// counted. Restarted, a validator gives the same vote for the block it
// signed and refuses to sign another at that height (EIP-3076's "last
// signed" record). The node is the leader (validator 0) and signs
// proposals with its key.
//
// The PoH chain is paced (DefaultPoH, DefaultTickInterval: 40,000 hashes
// a second), so an idle node costs well under 1% of a core, and so does
// each validator re-hashing it. A block carries every slot since the block
// before it (validators verify the chain end to end), so an idle stretch
// grows the next block by ~2 KB a second: the proposal codec's 64 MiB
// bound is ~9 hours idle at the default pace. Known limit, to lift with the
// remote validators: stream slots to validators as they are made, so a
// proposal names its slot range instead of carrying it.
//
// Leading and following (Config.Index; follow.go). A node is one
// validator of the set (its own runs in the process). It leads while
// its validator takes it as the chain's leader, or after it took over
// (the 'L' record). Otherwise it follows: its validator votes on each
// proposal from the stream, in order, and publishes the vote; the node
// stores the proposal ('P' ‖ block: the proof it anchors and serves),
// journals the block with the sequencer state a takeover starts from
// (journal.Follow: the state after the block, its waiting end caps
// included), and executes it natively, which must give the proven
// checkpoint. Its prove stage skips followed blocks, its finalize stage
// makes their certificate from the votes stream, and it anchors them on
// its own L1. Liveness is the leader's signed heartbeat, every second on
// core NATS (consensus.Heartbeat): proposals alone cannot tell a leader
// busy proving from a dead one. A follower k places after the leader
// takes over once it has heard neither a heartbeat nor a proposal for
// k·TakeoverAfter; it journals its sequencer's state with the hold of
// k·TimeoutTicks ticks (sequencer.Core.HoldFor, during which the core
// takes no end cap, so the takeover block opens with the idle ticks the
// validators check) and the lead record, then runs the pipeline as the
// leader. The heartbeat decides when, never whether a block is valid: a
// forged or suppressed one can make a takeover early or late, and the
// quorum still admits one block per height. TakeoverAfter defaults to 2
// minutes, above a restart with cached keys, so that a restart does not
// hand the chain over. An old leader coming back follows the new one when
// every block it cut was voted for by its validator (they are the
// chain's): it learns of the new leader from a later proposal (chooseRole)
// or, before there is one, from the new leader's heartbeats, which a node
// about to lead listens for during ClaimWait (deferToClaim; two leaders
// would split the votes). With blocks nobody finalized it refuses to run
// (ErrLostLead) and must start over on a new data directory. End caps a
// leader acknowledged but did not propose before it lost the lead are not
// carried over: their users submit them again. Not handled: a leader cut
// off from NATS while alive (it stalls without a quorum; hearing the other
// leader's heartbeats again it logs an error).
package node
