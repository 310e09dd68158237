package prover

import "errors"

var (
	ErrSystem      = errors.New("prover: wrong proof system for this operation")
	ErrEncoding    = errors.New("prover: malformed encoding")
	ErrVerify      = errors.New("prover: proof does not verify")
	ErrKeyMissing  = errors.New("prover: key not in cache")
	ErrKeyImport   = errors.New("prover: imported key does not match the circuit")
	ErrSRSTooSmall = errors.New("prover: SRS too small for the circuit")
	ErrVerifyOnly  = errors.New("prover: verifying keys only (Setup.VerifyOnly): cannot prove")
)
