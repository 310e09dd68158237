// Package jobs is PARTH's distributed job engine: NATS JetStream work
// queues between the aggregator and prover workers.
//
//	PARTH_JOBS     work-queue stream, subjects parth.jobs.<kind>, file
//	               storage; one durable pull consumer "workers" shared by
//	               every worker (explicit ack, AckWait, MaxDeliver).
//	PARTH_RESULTS  results, subjects parth.results.<job id>; the
//	               aggregator's durable consumer reads them.
//	PARTH_DEAD     the server's max-deliveries advisories for PARTH_JOBS,
//	               captured in a stream so a dead letter is never lost even
//	               when no aggregator is listening.
//
// Decisions:
//   - A job's id is the hash of its inputs (the caller's); it is the
//     publish's Nats-Msg-Id, so submitting the same job twice inside the
//     duplicate window stores it once. A retry after a rejected result
//     uses id/attempt as its message id.
//   - Workers heartbeat with InProgress every AckWait/3 while a handler
//     runs, so a long proof is never redelivered while its worker lives; a
//     killed worker stops heartbeating and the job is redelivered after
//     AckWait.
//   - A worker publishes the result, then acks the job. Killed in between,
//     the job is redelivered and a second result published: results are
//     keyed by job id and the consumer (the aggregator) keeps the first
//     valid one, so duplicates are harmless.
//   - A handler error naks the job (redelivered at once, to any worker);
//     after MaxDeliver deliveries the server gives up and its advisory
//     lands in PARTH_DEAD.
//   - Server embeds nats-server with JetStream on a data directory (the
//     aggregator's default); Connect takes any NATS URL, so workers on
//     other machines and an external cluster work the same way.
package jobs
