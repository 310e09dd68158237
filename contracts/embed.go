package contracts

import (
	_ "embed"
	"encoding/hex"
	"fmt"
	"strings"
)

//go:embed build/Rollup.bin
var rollupBin string

// RollupBytecode is the Rollup's checked-in creation bytecode (make generate).
func RollupBytecode() ([]byte, error) {
	b, err := hex.DecodeString(strings.TrimSpace(rollupBin))
	if err != nil {
		return nil, fmt.Errorf("contracts: Rollup.bin: %w", err)
	}
	return b, nil
}
