package validator

import (
	"errors"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/parthnet/parth/consensus"
)

// Metrics are a validator's Prometheus metrics (`parth validator
// --metrics.addr`):
//
//	parth_validator_votes_total{validator,fresh}             votes published: fresh ones signed, or stored ones again
//	parth_validator_proposals_refused_total{validator,reason} invalid_block, not_leader, or already_signed (a second proposal at a signed height)
//	parth_validator_last_voted_block{validator}               the last block the record voted for
//	parth_validator_vote_seconds{validator}                   from a proposal's delivery to its fresh vote published (the PoH, contents and proof checks)
//
// A nil *Metrics records nothing.
type Metrics struct {
	votes   *prometheus.CounterVec
	refused *prometheus.CounterVec
	last    *prometheus.GaugeVec
	took    *prometheus.HistogramVec
}

// NewMetrics registers a validator's metrics on reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		votes: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "parth_validator_votes_total",
			Help: "Votes published, by whether they were signed now (fresh) or stored before and published again."}, []string{"validator", "fresh"}),
		refused: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "parth_validator_proposals_refused_total",
			Help: "Proposals refused without a vote, by reason: invalid_block, not_leader, already_signed."}, []string{"validator", "reason"}),
		last: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "parth_validator_last_voted_block",
			Help: "The last block the validator's record voted for."}, []string{"validator"}),
		took: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "parth_validator_vote_seconds",
			Help:    "Time from a proposal's delivery to its fresh vote published: the PoH, contents and block-proof checks.",
			Buckets: prometheus.ExponentialBuckets(0.005, 2, 14)}, []string{"validator"}),
	}
	reg.MustRegister(m.votes, m.refused, m.last, m.took)
	return m
}

func (m *Metrics) voted(index int, block uint64, fresh bool, took time.Duration) {
	if m == nil {
		return
	}
	i := strconv.Itoa(index)
	m.votes.WithLabelValues(i, strconv.FormatBool(fresh)).Inc()
	m.last.WithLabelValues(i).Set(float64(block))
	if fresh {
		m.took.WithLabelValues(i).Observe(took.Seconds())
	}
}

func (m *Metrics) refusal(index int, err error) {
	if m == nil {
		return
	}
	reason := "invalid_block"
	switch {
	case errors.Is(err, ErrSigned):
		reason = "already_signed"
	case errors.Is(err, consensus.ErrLeader):
		reason = "not_leader"
	}
	m.refused.WithLabelValues(strconv.Itoa(index), reason).Inc()
}

// start sets the last-voted gauge from the record, before any vote.
func (m *Metrics) start(index int, last uint64) {
	if m != nil {
		m.last.WithLabelValues(strconv.Itoa(index)).Set(float64(last))
	}
}
