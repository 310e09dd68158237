package smt

import "errors"

var (
	ErrIndexOutOfRange  = errors.New("smt: leaf index out of range")
	ErrDepthMismatch    = errors.New("smt: proof depth does not match the tree")
	ErrOldRootMismatch  = errors.New("smt: old value and siblings do not hash to the old root")
	ErrNewRootMismatch  = errors.New("smt: new value and siblings do not hash to the new root")
	ErrRootMismatch     = errors.New("smt: value and siblings do not hash to the root")
	ErrStaleRoot        = errors.New("smt: proof starts from a root other than the tree's")
	ErrOldValueMismatch = errors.New("smt: proof's old value is not the leaf's current value")
	ErrChainBroken      = errors.New("smt: delta proofs do not chain (new root of one is not the old root of the next)")
	ErrEncoding         = errors.New("smt: malformed proof encoding")
)
