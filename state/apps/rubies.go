package apps

import (
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/parthnet/parth/state"
)

// RubyPrice is the price of one ruby in diamonds.
const RubyPrice = 3

// DiamondsAndRubies is the seed's game contract:
//
//	contract DiamondsAndRubiesExampleContract {
//	  var rubyBalance biguint;
//	  var diamondBalance biguint;
//	  fn buyRubies(numRubies: biguint);
//	}
func DiamondsAndRubies() *state.Contract {
	c := &state.Contract{
		Name: "DiamondsAndRubiesExampleContract",
		Vars: []state.Var{{Name: "rubyBalance"}, {Name: "diamondBalance"}},
	}
	rubies, diamonds := c.Slot("rubyBalance"), c.Slot("diamondBalance")
	c.Functions = []state.Function{{
		Name:   "buyRubies",
		Params: []string{"numRubies"},
		Run: func(ctx *state.Context, args []fr.Element) error {
			numRubies, err := state.ArgUint(args, 0)
			if err != nil {
				return err
			}
			totalCost, err := state.Mul(numRubies, RubyPrice)
			if err != nil {
				return err
			}
			d, err := ctx.Get(diamonds, 0)
			if err != nil {
				return err
			}
			if err := ctx.Assert(d >= totalCost, "you do not have enough diamonds"); err != nil {
				return err
			}
			if err := ctx.Set(diamonds, 0, d-totalCost); err != nil {
				return err
			}
			r, err := ctx.Get(rubies, 0)
			if err != nil {
				return err
			}
			r, err = state.Add(r, numRubies)
			if err != nil {
				return err
			}
			return ctx.Set(rubies, 0, r)
		},
	}}
	return c
}

// BuyRubies is a call of buyRubies on the contract deployed at id.
func BuyRubies(id state.ContractID, numRubies uint64) state.Call {
	return state.Call{Contract: id, Function: 0, Args: []fr.Element{uintArg(numRubies)}}
}

func uintArg(v uint64) fr.Element {
	var e fr.Element
	e.SetUint64(v)
	return e
}
