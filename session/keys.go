package session

import (
	"fmt"
	"maps"
	"slices"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark/backend/plonk"
	plonkbn254 "github.com/consensys/gnark/backend/plonk/bn254"
	"github.com/consensys/gnark/frontend"

	"github.com/parthnet/parth/circuits/cfc"
	"github.com/parthnet/parth/circuits/node"
	"github.com/parthnet/parth/circuits/sig"
	"github.com/parthnet/parth/circuits/ups"
	"github.com/parthnet/parth/circuits/wrap"
	"github.com/parthnet/parth/prover"
	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/apps"
)

// Function is one contract function's circuit.
type Function struct {
	Keys   *prover.Keys
	VKHash fr.Element // its whitelist identity
	Assign func(r *state.SessionResult, call int) frontend.Circuit
}

// Keys are the user's keys: every key a client needs to prove a session's
// small proofs (its CFCs, the UPS start and steps, the EdDSA signature).
// The network's keys are NetworkKeys.
type Keys struct {
	// Functions by "Contract.function".
	Functions map[string]*Function
	// EdDSA is the standard EdDSA signature circuit (Groth16, verified by
	// the end node without a wrap); EdDSAHash is its key hash, the scheme's
	// circuit id in users' public keys.
	EdDSA     *prover.Keys
	EdDSAHash fr.Element
	Start     *prover.Keys
	Step      *prover.Keys
}

// NetworkKeys are the keys the network proves and checks end caps with:
// the user's (whose verifying keys it checks a job's proofs under), the
// wrapper (~3.3 M constraints), the universal node (~4.1 M) and the
// standard ECDSA signature circuit, and the key set every node header
// carries. LoadNetworkKeys builds them complete: no field is ever nil.
type NetworkKeys struct {
	*Keys
	Wrap     *prover.Keys
	Node     *prover.Keys
	ECDSA    *prover.Keys
	NodeKeys state.NodeKeys
}

func name(c *state.Contract, f string) string { return c.Name + "." + f }

// LoadKeys compiles and sets up (or loads from the cache) the seed apps'
// function circuits, the standard EdDSA signature circuit and the UPS
// circuits.
func LoadKeys(s *prover.Setup) (*Keys, error) {
	k := &Keys{Functions: map[string]*Function{}}
	rubies, usdt := apps.DiamondsAndRubies(), apps.USDT()
	// Cache names are the catalog's (circuits.Catalog, bench/constraints.csv).
	fns := []struct {
		name, circuit string
		shape         frontend.Circuit
		assign        func(r *state.SessionResult, i int) frontend.Circuit
	}{
		{name(rubies, "buyRubies"), "cfc/rubies.buyRubies", cfc.NewBuyRubies(), func(r *state.SessionResult, i int) frontend.Circuit { return cfc.AssignBuyRubies(r, i) }},
		{name(usdt, "transfer"), "cfc/usdt.transfer", cfc.NewTransfer(), func(r *state.SessionResult, i int) frontend.Circuit { return cfc.AssignTransfer(r, i) }},
		{name(usdt, "claim"), "cfc/usdt.claim", cfc.NewClaim(), func(r *state.SessionResult, i int) frontend.Circuit { return cfc.AssignClaim(r, i) }},
	}
	for _, f := range fns {
		pk, err := s.Keys(prover.Circuit{Name: f.circuit, System: prover.PLONK, Shape: f.shape})
		if err != nil {
			return nil, err
		}
		if err := wrappable(f.circuit, pk.PlVK, nil); err != nil {
			return nil, err
		}
		h, err := wrap.VKHash(pk.PlVK)
		if err != nil {
			return nil, err
		}
		k.Functions[f.name] = &Function{Keys: pk, VKHash: h, Assign: f.assign}
	}
	var err error
	if k.EdDSA, err = s.Keys(prover.Circuit{Name: "sig/eddsa-bjj.groth16", System: prover.Groth16, Shape: &sig.EdDSA{}}); err != nil {
		return nil, err
	}
	if k.EdDSAHash, err = node.KeyHash(k.EdDSA.G16VK); err != nil {
		return nil, err
	}
	if k.Start, err = s.Keys(prover.Circuit{Name: "ups/start", System: prover.Groth16, Shape: ups.NewStart()}); err != nil {
		return nil, err
	}
	if k.Step, err = s.Keys(prover.Circuit{Name: "ups/step", System: prover.Groth16, Shape: ups.NewStep()}); err != nil {
		return nil, err
	}
	return k, nil
}

