package state

import (
	"errors"
	"fmt"
)

var (
	ErrNoGenesis           = errors.New("state: store has no genesis block")
	ErrGenesisExists       = errors.New("state: store already has a genesis block")
	ErrUnknownCheckpoint   = errors.New("state: no finalized checkpoint with that number")
	ErrStaleCheckpoint     = errors.New("state: end cap reads a checkpoint outside the block's window of recent checkpoints")
	ErrUserMoved           = errors.New("state: the user's account changed after the checkpoint the end cap read")
	ErrUnknownUser         = errors.New("state: user has no account")
	ErrUnknownContract     = errors.New("state: contract is not deployed")
	ErrUnknownFunction     = errors.New("state: contract has no such function")
	ErrNotWhitelisted      = errors.New("state: function is not in the contract's whitelist")
	ErrBadArgs             = errors.New("state: wrong number of arguments")
	ErrBadNonce            = errors.New("state: session nonce is not the account's nonce (replay or gap)")
	ErrDuplicateUser       = errors.New("state: second session for the same user in one block")
	ErrForeignWrite        = errors.New("state: session writes a tree it does not own")
	ErrEndCapMismatch      = errors.New("state: end cap does not match the session's execution")
	ErrBadSignature        = errors.New("state: signature does not verify")
	ErrWrongKey            = errors.New("state: signing key is not the user's public key")
	ErrUnknownScheme       = errors.New("state: unknown signature scheme")
	ErrOverflow            = errors.New("state: biguint overflow")
	ErrUnderflow           = errors.New("state: biguint underflow")
	ErrNotUint             = errors.New("state: value is not a 64-bit biguint")
	ErrAssert              = errors.New("state: contract assertion failed")
	ErrEmptySession        = errors.New("state: session has no calls")
	ErrBadGenesis          = errors.New("state: invalid genesis")
	ErrCheckpointMismatch  = errors.New("state: read proof does not lead to the checkpoint")
	ErrCommitOutOfSequence = errors.New("state: commit is not the block after the head")
	ErrBadDeltas           = errors.New("state: the end cap's state deltas do not reproduce its UCON transition")
)

// AssertError is a failed `assert(cond, message)` in contract code.
type AssertError struct {
	Contract string
	Function string
	Message  string
}

func (e *AssertError) Error() string {
	return fmt.Sprintf("state: %s.%s: assertion failed: %s", e.Contract, e.Function, e.Message)
}

// Is makes errors.Is(err, ErrAssert) true for every AssertError.
func (e *AssertError) Is(target error) bool { return target == ErrAssert }
