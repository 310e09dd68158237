package api

import (
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/smt"
)

// Field elements are 0x-prefixed, 64 hex digits, big-endian (canonical:
// below the BN254 scalar field's modulus).

// Element is fr.Element e as the API writes it.
func Element(e fr.Element) string {
	b := e.Bytes()
	return "0x" + hex.EncodeToString(b[:])
}

// ParseElement reads a field element as Element writes it; it refuses
// anything not canonical.
func ParseElement(s string) (fr.Element, error) {
	var e fr.Element
	h, ok := strings.CutPrefix(s, "0x")
	if !ok || len(h) != 64 {
		return e, fmt.Errorf("a field element is 0x and 64 hex digits, not %q", s)
	}
	b, err := hex.DecodeString(h)
	if err != nil {
		return e, fmt.Errorf("field element %q: %w", s, err)
	}
	if err := e.SetBytesCanonical(b); err != nil {
		return e, fmt.Errorf("field element %q: %w", s, err)
	}
	return e, nil
}

// MerkleProof is an smt.Proof: Value at Index under Root, siblings leaf to
// root.
type MerkleProof struct {
	Index    uint64   `json:"index"`
	Value    string   `json:"value"`
	Root     string   `json:"root"`
	Siblings []string `json:"siblings"`
}

// FromProof is p as the API sends it.
func FromProof(p *smt.Proof) MerkleProof {
	out := MerkleProof{Index: p.Index, Value: Element(p.Value), Root: Element(p.Root), Siblings: make([]string, len(p.Siblings))}
	for i, s := range p.Siblings {
		out.Siblings[i] = Element(s)
	}
	return out
}

// Proof decodes the proof (it does not verify it: the caller does, against
// the tree's spec and the root it trusts).
func (m *MerkleProof) Proof() (smt.Proof, error) {
	p := smt.Proof{Index: m.Index, Siblings: make([]fr.Element, len(m.Siblings))}
	var err error
	if p.Value, err = ParseElement(m.Value); err != nil {
		return p, fmt.Errorf("value: %w", err)
	}
	if p.Root, err = ParseElement(m.Root); err != nil {
		return p, fmt.Errorf("root: %w", err)
	}
	if len(m.Siblings) > 64 {
		return p, fmt.Errorf("%d siblings: no tree is that deep", len(m.Siblings))
	}
	for i, s := range m.Siblings {
		if p.Siblings[i], err = ParseElement(s); err != nil {
			return p, fmt.Errorf("sibling %d: %w", i, err)
		}
	}
	return p, nil
}

// Tree names (the {tree} of GET /v1/trees/{tree}/leaves/{index}):
//
//	gusr, gcon          the global trees (roots in the checkpoint)
//	ucon:U              user U's contract tree (root in U's GUSR leaf)
//	cstate:U:C          user U's state in contract C (root in UCON(U)[C])
//	whitelist:C         contract C's function whitelist (root in its GCON leaf)

// TreeName is t's name in the API.
func TreeName(t state.TreeID) string {
	switch t.Kind {
	case state.KindGUSR:
		return "gusr"
	case state.KindGCON:
		return "gcon"
	case state.KindUCON:
		return fmt.Sprintf("ucon:%d", t.User)
	case state.KindCState:
		return fmt.Sprintf("cstate:%d:%d", t.User, t.Contract)
	case state.KindWhitelist:
		return fmt.Sprintf("whitelist:%d", t.Contract)
	}
	return fmt.Sprintf("kind%d", t.Kind)
}

// ParseTree reads a tree name as TreeName writes it.
func ParseTree(s string) (state.TreeID, error) {
	parts := strings.Split(s, ":")
	ids := make([]uint32, len(parts)-1)
	for i, p := range parts[1:] {
		v, err := strconv.ParseUint(p, 10, 32)
		if err != nil {
			return state.TreeID{}, fmt.Errorf("tree %q: %q is not a user or contract id", s, p)
		}
		ids[i] = uint32(v)
	}
	want := map[string]int{"gusr": 0, "gcon": 0, "ucon": 1, "cstate": 2, "whitelist": 1}
	n, ok := want[parts[0]]
	if !ok || n != len(ids) {
		return state.TreeID{}, fmt.Errorf("tree %q: want gusr, gcon, ucon:USER, cstate:USER:CONTRACT or whitelist:CONTRACT", s)
	}
	switch parts[0] {
	case "gusr":
		return state.GUSRTree, nil
	case "gcon":
		return state.GCONTree, nil
	case "ucon":
		return state.UCONTree(state.UserID(ids[0])), nil
	case "cstate":
		return state.CStateTree(state.UserID(ids[0]), state.ContractID(ids[1])), nil
	}
	return state.WhitelistTree(state.ContractID(ids[0])), nil
}

