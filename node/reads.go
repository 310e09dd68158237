package node

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/parthnet/parth/api"
	"github.com/parthnet/parth/consensus"
	"github.com/parthnet/parth/state"
)

// The read routes (doc.go, "Reads"). Everything a client must not trust
// the node for comes with what it needs to check it: a checkpoint with
// its preimage, proof and certificate; a leaf with its Merkle path.

func (in *Ingress) readRoutes(r chi.Router) {
	if in.Info != nil {
		r.Get("/v1/info", func(w http.ResponseWriter, r *http.Request) {
			if onlyParams(w, r) {
				api.WriteJSON(w, http.StatusOK, in.Info())
			}
		})
	}
	if in.PoH != nil {
		r.Get("/v1/poh", func(w http.ResponseWriter, r *http.Request) {
			if onlyParams(w, r) {
				api.WriteJSON(w, http.StatusOK, in.PoH())
			}
		})
	}
	if in.Set != nil {
		r.Get("/v1/validators", in.validators)
	}
	if in.Chain == nil {
		return
	}
	r.Get("/v1/checkpoints/{n}", in.checkpoint)
	r.Get("/v1/checkpoints/{n}/votes", in.votes)
	r.Get("/v1/blocks", in.blocks)
	r.Get("/v1/blocks/{n}", in.block)
	r.Get("/v1/users/{user}", in.user)
	r.Get("/v1/contracts/{contract}", in.contract)
	r.Get("/v1/trees/{tree}/leaves/{index}", in.leaf)
}

// onlyParams refuses a query parameter not in allowed (none: any).
func onlyParams(w http.ResponseWriter, r *http.Request, allowed ...string) bool {
	for k := range r.URL.Query() {
		ok := false
		for _, a := range allowed {
			ok = ok || k == a
		}
		if !ok {
			api.WriteError(w, r, api.Errorf(api.CodeBadParam, "unknown query parameter %q", k).WithField(k))
			return false
		}
	}
	return true
}

// uintParam parses a decimal parameter below 2^bits, or answers 400.
func uintParam(w http.ResponseWriter, r *http.Request, name, s string, bits int) (uint64, bool) {
	v, err := strconv.ParseUint(s, 10, bits)
	if err != nil {
		api.WriteError(w, r, api.Errorf(api.CodeBadParam, "%s %q: want a decimal integer below 2^%d", name, s, bits).WithField(name))
		return 0, false
	}
	return v, true
}

// checkpointNumber reads a checkpoint number parameter ("latest": the
// head; "finalized": the last certified) and checks the chain has it.
func (in *Ingress) checkpointNumber(w http.ResponseWriter, r *http.Request, name, s string) (uint64, bool) {
	head, err := in.Chain.Head()
	if err != nil {
		in.internal(w, r, err)
		return 0, false
	}
	switch s {
	case "latest":
		return head.Number, true
	case "finalized":
		n, err := Records{in.Tracker.Store}.LastQC()
		if err != nil {
			in.internal(w, r, err)
			return 0, false
		}
		return n, true
	}
	n, ok := uintParam(w, r, name, s, 64)
	if ok && n > head.Number {
		api.WriteError(w, r, api.Errorf(api.CodeNotFound, "no checkpoint %d: the head is CHKP(%d)", n, head.Number).WithField(name))
		return 0, false
	}
	return n, ok
}

// view is the chain at the ?checkpoint= parameter (default: the head).
func (in *Ingress) view(w http.ResponseWriter, r *http.Request) (*state.View, bool) {
	s := r.URL.Query().Get("checkpoint")
	if s == "" {
		s = "latest"
	}
	n, ok := in.checkpointNumber(w, r, "checkpoint", s)
	if !ok {
		return nil, false
	}
	v, err := in.Chain.View(n)
	if err != nil {
		in.internal(w, r, err)
		return nil, false
	}
	return v, true
}

