package state_test

import (
	"testing"

	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/storetest"
)

func TestMemStoreConformance(t *testing.T) {
	storetest.Run(t, func(*testing.T) state.Store { return state.NewMemStore() })
}
