package jobs

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Metrics are a worker process's job metrics (Config.Metrics):
//
//	parth_jobs_worked_total{kind,outcome}  jobs a worker finished: done, failed (nak), abandoned (shutdown)
//	parth_jobs_redelivered_total{kind}     deliveries after the first a worker took (a dead or slow worker's job)
//	parth_job_seconds{kind}                a job's handler time: the proof time of its circuit
type Metrics struct {
	worked      *prometheus.CounterVec
	redelivered *prometheus.CounterVec
	seconds     *prometheus.HistogramVec
}

// NewMetrics registers the job metrics on reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		worked: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "parth_jobs_worked_total",
			Help: "Jobs this process's workers finished, by kind and outcome (done, failed, abandoned)."}, []string{"kind", "outcome"}),
		redelivered: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "parth_jobs_redelivered_total",
			Help: "Redeliveries (a delivery after the first) this process's workers took, by kind."}, []string{"kind"}),
		seconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "parth_job_seconds",
			Help:    "Time to work a job (the proof of its circuit), by kind.",
			Buckets: prometheus.ExponentialBuckets(0.5, 2, 10)}, []string{"kind"}),
	}
	reg.MustRegister(m.worked, m.redelivered, m.seconds)
	return m
}

func (m *Metrics) job(kind, outcome string, took time.Duration, delivery uint64) {
	if m == nil {
		return
	}
	m.worked.WithLabelValues(kind, outcome).Inc()
	if outcome == "done" {
		m.seconds.WithLabelValues(kind).Observe(took.Seconds())
	}
	if delivery > 1 {
		m.redelivered.WithLabelValues(kind).Inc()
	}
}

// queueCollector reads the queue's state from JetStream at each scrape.
type queueCollector struct {
	e                                   *Engine
	queued, inFlight, redelivered, dead *prometheus.Desc
}

// QueueCollector is a collector of the job queue's state, read from
// JetStream when scraped (for the process that owns the queue, the node):
//
//	parth_jobs_queued             jobs waiting for a worker
//	parth_jobs_in_flight          jobs delivered and not yet acked
//	parth_jobs_redelivering       jobs being delivered again
//	parth_jobs_dead_letters       jobs that used up their deliveries
func (e *Engine) QueueCollector() prometheus.Collector {
	return &queueCollector{e: e,
		queued:      prometheus.NewDesc("parth_jobs_queued", "Jobs waiting for a worker.", nil, nil),
		inFlight:    prometheus.NewDesc("parth_jobs_in_flight", "Jobs delivered to a worker and not yet acked.", nil, nil),
		redelivered: prometheus.NewDesc("parth_jobs_redelivering", "Jobs delivered more than once and not yet acked.", nil, nil),
		dead:        prometheus.NewDesc("parth_jobs_dead_letters", "Jobs that used up their deliveries (the dead-letter stream).", nil, nil),
	}
}

func (c *queueCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.queued
	ch <- c.inFlight
	ch <- c.redelivered
	ch <- c.dead
}

func (c *queueCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if info, err := c.e.workers.Info(ctx); err == nil {
		ch <- prometheus.MustNewConstMetric(c.queued, prometheus.GaugeValue, float64(info.NumPending))
		ch <- prometheus.MustNewConstMetric(c.inFlight, prometheus.GaugeValue, float64(info.NumAckPending))
		ch <- prometheus.MustNewConstMetric(c.redelivered, prometheus.GaugeValue, float64(info.NumRedelivered))
	}
	if s, err := c.e.js.Stream(ctx, deadStream); err == nil {
		if info, err := s.Info(ctx); err == nil {
			ch <- prometheus.MustNewConstMetric(c.dead, prometheus.GaugeValue, float64(info.State.Msgs))
		}
	}
}