// checkpointJSON is checkpoint c with how far its block has come
// (executed, proven, finalized, anchored) and its proof, certificate and
// anchor as far as they exist.
func (in *Ingress) checkpointJSON(c state.Checkpoint) (*api.Checkpoint, error) {
	pre, err := c.MarshalBinary()
	if err != nil {
		return nil, err
	}
	out := &api.Checkpoint{Number: c.Number, Root: api.Element(c.Root), Preimage: hex.EncodeToString(pre), Prev: api.Element(c.Prev),
		GUSRRoot: api.Element(c.GUSRRoot), GCONRoot: api.Element(c.GCONRoot), PoH: hex.EncodeToString(c.PoH[:]),
		History: api.Element(c.History), EndCaps: api.Element(c.EndCaps), Status: "executed"}
	if c.Number == 0 {
		out.Status = "genesis"
		return out, nil
	}
	if in.BlockProof != nil {
		proof, ok, err := in.BlockProof(c.Number)
		if err != nil {
			return nil, err
		}
		if !ok {
			return out, nil
		}
		out.Status, out.Proof = "proven", hex.EncodeToString(proof)
	}
	rec := Records{in.Tracker.Store}
	qc, err := rec.QC(c.Number)
	if err != nil || qc == nil {
		return out, err
	}
	if !qc.Target.Checkpoint.Equal(&c.Root) {
		return nil, fmt.Errorf("node: block %d's certificate is for another checkpoint", c.Number)
	}
	b, err := qc.MarshalBinary()
	if err != nil {
		return nil, err
	}
	out.Status, out.QC = "finalized", hex.EncodeToString(b)
	for i := range len(qc.Signers) * 8 {
		if qc.Signed(i) {
			out.Signers = append(out.Signers, i)
		}
	}
	tx, ok, err := rec.Anchor(c.Number)
	if err != nil || !ok {
		return out, err
	}
	out.Status, out.L1Tx = "anchored", "0x"+hex.EncodeToString(tx[:])
	return out, nil
}

func (in *Ingress) checkpoint(w http.ResponseWriter, r *http.Request) {
	if !onlyParams(w, r) {
		return
	}
	n, ok := in.checkpointNumber(w, r, "n", chi.URLParam(r, "n"))
	if !ok {
		return
	}
	c, err := in.Chain.Checkpoint(n)
	if err != nil {
		in.internal(w, r, err)
		return
	}
	out, err := in.checkpointJSON(c)
	if err != nil {
		in.internal(w, r, err)
		return
	}
	api.WriteJSON(w, http.StatusOK, out)
}

func (in *Ingress) votes(w http.ResponseWriter, r *http.Request) {
	if !onlyParams(w, r) {
		return
	}
	n, ok := in.checkpointNumber(w, r, "n", chi.URLParam(r, "n"))
	if !ok {
		return
	}
	qc, err := Records{in.Tracker.Store}.QC(n)
	if err != nil {
		in.internal(w, r, err)
		return
	}
	if qc == nil {
		api.WriteError(w, r, api.Errorf(api.CodeNotFound, "CHKP(%d) is not finalized: no quorum certificate yet", n).WithField("n"))
		return
	}
	b, err := qc.MarshalBinary()
	if err != nil {
		in.internal(w, r, err)
		return
	}
	sig := qc.Sig
	out := api.Votes{Block: n, Root: api.Element(qc.Target.Checkpoint), QC: hex.EncodeToString(b), Signature: hex.EncodeToString(sig[:])}
	if in.Set != nil {
		out.Total = in.Set.Total
		for i, v := range in.Set.Validators {
			signed := qc.Signed(i)
			if signed {
				out.Stake += v.Stake
			}
			out.Votes = append(out.Votes, voter(i, v, &signed))
		}
	}
	api.WriteJSON(w, http.StatusOK, out)
}

func voter(i int, v consensus.Validator, signed *bool) api.Voter {
	pk := v.PublicKey
	return api.Voter{Index: i, Name: v.Name, PublicKey: hex.EncodeToString(pk[:]), Stake: v.Stake, Signed: signed}
}

func (in *Ingress) validators(w http.ResponseWriter, r *http.Request) {
	if !onlyParams(w, r) {
		return
	}
	out := struct {
		ChainID    uint64      `json:"chain_id"`
		Total      uint64      `json:"total"`
		Quorum     string      `json:"quorum"`
		Validators []api.Voter `json:"validators"`
	}{ChainID: in.Set.ChainID, Total: in.Set.Total, Quorum: "at least 2/3 of the total stake"}
	for i, v := range in.Set.Validators {
		out.Validators = append(out.Validators, voter(i, v, nil))
	}
	api.WriteJSON(w, http.StatusOK, out)
}

