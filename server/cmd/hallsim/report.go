package main

import (
	"fmt"
	"io"
	"sort"
	"sync"
	"time"
)

// Report is a load run's result.
type Report struct {
	Mode            string         `json:"mode"`
	DurationS       float64        `json:"duration_s"`
	Kiosks          int            `json:"kiosks"`
	Windows         int            `json:"windows"`
	Subscribers     int            `json:"subscribers"`
	Issued          int            `json:"issued"`
	IssuedPerS      float64        `json:"issued_per_s"`
	IssueMs         Percentiles    `json:"issue_ms"`
	Calls           int            `json:"calls"`
	DeliveryMs      Percentiles    `json:"call_delivery_ms"`
	Deliveries      int            `json:"deliveries"`
	ServerRSSMiB    float64        `json:"server_rss_mib"`
	PerStreamKiB    float64        `json:"per_stream_kib"`
	Errors          map[string]int `json:"errors"`
	MissedCallsSubs int            `json:"subscribers_missing_calls"`
}

// Percentiles summarise latencies.
type Percentiles struct {
	P50 float64 `json:"p50"`
	P99 float64 `json:"p99"`
	Max float64 `json:"max"`
	N   int     `json:"n"`
}

// samples collects durations from many goroutines.
type samples struct {
	mu sync.Mutex
	d  []time.Duration
}

func (s *samples) add(d time.Duration) {
	s.mu.Lock()
	s.d = append(s.d, d)
	s.mu.Unlock()
}

func (s *samples) summary() Percentiles {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.d) == 0 {
		return Percentiles{}
	}
	sort.Slice(s.d, func(i, j int) bool { return s.d[i] < s.d[j] })
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	return Percentiles{P50: ms(s.d[len(s.d)/2]), P99: ms(s.d[(len(s.d)*99)/100]), Max: ms(s.d[len(s.d)-1]), N: len(s.d)}
}

// errCounts counts errors by kind.
type errCounts struct {
	mu sync.Mutex
	m  map[string]int
}

func (e *errCounts) add(kind string) {
	e.mu.Lock()
	if e.m == nil {
		e.m = map[string]int{}
	}
	e.m[kind]++
	e.mu.Unlock()
}

func (e *errCounts) snapshot() map[string]int {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := map[string]int{}
	for k, v := range e.m {
		out[k] = v
	}
	return out
}

// Table prints the report for people.
func (r *Report) Table(w io.Writer) {
	fmt.Fprintf(w, "hallsim: %s, %.0f s, %d kiosks, %d windows, %d stream subscribers\n", r.Mode, r.DurationS, r.Kiosks, r.Windows, r.Subscribers)
	fmt.Fprintf(w, "  %-34s %10s %10s %10s %8s\n", "", "p50", "p99", "max", "n")
	fmt.Fprintf(w, "  %-34s %10.2f %10.2f %10.2f %8d\n", "ticket issue (ms)", r.IssueMs.P50, r.IssueMs.P99, r.IssueMs.Max, r.IssueMs.N)
	fmt.Fprintf(w, "  %-34s %10.2f %10.2f %10.2f %8d\n", "call → stream delivery (ms)", r.DeliveryMs.P50, r.DeliveryMs.P99, r.DeliveryMs.Max, r.DeliveryMs.N)
	fmt.Fprintf(w, "  tickets issued: %d (%.0f/s); calls: %d\n", r.Issued, r.IssuedPerS, r.Calls)
	fmt.Fprintf(w, "  server RSS: %.1f MiB; per stream connection: %.1f KiB\n", r.ServerRSSMiB, r.PerStreamKiB)
	if r.MissedCallsSubs > 0 {
		fmt.Fprintf(w, "  subscribers that missed a call: %d\n", r.MissedCallsSubs)
	}
	if len(r.Errors) == 0 {
		fmt.Fprintln(w, "  errors: none")
		return
	}
	kinds := make([]string, 0, len(r.Errors))
	for k := range r.Errors {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		fmt.Fprintf(w, "  errors %-12s %d\n", k+":", r.Errors[k])
	}
}
