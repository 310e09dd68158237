package cfc

import (
	"github.com/consensys/gnark/frontend"

	"github.com/parthnet/parth/circuits/hashing"
	"github.com/parthnet/parth/circuits/merkle"
	"github.com/parthnet/parth/circuits/model"
	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/apps"
)

var usdtABI = apps.USDT()

// Transfer is USDTContract.transfer:
//
//	assert(to !== this.userId, "you cannot send tokens to yourself");
//	assert(this.state.claimedFrom[this.userId] >= amount, "insufficient balance");
//	this.state.claimedFrom[this.userId] -= amount;
//	this.state.sentTo[to] += amount;
type Transfer struct {
	Public frontend.Variable `gnark:",public"`
	Header Header
	To     frontend.Variable
	Amount frontend.Variable
	Debit  merkle.Delta // claimedFrom[me]
	Credit merkle.Delta // sentTo[to]
}

func NewTransfer() *Transfer { return &Transfer{Debit: cstate.NewDelta(), Credit: cstate.NewDelta()} }

func (c *Transfer) Define(api frontend.API) error {
	e, err := bind(api, c.Public, &c.Header, 0, c.To, c.Amount)
	if err != nil {
		return err
	}
	me := c.Header.User
	e.userID(c.To)
	api.AssertIsDifferent(c.To, me) // "you cannot send tokens to yourself"
	amount := e.u.Checked(c.Amount)
	bal := e.u.Checked(c.Debit.OldValue)
	e.u.AssertLE(amount, bal) // "insufficient balance"
	api.AssertIsEqual(c.Debit.NewValue, api.Sub(bal, amount))
	root := e.write(c.Header.Before, c.Debit, e.slot(usdtABI.Slot("claimedFrom"), me))

	sent := e.u.Checked(c.Credit.OldValue)
	api.AssertIsEqual(c.Credit.NewValue, e.u.Add(sent, amount))
	root = e.write(root, c.Credit, e.slot(usdtABI.Slot("sentTo"), c.To))
	api.AssertIsEqual(root, c.Header.After)
	return nil
}

func AssignTransfer(r *state.SessionResult, i int) *Transfer {
	hdr := r.CFCHeader(i)
	c := &r.Calls[i]
	return &Transfer{Public: hashString(&hdr), Header: HeaderOf(&hdr), To: c.Args[0].String(), Amount: c.Args[1].String(),
		Debit: merkle.DeltaOf(&c.Writes[0]), Credit: merkle.DeltaOf(&c.Writes[1])}
}

// CheckpointRead is the in-circuit twin of state.ReadProof: a value of
// CSTATE(user, contract) proven up to a checkpoint root through
// UCON(user) and GUSR, then CHKP's preimage.
type CheckpointRead struct {
	CState     merkle.Proof
	UCON       merkle.Proof
	PublicKey  frontend.Variable
	Nonce      frontend.Variable
	GUSR       merkle.Proof
	Checkpoint model.Checkpoint
}

func NewCheckpointRead() CheckpointRead {
	return CheckpointRead{CState: cstate.NewProof(), UCON: merkle.Of(state.UCONSpec).NewProof(), GUSR: merkle.Of(state.GUSRSpec).NewProof()}
}

// CheckpointReadOf assigns a native read proof.
func CheckpointReadOf(p *state.ReadProof) CheckpointRead {
	return CheckpointRead{
		CState: merkle.ProofOf(&p.CState), UCON: merkle.ProofOf(&p.UCON),
		PublicKey: p.Account.PublicKey.String(), Nonce: p.Account.Nonce, GUSR: merkle.ProofOf(&p.GUSR),
		Checkpoint: model.CheckpointOf(&p.Checkpoint),
	}
}

// Verify asserts the read of CSTATE(user, contract)[index] against chkp and
// returns the value read.
func (r *CheckpointRead) Verify(api frontend.API, h *hashing.Hasher, user, contract, index, chkp frontend.Variable) frontend.Variable {
	api.AssertIsEqual(r.CState.Index, index)
	cstateRoot := cstate.VerifiedRoot(h, r.CState)
	api.AssertIsEqual(r.UCON.Index, contract)
	api.AssertIsEqual(r.UCON.Value, cstateRoot)
	uconRoot := merkle.Of(state.UCONSpec).VerifiedRoot(h, r.UCON)
	api.AssertIsEqual(r.GUSR.Index, user)
	api.AssertIsEqual(r.GUSR.Value, model.UserLeaf(h, r.PublicKey, uconRoot, r.Nonce))
	api.AssertIsEqual(r.Checkpoint.GUSRRoot, merkle.Of(state.GUSRSpec).VerifiedRoot(h, r.GUSR))
	api.AssertIsEqual(r.Checkpoint.Root(h), chkp)
	return r.CState.Value
}

// Claim is USDTContract.claim:
//
//	assert(from !== this.userId, "you cannot claim tokens from yourself");
//	const totalSentFromOtherUser = this.contractFor(from).state.sentTo[this.userId];
//	const totalClaimedFromOtherUser = this.state.claimedFrom[from];
//	assert(totalSentFromOtherUser>totalClaimedFromOtherUser, "no tokens to claim");
//	const claimAmount = totalSentFromOtherUser-totalClaimedFromOtherUser;
//	this.state.claimedFrom[from]=totalSentFromOtherUser;
//	this.state.claimedFrom[this.userId]+=claimAmount;
type Claim struct {
	Public  frontend.Variable `gnark:",public"`
	Header  Header
	From    frontend.Variable
	Sent    CheckpointRead // contractFor(from).state.sentTo[me] at the checkpoint
	Claimed merkle.Delta   // claimedFrom[from]
	Balance merkle.Delta   // claimedFrom[me]
}

func NewClaim() *Claim {
	return &Claim{Sent: NewCheckpointRead(), Claimed: cstate.NewDelta(), Balance: cstate.NewDelta()}
}

func (c *Claim) Define(api frontend.API) error {
	e, err := bind(api, c.Public, &c.Header, 1, c.From)
	if err != nil {
		return err
	}
	me := c.Header.User
	e.userID(c.From)
	api.AssertIsDifferent(c.From, me) // "you cannot claim tokens from yourself"
	totalSent := e.u.Checked(c.Sent.Verify(api, e.h, c.From, c.Header.Contract,
		e.slot(usdtABI.Slot("sentTo"), me), c.Header.CheckpointRoot))
	totalClaimed := e.u.Checked(c.Claimed.OldValue)
	e.u.AssertLT(totalClaimed, totalSent) // "no tokens to claim"
	claimAmount := api.Sub(totalSent, totalClaimed)
	api.AssertIsEqual(c.Claimed.NewValue, totalSent)
	root := e.write(c.Header.Before, c.Claimed, e.slot(usdtABI.Slot("claimedFrom"), c.From))

	bal := e.u.Checked(c.Balance.OldValue)
	api.AssertIsEqual(c.Balance.NewValue, e.u.Add(bal, claimAmount))
	root = e.write(root, c.Balance, e.slot(usdtABI.Slot("claimedFrom"), me))
	api.AssertIsEqual(root, c.Header.After)
	return nil
}

func AssignClaim(r *state.SessionResult, i int) *Claim {
	hdr := r.CFCHeader(i)
	c := &r.Calls[i]
	return &Claim{Public: hashString(&hdr), Header: HeaderOf(&hdr), From: c.Args[0].String(),
		Sent: CheckpointReadOf(&c.Reads[0]), Claimed: merkle.DeltaOf(&c.Writes[0]), Balance: merkle.DeltaOf(&c.Writes[1])}
}
