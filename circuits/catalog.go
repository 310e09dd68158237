package circuits

import (
	"github.com/consensys/gnark/frontend"

	"github.com/parthnet/parth/circuits/cfc"
	"github.com/parthnet/parth/circuits/node"
	"github.com/parthnet/parth/circuits/sig"
	"github.com/parthnet/parth/circuits/ups"
)

// Entry is one circuit of the protocol.
type Entry struct {
	Name string
	// User circuits are PLONK with the user-circuit shape; protocol
	// circuits are Groth16.
	User  bool
	Shape func() frontend.Circuit
}

// Catalog lists every circuit, for key setup and the constraint table
// (bench/constraints.csv, `make stats`). The wrapper is listed by
// WrapEntry: its shape needs the SRS part of a user circuit's key.
func Catalog() []Entry {
	return []Entry{
		{Name: "cfc/rubies.buyRubies", User: true, Shape: func() frontend.Circuit { return cfc.NewBuyRubies() }},
		{Name: "cfc/usdt.transfer", User: true, Shape: func() frontend.Circuit { return cfc.NewTransfer() }},
		{Name: "cfc/usdt.claim", User: true, Shape: func() frontend.Circuit { return cfc.NewClaim() }},
		{Name: "sig/eddsa-bjj", User: true, Shape: func() frontend.Circuit { return &sig.EdDSA{} }},
		{Name: "sig/ecdsa-secp256k1", User: true, Shape: func() frontend.Circuit { return &sig.ECDSA{} }},
		// The standard signature circuits, as Groth16 protocol circuits the
		// end node verifies directly (their PLONK builds above are user
		// circuits, verified through the wrapper).
		{Name: "sig/eddsa-bjj.groth16", Shape: func() frontend.Circuit { return &sig.EdDSA{} }},
		{Name: "sig/ecdsa-secp256k1.groth16", Shape: func() frontend.Circuit { return &sig.ECDSA{} }},
		{Name: "ups/start", Shape: func() frontend.Circuit { return ups.NewStart() }},
		{Name: "ups/step", Shape: func() frontend.Circuit { return ups.NewStep() }},
		{Name: "node", Shape: func() frontend.Circuit { return node.New() }},
	}
}