// Page sizes of GET /v1/blocks.
const (
	DefaultPageSize = 20
	MaxPageSize     = 100
)

// pageToken is an opaque cursor: the block to start the page from.
func pageToken(next uint64) string {
	return base64.RawURLEncoding.EncodeToString(binary.BigEndian.AppendUint64([]byte("blk1"), next))
}

func parsePageToken(s string) (uint64, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) != 12 || string(b[:4]) != "blk1" {
		return 0, errors.New("not a page token of this API (use next_page_token as given)")
	}
	return binary.BigEndian.Uint64(b[4:]), nil
}

func (in *Ingress) blockJSON(n uint64) (*api.Block, bool, error) {
	b, ok, err := in.Tracker.Journal.ReadBlock(n)
	if err != nil || !ok {
		return nil, false, err
	}
	out := &api.Block{Number: b.Number, PoH: hex.EncodeToString(b.PoH[:]), Slots: len(b.Slots), Waiting: len(b.Waiting), EndCaps: []api.BlockEndCap{}}
	for _, e := range b.EndCaps {
		out.EndCaps = append(out.EndCaps, api.BlockEndCap{ID: hex.EncodeToString(e.Hash[:]), User: e.User, Position: e.Position})
	}
	head, err := in.Chain.Head()
	if err != nil {
		return nil, false, err
	}
	if n <= head.Number {
		c, err := in.Chain.Checkpoint(n)
		if err != nil {
			return nil, false, err
		}
		cj, err := in.checkpointJSON(c)
		if err != nil {
			return nil, false, err
		}
		out.Checkpoint = &api.CheckpointRef{Number: n, Root: cj.Root, Status: cj.Status}
	}
	return out, true, nil
}

func (in *Ingress) block(w http.ResponseWriter, r *http.Request) {
	if !onlyParams(w, r) {
		return
	}
	n, ok := uintParam(w, r, "n", chi.URLParam(r, "n"), 64)
	if !ok {
		return
	}
	b, ok, err := in.blockJSON(n)
	if err != nil {
		in.internal(w, r, err)
		return
	}
	if !ok {
		api.WriteError(w, r, api.Errorf(api.CodeNotFound, "no block %d was cut here", n).WithField("n"))
		return
	}
	api.WriteJSON(w, http.StatusOK, b)
}

// blocks lists cut blocks, newest first, a page at a time.
func (in *Ingress) blocks(w http.ResponseWriter, r *http.Request) {
	if !onlyParams(w, r, "limit", "page_token") {
		return
	}
	q := r.URL.Query()
	limit := uint64(DefaultPageSize)
	if q.Has("limit") {
		var ok bool
		if limit, ok = uintParam(w, r, "limit", q.Get("limit"), 16); !ok {
			return
		}
		if limit == 0 || limit > MaxPageSize {
			api.WriteError(w, r, api.Errorf(api.CodeBadParam, "limit %d: want 1 to %d", limit, MaxPageSize).WithField("limit"))
			return
		}
	}
	from := uint64(0)
	if q.Has("page_token") {
		var err error
		if from, err = parsePageToken(q.Get("page_token")); err != nil {
			api.WriteError(w, r, api.Errorf(api.CodeBadParam, "page_token: %v", err).WithField("page_token"))
			return
		}
	} else {
		// The newest block: the last one cut, which may be past the head.
		from = in.lastBlock()
	}
	out := api.Blocks{Blocks: []api.Block{}}
	n := from
	for ; n >= 1 && uint64(len(out.Blocks)) < limit; n-- {
		b, ok, err := in.blockJSON(n)
		if err != nil {
			in.internal(w, r, err)
			return
		}
		if ok {
			out.Blocks = append(out.Blocks, *b)
		}
	}
	if n >= 1 {
		out.NextPageToken = pageToken(n)
	}
	api.WriteJSON(w, http.StatusOK, out)
}

// lastBlock is the newest block the journal holds (the head, or a cut
// block past it).
func (in *Ingress) lastBlock() uint64 {
	head, err := in.Chain.Head()
	if err != nil {
		return 0
	}
	n := head.Number
	for {
		if _, ok, err := in.Tracker.Journal.ReadBlock(n + 1); err != nil || !ok {
			return n
		}
		n++
	}
}

