package state

import (
	"errors"
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/parthnet/parth/state/hashing"
)

// Recursive node headers: the native twin of circuits/node. Every node proof
// exposes one public input, H(key set, kind, x, y); the key set binds every
// proof of a tree to the same node, wrapper and UPS keys, and whoever
// consumes the root pins it (the session verifier, the block circuit).
const (
	NodeSegment uint64 = 1 // x: the hash before the segment's first step (its Prev), y: its last step's hash
	NodeEndCap  uint64 = 2 // x: the end-cap header's hash, y: 0
)

// ErrSegments reports session-tree segments that do not chain.
var ErrSegments = errors.New("state: segments do not chain")

// NodeKeys are the verifying-key hashes a node accepts as children: itself,
// the wrapper of user PLONK proofs, the UPS step circuit, and the standard
// signature circuits (Groth16 protocol circuits the end node verifies
// directly, without a wrap). Each standard key's hash is also its
// signature scheme's circuit id in users' public keys.
type NodeKeys struct {
	Node, Wrap, Step fr.Element
	EdDSA, ECDSA     fr.Element
}

// Hash is the key-set hash carried in every node header.
func (k *NodeKeys) Hash() fr.Element {
	return hashing.Hash(hashing.TagKeySet, k.Node, k.Wrap, k.Step, k.EdDSA, k.ECDSA)
}

// StandardSignature reports whether sigKey is one of the standard signature
// circuits, whose proofs the end node verifies directly; any other
// signature circuit is a user PLONK circuit, verified through the wrapper.
func (k *NodeKeys) StandardSignature(sigKey fr.Element) bool {
	return sigKey == k.EdDSA || sigKey == k.ECDSA
}

// NodeHeader is a node proof's statement.
type NodeHeader struct {
	Keys fr.Element // NodeKeys.Hash
	Kind uint64
	X, Y fr.Element
}

// Hash is the node proof's single public input.
func (h *NodeHeader) Hash() fr.Element {
	return hashing.Hash(hashing.TagNode, h.Keys, hashing.Uint(h.Kind), h.X, h.Y)
}

// SegmentOf is the pair node's output: step s discharged with its CFC proof.
func SegmentOf(keys fr.Element, s *StepHeader) NodeHeader {
	return NodeHeader{Keys: keys, Kind: NodeSegment, X: s.Prev, Y: s.Hash()}
}

// JoinSegments is the join node's output: a then b, when b starts where a
// ends.
func JoinSegments(a, b NodeHeader) (NodeHeader, error) {
	if a.Kind != NodeSegment || b.Kind != NodeSegment || a.Keys != b.Keys {
		return NodeHeader{}, fmt.Errorf("%w: kinds %d, %d or key sets differ", ErrSegments, a.Kind, b.Kind)
	}
	if a.Y != b.X {
		return NodeHeader{}, fmt.Errorf("%w: the right segment does not start where the left one ends", ErrSegments)
	}
	return NodeHeader{Keys: a.Keys, Kind: NodeSegment, X: a.X, Y: b.Y}, nil
}

// EndCapOf is the end node's output: a session's segment discharged with
// the user's signature over its payload.
func EndCapOf(keys fr.Element, h *EndCapHeader) NodeHeader {
	return NodeHeader{Keys: keys, Kind: NodeEndCap, X: h.Hash()}
}
