package store

import (
	"encoding/binary"
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/smt"
)

func nodeKey(level int, index uint64) smt.NodeKey {
	return smt.NodeKey{Level: uint8(level), Index: index}
}

func appendElem(b []byte, e *fr.Element) []byte {
	x := e.Bytes()
	return append(b, x[:]...)
}

func readElems(b []byte, out ...*fr.Element) error {
	if len(b) != len(out)*fr.Bytes {
		return fmt.Errorf("%w: %d bytes for %d elements", ErrCorrupt, len(b), len(out))
	}
	for i, e := range out {
		if err := e.SetBytesCanonical(b[i*fr.Bytes : (i+1)*fr.Bytes]); err != nil {
			return fmt.Errorf("%w: element %d: %v", ErrCorrupt, i, err)
		}
	}
	return nil
}

func encodeAccount(a state.Account) []byte {
	return binary.BigEndian.AppendUint64(appendElem(nil, &a.PublicKey), a.Nonce)
}

func decodeAccount(b []byte) (state.Account, error) {
	var a state.Account
	if len(b) != fr.Bytes+8 {
		return a, fmt.Errorf("%w: account of %d bytes", ErrCorrupt, len(b))
	}
	if err := readElems(b[:fr.Bytes], &a.PublicKey); err != nil {
		return a, err
	}
	a.Nonce = binary.BigEndian.Uint64(b[fr.Bytes:])
	return a, nil
}

func encodeContract(c state.ContractInfo) []byte {
	return appendElem(appendElem(nil, &c.WhitelistRoot), &c.Metadata)
}

func decodeContract(b []byte) (state.ContractInfo, error) {
	var c state.ContractInfo
	return c, readElems(b, &c.WhitelistRoot, &c.Metadata)
}

// Checkpoints are stored in their canonical encoding.
func encodeCheckpoint(c *state.Checkpoint) []byte {
	b, _ := c.MarshalBinary() // never fails
	return b
}

func decodeCheckpoint(b []byte) (state.Checkpoint, error) {
	var c state.Checkpoint
	if err := c.UnmarshalBinary(b); err != nil {
		return c, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	return c, nil
}
