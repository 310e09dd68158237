package aggregator

import (
	"encoding/binary"
	"fmt"
	"time"

	"github.com/parthnet/parth/internal/wire"
	"github.com/parthnet/parth/prover"
	"github.com/parthnet/parth/state"
	"github.com/parthnet/parth/state/store"
)

// recordsNS is the aggregator's namespace in the store's records.
const recordsNS = "aggregator"

// A block's records: a job's result under block ‖ kind ‖ index (8, 1 and
// 8 bytes, big-endian), the proven checkpoint under block ‖ 0xff, after
// every job of the block.
const recCheckpoint = 0xff

func recordKey(n uint64, k JobKey) []byte {
	b := binary.BigEndian.AppendUint64(nil, n)
	b = append(b, byte(k.Kind))
	return binary.BigEndian.AppendUint64(b, k.Index)
}

func checkpointKey(n uint64) []byte {
	return append(binary.BigEndian.AppendUint64(nil, n), recCheckpoint)
}

// JobRecord is a verified result as the aggregator stores it (durably,
// before the result is acked): the job, who proved it, on which delivery,
// when it was accepted, and the proof.
type JobRecord struct {
	Key      JobKey // what it proves
	Job      string // the job id (hash of its inputs)
	Worker   string
	Attempt  uint64
	Accepted time.Time
	Proof    *prover.Proof
}

const jobRecordMagic = "parth/jobrecord/v1"

func putString(e *wire.Encoder, s string) {
	e.U64(uint64(len(s)))
	e.WriteString(s)
}

func getString(d *wire.Decoder, max uint64, what string) string {
	return string(d.Read(d.Count(0, max, what)))
}

// MarshalBinary encodes the record.
func (r *JobRecord) MarshalBinary() ([]byte, error) {
	var e wire.Encoder
	e.WriteString(jobRecordMagic)
	putString(&e, r.Job)
	putString(&e, r.Worker)
	e.U64(r.Attempt)
	e.U64(uint64(r.Accepted.UnixNano()))
	if err := e.Marshal(r.Proof); err != nil {
		return nil, err
	}
	return e.Bytes(), nil
}

// UnmarshalBinary decodes MarshalBinary's output.
func (r *JobRecord) UnmarshalBinary(b []byte) error {
	d := wire.NewDecoder(b)
	if string(d.Read(len(jobRecordMagic))) != jobRecordMagic || d.Err != nil {
		return fmt.Errorf("%w: not a job record", wire.ErrEncoding)
	}
	var out JobRecord
	out.Job = getString(d, 128, "job id")
	out.Worker = getString(d, 1024, "worker")
	out.Attempt = d.U64()
	out.Accepted = time.Unix(0, int64(d.U64())).UTC()
	out.Proof = prover.ReadProof(d)
	if err := d.Finish(); err != nil {
		return err
	}
	out.Key = r.Key
	*r = out
	return nil
}

// Checkpoints are recorded in their canonical encoding.
func encodeCheckpoint(c *state.Checkpoint) []byte {
	b, _ := c.MarshalBinary() // never fails
	return b
}

func decodeCheckpoint(b []byte) (state.Checkpoint, error) {
	var c state.Checkpoint
	err := c.UnmarshalBinary(b)
	return c, err
}

// BlockRecord is what the aggregator stored for a block: every accepted
// job's record, and the proven checkpoint once the block is done.
type BlockRecord struct {
	Number uint64
	Jobs   []JobRecord
	Next   *state.Checkpoint // nil while the block is unfinished
}

// Records reads what the store holds for block n.
func Records(st *store.Store, n uint64) (*BlockRecord, error) {
	out := &BlockRecord{Number: n}
	prefix := binary.BigEndian.AppendUint64(nil, n)
	err := st.Records(recordsNS, prefix, func(key, value []byte) error {
		if len(key) == 9 && key[8] == recCheckpoint {
			c, err := decodeCheckpoint(value)
			if err != nil {
				return fmt.Errorf("block %d's checkpoint record: %w", n, err)
			}
			out.Next = &c
			return nil
		}
		if len(key) != 17 || !JobKind(key[8]).valid() {
			return fmt.Errorf("%w: aggregator record key %x", wire.ErrEncoding, key)
		}
		r := JobRecord{Key: JobKey{Kind: JobKind(key[8]), Index: binary.BigEndian.Uint64(key[9:])}}
		if err := r.UnmarshalBinary(value); err != nil {
			return fmt.Errorf("block %d's record %s: %w", n, r.Key, err)
		}
		out.Jobs = append(out.Jobs, r)
		return nil
	})
	return out, err
}

// Job is the record of job k, or nil.
func (r *BlockRecord) Job(k JobKey) *JobRecord {
	for i := range r.Jobs {
		if r.Jobs[i].Key == k {
			return &r.Jobs[i]
		}
	}
	return nil
}

// ProvenCheckpoint is block n's proven checkpoint, if the block is done
// (its last record; the job records are not read).
func ProvenCheckpoint(st *store.Store, n uint64) (*state.Checkpoint, error) {
	b, ok, err := st.Record(recordsNS, checkpointKey(n))
	if err != nil || !ok {
		return nil, err
	}
	c, err := decodeCheckpoint(b)
	if err != nil {
		return nil, fmt.Errorf("block %d's checkpoint record: %w", n, err)
	}
	return &c, nil
}
