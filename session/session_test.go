package session

import (
	"errors"
	"log/slog"
	"os"
	"sync"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark/test"

	"github.com/parthnet/parth/circuits/wrap"
	"github.com/parthnet/parth/prover"
	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/apps"
	"github.com/parthnet/parth/state/hashing"
)

var (
	keysOnce sync.Once
	keys     *Keys
	setup    *prover.Setup
	keysErr  error
)

func loadKeys(t *testing.T) (*Keys, *prover.Setup) {
	t.Helper()
	if testing.Short() {
		t.Skip("real keys and proofs")
	}
	keysOnce.Do(func() {
		log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
		if setup, keysErr = prover.DevSetup(log); keysErr != nil {
			return
		}
		keys, keysErr = LoadKeys(setup)
	})
	if keysErr != nil {
		t.Fatal(keysErr)
	}
	return keys, setup
}

func world(t *testing.T, k *Keys) *apps.World {
	w, err := apps.NewWorldWith(state.NewMemStore(), 5, k.EdDSAHash, k.Registry())
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func prove(t *testing.T, k *Keys, w *apps.World, u state.UserID, calls ...state.Call) *Bundle {
	t.Helper()
	head, _ := w.Chain.Head()
	v, _ := w.Chain.View(head.Number)
	acct, _ := v.Account(u)
	p := &Prover{Keys: k}
	b, err := p.Prove(k.Registry(), v, w.Keys[u], state.Session{User: u, Nonce: acct.Nonce, Checkpoint: head.Number, Calls: calls})
	if err != nil {
		t.Fatal(err)
	}
	for _, tm := range b.Timings {
		t.Logf("%-10s %v", tm.Proof, tm.Took)
	}
	return b
}

// TestAliceTransferSession proves Alice's USDT transfer with real keys:
// CFC, start, step, signature; the native discharge accepts it, the header
// matches the native reference, and the end cap applies to the chain.
// (The wrapped proofs and the end cap are proven, and checked against the
// reference header, in aggregator's end-to-end test: they need the
// wrapper and node keys, set up once there.)
func TestAliceTransferSession(t *testing.T) {
	k, _ := loadKeys(t)
	w := world(t, k)
	b := prove(t, k, w, apps.Alice, apps.Transfer(apps.USDTContract, apps.Bob, 30))
	if err := k.Verify(b); err != nil {
		t.Fatal(err)
	}
	ref, err := w.EndCap(apps.Alice, apps.Transfer(apps.USDTContract, apps.Bob, 30))
	if err != nil {
		t.Fatal(err)
	}
	if ref.Header != b.EndCap.Header {
		t.Fatal("proven end-cap header differs from the native reference")
	}
	if _, err := w.Chain.ApplyBlock([]*state.EndCap{b.EndCap}, apps.SlotPoH(1)); err != nil {
		t.Fatal(err)
	}
	// The user's part ends with the job: the network wraps the CFC proof and
	// proves the end cap (aggregator's end-to-end test), with keys a user
	// never loads.
	j, err := b.Job()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := j.MarshalBinary(); err != nil {
		t.Fatal(err)
	}
	checkDirectJob(t, k, j)

	// Tampered bundles.
	one := hashing.Uint(1)
	cases := map[string]struct {
		mutate func(b *Bundle)
		want   error
	}{
		"step for another UCON root": {func(b *Bundle) { b.Steps[0].UCONAfter.Add(&b.Steps[0].UCONAfter, &one) }, ErrProof},
		"step header not the start":  {func(b *Bundle) { b.Steps[0].Prev = one }, ErrChain},
		"cfc of another key":         {func(b *Bundle) { b.CFCKeys[0] = k.Functions["USDTContract.claim"].VKHash }, ErrAttestation},
		"cfc header changed":         {func(b *Bundle) { b.CFCs[0].ArgsHash = one }, ErrAttestation},
		"signature by another key":   {func(b *Bundle) { b.SigParams[0] = one }, ErrSignature},
		"payload for another nonce": {func(b *Bundle) {
			b.EndCap.Header.Payload = state.Payload(b.Checkpoint.Chain, apps.Alice, 1, b.EndCap.Header.UCONBefore, b.EndCap.Header.UCONAfter)
		}, ErrSignature},
		"step proof swapped for the start proof": {func(b *Bundle) { b.StepProofs[0] = b.StartProof }, ErrProof},
		"missing signature proof":                {func(b *Bundle) { b.SigProof = nil }, ErrBundleShape},
	}
	for name, c := range cases {
		cp := *b
		hdr := *b.EndCap
		cp.EndCap = &hdr
		cp.Steps = append([]state.StepHeader(nil), b.Steps...)
		cp.CFCs = append([]state.CFCHeader(nil), b.CFCs...)
		cp.CFCKeys = append(cp.CFCKeys[:0:0], b.CFCKeys...)
		cp.StepProofs = append(cp.StepProofs[:0:0], b.StepProofs...)
		c.mutate(&cp)
		if err := k.Verify(&cp); !errors.Is(err, c.want) {
			t.Errorf("%s: got %v, want %v", name, err, c.want)
		}
	}
}

// TestBobTwoClaims proves the seed's two-call session (block #2) and checks
// that reordering its steps is caught.
func TestBobTwoClaims(t *testing.T) {
	k, _ := loadKeys(t)
	w := world(t, k)
	if _, err := w.Block(apps.USDTBlocks[0]...); err != nil {
		t.Fatal(err)
	}
	b := prove(t, k, w, apps.Bob, apps.Claim(apps.USDTContract, apps.Alice), apps.Claim(apps.USDTContract, apps.Mike))
	if err := k.Verify(b); err != nil {
		t.Fatal(err)
	}
	b.Steps[0], b.Steps[1] = b.Steps[1], b.Steps[0]
	b.StepProofs[0], b.StepProofs[1] = b.StepProofs[1], b.StepProofs[0]
	if err := k.Verify(b); !errors.Is(err, ErrChain) {
		t.Fatalf("reordered steps: %v", err)
	}
}

// checkDirectJob: a one-call job carries direct data, which passes the
// native check and gives a witness that the whole wrapper circuit (the
// PLONK verification and the cap mode) accepts in gnark's test engine,
// whose output is the end cap's node header; tampered direct data is
// refused natively with a specific error. The key set here is the real
// EdDSA key's with stand-ins for the others (the wrapper and node keys are
// set up once, in aggregator's end-to-end test, which proves this path).
func checkDirectJob(t *testing.T, k *Keys, j *EndCapJob) {
	t.Helper()
	if j.Direct == nil {
		t.Fatal("a one-call EdDSA session's job has no direct data")
	}
	net := NetworkKeys{Keys: k}
	net.NodeKeys = state.NodeKeys{Node: hashing.Uint(11), Wrap: hashing.Uint(22), Step: hashing.Uint(33), EdDSA: k.EdDSAHash, ECDSA: hashing.Uint(55)}
	calls, err := j.checked()
	if err != nil {
		t.Fatal(err)
	}
	if err := net.checkDirect(j, calls); err != nil {
		t.Fatalf("direct data refused: %v", err)
	}
	one := hashing.Uint(1)
	for name, c := range map[string]struct {
		mutate func(d *Direct, j *EndCapJob)
		want   error
	}{
		"whitelist path tampered":     {func(d *Direct, _ *EndCapJob) { d.Whitelist.Siblings[0] = one }, ErrAttestation},
		"another function's entry":    {func(d *Direct, _ *EndCapJob) { d.Whitelist.Index++ }, ErrAttestation},
		"contract metadata changed":   {func(d *Direct, _ *EndCapJob) { d.Metadata = one }, ErrAttestation},
		"gcon of another checkpoint":  {func(d *Direct, _ *EndCapJob) { d.GCON.Root = one }, ErrAttestation},
		"cfc header changed":          {func(d *Direct, _ *EndCapJob) { d.CFC.ArgsHash = one }, ErrAttestation},
		"signature changed":           {func(d *Direct, _ *EndCapJob) { d.Signature[40] ^= 1 }, ErrSignature},
		"signature cut short":         {func(d *Direct, _ *EndCapJob) { d.Signature = d.Signature[:32] }, ErrSignature},
		"signed by another scheme id": {func(_ *Direct, j *EndCapJob) { j.SigKey = one }, ErrBundleShape},
		"parameters not a key":        {func(_ *Direct, j *EndCapJob) { j.SigParams[2] = one }, ErrSignature},
	} {
		cp := *j
		d := *j.Direct
		d.Whitelist.Siblings = append([]fr.Element(nil), d.Whitelist.Siblings...)
		d.Signature = append([]byte(nil), d.Signature...)
		cp.Direct = &d
		c.mutate(&d, &cp)
		if err := net.checkDirect(&cp, calls); !errors.Is(err, c.want) { // the deltas are j's
			t.Errorf("%s: got %v, want %v", name, err, c.want)
		}
	}
	a, err := net.capWitness(j)
	if err != nil {
		t.Fatal(err)
	}
	ref := k.Functions["USDTContract.transfer"].Keys
	base, err := wrap.BaseOf(ref.PlVK)
	if err != nil {
		t.Fatal(err)
	}
	want := state.EndCapOf(net.NodeKeys.Hash(), &j.Header)
	if h := want.Hash(); a.Public != h.String() {
		t.Fatal("the cap's public input is not the end cap's node header")
	}
	if err := test.IsSolved(wrap.New(base, ref.CCS), a, ecc.BN254.ScalarField()); err != nil {
		t.Fatalf("the wrapper refuses the cap witness: %v", err)
	}
}
