package sig

import (
	"fmt"

	"github.com/consensys/gnark/frontend"
)

// commitShape gives the circuit the one BSB22 commitment every user circuit
// has, by committing to its public statement. (A CFC gets it from its range
// checks.) The commitment is a sound, ordinary use of the committer; it only
// exists so that one recursive verifier shape fits all user circuits.
func commitShape(api frontend.API, v frontend.Variable) error {
	committer, ok := api.(frontend.Committer)
	if !ok {
		return fmt.Errorf("sig: builder cannot commit (compile for PLONK)")
	}
	_, err := committer.Commit(v)
	return err
}
