package aggregator

import (
	"fmt"

	"github.com/parthnet/parth/session"
	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/apps"
)

// UsersBlock is the users' side of a block of the seed's scenarios,
// against w's head checkpoint: each user proves its session (CFC, UPS
// steps, signature) and wraps its user proofs, as the SDK does on users'
// machines; the end caps are left to the network as jobs. It returns the
// block's input and the native end caps, to apply the block to w's chain
// once it is proven.
func UsersBlock(p *session.Prover, w *apps.World, steps []apps.Step) (*BlockInput, []*state.EndCap, error) {
	return UsersBlockAt(p, w, steps, nil)
}

// UsersBlockAt is UsersBlock with some users proving against an older
// checkpoint of the block's window (read[u]; the head for the others): a
// user who started proving before the latest blocks were cut.
func UsersBlockAt(p *session.Prover, w *apps.World, steps []apps.Step, read map[state.UserID]uint64) (*BlockInput, []*state.EndCap, error) {
	head, err := w.Chain.Head()
	if err != nil {
		return nil, nil, err
	}
	v, err := w.Chain.View(head.Number)
	if err != nil {
		return nil, nil, err
	}
	hist, err := state.NewBlockHistory(w.Chain.Checkpoint, head.Number+1)
	if err != nil {
		return nil, nil, err
	}
	in := &BlockInput{Parent: head, Siblings: ViewSiblings(v), History: hist, PoH: apps.SlotPoH(head.Number + 1)}
	var caps []*state.EndCap
	for _, s := range steps {
		sv := v
		if m, ok := read[s.User]; ok {
			if sv, err = w.Chain.View(m); err != nil {
				return nil, nil, err
			}
		}
		acct, err := sv.Account(s.User)
		if err != nil {
			return nil, nil, err
		}
		b, err := p.Prove(p.Keys.Registry(), sv, w.Keys[s.User], state.Session{User: s.User, Nonce: acct.Nonce,
			Checkpoint: sv.Checkpoint().Number, Calls: s.Calls})
		if err != nil {
			return nil, nil, fmt.Errorf("%s's session: %w", apps.Name(s.User), err)
		}
		j, err := b.Job()
		if err != nil {
			return nil, nil, err
		}
		in.EndCaps = append(in.EndCaps, EndCapInput{Header: b.EndCap.Header, Job: j})
		caps = append(caps, b.EndCap)
	}
	return in, caps, nil
}
