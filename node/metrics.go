package node

import (
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are the node's Prometheus metrics (GET /metrics):
//
//	parth_node_block_height{stage}           the last block executed, proven, finalized, anchored
//	parth_node_block_latency_seconds{stage}  from a block's cut to each stage (slot → finality is stage="finalized")
//	parth_node_endcaps_total{outcome}        submissions answered: accepted, or the refusal's error code
//	parth_node_votes_total{validator}        votes the in-process validators signed
//	parth_node_votes_received_total{validator} other validators' votes counted into certificates
//
// with the job queue's gauges (jobs.Engine.QueueCollector: queued, in
// flight, redelivering, dead letters), the in-process workers' job
// counters and proof times (jobs.Metrics), and the Go runtime's and the
// process's collectors.
type metrics struct {
	reg      *prometheus.Registry
	height   *prometheus.GaugeVec
	latency  *prometheus.HistogramVec
	endcaps  *prometheus.CounterVec
	votes    *prometheus.CounterVec
	received *prometheus.CounterVec
}

func newMetrics() *metrics {
	m := &metrics{reg: prometheus.NewRegistry(),
		height: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "parth_node_block_height",
			Help: "The last block each pipeline stage finished: executed, proven, finalized, anchored."}, []string{"stage"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "parth_node_block_latency_seconds",
			Help:    "Time from a block's cut to each stage (blocks cut by this process's run).",
			Buckets: prometheus.ExponentialBuckets(1, 2, 12)}, []string{"stage"}),
		endcaps: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "parth_node_endcaps_total",
			Help: "End-cap submissions answered, by outcome: accepted, or the refusal's error code."}, []string{"outcome"}),
		votes: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "parth_node_votes_total",
			Help: "Votes signed by the in-process validators, by validator index."}, []string{"validator"}),
		received: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "parth_node_votes_received_total",
			Help: "Other validators' votes (from the votes stream) counted into quorum certificates, by validator index."}, []string{"validator"}),
	}
	m.reg.MustRegister(m.height, m.latency, m.endcaps, m.votes, m.received,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// stage records that block b finished stage, cut at cut (zero: not in
// this run).
func (m *metrics) stage(stage string, b uint64, cut time.Time) {
	m.height.WithLabelValues(stage).Set(float64(b))
	if !cut.IsZero() {
		m.latency.WithLabelValues(stage).Observe(time.Since(cut).Seconds())
	}
}
