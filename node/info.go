package node

import (
	"encoding/hex"

	"github.com/parthnet/parth/api"
	"github.com/parthnet/parth/state"
)

// info is GET /v1/info: what a client checks it talks to the chain it
// means (chain id and tag, genesis, key set) and the node's heights.
func (n *Node) info() api.Info {
	var out api.Info
	out.ChainID, out.ChainTag, out.ProofMode = n.set.ChainID, api.Element(n.genesis.Chain), "real"
	out.Genesis.Checkpoint = api.Element(n.genesis.Root)
	out.Genesis.PoH = hex.EncodeToString(n.genesis.PoH[:])
	out.Genesis.File = hex.EncodeToString(n.genesisFile[:])
	k := n.cfg.Keys
	nk := k.NodeKeys
	out.KeySet.Hash = api.Element(nk.Hash())
	out.KeySet.Node, out.KeySet.Wrap, out.KeySet.Step = api.Element(nk.Node), api.Element(nk.Wrap), api.Element(nk.Step)
	out.KeySet.EdDSA, out.KeySet.ECDSA = api.Element(nk.EdDSA), api.Element(nk.ECDSA)
	out.KeySet.Block = hex.EncodeToString(k.Block.ID[:])
	out.CheckpointWindow = state.HistoryWindow
	out.AdmissionMargin = n.cfg.Margin
	if out.AdmissionMargin == 0 {
		out.AdmissionMargin = DefaultMargin
	}
	out.Validators, out.Validator, out.Leading = len(n.set.Validators), n.cfg.Index, n.leading.Load()
	out.Heights.Executed, out.Heights.Proven, out.Heights.Finalized, out.Heights.Anchored = n.Progress()
	return out
}

// pohStatus is GET /v1/poh: the leader's PoH chain as this node runs it.
func (n *Node) pohStatus() api.PoH {
	c := n.cfg.PoH
	out := api.PoH{Leading: n.leading.Load(), LastCut: n.lastCut(), HashesPerTick: c.HashesPerTick, TicksPerSlot: c.TicksPerSlot,
		MaxRefAge: c.MaxRefAge, TickInterval: n.cfg.TickInterval.String()}
	if d := n.drv.Load(); d != nil {
		h := d.Latest()
		out.Latest, out.Count = hex.EncodeToString(h[:]), d.Count()
	}
	return out
}

// encodedProof is proven block b's proof, encoded.
func (n *Node) encodedProof(b uint64) ([]byte, bool, error) {
	if ok, err := n.hasProof(b); err != nil || !ok {
		return nil, false, err
	}
	_, p, err := n.blockProof(b)
	if err != nil {
		return nil, false, err
	}
	enc, err := p.MarshalBinary()
	return enc, err == nil, err
}
