package cfc

import (
	"github.com/consensys/gnark/frontend"

	"github.com/parthnet/parth/circuits/merkle"
	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/apps"
)

var rubiesABI = apps.DiamondsAndRubies()

// BuyRubies is DiamondsAndRubiesExampleContract.buyRubies:
//
//	const totalCost = numRubies*price;
//	assert(this.state.diamondBalance >= totalCost, "you do not have enough diamonds");
//	this.state.diamondBalance -= totalCost;
//	this.state.rubyBalance += numRubies;
type BuyRubies struct {
	Public    frontend.Variable `gnark:",public"`
	Header    Header
	NumRubies frontend.Variable
	Diamonds  merkle.Delta // diamondBalance: old → old − totalCost
	Rubies    merkle.Delta // rubyBalance: old → old + numRubies
}

// NewBuyRubies returns the circuit's shape for compiling.
func NewBuyRubies() *BuyRubies {
	return &BuyRubies{Diamonds: cstate.NewDelta(), Rubies: cstate.NewDelta()}
}

func (c *BuyRubies) Define(api frontend.API) error {
	e, err := bind(api, c.Public, &c.Header, 0, c.NumRubies)
	if err != nil {
		return err
	}
	n := e.u.Checked(c.NumRubies)
	totalCost := e.u.Mul(n, apps.RubyPrice)
	d := e.u.Checked(c.Diamonds.OldValue)
	e.u.AssertLE(totalCost, d) // "you do not have enough diamonds"
	api.AssertIsEqual(c.Diamonds.NewValue, api.Sub(d, totalCost))
	root := e.write(c.Header.Before, c.Diamonds, e.slot(rubiesABI.Slot("diamondBalance"), 0))

	r := e.u.Checked(c.Rubies.OldValue)
	api.AssertIsEqual(c.Rubies.NewValue, e.u.Add(r, n))
	root = e.write(root, c.Rubies, e.slot(rubiesABI.Slot("rubyBalance"), 0))
	api.AssertIsEqual(root, c.Header.After)
	return nil
}

// AssignBuyRubies builds the witness of call i of a natively executed session.
func AssignBuyRubies(r *state.SessionResult, i int) *BuyRubies {
	hdr := r.CFCHeader(i)
	c := &r.Calls[i]
	return &BuyRubies{Public: hashString(&hdr), Header: HeaderOf(&hdr), NumRubies: c.Args[0].String(),
		Diamonds: merkle.DeltaOf(&c.Writes[0]), Rubies: merkle.DeltaOf(&c.Writes[1])}
}

func hashString(h *state.CFCHeader) string {
	x := h.Hash()
	return x.String()
}
