// Package consensus is the validators' side of a block (DESIGN.md
// "Validators"; seed 000 §5): a validator set with stakes from a genesis
// file, the checks a validator makes before voting, BLS12-381 votes, their
// tally into quorum certificates, and slashing evidence.
//
// A validator votes for block n only after it has (1) re-verified the PoH
// slots the block covers, continuing its own chain; (2) checked the block's
// contents: its end caps and those it carries (EndCaps, Waiting) are
// exactly the end caps the previous block left waiting plus every event of
// the new slots, each once, split by sequencer.Pick (the earliest of each
// user), with each applied or newly waiting end cap's data checked, so the
// leader chooses nothing; (3) checked the CHKP chain: CHKP(n)'s preimage
// hashes to it, its number is n, its parent is the CHKP it voted for at
// n−1, its chain tag is the parent's, its PoH hash is the block's final PoH
// hash, and its end-cap accumulator is that of the block's end caps
// (state.EndCapAccumulator over their header hashes); and (4) verified the
// block proof of CHKP(n−1) → CHKP(n), which binds that accumulator to what
// the proof applied. The vote signs
// (chain id, n, CHKP(n), PoH hash) under the POP ciphersuite (package bls).
//
// The tally counts each validator's stake once per height, for the first
// target it voted for. Votes with a bad signature, from an unknown
// validator, for another chain, or for a block this node has not verified
// are refused. A second vote for the same target is a no-op. A vote for
// another target at the same height is equivocation: both signed votes are
// kept as slashing evidence (once per validator and height), and the
// equivocator's stake no longer counts at that height. When the stake for
// one target reaches two thirds of the total (3·s ≥ 2·total), the tally
// returns a quorum certificate: the aggregate signature of the signers and
// their bitmap (bit i = validator i of the set's order), checkable by
// anyone with the genesis set (VerifyQC: one pairing check). Only
// validators whose proof of possession is in genesis are in the set, which
// makes the fast aggregate verification safe against rogue keys.
//
// In the terms of seed 003 (Züs): a vote is a verification ticket (round =
// block number, block id = (CHKP, PoH hash), verifier id = validator index,
// signature), and a quorum certificate is the notarization — the tickets
// compressed to one aggregate signature and a bitmap, so it is 96 bytes
// plus a bit per validator whatever the set's size.
//
// Leader failure (seed 000 §5.6–5.9): the set's order is by stake, then
// public key (highest first); validator 0 leads (runs the sequencer) and
// signs its proposals. A validator accepts a proposal from the current
// leader, or from the validator k places after it if the proposal's own
// PoH chain shows at least k·TimeoutTicks ticks between the previous block
// and its first end cap: the timeout is measured by PoH, which every
// validator re-verifies, not by anyone's clock, and a leader that is merely
// slow cannot be skipped before the chain proves the time passed. The new
// leader continues the chain from the end of the last block it verified
// (Signer.SequencerState → sequencer.RestoreCore, with the end caps the
// last block left waiting, holding its first block for the timeout with
// Core.HoldFor); once a validator accepts its block it is that validator's
// leader (an old leader coming back is k = n−1
// places behind and must wait out n−1 timeouts). End caps the failed
// leader sequenced but did not get into a finalized block are resubmitted
// by their users (their references to its hashes stay valid as long as
// they are recent). Two leaders racing for one height are resolved by the
// quorum: only one block per height can gather 2/3, and validators voting
// for both leave equivocation evidence. The network side is in packages
// validator and node: proposals and votes on JetStream streams, and the
// leader's signed heartbeats (Heartbeat), whose silence starts the next
// leader's clock.
package consensus
