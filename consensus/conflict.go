package consensus

import (
	"errors"
	"fmt"
)

// Conflict is two valid quorum certificates at one height for different
// targets: proof that validators holding at least a third of the stake
// signed both (two sets of ≥ 2/3 meet in ≥ 1/3). It is the accountability
// that needs no individual vote: signers whose keys sum to the identity,
// or whose single votes were never seen, are named by the bitmaps, which
// the aggregate signatures bind.
type Conflict struct {
	A, B *QC
}

// ErrNoConflict is a pair of certificates that proves nothing.
var ErrNoConflict = errors.New("consensus: not conflicting certificates")

// Verify checks the two certificates under s and returns the validators
// that signed both, by index in the set.
func (c *Conflict) Verify(s *ValidatorSet) ([]int, error) {
	if c.A == nil || c.B == nil {
		return nil, fmt.Errorf("%w: a certificate is missing", ErrNoConflict)
	}
	if c.A.Chain != c.B.Chain || c.A.Block != c.B.Block {
		return nil, fmt.Errorf("%w: blocks %d and %d", ErrNoConflict, c.A.Block, c.B.Block)
	}
	if c.A.Target == c.B.Target {
		return nil, fmt.Errorf("%w: both certify the same target", ErrNoConflict)
	}
	if err := VerifyQC(s, c.A); err != nil {
		return nil, fmt.Errorf("%w: the first: %v", ErrNoConflict, err)
	}
	if err := VerifyQC(s, c.B); err != nil {
		return nil, fmt.Errorf("%w: the second: %v", ErrNoConflict, err)
	}
	var both []int
	var stake uint64
	for i, v := range s.Validators {
		if c.A.Signed(i) && c.B.Signed(i) {
			both = append(both, i)
			stake += v.Stake
		}
	}
	// Quorum intersection: a violation here would mean VerifyQC accepted
	// a certificate without quorum.
	if 3*stake < s.Total {
		panic(fmt.Sprintf("consensus: two quorums meet in %d of %d stake", stake, s.Total))
	}
	return both, nil
}
