package contracts

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/ethereum/go-ethereum/accounts/abi/abigen"
)

// Sources are the checked-in contracts, compiled by `make generate`.
var Sources = []string{"src/Rollup.sol", "src/ValidatorQuorum.sol", "src/BLS12381.sol"}

// bound are the contracts that get Go bindings (bind v2), with their files.
var bound = []string{"Rollup", "IBlockVerifier", "BLS12381Harness", "QuorumHarness"}

// Generate compiles Sources and returns the generated files by path
// (relative to dir): build/NAME.abi, build/NAME.bin, the bind v2
// bindings bindings.go, and the block verifier's template for BlockShape
// (build/BlockVerifier.bin and .json). `make generate` writes them; a test regenerates
// them and compares with the checked-in copies.
func Generate(ctx context.Context, dir string) (map[string][]byte, error) {
	out, err := Compile(ctx, dir, Sources...)
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{}
	var abis, bins []string
	for _, name := range bound {
		c, ok := out.Contracts[name]
		if !ok {
			return nil, fmt.Errorf("contracts: %s not in the compiler's output", name)
		}
		var abi bytes.Buffer
		if err := json.Indent(&abi, c.ABI, "", "  "); err != nil {
			return nil, err
		}
		abi.WriteByte('\n')
		files["build/"+name+".abi"] = abi.Bytes()
		files["build/"+name+".bin"] = []byte(c.Bin + "\n")
		abis, bins = append(abis, string(c.ABI)), append(bins, c.Bin)
	}
	t, bin, err := GenerateTemplate(ctx, dir, BlockShape)
	if err != nil {
		return nil, fmt.Errorf("contracts: the block verifier template: %w", err)
	}
	meta, err := json.MarshalIndent(t, "", "  ")
	if err != nil {
		return nil, err
	}
	files["build/BlockVerifier.json"] = append(meta, '\n')
	files["build/BlockVerifier.bin"] = []byte(hex.EncodeToString(bin) + "\n")
	code, err := abigen.BindV2(bound, abis, bins, "contracts", nil, nil)
	if err != nil {
		return nil, fmt.Errorf("contracts: abigen: %w", err)
	}
	files["bindings.go"] = []byte(code)
	files["build/solc-version"] = []byte(out.Solc + "\n")
	return files, nil
}
