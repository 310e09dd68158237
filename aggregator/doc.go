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
// level (~240 constraints) where a separate climb proof would cost a whole
// node (~4.6 M), so a block of n users costs n − 1 node proofs (one Single
// task for a lone user) and the depth is at most 32 merges + the block.
package aggregator
