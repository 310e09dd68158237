package consensus_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark/backend/groth16"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/r1cs"

	"github.com/parthnet/parth/circuits/hashing"
	"github.com/parthnet/parth/circuits/model"
	"github.com/parthnet/parth/consensus"
	"github.com/parthnet/parth/consensus/bls"
	"github.com/parthnet/parth/prover"
	"github.com/parthnet/parth/sequencer"
	"github.com/parthnet/parth/sequencer/poh"
	"github.com/parthnet/parth/state"
)

// linkCircuit proves the CHKP link of a block: CHKP(n−1) and CHKP(n) (the
// block circuit's public inputs) have preimages with CHKP(n).Prev =
// CHKP(n−1) and consecutive numbers. It stands in for the block circuit
// here (whose setup takes minutes); the block circuit's own proofs go
// through validators in the aggregator's end-to-end test.
type linkCircuit struct {
	Prev, Next frontend.Variable `gnark:",public"`
	Parent     model.Checkpoint
	Child      model.Checkpoint
}

func (c *linkCircuit) Define(api frontend.API) error {
	h, err := hashing.New(api)
	if err != nil {
		return err
	}
	api.AssertIsEqual(c.Parent.Root(h), c.Prev)
	api.AssertIsEqual(c.Child.Prev, c.Prev)
	api.AssertIsEqual(c.Child.Number, api.Add(c.Parent.Number, 1))
	api.AssertIsEqual(c.Child.Root(h), c.Next)
	return nil
}

var (
	linkOnce sync.Once
	linkKeys *prover.Keys
)

func keys(t testing.TB) *prover.Keys {
	linkOnce.Do(func() {
		ccs, err := frontend.Compile(fr.Modulus(), r1cs.NewBuilder, &linkCircuit{})
		if err != nil {
			t.Fatal(err)
		}
		pk, vk, err := groth16.Setup(ccs)
		if err != nil {
			t.Fatal(err)
		}
		linkKeys = &prover.Keys{Name: "link", System: prover.Groth16, CCS: ccs, G16PK: pk, G16VK: vk}
	})
	return linkKeys
}

