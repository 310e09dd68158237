package consensus

import (
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"github.com/parthnet/parth/consensus/bls"
	"github.com/parthnet/parth/internal/wire"
)

// Heartbeat is the leader's "still here": its index, the last block it
// cut and the time, signed with its key. A block is proposed only once it
// is proven, a minute or more after it is cut, so proposals alone cannot
// tell a busy leader from a dead one; the validator next in line takes
// over only after it has heard no heartbeat from the leader for its
// takeover wait (seed 000 §5.6: the silence that starts the next leader's
// clock). A heartbeat decides liveness only, never safety: the takeover
// block must still show the timeout in its own PoH chain (checkLeader),
// so a forged or suppressed heartbeat can at worst make a takeover early
// or late, and it is signed so that nobody but the leader can make one.
type Heartbeat struct {
	Chain  uint64
	Leader int    // index in the set
	Block  uint64 // the last block it cut (0: none yet)
	Time   int64  // Unix milliseconds, when it was sent
	Sig    bls.Signature
}

var heartbeatTag = []byte("PARTH/heartbeat/v1")

// HeartbeatMessage is the signed message.
func HeartbeatMessage(chain uint64, leader int, block uint64, t int64) []byte {
	m := append([]byte(nil), heartbeatTag...)
	m = binary.BigEndian.AppendUint64(m, chain)
	m = binary.BigEndian.AppendUint64(m, uint64(leader))
	m = binary.BigEndian.AppendUint64(m, block)
	return binary.BigEndian.AppendUint64(m, uint64(t))
}

// SignHeartbeat signs a heartbeat of validator index with key k, at now.
func SignHeartbeat(k *bls.SecretKey, index int, chain, block uint64, now time.Time) Heartbeat {
	t := now.UnixMilli()
	return Heartbeat{Chain: chain, Leader: index, Block: block, Time: t, Sig: k.Sign(HeartbeatMessage(chain, index, block, t))}
}

// ErrBadHeartbeat is a heartbeat that is not the leader's, or stale.
var ErrBadHeartbeat = errors.New("consensus: bad heartbeat")

// MaxHeartbeatSkew is how far a heartbeat's time may be from the
// receiver's clock: an older one (a replay) or a later one is refused.
const MaxHeartbeatSkew = 30 * time.Second

// VerifyHeartbeat checks h's chain, signature and time against now.
func (s *ValidatorSet) VerifyHeartbeat(h *Heartbeat, now time.Time) error {
	if h.Chain != s.ChainID {
		return fmt.Errorf("%w: chain %d, this is %d", ErrBadHeartbeat, h.Chain, s.ChainID)
	}
	if h.Leader < 0 || h.Leader >= len(s.Validators) {
		return fmt.Errorf("%w: validator index %d of %d", ErrBadHeartbeat, h.Leader, len(s.Validators))
	}
	if d := now.Sub(time.UnixMilli(h.Time)); d > MaxHeartbeatSkew || d < -MaxHeartbeatSkew {
		return fmt.Errorf("%w: sent at %s, %v from this clock (at most %v)", ErrBadHeartbeat, time.UnixMilli(h.Time).UTC().Format(time.RFC3339), d.Round(time.Millisecond), MaxHeartbeatSkew)
	}
	if !s.Validators[h.Leader].key.Verify(HeartbeatMessage(h.Chain, h.Leader, h.Block, h.Time), h.Sig) {
		return fmt.Errorf("%w: not signed by validator %d (%s)", ErrBadHeartbeat, h.Leader, s.Validators[h.Leader].Name)
	}
	return nil
}

const tagHeartbeat = "PARTH/consensus/heartbeat"

// MarshalBinary is the heartbeat's canonical encoding.
func (h *Heartbeat) MarshalBinary() ([]byte, error) {
	var e wire.Encoder
	e.Tag(tagHeartbeat, codecVersion)
	e.U64(h.Chain)
	e.U64(uint64(h.Leader))
	e.U64(h.Block)
	e.U64(uint64(h.Time))
	e.Write(h.Sig[:])
	return e.Bytes(), nil
}

// UnmarshalBinary decodes a heartbeat.
func (h *Heartbeat) UnmarshalBinary(b []byte) error {
	d := wire.NewDecoder(b)
	d.Tag(tagHeartbeat, codecVersion)
	var out Heartbeat
	out.Chain = d.U64()
	out.Leader = d.Count(0, maxSigners-1, "leader index")
	out.Block = d.U64()
	out.Time = int64(d.U64())
	copy(out.Sig[:], d.Read(len(out.Sig)))
	if err := d.Finish(); err != nil {
		return err
	}
	*h = out
	return nil
}
