package hashing

import (
	"encoding/binary"
	"fmt"
	"math/big"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr/poseidon2"
)

// Permutation parameters (Poseidon2, BN254): width 3 for the sponge, width
// 2 for Merkle nodes, both with the Poseidon2 paper's round numbers for
// BN254 (rF = 8, rP = 56, security margin included). Circuits use the same.
const (
	Width           = 3
	FullRounds      = 8
	PartialRounds   = 56
	NodeWidth       = 2
	rate            = Width - 1
	capacityLenBits = 32
)

// Tag separates the domains of the hash: one per tree kind (its internal
// nodes) and one per kind of leaf or record.
type Tag uint32

// The protocol's tags. The numeric values are part of the protocol.
const (
	TagNodeCState    Tag = 0x01 // internal node of a CSTATE(user, contract) tree
	TagNodeUCON      Tag = 0x02 // internal node of a UCON(user) tree
	TagNodeGUSR      Tag = 0x03 // internal node of the global user tree
	TagNodeGCON      Tag = 0x04 // internal node of the global contract tree
	TagNodeWhitelist Tag = 0x05 // internal node of a contract's function whitelist
	TagNodeHistory   Tag = 0x06 // internal node of the checkpoint-history tree

	TagLeafUser     Tag = 0x10 // GUSR leaf: H(public key, UCON root, nonce)
	TagLeafContract Tag = 0x11 // GCON leaf: H(whitelist root, metadata)
	TagLeafHistory  Tag = 0x12 // history leaf: H(checkpoint number, CHKP)

	TagCheckpoint  Tag = 0x20 // CHKP(n)
	TagPayload     Tag = 0x21 // signature payload H(chain, user, nonce, start, end)
	TagPublicKey   Tag = 0x22 // ZK-signature public key H(circuit id, params)
	TagArgs        Tag = 0x23 // contract-function arguments
	TagEndCap      Tag = 0x24 // end-cap header
	TagMetadata    Tag = 0x25 // contract metadata (name, ABI)
	TagFunctionRef Tag = 0x26 // native function identity (until CFC VK hashes exist)
	TagBytes       Tag = 0x27 // arbitrary byte strings packed into elements
	TagCFC         Tag = 0x28 // contract-function circuit header
	TagSignature   Tag = 0x29 // signature circuit statement H(params..., payload)
	TagAttest      Tag = 0x2a // proof attestation H(vk hash, public input)
	TagVK          Tag = 0x2b // verifying-key hash
	TagUPS         Tag = 0x2c // UPS step header
	TagNode        Tag = 0x2d // recursive node header H(key set, kind, x, y)
	TagKeySet      Tag = 0x2e // the key hashes a recursive node accepts
	TagSubtree     Tag = 0x2f // aggregation subtree statement parts
	TagAccumulator Tag = 0x30 // end-cap accumulator node H(left, right)
	TagChain       Tag = 0x31 // chain identity H(chain id, genesis GUSR, GCON, PoH)
)

var tagNames = map[Tag]string{
	TagNodeCState: "node/cstate", TagNodeUCON: "node/ucon", TagNodeGUSR: "node/gusr",
	TagNodeGCON: "node/gcon", TagNodeWhitelist: "node/whitelist", TagNodeHistory: "node/history",
	TagLeafUser: "leaf/user", TagLeafContract: "leaf/contract", TagLeafHistory: "leaf/history",
	TagCheckpoint: "checkpoint", TagPayload: "payload", TagPublicKey: "public-key",
	TagArgs: "args", TagEndCap: "end-cap", TagMetadata: "metadata",
	TagFunctionRef: "function-ref", TagBytes: "bytes", TagCFC: "cfc", TagSignature: "signature",
	TagAttest: "attest", TagVK: "vk", TagUPS: "ups", TagNode: "node", TagKeySet: "key-set", TagSubtree: "subtree",
	TagAccumulator: "accumulator", TagChain: "chain",
}

func (t Tag) String() string {
	if s, ok := tagNames[t]; ok {
		return s
	}
	return fmt.Sprintf("tag(%#x)", uint32(t))
}

// perm is immutable after construction (it only holds round keys), so sharing
// it between goroutines is safe; Permutation works on the caller's buffer.
var perm = poseidon2.NewPermutation(Width, FullRounds, PartialRounds)

// nodePerm is the width-2 permutation of Merkle nodes.
var nodePerm = poseidon2.NewPermutation(NodeWidth, FullRounds, PartialRounds)

// Capacity returns the initial capacity element for tag and n inputs:
// tag·2^32 + n. Circuits use it as a constant.
func Capacity(tag Tag, n int) fr.Element {
	var c, t fr.Element
	c.SetUint64(uint64(tag))
	t.SetUint64(1 << capacityLenBits)
	c.Mul(&c, &t)
	t.SetUint64(uint64(n))
	c.Add(&c, &t)
	return c
}

// Hash returns H(tag; in...). It never fails for n < 2^32 inputs.
func Hash(tag Tag, in ...fr.Element) fr.Element {
	if uint64(len(in)) >= 1<<capacityLenBits {
		panic("hashing: too many inputs")
	}
	var st [Width]fr.Element
	st[0] = Capacity(tag, len(in))
	for i := 0; i < len(in) || i == 0; i += rate {
		for j := 0; j < rate && i+j < len(in); j++ {
			st[1+j].Add(&st[1+j], &in[i+j])
		}
		if err := perm.Permutation(st[:]); err != nil {
			panic(err) // only on a wrong buffer length, a programming error
		}
	}
	return st[1]
}

// Node is the 2-to-1 hash of an internal Merkle node of the tag's tree:
// gnark's width-2 Poseidon2 compression P(l, r)[1] + r, plus the tag's
// constant tag·2^32 + 2 (see the package doc).
func Node(tag Tag, left, right *fr.Element) fr.Element {
	st := [NodeWidth]fr.Element{*left, *right}
	if err := nodePerm.Permutation(st[:]); err != nil {
		panic(err)
	}
	// Compress (gnark's: P(l, r)[1] + r), then the tag's offset.
	c := Capacity(tag, 2)
	st[1].Add(&st[1], right)
	st[1].Add(&st[1], &c)
	return st[1]
}

// Uint returns the field element of v.
func Uint(v uint64) fr.Element {
	var e fr.Element
	e.SetUint64(v)
	return e
}

// Bytes32 splits a 32-byte string (a SHA-256 or Keccak digest) into two field
// elements of 128 bits each, high half first, so it fits the field without
// reduction.
func Bytes32(b [32]byte) [2]fr.Element {
	var out [2]fr.Element
	out[0].SetBytes(b[:16])
	out[1].SetBytes(b[16:])
	return out
}

// BytesHash hashes an arbitrary byte string: it is packed into 31-byte
// big-endian chunks (each below the modulus), prefixed with its length.
func BytesHash(b []byte) fr.Element {
	in := make([]fr.Element, 0, 1+(len(b)+30)/31)
	var n [8]byte
	binary.BigEndian.PutUint64(n[:], uint64(len(b)))
	var e fr.Element
	e.SetBytes(n[:])
	in = append(in, e)
	for i := 0; i < len(b); i += 31 {
		end := min(i+31, len(b))
		var c fr.Element
		c.SetBytes(b[i:end])
		in = append(in, c)
	}
	return Hash(TagBytes, in...)
}

// Field is the BN254 scalar field's modulus (the field of every hash).
func Field() *big.Int { return fr.Modulus() }