func proveLink(t testing.TB, parent, child *state.Checkpoint) []byte {
	k := keys(t)
	p, err := k.Prove(prover.CPU{}, &linkCircuit{Prev: parent.Root.String(), Next: child.Root.String(),
		Parent: model.CheckpointOf(parent), Child: model.CheckpointOf(child)})
	if err != nil {
		t.Fatal(err)
	}
	b, err := p.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func verifyLink(t testing.TB) consensus.ProofVerifier {
	k := keys(t)
	return func(prev, next fr.Element, proof []byte) error {
		var p prover.Proof
		if err := p.UnmarshalBinary(proof); err != nil {
			return err
		}
		return k.Verify(&p, &linkCircuit{Prev: prev.String(), Next: next.String()})
	}
}

var pohCfg = poh.Config{HashesPerTick: 64, TicksPerSlot: 4, MaxRefAge: 16}

// jobOf is the scenario's stand-in for an end cap's data: the validators'
// data check (dataLink) takes exactly it for end cap h. The real check is
// session.CheckSequenced, which the end-to-end test runs.
// capHash is a stand-in end-cap header hash: a field element, as real
// ones are.
func capHash(s string) poh.Hash {
	d := sha256.Sum256([]byte(s))
	var e fr.Element
	e.SetBytes(d[:])
	return poh.Hash(e.Bytes())
}

// accOf is the accumulator of sequenced end caps that CHKP(n) commits to.
func accOf(t testing.TB, caps []sequencer.Sequenced) fr.Element {
	t.Helper()
	m := map[state.UserID]fr.Element{}
	for _, e := range caps {
		var h fr.Element
		if err := h.SetBytesCanonical(e.Hash[:]); err != nil {
			t.Fatal(err)
		}
		m[state.UserID(e.User)] = h
	}
	acc, err := state.EndCapAccumulator(m)
	if err != nil {
		t.Fatal(err)
	}
	return acc
}

func jobOf(h poh.Hash) []byte { return append([]byte("data of "), h[:]...) }

func dataLink(e *sequencer.Sequenced) error {
	if !bytes.Equal(e.Job, jobOf(e.Hash)) {
		return errors.New("the end cap's data is missing or not its own")
	}
	return nil
}

type network struct {
	set     *consensus.ValidatorSet
	keys    []*bls.SecretKey // by set index
	signers []*consensus.Signer
	tally   *consensus.Tally
	seq     *sequencer.Core
	chain   []state.Checkpoint // the honest chain: CHKP(0..n)
}

func genesisSet(t testing.TB, stakes []uint64) (*consensus.ValidatorSet, []*bls.SecretKey) {
	g := consensus.Genesis{ChainID: 7}
	byName := map[string]*bls.SecretKey{}
	for i, s := range stakes {
		seed := sha256.Sum256([]byte(fmt.Sprint("validator ", i)))
		k, err := bls.KeyFromSeed(seed[:])
		if err != nil {
			t.Fatal(err)
		}
		name := fmt.Sprintf("v%d", i)
		byName[name] = k
		g.Validators = append(g.Validators, consensus.GenesisEntry(name, k, s))
	}
	raw, _ := json.Marshal(g)
	set, err := consensus.ParseGenesis(raw)
	if err != nil {
		t.Fatal(err)
	}
	keys := make([]*bls.SecretKey, len(set.Validators))
	for i, v := range set.Validators {
		keys[i] = byName[v.Name]
	}
	return set, keys
}

func newNetwork(t testing.TB, stakes []uint64) *network {
	set, keys := genesisSet(t, stakes)
	seed := poh.Hash(sha256.Sum256([]byte("parth genesis")))
	g := state.Checkpoint{Number: 0, Prev: fr.Element{}, GUSRRoot: fr.NewElement(11), GCONRoot: fr.NewElement(22), PoH: seed}.Sealed()
	n := &network{set: set, keys: keys, tally: consensus.NewTally(set), chain: []state.Checkpoint{g}}
	for _, k := range keys {
		s, err := consensus.NewSigner(k, set, pohCfg, seed, g, verifyLink(t), dataLink)
		if err != nil {
			t.Fatal(err)
		}
		n.signers = append(n.signers, s)
	}
	var err error
	if n.seq, err = sequencer.NewCore(pohCfg, seed, 1); err != nil {
		t.Fatal(err)
	}
	return n
}

// propose sequences end caps of users and returns the proven block,
// signed by the leader (validator 0).
func (n *network) propose(t testing.TB, users ...uint64) *consensus.Proposal {
	return n.proposeWith(t, n.seq, 0, 0, users...)
}

// proposeWith has validator leader sequence the block on core c, after
// idle PoH ticks (holding the block for them: a takeover leader's core may
// hold end caps the last block left waiting).
func (n *network) proposeWith(t testing.TB, c *sequencer.Core, leader int, idle uint64, users ...uint64) *consensus.Proposal {
	t.Helper()
	var b *sequencer.Block
	c.HoldFor(idle)
	for i := uint64(0); i < idle; i++ {
		c.Run(1 << 20)
		if c.Tick() != nil {
			t.Fatal("a block while idle")
		}
	}
	for i, u := range users {
		h := capHash(fmt.Sprint("end cap ", u, " ", i, " ", len(n.chain), " ", leader, " ", idle))
		c.Run(5)
		if c.Recorder().TickDue() {
			c.Tick()
		}
		if _, err := c.Submit(sequencer.Submission{User: u, Hash: h, Ref: c.Recorder().Latest(), Job: jobOf(h)}); err != nil {
			t.Fatal(err)
		}
	}
	for b == nil {
		c.Run(1 << 20)
		b = c.Tick()
	}
	parent := n.chain[len(n.chain)-1]
	gusr := fr.NewElement(uint64(1000 + b.Number)) // the new GUSR root (what the block proof attests)
	child := state.Checkpoint{Number: b.Number, Prev: parent.Root, GUSRRoot: gusr, GCONRoot: parent.GCONRoot, PoH: b.PoH,
		Chain: parent.Chain, EndCaps: accOf(t, b.EndCaps)}.Sealed()
	p := &consensus.Proposal{Block: b, Checkpoint: child, Proof: proveLink(t, &parent, &child)}
	p.Sign(n.keys[leader], leader, n.set.ChainID)
	return p
}

func target(p *consensus.Proposal) consensus.Target {
	return consensus.Target{Checkpoint: p.Checkpoint.Root, PoH: p.Block.PoH}
}

// TestScenario: five validators finalize four blocks; v4 is offline
// throughout; v3 equivocates at block 2 (a second vote for another
// checkpoint), which is recorded once and not counted.
func TestScenario(t *testing.T) {
	n := newNetwork(t, []uint64{40, 30, 20, 20, 10}) // total 120, quorum 80
	const offline, equivocator = 4, 3
	steps := []struct {
		users      []uint64
		voters     []int // in vote order
		equivocate bool
		finalAfter int // the QC comes with this voter's vote (index into voters)
	}{
		{users: []uint64{1, 2}, voters: []int{0, 1, 2, 3}, finalAfter: 2},                // 40+30+20 = 90
		{users: []uint64{1}, voters: []int{3, 0, 1, 2}, equivocate: true, finalAfter: 3}, // v3 struck out: 40+30+20
		{users: []uint64{3, 1, 2}, voters: []int{2, 3, 1, 0}, finalAfter: 3},             // 20+20+30 = 70 < 80, then +40
		{users: []uint64{4}, voters: []int{0, 1}, finalAfter: 1},                         // 70 < 80 without more votes
	}
	for step, st := range steps {
		p := n.propose(t, st.users...)
		num := p.Block.Number
		n.tally.Know(num, target(p))
		var qc *consensus.QC
		for vi, i := range st.voters {
			if i == offline {
				t.Fatal("offline validator voting")
			}
			v, err := n.signers[i].Check(p)
			if err != nil {
				t.Fatalf("block %d, validator %d: %v", num, i, err)
			}
			got, err := n.tally.Add(v)
			if err != nil {
				t.Fatalf("block %d vote %d: %v", num, i, err)
			}
			if i == equivocator && st.equivocate {
				// A conflicting block for the same height, with a valid
				// proof (another GUSR root), signed by the equivocator.
				parent := n.chain[len(n.chain)-1]
				other := state.Checkpoint{Number: num, Prev: parent.Root, GUSRRoot: fr.NewElement(999), GCONRoot: parent.GCONRoot, PoH: p.Block.PoH}.Sealed()
				ot := consensus.Target{Checkpoint: other.Root, PoH: p.Block.PoH}
				n.tally.Know(num, ot)
				bad := consensus.SignVote(n.keys[i], i, n.set.ChainID, num, ot)
				if _, err := n.tally.Add(bad); !errors.Is(err, consensus.ErrEquivocation) {
					t.Fatalf("equivocation: %v", err)
				}
				if _, err := n.tally.Add(bad); !errors.Is(err, consensus.ErrEquivocation) {
					t.Fatalf("equivocation again: %v", err)
				}
				if s := n.tally.Stake(num, target(p)); s != 0 {
					t.Fatalf("equivocator's stake still counted: %d", s)
				}
			}
			if (got != nil) != (vi == st.finalAfter) && step < 3 {
				t.Fatalf("block %d: certificate after vote %d: %v", num, vi, got != nil)
			}
			if got != nil {
				qc = got
			}
		}
		n.chain = append(n.chain, p.Checkpoint)
		if step == 3 {
			if qc != nil || n.tally.Finalized(num) != nil {
				t.Fatalf("block %d finalized with 70 of 120 stake", num)
			}
			// The offline validator never came back; v2 arrives late.
			v, err := n.signers[2].Check(p)
			if err != nil {
				t.Fatal(err)
			}
			if qc, err = n.tally.Add(v); err != nil || qc == nil {
				t.Fatalf("late vote: %v, %v", qc, err)
			}
		}
		if err := consensus.VerifyQC(n.set, qc); err != nil {
			t.Fatalf("block %d: %v", num, err)
		}
		if qc.Signed(offline) || (st.equivocate && qc.Signed(equivocator)) {
			t.Fatalf("block %d: QC signers %08b", num, qc.Signers)
		}
		if qc.Target != target(p) || qc.Block != num {
			t.Fatal("QC for another target")
		}
	}
	ev := n.tally.Evidence()
	if len(ev) != 1 || ev[0].A.Validator != equivocator || ev[0].A.Block != 2 {
		t.Fatalf("evidence %+v", ev)
	}
	if err := ev[0].Verify(n.set); err != nil {
		t.Fatalf("evidence does not verify: %v", err)
	}
}

// TestBadVotes: each bad vote is refused and changes nothing.
func TestBadVotes(t *testing.T) {
	n := newNetwork(t, []uint64{10, 10, 10, 10})
	p := n.propose(t, 1)
	n.tally.Know(1, target(p))
	good, err := n.signers[0].Check(p)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := n.tally.Add(good); err != nil {
		t.Fatal(err)
	}
	other := n.keys[1]
	stranger, _ := bls.KeyFromSeed(make([]byte, 32))
	tg := target(p)
	cases := []struct {
		name string
		v    consensus.Vote
		want error
	}{
		{"bad signature (another message)", func() consensus.Vote {
			v := consensus.SignVote(other, 1, 7, 1, tg)
			v.Block = 2
			return v
		}(), consensus.ErrBadSignature},
		{"bad signature (another validator's)", func() consensus.Vote {
			v := consensus.SignVote(other, 1, 7, 1, tg)
			v.Validator = 2
			return v
		}(), consensus.ErrBadSignature},
		{"corrupted signature", func() consensus.Vote {
			v := consensus.SignVote(other, 1, 7, 1, tg)
			v.Sig[50] ^= 1
			return v
		}(), consensus.ErrBadSignature},
		{"unknown validator", consensus.SignVote(stranger, 4, 7, 1, tg), consensus.ErrUnknownValidator},
		{"negative index", consensus.SignVote(stranger, -1, 7, 1, tg), consensus.ErrUnknownValidator},
		{"another chain", consensus.SignVote(other, 1, 8, 1, tg), consensus.ErrWrongChain},
		{"duplicate vote", good, consensus.ErrDuplicateVote},
		{"unknown block", consensus.SignVote(other, 1, 7, 2, tg), consensus.ErrUnknownBlock},
		{"unknown checkpoint", consensus.SignVote(other, 1, 7, 1, consensus.Target{Checkpoint: fr.NewElement(5), PoH: tg.PoH}), consensus.ErrUnknownBlock},
	}
	for _, tc := range cases {
		if _, err := n.tally.Add(tc.v); !errors.Is(err, tc.want) {
			t.Fatalf("%s: %v, want %v", tc.name, err, tc.want)
		}
		if s := n.tally.Stake(1, tg); s != 10 {
			t.Fatalf("%s changed the tally: %d", tc.name, s)
		}
	}
	if len(n.tally.Evidence()) != 0 {
		t.Fatal("evidence from bad votes")
	}
	// A forged QC: a signer bitmap claiming a quorum with an aggregate of fewer.
	sigs := []bls.Signature{good.Sig, consensus.SignVote(other, 1, 7, 1, tg).Sig}
	agg, _ := bls.Aggregate(sigs)
	q := &consensus.QC{Chain: 7, Block: 1, Target: tg, Signers: []byte{0b0111}, Sig: agg}
	if err := consensus.VerifyQC(n.set, q); !errors.Is(err, consensus.ErrBadQC) {
		t.Fatalf("forged QC: %v", err)
	}
	q.Signers = []byte{0b0011}
	if err := consensus.VerifyQC(n.set, q); !errors.Is(err, consensus.ErrBadQC) {
		t.Fatalf("QC without quorum: %v", err)
	}
}

// TestSignerRefuses: a validator does not vote for a block whose PoH,
// CHKP chain or proof is wrong, and stays able to vote for the right one.
func TestSignerRefuses(t *testing.T) {
	n := newNetwork(t, []uint64{10})
	p := n.propose(t, 1, 2)
	s := n.signers[0]
	parent := n.chain[0]
	clone := func() *consensus.Proposal {
		c := *p
		b := *p.Block
		b.EndCaps = append([]sequencer.Sequenced(nil), b.EndCaps...)
		b.Slots = nil
		for _, sl := range p.Block.Slots {
			cs := *sl
			cs.Entries = append([]poh.Entry(nil), sl.Entries...)
			b.Slots = append(b.Slots, &cs)
		}
		c.Block = &b
		return &c
	}
	withChkp := func(c *consensus.Proposal, ck state.Checkpoint) {
		c.Checkpoint = ck
		c.Proof = proveLink(t, &parent, &ck)
	}
	cases := map[string]func(c *consensus.Proposal){
		"flipped PoH hash":            func(c *consensus.Proposal) { c.Block.Slots[0].Entries[1].Hash[3] ^= 1 },
		"wrong PoH count":             func(c *consensus.Proposal) { c.Block.Slots[0].Entries[0].NumHashes++ },
		"end cap not at its position": func(c *consensus.Proposal) { c.Block.EndCaps[0].Position++ },
		"end caps out of order": func(c *consensus.Proposal) {
			c.Block.EndCaps[0], c.Block.EndCaps[1] = c.Block.EndCaps[1], c.Block.EndCaps[0]
		},
		"another end cap hash": func(c *consensus.Proposal) { c.Block.EndCaps[1].Hash[0] ^= 1 },
		"CHKP preimage":        func(c *consensus.Proposal) { c.Checkpoint.GUSRRoot = fr.NewElement(1) },
		"CHKP of another PoH hash": func(c *consensus.Proposal) {
			withChkp(c, state.Checkpoint{Number: 1, Prev: parent.Root, GUSRRoot: c.Checkpoint.GUSRRoot, GCONRoot: parent.GCONRoot, PoH: poh.Hash{1}, EndCaps: c.Checkpoint.EndCaps}.Sealed())
		},
		"CHKP number": func(c *consensus.Proposal) {
			c.Checkpoint = state.Checkpoint{Number: 2, Prev: parent.Root, GUSRRoot: c.Checkpoint.GUSRRoot, GCONRoot: parent.GCONRoot, PoH: c.Block.PoH, EndCaps: c.Checkpoint.EndCaps}.Sealed()
		},
		"CHKP of another parent": func(c *consensus.Proposal) {
			c.Checkpoint = state.Checkpoint{Number: 1, Prev: fr.NewElement(3), GUSRRoot: c.Checkpoint.GUSRRoot, GCONRoot: parent.GCONRoot, PoH: c.Block.PoH, EndCaps: c.Checkpoint.EndCaps}.Sealed()
		},
		"proof of another block": func(c *consensus.Proposal) {
			other := state.Checkpoint{Number: 1, Prev: parent.Root, GUSRRoot: fr.NewElement(4), GCONRoot: parent.GCONRoot, PoH: c.Block.PoH, EndCaps: c.Checkpoint.EndCaps}.Sealed()
			c.Proof = proveLink(t, &parent, &other)
		},
		// Finding 3: a block proof (valid for its CHKP(n)) over other end
		// caps than the sequenced ones.
		"a block over a subset of the sequenced end caps (censorship)": func(c *consensus.Proposal) {
			ck := c.Checkpoint
			ck.EndCaps = accOf(t, c.Block.EndCaps[:1])
			withChkp(c, ck.Sealed())
		},
		"a block over a superset of the sequenced end caps": func(c *consensus.Proposal) {
			ck := c.Checkpoint
			ck.EndCaps = accOf(t, append(slices.Clone(c.Block.EndCaps), sequencer.Sequenced{Submission: sequencer.Submission{User: 99, Hash: capHash("unsequenced")}}))
			withChkp(c, ck.Sealed())
		},
		"a block over another signed session of a sequenced user": func(c *consensus.Proposal) {
			ck := c.Checkpoint
			other := slices.Clone(c.Block.EndCaps)
			other[1].Hash = capHash("the same user's other session")
			ck.EndCaps = accOf(t, other)
			withChkp(c, ck.Sealed())
		},
		"a CHKP of another chain": func(c *consensus.Proposal) {
			ck := c.Checkpoint
			ck.Chain = fr.NewElement(77)
			withChkp(c, ck.Sealed())
		},
		"corrupted proof": func(c *consensus.Proposal) {
			c.Proof = append([]byte(nil), c.Proof...)
			c.Proof[len(c.Proof)-5] ^= 1
		},
	}
	for name, f := range cases {
		c := clone()
		f(c)
		if _, err := s.Check(c); err == nil {
			t.Fatalf("%s: voted", name)
		}
	}
	v, err := s.Check(p)
	if err != nil {
		t.Fatalf("the real block after refusals: %v", err)
	}
	if err := n.set.Verify(&v); err != nil {
		t.Fatal(err)
	}
}

func TestGenesisRefuses(t *testing.T) {
	k1, _ := bls.KeyFromSeed(make([]byte, 32))
	k2, _ := bls.KeyFromSeed(append(make([]byte, 31), 1))
	good := consensus.GenesisEntry("a", k1, 5)
	badPop := consensus.GenesisEntry("b", k2, 5)
	badPop.Possession = good.Possession
	cases := map[string]string{
		"no chain id":    `{"validators":[` + js(good) + `]}`,
		"no validators":  `{"chain_id":1,"validators":[]}`,
		"unknown field":  `{"chain_id":1,"validators":[` + js(good) + `],"extra":1}`,
		"bad possession": `{"chain_id":1,"validators":[` + js(badPop) + `]}`,
		"zero stake":     `{"chain_id":1,"validators":[` + js(consensus.GenesisEntry("z", k2, 0)) + `]}`,
		"key twice":      `{"chain_id":1,"validators":[` + js(good) + `,` + js(good) + `]}`,
		"short key":      `{"chain_id":1,"validators":[{"name":"s","public_key":"abcd","proof_of_possession":"` + good.Possession + `","stake":1}]}`,
		"stake overflow": `{"chain_id":1,"validators":[` + js(consensus.GenesisEntry("a", k1, 1<<62)) + `,` + js(consensus.GenesisEntry("b", k2, 1<<62)) + `]}`,
		"not json":       `{"chain_id":1,`,
	}
	for name, doc := range cases {
		if _, err := consensus.ParseGenesis([]byte(doc)); !errors.Is(err, consensus.ErrGenesis) {
			t.Fatalf("%s: %v", name, err)
		}
	}
	set, err := consensus.ParseGenesis([]byte(`{"chain_id":1,"validators":[` + js(consensus.GenesisEntry("small", k2, 1)) + `,` + js(good) + `]}`))
	if err != nil {
		t.Fatal(err)
	}
	if set.Validators[0].Name != "a" || set.Total != 6 {
		t.Fatalf("order by stake: %+v", set.Validators)
	}
	for _, c := range []struct {
		current, candidate int
		timeout, need      uint64
		ok                 bool
	}{
		{0, 0, 100, 0, true}, {0, 1, 100, 100, true}, {1, 0, 100, 100, true}, {1, 1, 0, 0, true}, {0, 1, 0, 0, false},
	} {
		if need, ok := set.TakeoverTicks(c.current, c.candidate, c.timeout); need != c.need || ok != c.ok {
			t.Fatalf("takeover %d → %d (timeout %d): %d, %v", c.current, c.candidate, c.timeout, need, ok)
		}
	}
}

func js(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