// StateRead is a user's contract-state slot at a checkpoint with its
// Merkle path CSTATE → UCON → GUSR → CHKP (state.ReadProof). A client
// checks it with Verify against a CHKP root it trusts.
type StateRead struct {
	User     uint32 `json:"user"`
	Contract uint32 `json:"contract"`
	Index    uint64 `json:"index"` // the CSTATE leaf: slot << 32 | map key
	Value    string `json:"value"`

	CState MerkleProof `json:"cstate"`
	UCON   MerkleProof `json:"ucon"`
	// Account is the GUSR leaf's preimage with UCON's root.
	PublicKey string      `json:"public_key"`
	Nonce     uint64      `json:"nonce"`
	GUSR      MerkleProof `json:"gusr"`
	// Checkpoint is CHKP's preimage (state.Checkpoint's binary encoding,
	// hex), with its number and root for people.
	Checkpoint       string `json:"checkpoint"`
	CheckpointNumber uint64 `json:"checkpoint_number"`
	CheckpointRoot   string `json:"checkpoint_root"`
}

// FromReadProof is p as the API sends it.
func FromReadProof(p *state.ReadProof) (*StateRead, error) {
	cp, err := p.Checkpoint.MarshalBinary()
	if err != nil {
		return nil, err
	}
	return &StateRead{User: uint32(p.User), Contract: uint32(p.Contract), Index: p.Index, Value: Element(p.Value),
		CState: FromProof(&p.CState), UCON: FromProof(&p.UCON), PublicKey: Element(p.Account.PublicKey), Nonce: p.Account.Nonce,
		GUSR: FromProof(&p.GUSR), Checkpoint: hex.EncodeToString(cp), CheckpointNumber: p.Checkpoint.Number, CheckpointRoot: Element(p.Checkpoint.Root)}, nil
}

// ReadProof decodes the read; it does not verify it (Verify does).
func (s *StateRead) ReadProof() (*state.ReadProof, error) {
	p := &state.ReadProof{User: state.UserID(s.User), Contract: state.ContractID(s.Contract), Index: s.Index}
	var err error
	if p.Value, err = ParseElement(s.Value); err != nil {
		return nil, fmt.Errorf("value: %w", err)
	}
	if p.CState, err = s.CState.Proof(); err != nil {
		return nil, fmt.Errorf("cstate: %w", err)
	}
	if p.UCON, err = s.UCON.Proof(); err != nil {
		return nil, fmt.Errorf("ucon: %w", err)
	}
	if p.GUSR, err = s.GUSR.Proof(); err != nil {
		return nil, fmt.Errorf("gusr: %w", err)
	}
	if p.Account.PublicKey, err = ParseElement(s.PublicKey); err != nil {
		return nil, fmt.Errorf("public_key: %w", err)
	}
	p.Account.Nonce = s.Nonce
	cp, err := hex.DecodeString(s.Checkpoint)
	if err != nil {
		return nil, fmt.Errorf("checkpoint: %w", err)
	}
	if err := p.Checkpoint.UnmarshalBinary(cp); err != nil {
		return nil, fmt.Errorf("checkpoint: %w", err)
	}
	if p.Checkpoint.Number != s.CheckpointNumber {
		return nil, fmt.Errorf("checkpoint: the preimage is of CHKP(%d), the read says %d", p.Checkpoint.Number, s.CheckpointNumber)
	}
	return p, nil
}

// Verify decodes the read and checks its whole path up to chkp, the
// checkpoint root the client trusts; it returns the verified read.
func (s *StateRead) Verify(chkp fr.Element) (*state.ReadProof, error) {
	p, err := s.ReadProof()
	if err != nil {
		return nil, err
	}
	if err := p.Verify(chkp); err != nil {
		return nil, err
	}
	return p, nil
}
