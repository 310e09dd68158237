// Package state is PARTH's state model and the protocol's native reference:
// plain Go that every circuit must later match.
//
// # Trees
//
//	CSTATE(user, contract)  depth 40  leaf = a value; index = slot<<32 | key
//	UCON(user)              depth 32  leaf = CSTATE root, index = contract id
//	GUSR                    depth 32  leaf = H(public key, UCON root, nonce), index = user id
//	GCON                    depth 32  leaf = H(whitelist root, metadata), index = contract id
//	whitelist(contract)     depth 8   leaf = identity of a function circuit, index = function id
//	history(n)              depth 8   leaf = H(m, CHKP(m)), index = m mod 256, for the 256 checkpoints before n
//	CHKP(n) = H(n, CHKP(n-1), GUSR root, GCON root, PoH hash (2 × 128 bits),
//	            chain tag C, history(n) root, end-cap accumulator)
//
// C = H(chain id, GUSR(0), GCON(0), PoH(0)) names the deployment and is the
// same in every checkpoint. The accumulator folds the header hashes of the
// block's end caps in GUSR order (EndCapAccumulator): what the block applied.
//
// CSTATE's 40 bits give each declared variable a slot (up to 256) and each map
// a 2^32 subtree keyed by user id, so `sentTo[to]` is one leaf. Scalars use key
// 0. An empty UCON leaf is the root of an empty CSTATE tree, so a contract the
// user never touched needs no node at all. Values are field elements; contract
// code reads them as `biguint`, which v1 fixes at 64 bits with checked
// arithmetic (overflow and underflow are errors, never wrap-around); circuits
// range-check to the same 64 bits.
//
// # Rules enforced here (and by the circuits later)
//
//   - A session writes only its own user's CSTATE and UCON trees; reads of any
//     other user go through View at the session's checkpoint, with a Merkle
//     path CSTATE → UCON → GUSR → CHKP (ReadProof).
//   - A session reads any of the K = 256 checkpoints before its block
//     (InWindow), so a slow prover is not made stale by the blocks cut while
//     it proves; its user's account must be unchanged since (key, nonce,
//     UCON root as of CHKP(n−1)), so a user who transacted since proves
//     again. One session per user per block; its nonce is the account's
//     nonce, which the block increments (a replay fails).
//   - The signature payload is H(C, user id, nonce, UCON start root, UCON end
//     root), signed with the key whose hash is in the user's GUSR leaf: a
//     signature for one chain is never valid on another.
//   - A block is applied atomically: all of it or nothing.
//
// Storage sits behind the Store interface (state/store is the pebble
// implementation; NewMemStore is the in-memory one for pure tests). This
// package never imports a database.
package state
