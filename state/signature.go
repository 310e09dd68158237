package state

import (
	"fmt"
	"io"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr/poseidon2"
	"github.com/consensys/gnark-crypto/ecc/bn254/twistededwards/eddsa"

	"github.com/parthnet/parth/state/hashing"
)

// Scheme is a ZK-signature scheme: a signature circuit (identified by the
// hash of its verifying key) and the native check it proves. A user's public
// key in GUSR is H(circuit id, params of the key).
type Scheme interface {
	Name() string
	CircuitID() fr.Element
	// Params decodes a public key into the circuit's parameters, always
	// SignatureParams elements (padded with zeros) so that one end-cap
	// circuit handles every scheme.
	Params(pub []byte) ([SignatureParams]fr.Element, error)
	// Verify checks a signature of payload under pub.
	Verify(pub []byte, payload fr.Element, sig []byte) error
}

// SignatureParams is the fixed number of key parameters of every scheme.
const SignatureParams = 4

// SignatureStatement is a signature proof's public input:
// H(TagSignature; params..., payload).
func SignatureStatement(params [SignatureParams]fr.Element, payload fr.Element) fr.Element {
	return hashing.Hash(hashing.TagSignature, append(params[:], payload)...)
}

// Signer holds a private key of a scheme.
type Signer interface {
	Scheme() Scheme
	PublicKey() []byte
	Sign(payload fr.Element) ([]byte, error)
}

// Signature is the native twin of a signature proof.
type Signature struct {
	Scheme    string
	PublicKey []byte
	Sig       []byte
}

// Schemes are the signature schemes a chain accepts, by name.
type Schemes map[string]Scheme

// PublicKeyHash is the user's public key as GUSR stores it.
func PublicKeyHash(s Scheme, pub []byte) (fr.Element, error) {
	params, err := s.Params(pub)
	if err != nil {
		return fr.Element{}, err
	}
	return PublicKey(s.CircuitID(), params), nil
}

// PublicKey is H(TagPublicKey; signature circuit id, params...).
func PublicKey(circuitID fr.Element, params [SignatureParams]fr.Element) fr.Element {
	return hashing.Hash(hashing.TagPublicKey, append([]fr.Element{circuitID}, params[:]...)...)
}

// verify checks sig over payload and that its key is the account's key.
func (ss Schemes) verify(sig *Signature, pk fr.Element, payload fr.Element) error {
	s, ok := ss[sig.Scheme]
	if !ok {
		return fmt.Errorf("%w: %q", ErrUnknownScheme, sig.Scheme)
	}
	h, err := PublicKeyHash(s, sig.PublicKey)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrWrongKey, err)
	}
	if !h.Equal(&pk) {
		return ErrWrongKey
	}
	if err := s.Verify(sig.PublicKey, payload, sig.Sig); err != nil {
		return fmt.Errorf("%w: %v", ErrBadSignature, err)
	}
	return nil
}

// EdDSA is EdDSA on Baby Jubjub (the twisted Edwards curve over BN254's
// scalar field), hashing with Poseidon2 as gnark's in-circuit verifier can.
type EdDSA struct{ circuitID fr.Element }

// NewEdDSA returns the scheme whose signature circuit has the given id.
func NewEdDSA(circuitID fr.Element) *EdDSA { return &EdDSA{circuitID: circuitID} }

func (e *EdDSA) Name() string          { return "eddsa-bjj" }
func (e *EdDSA) CircuitID() fr.Element { return e.circuitID }

// Params are (A.x, A.y, 0, 0).
func (e *EdDSA) Params(pub []byte) ([SignatureParams]fr.Element, error) {
	var pk eddsa.PublicKey
	if _, err := pk.SetBytes(pub); err != nil {
		return [SignatureParams]fr.Element{}, fmt.Errorf("eddsa public key: %w", err)
	}
	return [SignatureParams]fr.Element{pk.A.X, pk.A.Y}, nil
}

func (e *EdDSA) Verify(pub []byte, payload fr.Element, sig []byte) error {
	var pk eddsa.PublicKey
	if _, err := pk.SetBytes(pub); err != nil {
		return fmt.Errorf("eddsa public key: %w", err)
	}
	msg := payload.Bytes()
	ok, err := pk.Verify(sig, msg[:], poseidon2.NewMerkleDamgardHasher())
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("eddsa signature rejected")
	}
	return nil
}

// EdDSAKey is an EdDSA private key.
type EdDSAKey struct {
	scheme *EdDSA
	key    *eddsa.PrivateKey
}

// GenerateKey draws a new key from r.
func (e *EdDSA) GenerateKey(r io.Reader) (*EdDSAKey, error) {
	k, err := eddsa.GenerateKey(r)
	if err != nil {
		return nil, fmt.Errorf("generate eddsa key: %w", err)
	}
	return &EdDSAKey{scheme: e, key: k}, nil
}

// Bytes is the key's secret encoding (gnark-crypto's: public key ‖
// scalar ‖ nonce seed). Keep it secret.
func (k *EdDSAKey) Bytes() []byte { return k.key.Bytes() }

// KeyFromBytes decodes a key that Bytes encoded; it checks that the
// public key is the scalar's.
func (e *EdDSA) KeyFromBytes(b []byte) (*EdDSAKey, error) {
	// The length first: gnark-crypto's SetBytes panics on a longer buffer
	// (its constant-time copy of the nonce seed wants equal lengths).
	if len(b) != EdDSAKeyBytes {
		return nil, fmt.Errorf("eddsa key: %d bytes, want %d", len(b), EdDSAKeyBytes)
	}
	var k eddsa.PrivateKey
	if _, err := k.SetBytes(b); err != nil {
		return nil, fmt.Errorf("eddsa key: %w", err)
	}
	return &EdDSAKey{scheme: e, key: &k}, nil
}

// EdDSAKeyBytes is the length of EdDSAKey.Bytes: the public key (32),
// the scalar (32) and the nonce seed (32).
const EdDSAKeyBytes = 96

func (k *EdDSAKey) Scheme() Scheme    { return k.scheme }
func (k *EdDSAKey) PublicKey() []byte { return k.key.PublicKey.Bytes() }

func (k *EdDSAKey) Sign(payload fr.Element) ([]byte, error) {
	msg := payload.Bytes()
	return k.key.Sign(msg[:], poseidon2.NewMerkleDamgardHasher())
}

// KeyHash is the signer's public key as GUSR stores it.
func KeyHash(s Signer) (fr.Element, error) { return PublicKeyHash(s.Scheme(), s.PublicKey()) }
