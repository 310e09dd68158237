package store

import "errors"

var (
	// ErrCorrupt is a record that does not decode or does not hash to what
	// it claims: the database was damaged outside pebble's guarantees.
	ErrCorrupt = errors.New("store: corrupt record")
	// ErrSchema is a database written by an incompatible version.
	ErrSchema = errors.New("store: database has another schema version")
)