// wrappable checks a function circuit's key has the user-circuit shape the
// wrapper verifies (one public input, one BSB22 commitment) and, given the
// key the wrapper was shaped from, the same SRS part (KZG key, coset
// shift): a CFC proof the network admits (CheckEndCapJob verifies it under
// its own key) can then always be wrapped.
func wrappable(name string, vk, ref plonk.VerifyingKey) error {
	k, ok := vk.(*plonkbn254.VerifyingKey)
	if !ok {
		return fmt.Errorf("%w: %s: %T is not a BN254 PLONK key", ErrBundleShape, name, vk)
	}
	if k.NbPublicVariables != 1 || len(k.Qcp) != 1 || len(k.CommitmentConstraintIndexes) != 1 {
		return fmt.Errorf("%w: %s: %d public inputs and %d commitments, the wrapper takes 1 and 1",
			ErrBundleShape, name, k.NbPublicVariables, len(k.Qcp))
	}
	if ref == nil {
		return nil
	}
	r, ok := ref.(*plonkbn254.VerifyingKey)
	if !ok {
		return fmt.Errorf("%w: the wrapper's reference key %T is not a BN254 PLONK key", ErrBundleShape, ref)
	}
	if k.Kzg.G1 != r.Kzg.G1 || k.Kzg.G2 != r.Kzg.G2 || k.CosetShift != r.CosetShift {
		return fmt.Errorf("%w: %s: its SRS part is not the wrapper's", ErrBundleShape, name)
	}
	return nil
}

// LoadNetworkKeys sets up (or loads) the network's circuits over the
// user's keys: the wrapper, whose shape is the same for every user PLONK
// circuit (one public input, one commitment, the universal SRS), so any
// function circuit's key gives it; then the universal node and the
// standard ECDSA signature circuit, whose keys are in the node's key set.
func LoadNetworkKeys(s *prover.Setup, k *Keys) (*NetworkKeys, error) {
	names := slices.Sorted(maps.Keys(k.Functions))
	if len(names) == 0 {
		return nil, fmt.Errorf("%w: no user PLONK circuit to shape the wrapper", ErrBundleShape)
	}
	ref := k.Functions[names[0]].Keys
	for _, n := range names {
		if err := wrappable(n, k.Functions[n].Keys.PlVK, ref.PlVK); err != nil {
			return nil, err
		}
	}
	base, err := wrap.BaseOf(ref.PlVK)
	if err != nil {
		return nil, err
	}
	w, err := s.Keys(prover.Circuit{Name: "wrap", System: prover.Groth16, Shape: wrap.New(base, ref.CCS)})
	if err != nil {
		return nil, err
	}
	n, err := s.Keys(prover.Circuit{Name: "node", System: prover.Groth16, Shape: node.New()})
	if err != nil {
		return nil, err
	}
	ecdsa, err := s.Keys(prover.Circuit{Name: "sig/ecdsa-secp256k1.groth16", System: prover.Groth16, Shape: &sig.ECDSA{}})
	if err != nil {
		return nil, err
	}
	var ks state.NodeKeys
	for _, x := range []struct {
		k   *prover.Keys
		out *fr.Element
	}{{n, &ks.Node}, {w, &ks.Wrap}, {k.Step, &ks.Step}, {k.EdDSA, &ks.EdDSA}, {ecdsa, &ks.ECDSA}} {
		if *x.out, err = node.KeyHash(x.k.G16VK); err != nil {
			return nil, err
		}
	}
	return &NetworkKeys{Keys: k, Wrap: w, Node: n, ECDSA: ecdsa, NodeKeys: ks}, nil
}

// Registry is the seed apps' registry with each function's whitelist
// identity set to its CFC verifying-key hash.
func (k *Keys) Registry() state.Registry {
	reg := apps.Registry()
	for _, c := range reg {
		for i := range c.Functions {
			if f, ok := k.Functions[name(c, c.Functions[i].Name)]; ok {
				c.Functions[i].Ref = f.VKHash
			}
		}
	}
	return reg
}

// Scheme is EdDSA with the signature circuit's verifying-key hash as id.
func (k *Keys) Scheme() *state.EdDSA { return state.NewEdDSA(k.EdDSAHash) }

// byHash finds a function circuit by its verifying-key hash.
func (k *Keys) byHash(h fr.Element) (*Function, error) {
	for _, f := range k.Functions {
		if f.VKHash == h {
			return f, nil
		}
	}
	return nil, fmt.Errorf("%w: no function circuit with key hash %s", ErrUnknownKey, h.String())
}
