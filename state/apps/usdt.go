package apps

import (
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/parthnet/parth/state"
)

// USDT is the seed's token contract. Balances live in claimedFrom[own id];
// a transfer only raises sentTo[to] in the sender's own tree, and the
// receiver claims it in a later block by reading the sender's sentTo at the
// checkpoint.
func USDT() *state.Contract {
	c := &state.Contract{
		Name: "USDTContract",
		Vars: []state.Var{{Name: "sentTo", Map: true}, {Name: "claimedFrom", Map: true}},
	}
	sentTo, claimedFrom := c.Slot("sentTo"), c.Slot("claimedFrom")
	c.Functions = []state.Function{
		{
			Name:   "transfer",
			Params: []string{"to", "amount"},
			Run: func(ctx *state.Context, args []fr.Element) error {
				to, err := state.ArgUser(args, 0)
				if err != nil {
					return err
				}
				amount, err := state.ArgUint(args, 1)
				if err != nil {
					return err
				}
				me := uint32(ctx.UserID())
				if err := ctx.Assert(to != ctx.UserID(), "you cannot send tokens to yourself"); err != nil {
					return err
				}
				bal, err := ctx.Get(claimedFrom, me)
				if err != nil {
					return err
				}
				if err := ctx.Assert(bal >= amount, "insufficient balance"); err != nil {
					return err
				}
				if err := ctx.Set(claimedFrom, me, bal-amount); err != nil {
					return err
				}
				sent, err := ctx.Get(sentTo, uint32(to))
				if err != nil {
					return err
				}
				if sent, err = state.Add(sent, amount); err != nil {
					return err
				}
				return ctx.Set(sentTo, uint32(to), sent)
			},
		},
		{
			Name:   "claim",
			Params: []string{"from"},
			Run: func(ctx *state.Context, args []fr.Element) error {
				from, err := state.ArgUser(args, 0)
				if err != nil {
					return err
				}
				me := uint32(ctx.UserID())
				if err := ctx.Assert(from != ctx.UserID(), "you cannot claim tokens from yourself"); err != nil {
					return err
				}
				totalSent, err := ctx.ContractFor(from).Get(sentTo, me)
				if err != nil {
					return err
				}
				totalClaimed, err := ctx.Get(claimedFrom, uint32(from))
				if err != nil {
					return err
				}
				if err := ctx.Assert(totalSent > totalClaimed, "no tokens to claim"); err != nil {
					return err
				}
				claimAmount := totalSent - totalClaimed
				if err := ctx.Set(claimedFrom, uint32(from), totalSent); err != nil {
					return err
				}
				bal, err := ctx.Get(claimedFrom, me)
				if err != nil {
					return err
				}
				if bal, err = state.Add(bal, claimAmount); err != nil {
					return err
				}
				return ctx.Set(claimedFrom, me, bal)
			},
		},
	}
	return c
}

// Transfer is a call of USDT.transfer on the contract deployed at id.
func Transfer(id state.ContractID, to state.UserID, amount uint64) state.Call {
	return state.Call{Contract: id, Function: 0, Args: []fr.Element{uintArg(uint64(to)), uintArg(amount)}}
}

// Claim is a call of USDT.claim on the contract deployed at id.
func Claim(id state.ContractID, from state.UserID) state.Call {
	return state.Call{Contract: id, Function: 1, Args: []fr.Element{uintArg(uint64(from))}}
}

// Balance reads a user's USDT balance at a checkpoint.
func Balance(v *state.View, id state.ContractID, u state.UserID) (uint64, error) {
	return readUint(v, u, id, state.SlotIndex(1, uint32(u)))
}

func readUint(v *state.View, u state.UserID, id state.ContractID, index uint64) (uint64, error) {
	val, err := v.Tree(state.CStateTree(u, id)).Get(index)
	if err != nil {
		return 0, err
	}
	return state.ToUint(val)
}
