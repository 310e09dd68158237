package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/parthnet/parth/aggregator"
	"github.com/parthnet/parth/consensus"
	"github.com/parthnet/parth/state"
)

// Bad command lines are refused before anything is opened or loaded.
func TestAnchorArgs(t *testing.T) {
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "key")
	os.WriteFile(keyFile, []byte("not hex\n"), 0o600)
	empty := t.TempDir()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-data", empty, "extra"}, "unexpected arguments"},
		{[]string{"-data", empty, "-rpc", "http://127.0.0.1:8545"}, "-rpc needs -rollup and -key"},
		{[]string{"-data", empty, "-rollup", "0x0000000000000000000000000000000000000001"}, "-rpc needs"},
		{[]string{"-data", empty, "-rpc", "http://x", "-rollup", "0x12", "-key", keyFile}, `-rollup "0x12" is not an address`},
		{[]string{"-data", empty, "-rpc", "http://x", "-rollup", "0x0000000000000000000000000000000000000001", "-key", keyFile}, "-key"},
		{[]string{"-data", empty}, "no aggregator store"},
	} {
		var out, errb bytes.Buffer
		err := runAnchor(c.args, &out, &errb)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: %v, want an error with %q", c.args, err, c.want)
		}
	}
	if entries, _ := os.ReadDir(empty); len(entries) != 0 {
		t.Fatalf("a refused command line created %s", entries[0].Name())
	}
}

// The development certificates are valid quorum certificates of the dev
// set, one per block, for its number, checkpoint and PoH hash.
func TestDevCertificates(t *testing.T) {
	var blocks []provenBlock
	for n := uint64(1); n <= 3; n++ {
		next := state.Checkpoint{Number: n, Prev: fr.NewElement(n), GUSRRoot: fr.NewElement(10 + n), GCONRoot: fr.NewElement(7), PoH: [32]byte{byte(n)}}.Sealed()
		blocks = append(blocks, provenBlock{rec: &aggregator.BlockRecord{Number: n, Next: &next}})
	}
	set, certs, err := devCertificates(blocks)
	if err != nil {
		t.Fatal(err)
	}
	if len(certs) != len(blocks) {
		t.Fatalf("%d certificates for %d blocks", len(certs), len(blocks))
	}
	for i, qc := range certs {
		b := blocks[i].rec
		if err := consensus.VerifyQC(set, qc); err != nil {
			t.Fatalf("block %d: %v", b.Number, err)
		}
		if qc.Block != b.Number || !qc.Target.Checkpoint.Equal(&b.Next.Root) || qc.Target.PoH != b.Next.PoH {
			t.Fatalf("block %d: certificate for %d, %s", b.Number, qc.Block, qc.Target.Checkpoint.String())
		}
	}
}