// idAt reads the 32-bit id in path parameter name and the chain at the
// ?checkpoint= parameter, the only one allowed.
func (in *Ingress) idAt(w http.ResponseWriter, r *http.Request, name string) (uint64, *state.View, bool) {
	if !onlyParams(w, r, "checkpoint") {
		return 0, nil, false
	}
	id, ok := uintParam(w, r, name, chi.URLParam(r, name), 32)
	if !ok {
		return 0, nil, false
	}
	v, ok := in.view(w, r)
	return id, v, ok
}

func (in *Ingress) user(w http.ResponseWriter, r *http.Request) {
	u, v, ok := in.idAt(w, r, "user")
	if !ok {
		return
	}
	cp := v.Checkpoint()
	acct, err := v.Account(state.UserID(u))
	if errors.Is(err, state.ErrUnknownUser) {
		api.WriteError(w, r, api.Errorf(api.CodeNotFound, "user %d has no account at CHKP(%d)", u, cp.Number).WithField("user"))
		return
	} else if err != nil {
		in.internal(w, r, err)
		return
	}
	ucon, err := v.Tree(state.UCONTree(state.UserID(u))).Root()
	if err != nil {
		in.internal(w, r, err)
		return
	}
	p, err := v.Tree(state.GUSRTree).Prove(u)
	if err != nil {
		in.internal(w, r, err)
		return
	}
	pre, err := cp.MarshalBinary()
	if err != nil {
		in.internal(w, r, err)
		return
	}
	api.WriteJSON(w, http.StatusOK, api.User{User: uint32(u), PublicKey: api.Element(acct.PublicKey), Nonce: acct.Nonce, UCONRoot: api.Element(ucon),
		GUSR: api.FromProof(p), CheckpointNumber: cp.Number, CheckpointRoot: api.Element(cp.Root), Checkpoint: hex.EncodeToString(pre)})
}

func (in *Ingress) contract(w http.ResponseWriter, r *http.Request) {
	c, v, ok := in.idAt(w, r, "contract")
	if !ok {
		return
	}
	cp := v.Checkpoint()
	info, err := v.Contract(state.ContractID(c))
	if errors.Is(err, state.ErrUnknownContract) {
		api.WriteError(w, r, api.Errorf(api.CodeNotFound, "no contract %d is deployed at CHKP(%d)", c, cp.Number).WithField("contract"))
		return
	} else if err != nil {
		in.internal(w, r, err)
		return
	}
	p, err := v.Tree(state.GCONTree).Prove(c)
	if err != nil {
		in.internal(w, r, err)
		return
	}
	pre, err := cp.MarshalBinary()
	if err != nil {
		in.internal(w, r, err)
		return
	}
	api.WriteJSON(w, http.StatusOK, api.Contract{Contract: uint32(c), WhitelistRoot: api.Element(info.WhitelistRoot), Metadata: api.Element(info.Metadata),
		GCON: api.FromProof(p), CheckpointNumber: cp.Number, CheckpointRoot: api.Element(cp.Root), Checkpoint: hex.EncodeToString(pre)})
}

// leaf serves one leaf of any state tree with its path to the tree's root
// (the client's lazy, verified state: it checks the root against the
// account, contract or checkpoint it already verified).
func (in *Ingress) leaf(w http.ResponseWriter, r *http.Request) {
	if !onlyParams(w, r, "checkpoint") {
		return
	}
	name := chi.URLParam(r, "tree")
	t, err := api.ParseTree(name)
	if err != nil {
		api.WriteError(w, r, api.Errorf(api.CodeBadParam, "%v", err).WithField("tree"))
		return
	}
	idx, ok := uintParam(w, r, "index", chi.URLParam(r, "index"), 64)
	if !ok {
		return
	}
	if d := t.Spec().Depth(); d < 64 && idx>>d != 0 {
		api.WriteError(w, r, api.Errorf(api.CodeBadParam, "index %d: tree %s has 2^%d leaves", idx, name, d).WithField("index"))
		return
	}
	v, ok := in.view(w, r)
	if !ok {
		return
	}
	p, err := v.Tree(t).Prove(idx)
	if err != nil {
		in.internal(w, r, err)
		return
	}
	cp := v.Checkpoint()
	api.WriteJSON(w, http.StatusOK, api.Leaf{Tree: api.TreeName(t), Proof: api.FromProof(p), CheckpointNumber: cp.Number, CheckpointRoot: api.Element(cp.Root)})
}
