package session

import (
	"fmt"
	"log/slog"
	"time"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/parthnet/parth/circuits/sig"
	"github.com/parthnet/parth/circuits/ups"
	"github.com/parthnet/parth/prover"
	"github.com/parthnet/parth/state"
)

// Bundle is a proven session: the end cap's header, every statement and
// every proof. EndCap carries the state deltas (and the native signature)
// for the node's state.
type Bundle struct {
	EndCap *state.EndCap

	Start   state.StartHeader
	Steps   []state.StepHeader
	CFCs    []state.CFCHeader
	CFCKeys []fr.Element // verifying-key hash of each CFC

	SigParams [state.SignatureParams]fr.Element
	SigKey    fr.Element // signature circuit's verifying-key hash

	StartProof *prover.Proof
	StepProofs []*prover.Proof
	CFCProofs  []*prover.Proof
	// SigProof is the standard EdDSA circuit's Groth16 proof, which the end
	// node verifies as it is.
	SigProof *prover.Proof

	// Direct is a one-call session's data for the network's one-proof end
	// cap (nil for longer sessions).
	Direct *Direct

	// Checkpoint is the preimage of the checkpoint the session read from.
	Checkpoint state.Checkpoint

	// EndCapProof (after EndCap) is the node proof of the end-cap header.
	EndCapProof *prover.Proof

	// Timings of each proof, for benchmarks and logs.
	Timings []Timing
}

// Timing is how long one proof took.
type Timing struct {
	Proof string
	Took  time.Duration
}

// Prover proves sessions on the user's side, with the user's keys.
type Prover struct {
	Keys    *Keys
	Backend prover.Backend
	Log     *slog.Logger
}

// EndCapProver proves end caps on the network's side, with its keys.
type EndCapProver struct {
	Keys    *NetworkKeys
	Backend prover.Backend
	Log     *slog.Logger
}

func logOrDiscard(l *slog.Logger) *slog.Logger {
	if l == nil {
		return slog.New(slog.DiscardHandler)
	}
	return l
}

func backendOrCPU(b prover.Backend) prover.Backend {
	if b == nil {
		return prover.CPU{}
	}
	return b
}

func (p *Prover) log() *slog.Logger       { return logOrDiscard(p.Log) }
func (p *Prover) backend() prover.Backend { return backendOrCPU(p.Backend) }

func (p *EndCapProver) log() *slog.Logger       { return logOrDiscard(p.Log) }
func (p *EndCapProver) backend() prover.Backend { return backendOrCPU(p.Backend) }

func (b *Bundle) timed(name string, f func() error) error {
	start := time.Now()
	err := f()
	b.Timings = append(b.Timings, Timing{Proof: name, Took: time.Since(start)})
	return err
}

// Prove executes session s against view with the chain's registry, signs it
// with key and proves everything but the end cap.
func (p *Prover) Prove(reg state.Registry, view *state.View, key *state.EdDSAKey, s state.Session) (*Bundle, error) {
	res, err := state.Execute(reg, view, s)
	if err != nil {
		return nil, err
	}
	ec, err := res.Sign(key)
	if err != nil {
		return nil, err
	}
	b := &Bundle{EndCap: ec, Start: res.StartHeader(), Steps: res.StepHeaders(), SigKey: p.Keys.EdDSAHash, Checkpoint: res.Checkpoint,
		Direct: direct(res, ec.Signature.Sig)}
	be := p.backend()
	for i := range res.Calls {
		code := reg[res.Calls[i].Contract]
		fn, ok := p.Keys.Functions[name(code, code.Functions[res.Calls[i].Function].Name)]
		if !ok {
			return nil, fmt.Errorf("%w: %s.%s has no circuit", ErrUnknownKey, code.Name, code.Functions[res.Calls[i].Function].Name)
		}
		b.CFCs = append(b.CFCs, res.CFCHeader(i))
		b.CFCKeys = append(b.CFCKeys, fn.VKHash)
		var proof *prover.Proof
		if err := b.timed(fmt.Sprintf("cfc %d", i), func() (err error) {
			proof, err = fn.Keys.Prove(be, fn.Assign(res, i), prover.ForRecursion())
			return err
		}); err != nil {
			return nil, fmt.Errorf("call %d: %w", i, err)
		}
		b.CFCProofs = append(b.CFCProofs, proof)
		if err := b.timed(fmt.Sprintf("step %d", i), func() (err error) {
			proof, err = p.Keys.Step.Prove(be, ups.AssignStep(res, i), prover.ForRecursion())
			return err
		}); err != nil {
			return nil, fmt.Errorf("step %d: %w", i, err)
		}
		b.StepProofs = append(b.StepProofs, proof)
		p.log().Info("proved call", "call", i, "function", code.Functions[res.Calls[i].Function].Name)
	}
	if err := b.timed("start", func() (err error) {
		b.StartProof, err = p.Keys.Start.Prove(be, ups.AssignStart(res), prover.ForRecursion())
		return err
	}); err != nil {
		return nil, err
	}
	if b.SigParams, err = key.Scheme().Params(key.PublicKey()); err != nil {
		return nil, err
	}
	stmt := state.SignatureStatement(b.SigParams, res.Header.Payload)
	if err := b.timed("signature", func() (err error) {
		a := sig.AssignEdDSA(key.PublicKey(), ec.Signature.Sig, res.Header.Payload.String(), stmt.String())
		b.SigProof, err = p.Keys.EdDSA.Prove(be, a, prover.ForRecursion())
		return err
	}); err != nil {
		return nil, err
	}
	return b, nil
}
