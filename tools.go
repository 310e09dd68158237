//go:build tools

// This file pins modules that the design fixes but no package uses yet, so
// that `go mod tidy` keeps their versions in go.mod: chi (the HTTP API).
package parth

import (
	_ "github.com/go-chi/chi/v5"
)
