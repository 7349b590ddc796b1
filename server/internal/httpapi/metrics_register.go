package httpapi

import (
	"fmt"

	"github.com/prometheus/client_golang/prometheus"
)

// RegisterMetrics adds collectors of other parts of the server (the backups) to the
// registry /metrics serves.
func (s *Server) RegisterMetrics(cs ...prometheus.Collector) error {
	for _, c := range cs {
		if err := s.metrics.reg.Register(c); err != nil {
			return fmt.Errorf("register metrics: %w", err)
		}
	}
	return nil
}
