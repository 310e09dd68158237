package state

import (
	"errors"
	"fmt"
	"slices"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/parthnet/parth/state/smt"
)

// Call is one contract call of a session.
type Call struct {
	Contract ContractID
	Function FunctionID
	Args     []fr.Element
}

// Session is what a user proves: calls against a checkpoint.
type Session struct {
	User       UserID
	Nonce      uint64
	Checkpoint uint64
	Calls      []Call
}

// CallResult is the native twin of one CFC proof plus its UPS transact step.
type CallResult struct {
	Call
	ArgsHash     fr.Element
	FunctionRef  fr.Element // checked against the whitelist in GCON at the checkpoint
	CStateBefore fr.Element
	CStateAfter  fr.Element
	Writes       []smt.DeltaProof // CSTATE(user, contract), chained before → after
	Reads        []ReadProof      // other users' state at the checkpoint
	UCON         smt.DeltaProof   // UCON(user)[contract]: before → after

	// What the UPS transact step checks at the checkpoint: the function's
	// identity in the contract's whitelist, the contract in GCON.
	Whitelist smt.Proof
	Info      ContractInfo
	GCON      smt.Proof
}

// SessionResult is a session executed natively: the end-cap header and every
// step, before signing.
type SessionResult struct {
	Session Session
	Header  EndCapHeader
	Calls   []CallResult

	// What the UPS start step proves: the user's GUSR leaf at the
	// checkpoint, and the checkpoint's preimage.
	Start      smt.Proof
	Checkpoint Checkpoint

	// The session's own trees with its writes, for the block to commit.
	ucon    *smt.Tree
	cstates map[ContractID]*smt.Tree
}

// collect adds the session's tree writes to a commit, in a fixed order.
func (r *SessionResult) collect(c *Commit) {
	ids := make([]ContractID, 0, len(r.cstates))
	for id := range r.cstates {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		c.collect(CStateTree(r.Session.User, id), r.cstates[id])
	}
	c.collect(UCONTree(r.Session.User), r.ucon)
}

// TreeDelta is one leaf update of one tree.
type TreeDelta struct {
	Tree  TreeID
	Proof smt.DeltaProof
}

// EndCap is what a user submits: the session, the header its end cap proves,
// the state deltas, and the signature over the payload.
type EndCap struct {
	Session   Session
	Header    EndCapHeader
	Deltas    []TreeDelta
	Signature Signature
}

// Deltas flattens the session's writes in order: for each call, its CSTATE
// updates then its UCON update.
func (r *SessionResult) Deltas() []TreeDelta {
	var out []TreeDelta
	u := r.Session.User
	for _, c := range r.Calls {
		for _, w := range c.Writes {
			out = append(out, TreeDelta{Tree: CStateTree(u, c.Contract), Proof: w})
		}
		out = append(out, TreeDelta{Tree: UCONTree(u), Proof: c.UCON})
	}
	return out
}

// Sign signs the payload and returns the end cap.
func (r *SessionResult) Sign(s Signer) (*EndCap, error) {
	sig, err := s.Sign(r.Header.Payload)
	if err != nil {
		return nil, fmt.Errorf("sign session payload: %w", err)
	}
	return &EndCap{
		Session:   r.Session,
		Header:    r.Header,
		Deltas:    r.Deltas(),
		Signature: Signature{Scheme: s.Scheme().Name(), PublicKey: s.PublicKey(), Sig: sig},
	}, nil
}

