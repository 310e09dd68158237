package session

import "errors"

var (
	ErrUnknownKey  = errors.New("session: no circuit with that verifying-key hash")
	ErrChain       = errors.New("session: steps do not chain from the start to the end root")
	ErrAttestation = errors.New("session: an attestation does not match the proof it names")
	ErrSignature   = errors.New("session: signature proof is not by the user's key over the payload")
	ErrProof       = errors.New("session: a proof does not verify")
	ErrBundleShape = errors.New("session: bundle is incomplete")
	ErrSequenced   = errors.New("session: a sequenced end cap is not its job")
)
