package httpapi

import (
	"net/http"
	"strconv"

	"github.com/prometheus/client_golang/prometheus"

	"onedoor/internal/queue"
	"onedoor/server/internal/store"
)

// The quoted waits measured against the waits had: the day's tickets, per category and
// hour of issue (hour -1: the whole day), for supervisors and for /metrics.

// estimateStats answers GET /api/v1/stats/estimates for supervisors.
func (s *Server) estimateStats(w http.ResponseWriter, r *http.Request) {
	if _, err := s.session(r, store.RoleSupervisor, store.RoleAdmin); err != nil {
		s.fail(w, r, err)
		return
	}
	var out []queue.Accuracy
	var day string
	s.store.Read(func(h *queue.Hall) { out, day = h.EstimateAccuracy(), h.Day })
	if out == nil {
		out = []queue.Accuracy{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"day": day, "estimates": out})
}

// estimateCollector exports the day's accuracy per category (the whole day's lines).
type estimateCollector struct {
	s                 *Server
	mae, naive, inRng *prometheus.Desc
}

func newEstimateCollector(s *Server) *estimateCollector {
	l := []string{"category", "hour"}
	return &estimateCollector{s: s,
		mae:   prometheus.NewDesc("onedoor_wait_estimate_mae_seconds", "Mean absolute error of the waits quoted at issue, today, per category and hour of issue (hour -1: the day).", l, nil),
		naive: prometheus.NewDesc("onedoor_wait_estimate_naive_mae_seconds", "The same for the old lane estimate, kept as the baseline.", l, nil),
		inRng: prometheus.NewDesc("onedoor_wait_estimate_in_range_ratio", "Share of today's tickets called inside the range they were quoted.", l, nil)}
}

func (c *estimateCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.mae
	ch <- c.naive
	ch <- c.inRng
}

func (c *estimateCollector) Collect(ch chan<- prometheus.Metric) {
	var acc []queue.Accuracy
	c.s.store.Read(func(h *queue.Hall) { acc = h.EstimateAccuracy() })
	for _, a := range acc {
		hour := strconv.Itoa(a.Hour)
		ch <- prometheus.MustNewConstMetric(c.mae, prometheus.GaugeValue, a.MAES, a.Category, hour)
		ch <- prometheus.MustNewConstMetric(c.naive, prometheus.GaugeValue, a.NaiveMAES, a.Category, hour)
		ch <- prometheus.MustNewConstMetric(c.inRng, prometheus.GaugeValue, a.InRange, a.Category, hour)
	}
}