// Execute runs a session natively against the view, which must be the
// session's checkpoint. It changes nothing outside the returned result.
func Execute(reg Registry, view *View, s Session) (*SessionResult, error) {
	cp := view.Checkpoint()
	if s.Checkpoint != cp.Number {
		return nil, fmt.Errorf("%w: session reads CHKP(%d), view is CHKP(%d)", ErrStaleCheckpoint, s.Checkpoint, cp.Number)
	}
	if len(s.Calls) == 0 {
		return nil, ErrEmptySession
	}
	acct, err := view.Account(s.User)
	if err != nil {
		return nil, err
	}
	if s.Nonce != acct.Nonce {
		return nil, fmt.Errorf("%w: user %d sent nonce %d, account is at %d", ErrBadNonce, s.User, s.Nonce, acct.Nonce)
	}
	ucon := view.Tree(UCONTree(s.User))
	start, err := ucon.Root()
	if err != nil {
		return nil, err
	}
	startProof, err := view.Tree(GUSRTree).Prove(uint64(s.User))
	if err != nil {
		return nil, err
	}
	res := &SessionResult{Session: s, Start: *startProof, Checkpoint: cp}
	cstates := map[ContractID]*smt.Tree{} // the session's own trees, across calls
	for i, call := range s.Calls {
		cr, err := executeCall(reg, view, s.User, call, cstates)
		if err != nil {
			return nil, fmt.Errorf("call %d: %w", i, err)
		}
		d, err := ucon.Set(uint64(call.Contract), cr.CStateAfter)
		if err != nil {
			return nil, fmt.Errorf("call %d: %w", i, err)
		}
		if !d.OldValue.Equal(&cr.CStateBefore) {
			return nil, fmt.Errorf("call %d: ucon leaf is not the cstate root (corrupt store)", i)
		}
		cr.UCON = *d
		res.Calls = append(res.Calls, *cr)
	}
	end, _ := ucon.Root()
	res.ucon, res.cstates = ucon, cstates
	res.Header = EndCapHeader{
		User: s.User, Nonce: s.Nonce, Checkpoint: cp.Number, CheckpointRoot: cp.Root,
		PublicKey: acct.PublicKey, UCONBefore: start, UCONAfter: end,
		Payload: Payload(cp.Chain, s.User, s.Nonce, start, end),
	}
	return res, nil
}

func executeCall(reg Registry, view *View, u UserID, call Call, cstates map[ContractID]*smt.Tree) (*CallResult, error) {
	code, ok := reg[call.Contract]
	if !ok {
		return nil, fmt.Errorf("%w: %d has no code", ErrUnknownContract, call.Contract)
	}
	info, err := view.Contract(call.Contract)
	if err != nil {
		return nil, err
	}
	if int(call.Function) >= len(code.Functions) {
		return nil, fmt.Errorf("%w: %s has no function %d", ErrUnknownFunction, code.Name, call.Function)
	}
	fn := &code.Functions[call.Function]
	// The UPS step's check: the function's identity is in the contract's
	// whitelist, as committed in GCON at the checkpoint.
	ref := code.FunctionRef(call.Function)
	wl, err := view.Tree(WhitelistTree(call.Contract)).Prove(uint64(call.Function))
	if err != nil {
		return nil, err
	}
	if !wl.Value.Equal(&ref) || !wl.Root.Equal(&info.WhitelistRoot) {
		return nil, fmt.Errorf("%w: %s.%s", ErrNotWhitelisted, code.Name, fn.Name)
	}
	gcon, err := view.Tree(GCONTree).Prove(uint64(call.Contract))
	if err != nil {
		return nil, err
	}
	if len(call.Args) != len(fn.Params) {
		return nil, fmt.Errorf("%w: %s.%s takes %d, got %d", ErrBadArgs, code.Name, fn.Name, len(fn.Params), len(call.Args))
	}
	own, ok := cstates[call.Contract]
	if !ok {
		own = view.Tree(CStateTree(u, call.Contract))
		cstates[call.Contract] = own
	}
	before, err := own.Root()
	if err != nil {
		return nil, err
	}
	ctx := &Context{contract: code, function: fn, user: u, id: call.Contract, own: own, view: view}
	if err := fn.Run(ctx, call.Args); err != nil {
		// Undo: the call's writes must not leak into later calls. A failed
		// call fails the session, so dropping the tree is enough.
		delete(cstates, call.Contract)
		var ae *AssertError
		if errors.As(err, &ae) {
			return nil, err
		}
		return nil, fmt.Errorf("%s.%s: %w", code.Name, fn.Name, err)
	}
	after, _ := own.Root()
	return &CallResult{
		Call: call, ArgsHash: ArgsHash(call.Contract, call.Function, call.Args), FunctionRef: ref,
		CStateBefore: before, CStateAfter: after, Writes: ctx.writes, Reads: ctx.reads,
		Whitelist: *wl, Info: info, GCON: *gcon,
	}, nil
}

// CFCHeader returns the header the contract-function proof of call i proves.
func (r *SessionResult) CFCHeader(i int) CFCHeader {
	c := &r.Calls[i]
	return CFCHeader{Contract: c.Contract, Function: c.Function, User: r.Session.User,
		CheckpointRoot: r.Header.CheckpointRoot, Before: c.CStateBefore, After: c.CStateAfter,
		ArgsHash: c.ArgsHash, Caller: r.Session.User}
}
