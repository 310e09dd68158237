// Package aggregator plans and runs a block's aggregation tree: the proofs
// that fold a block's end caps into one block proof.
//
// # The tree
//
// The tree mirrors GUSR compressed to its branch points (plan.go): a node
// task exists only where two changed subtrees meet (their lowest common
// ancestor); each child — an end cap, i.e. a user's leaf, or another task's
// subtree — climbs to it with its unchanged siblings as Merkle witnesses
// inside the task. A climb inside a task costs one Poseidon2 permutation per
// level (~216 constraints) where a separate climb proof would cost a whole
// node (~4.1 M), so a block of n ≥ 2 users costs n − 1 node proofs and
// the depth is at most 32 merges + the block. A block with one user whose
// end cap is an end node's proof needs no node: the block circuit reads the
// end cap itself and climbs it to the GUSR root (~18 k constraints against
// a whole 4.1 M node proof). A one-proof cap (the wrapper's cap mode, a
// one-call session) is under another key than the node's, which the block
// circuit fixes, so a lone one goes through a Single node.
// Fold is the tree's native twin.
//
// # Jobs and the scheduler
//
// A task becomes a NodeJob (its children's statements and proofs and every
// sibling it climbs past), the root a BlockJob; end caps the users did not
// prove go out as session.EndCapJobs. A job's id is the hash of its
// canonical encoding. The decisions are a deterministic core, schedule
// (schedule.go: no I/O, goroutines or clock; results, ticks and the stored
// results of a restart go in, "store", "publish", "done" and "fail" come
// out), whose every path has a unit test. Aggregator.Prove (run.go) is its
// driver: it publishes each job once its inputs are proven, verifies every
// result against the natively computed statement before using it, stores
// it in the store's records before acking it, and resumes from stored
// results after a restart (a job only a stored job needed is not proven
// again). Rejected results are retried with a doubling backoff and at most
// MaxRejected times; JobTimeout, if set, republishes a job with no result. Worker.Handle is the prover side (`parth prover`); a worker handed
// a copy of a job already proven returns the valid published result.
//
// End-cap jobs are checked natively before they are queued
// (session.NetworkKeys.CheckEndCapJob: every step, CFC and signature proof against
// its key, the step chain, the signature statement — milliseconds), so a job
// that cannot prove never costs a worker minutes.
//
// # Records and progress
//
// Each accepted result is a JobRecord (job id, worker, delivery, time,
// proof) under (block, kind, index) in the store's "aggregator" records,
// written with fsync before the result is acked; the proven checkpoint is
// the block's last record (Records reads a block back). Progress reports
// jobs accepted of the block's total after each one, and the log says the
// same.
//
// # Faults
//
// Delivery is at least once (NATS JetStream, explicit acks, AckWait with
// heartbeats): a killed worker's job is redelivered after AckWait; results
// are idempotent (a duplicate, or a late copy of a settled job, is
// ignored; a job's record is written once); invalid results are rejected
// and the job retried; an aggregator restarted with the same store resumes
// from its records; the embedded server keeps its streams on disk, so jobs
// survive a NATS restart. TestTwoUsersTwoBlocks runs all of these on the
// way to two real block proofs.
package aggregator
