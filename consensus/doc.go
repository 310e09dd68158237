// Package consensus is the validators' side of a block (DESIGN.md
// "Validators"; seed 000 §5): a validator set with stakes from a genesis
// file, the checks a validator makes before voting, BLS12-381 votes, their
// tally into quorum certificates, and slashing evidence.
//
// A validator votes for block n only after it has (1) re-verified the PoH
// slots the block covers, continuing its own chain, with every end cap of
// the block an event of those slots at its position, (2) checked the CHKP
// chain: CHKP(n)'s preimage hashes to it, its number is n, its parent is the
// CHKP it voted for at n−1, and its PoH hash is the block's final PoH hash,
// and (3) verified the block proof of CHKP(n−1) → CHKP(n). The vote signs
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
// public key (highest first); the leader (the sequencer) is the first.
// When TimeoutTicks PoH ticks pass on a validator's own chain without a
// block from the leader, the next in order becomes the sequencer
// (Schedule.Leader); its blocks need the same quorum. Implemented here
// is the schedule itself — which validator leads after how many timeouts —
// not the network hand-over of the PoH chain.
package consensus
