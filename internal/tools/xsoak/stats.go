package xsoak

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Targets are what a soak must meet (issue 12): memory growth after the first visit
// and in total, the median and p99 of every screen change, and the slowest card →
// ticket change.
type Targets struct {
	GrowthMiB, TotalMiB float64
	Median, P99         time.Duration
	// CardKind names the kind whose median and p99 must stay within Card instead of
	// Median and P99 (0: none).
	CardKind string
	Card     time.Duration
	// Exempt kinds are reported and not judged.
	Exempt []string
}

// IssueTargets are issue 12's targets for the kiosk and the caller.
var IssueTargets = Targets{GrowthMiB: 50, TotalMiB: 400, Median: 100 * time.Millisecond,
	P99: 300 * time.Millisecond, CardKind: "card→ticket", Card: 300 * time.Millisecond}

// Recorder collects the screen changes by kind and the RSS after each visit. Its
// methods are safe for concurrent use.
type Recorder struct {
	mu      sync.Mutex
	changes map[string][]time.Duration
	order   []string
	rss     []float64 // MiB, after each visit
	// Log, if set, gets one line per visit.
	Log io.Writer
}

// NewRecorder returns an empty recorder.
func NewRecorder() *Recorder { return &Recorder{changes: map[string][]time.Duration{}} }

// Change records one screen change of kind.
func (r *Recorder) Change(kind string, d time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.changes[kind]; !ok {
		r.order = append(r.order, kind)
	}
	r.changes[kind] = append(r.changes[kind], d)
}

// Visit records the RSS (MiB) after a visit.
func (r *Recorder) Visit(rssMiB float64) {
	r.mu.Lock()
	r.rss = append(r.rss, rssMiB)
	n := len(r.rss)
	r.mu.Unlock()
	if r.Log != nil {
		fmt.Fprintf(r.Log, "visit %d: rss %.1f MiB\n", n, rssMiB)
	}
}

// KindStats are one kind's figures.
type KindStats struct {
	Kind             string
	N                int
	Median, P99, Max time.Duration
}

// Summary is a soak's figures and verdict.
type Summary struct {
	Visits int
	Kinds  []KindStats
	// All is every screen change together.
	All KindStats
	// RSS in MiB: after the first visit, the highest, after the last.
	RSSFirst, RSSMax, RSSLast float64
	// Growth is RSSMax − RSSFirst.
	Growth float64
	// Failures lists each target missed; empty means PASS.
	Failures []string
}

// Summary computes the figures and judges them against t.
func (r *Recorder) Summary(t Targets) Summary {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := Summary{Visits: len(r.rss)}
	var all []time.Duration
	for _, k := range r.order {
		ds := r.changes[k]
		s.Kinds = append(s.Kinds, stats(k, ds))
		if !slices.Contains(t.Exempt, k) {
			all = append(all, ds...)
		}
	}
	s.All = stats("every change", all)
	if len(r.rss) > 0 {
		s.RSSFirst, s.RSSLast, s.RSSMax = r.rss[0], r.rss[len(r.rss)-1], slices.Max(r.rss)
		s.Growth = s.RSSMax - s.RSSFirst
	}
	s.judge(t)
	return s
}

// judge lists in s.Failures each of t's targets that s misses.
func (s *Summary) judge(t Targets) {
	fail := func(format string, args ...any) { s.Failures = append(s.Failures, fmt.Sprintf(format, args...)) }
	if s.Visits == 0 || s.All.N == 0 {
		fail("no visit completed")
	}
	if t.GrowthMiB > 0 && s.Growth > t.GrowthMiB {
		fail("RSS growth %.1f MiB > %.0f MiB", s.Growth, t.GrowthMiB)
	}
	if t.TotalMiB > 0 && s.RSSMax > t.TotalMiB {
		fail("RSS %.1f MiB > %.0f MiB", s.RSSMax, t.TotalMiB)
	}
	for _, k := range s.Kinds {
		if slices.Contains(t.Exempt, k.Kind) {
			continue
		}
		median, p99 := t.Median, t.P99
		if k.Kind == t.CardKind {
			median, p99 = t.Card, t.Card
		}
		if median > 0 && k.Median > median {
			fail("%s median %v > %v", k.Kind, ms(k.Median), ms(median))
		}
		if p99 > 0 && k.P99 > p99 {
			fail("%s p99 %v > %v", k.Kind, ms(k.P99), ms(p99))
		}
	}
}

// stats sorts a copy of ds and takes its median, p99 (nearest rank) and maximum.
func stats(kind string, ds []time.Duration) KindStats {
	k := KindStats{Kind: kind, N: len(ds)}
	if len(ds) == 0 {
		return k
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	rank := func(p float64) time.Duration {
		i := int(p*float64(len(s))+0.999999) - 1
		return s[min(max(i, 0), len(s)-1)]
	}
	k.Median, k.P99, k.Max = rank(0.5), rank(0.99), s[len(s)-1]
	return k
}

func ms(d time.Duration) time.Duration { return d.Round(time.Millisecond) }

// Pass reports whether every target was met.
func (s Summary) Pass() bool { return len(s.Failures) == 0 }

// Write prints the summary: one line per kind, the RSS, and the PASS or FAIL line.
func (s Summary) Write(w io.Writer, name string) {
	fmt.Fprintf(w, "%s soak: %d visits\n", name, s.Visits)
	for _, k := range append(slices.Clone(s.Kinds), s.All) {
		fmt.Fprintf(w, "  %-22s n=%-5d median %6.1f ms  p99 %6.1f ms  max %6.1f ms\n", k.Kind, k.N,
			msf(k.Median), msf(k.P99), msf(k.Max))
	}
	fmt.Fprintf(w, "  RSS after visit 1 %.1f MiB, max %.1f MiB, last %.1f MiB, growth %.1f MiB\n",
		s.RSSFirst, s.RSSMax, s.RSSLast, s.Growth)
	if s.Pass() {
		fmt.Fprintf(w, "PASS %s soak\n", name)
		return
	}
	fmt.Fprintf(w, "FAIL %s soak: %s\n", name, strings.Join(s.Failures, "; "))
}

func msf(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// RSS reads a process's resident memory (VmRSS) in MiB from /proc.
func RSS(pid int) (float64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, fmt.Errorf("rss: %w", err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			f := strings.Fields(rest)
			if len(f) >= 1 {
				kb, err := strconv.ParseFloat(f[0], 64)
				if err != nil {
					return 0, fmt.Errorf("rss: %w", err)
				}
				return kb / 1024, nil
			}
		}
	}
	return 0, fmt.Errorf("rss: no VmRSS for pid %d", pid)
}
