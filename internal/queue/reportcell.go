package queue

import (
	"math"
	"sort"
)

// The aggregates reports are read from: one ReportCell per service day, category, item,
// window and clerk, added to as events are committed (see ReportFacts).

// ReportKey names one aggregate cell. A fact with no window (an issue, a cancellation)
// has window 0 and no clerk; a window's idle and paused time has no category or item.
type ReportKey struct {
	Day      string
	Category string
	Item     string
	Window   int
	Clerk    string
}

// MaxRatingLevel is the highest level of the 好差评 scale a cell counts.
const MaxRatingLevel = 5

// ReportCell is what a cell holds: counts, the wait and service time distributions, a
// window's idle and paused seconds, outcomes, ratings and the quoted waits' error.
type ReportCell struct {
	Issued, Called, Served, Missed, Cancelled, Expired, Transferred int64
	// Outcomes counts finished visits by outcome.
	Accepted, Supplement, Rejected, Consulted, Completed int64
	// Wait is issue to first call; Service is the last start to the finish; whole seconds.
	Wait, Service  Dist
	IdleS, PausedS int64
	// Ratings counts ratings by level (index 1 to MaxRatingLevel); Bad those that need
	// rectification (差评).
	Ratings [MaxRatingLevel + 1]int64
	Bad     int64
	// Quoted counts first calls of tickets quoted a wait; QuoteErrS sums the absolute
	// error of the expected wait in whole seconds, QuoteWithin5 those within 5 minutes.
	Quoted, QuoteErrS, QuoteWithin5 int64
}

// Add adds o to c.
func (c *ReportCell) Add(o *ReportCell) {
	c.Issued += o.Issued
	c.Called += o.Called
	c.Served += o.Served
	c.Missed += o.Missed
	c.Cancelled += o.Cancelled
	c.Expired += o.Expired
	c.Transferred += o.Transferred
	c.Accepted += o.Accepted
	c.Supplement += o.Supplement
	c.Rejected += o.Rejected
	c.Consulted += o.Consulted
	c.Completed += o.Completed
	c.Wait = c.Wait.Merge(o.Wait)
	c.Service = c.Service.Merge(o.Service)
	c.IdleS += o.IdleS
	c.PausedS += o.PausedS
	for i, n := range o.Ratings {
		c.Ratings[i] += n
	}
	c.Bad += o.Bad
	c.Quoted += o.Quoted
	c.QuoteErrS += o.QuoteErrS
	c.QuoteWithin5 += o.QuoteWithin5
}

// Dist is a distribution of whole seconds: value → count. Percentiles read from it are
// exact for durations truncated to whole seconds.
type Dist map[int64]int64

// Merge adds o to d and returns it (a nil d is made).
func (d Dist) Merge(o Dist) Dist {
	if len(o) == 0 {
		return d
	}
	if d == nil {
		d = make(Dist, len(o))
	}
	for v, n := range o {
		d[v] += n
	}
	return d
}

// Summary is what a report shows of a distribution: the count, mean, the nearest-rank
// 50th and 90th percentiles (the smallest value with at least p% of the values at or
// below it) and the maximum, in seconds.
type Summary struct {
	N     int64   `json:"n"`
	MeanS float64 `json:"mean_s"`
	P50S  int64   `json:"p50_s"`
	P90S  int64   `json:"p90_s"`
	MaxS  int64   `json:"max_s"`
}

// Summarize summarizes d.
func (d Dist) Summarize() Summary {
	vals := make([]int64, 0, len(d))
	var s Summary
	var sum float64
	for v, n := range d {
		vals = append(vals, v)
		s.N += n
		sum += float64(v) * float64(n)
	}
	if s.N == 0 {
		return s
	}
	sort.Slice(vals, func(i, j int) bool { return vals[i] < vals[j] })
	s.MeanS = sum / float64(s.N)
	s.MaxS = vals[len(vals)-1]
	s.P50S, s.P90S = d.rank(vals, s.N, 50), d.rank(vals, s.N, 90)
	return s
}

// rank is the nearest-rank p-th percentile of d, whose values sorted are vals.
func (d Dist) rank(vals []int64, n int64, p int64) int64 {
	want := int64(math.Ceil(float64(p*n) / 100))
	var seen int64
	for _, v := range vals {
		seen += d[v]
		if seen >= want {
			return v
		}
	}
	return vals[len(vals)-1]
}

// NearestRank is the nearest-rank p-th percentile of values (sorted in place); 0 for
// none. It is the definition Summary uses, for a caller with the raw values.
func NearestRank(values []int64, p int64) int64 {
	if len(values) == 0 {
		return 0
	}
	sort.Slice(values, func(i, j int) bool { return values[i] < values[j] })
	i := int(math.Ceil(float64(p*int64(len(values)))/100)) - 1
	return values[max(i, 0)]
}
