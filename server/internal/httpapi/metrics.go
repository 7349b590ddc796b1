package httpapi

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"onedoor/internal/queue"
)

// metrics are the server's Prometheus metrics, in a registry of its own.
type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.HistogramVec
}

func newMetrics(s *Server) *metrics {
	m := &metrics{reg: prometheus.NewRegistry()}
	m.requests = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "onedoor_http_request_duration_seconds", Help: "API request latency by route and status.",
		Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
	}, []string{"route", "status"})
	waiting := prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "onedoor_waiting", Help: "Tickets waiting, all categories."}, func() float64 {
		var n int
		s.store.Read(func(h *queue.Hall) { n = h.Queue.Len() })
		return float64(n)
	})
	subs := prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "onedoor_stream_subscribers", Help: "Connected stream subscribers."}, func() float64 {
		return float64(s.hub.Count())
	})
	writers := prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "onedoor_stream_writers", Help: "Stream connections with a writer goroutine running (written to in the last seconds)."}, func() float64 {
		return float64(s.hub.Writers())
	})
	panics := prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "onedoor_stream_panics_total", Help: "Stream connections ended by a recovered panic."}, func() float64 {
		return float64(s.hub.Panics())
	})
	busy := prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "onedoor_stream_busy_total", Help: "Stream connections told to retry for want of a replay turn."}, func() float64 {
		return float64(s.hub.Busy())
	})
	perCat := &waitingCollector{s: s, desc: prometheus.NewDesc("onedoor_waiting_by_category", "Tickets waiting per category.", []string{"category"}, nil)}
	m.reg.MustRegister(m.requests, waiting, subs, writers, panics, busy, perCat, newEstimateCollector(s),
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func (m *metrics) handler() http.Handler { return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{}) }

func (m *metrics) observe(route string, status int, d time.Duration) {
	if route == "" {
		route = "unmatched"
	}
	m.requests.WithLabelValues(route, strconv.Itoa(status)).Observe(d.Seconds())
}

type waitingCollector struct {
	s    *Server
	desc *prometheus.Desc
}

func (c *waitingCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

func (c *waitingCollector) Collect(ch chan<- prometheus.Metric) {
	cat := c.s.store.Catalog()
	counts := make([]int, len(cat.Categories))
	c.s.store.Read(func(h *queue.Hall) {
		for i, k := range cat.Categories {
			counts[i] = h.Queue.Waiting(k.Code)
		}
	})
	for i, k := range cat.Categories {
		ch <- prometheus.MustNewConstMetric(c.desc, prometheus.GaugeValue, float64(counts[i]), k.PrefixLetter)
	}
}
