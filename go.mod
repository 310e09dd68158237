module github.com/parthnet/parth

go 1.26

require github.com/consensys/gnark-crypto v0.21.0

require (
	github.com/bits-and-blooms/bitset v1.24.6 // indirect
	golang.org/x/crypto v0.54.0 // indirect
	golang.org/x/sys v0.47.0 // indirect
)
