package consensus_test

import (
	"errors"
	"testing"
	"time"

	"github.com/parthnet/parth/consensus"
)

// TestHeartbeat: the leader's heartbeat verifies and round-trips; one of
// another chain, claiming another validator, with another block or time
// than signed, or stale or from the future is refused; a truncated or
// padded encoding does not decode.
func TestHeartbeat(t *testing.T) {
	set, keys := genesisSet(t, []uint64{10, 10, 10})
	now := time.Now()
	h := consensus.SignHeartbeat(keys[1], 1, set.ChainID, 5, now)
	if err := set.VerifyHeartbeat(&h, now.Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	raw, err := h.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var back consensus.Heartbeat
	if err := back.UnmarshalBinary(raw); err != nil || back != h {
		t.Fatalf("round trip: %+v %v", back, err)
	}
	for _, bad := range [][]byte{raw[:len(raw)-1], append(append([]byte(nil), raw...), 0), nil} {
		if err := new(consensus.Heartbeat).UnmarshalBinary(bad); err == nil {
			t.Fatalf("%d bytes decoded", len(bad))
		}
	}
	refused := func(name string, h consensus.Heartbeat, at time.Time) {
		t.Helper()
		if err := set.VerifyHeartbeat(&h, at); !errors.Is(err, consensus.ErrBadHeartbeat) {
			t.Fatalf("%s: %v", name, err)
		}
	}
	other := h
	other.Chain++
	refused("another chain", other, now)
	other = h
	other.Leader = 2 // validator 1's signature claiming to be 2
	refused("another validator", other, now)
	other = h
	other.Leader = 3
	refused("an index outside the set", other, now)
	other = h
	other.Block++
	refused("another block", other, now)
	other = h
	other.Time++
	refused("another time", other, now)
	refused("stale (a replay)", h, now.Add(consensus.MaxHeartbeatSkew+time.Second))
	refused("from the future", h, now.Add(-consensus.MaxHeartbeatSkew-time.Second))
	forged := consensus.SignHeartbeat(keys[0], 1, set.ChainID, 5, now)
	refused("signed by another key", forged, now)
}
