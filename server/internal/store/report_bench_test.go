package store

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"onedoor/internal/queue"
)

// monthEvents is how many events the month of BenchmarkReportMonth holds.
const monthEvents = 1_000_000

// monthHall generates a busy center's month (30 days, 20 windows and clerks, every item
// of the sample catalog's comprehensive categories) through the domain, calling emit
// with each event in order, until it has made n.
type monthHall struct {
	h     *queue.Hall
	rng   *rand.Rand
	now   time.Time
	n     int
	emit  func(queue.Event) error
	items []string
}

func (m *monthHall) apply(evs []queue.Event, err error) error {
	if err != nil {
		return err
	}
	for _, ev := range evs {
		ev.Seq = m.h.LastSeq + 1
		if err := m.emit(ev); err != nil {
			return err
		}
		m.h.Apply(ev)
		m.n++
		if m.n%4096 == 0 {
			m.h.TakeDirty()
			m.h.TakeDirtyBookings()
			m.h.TakeDirtyCases()
		}
	}
	return nil
}

func (m *monthHall) run(n int) error {
	const windows = 20
	first := time.Date(2026, 11, 1, 8, 30, 0, 0, shanghai)
	for w := 1; w <= windows; w++ {
		if err := m.apply(m.h.CreateWindow(queue.Window{Number: w, Name: fmt.Sprintf("%d号窗口", w), Kind: queue.Comprehensive}, first)); err != nil {
			return err
		}
	}
	perDay := n / 30
	for d := 0; m.n < n; d++ {
		m.now = first.AddDate(0, 0, d)
		if err := m.apply(m.h.Rollover(m.now), nil); err != nil {
			return err
		}
		for w := 1; w <= windows; w++ {
			if err := m.apply(m.h.OpenWindow(w, fmt.Sprintf("clerk%02d", w), m.now)); err != nil {
				return err
			}
		}
		for start := m.n; m.n-start < perDay && m.n < n; {
			if err := m.step(d, windows); err != nil {
				return err
			}
		}
	}
	return nil
}

// step issues a ticket a few seconds on and moves some windows on by one action.
func (m *monthHall) step(day, windows int) error {
	m.now = m.now.Add(time.Duration(500+m.rng.IntN(2000)) * time.Millisecond)
	id := fmt.Sprintf("d%02d-%07d", day, m.n)
	evs, _, err := m.h.Issue(queue.IssueCmd{ID: id, Item: m.items[m.rng.IntN(len(m.items))], Source: "kiosk-1"}, m.now)
	if err := m.apply(evs, err); err != nil {
		return err
	}
	for w := 1; w <= windows; w++ {
		if m.rng.IntN(7) > 0 { // a window acts every 7 steps or so: all busy, a queue builds up
			continue
		}
		win := m.h.Windows[w]
		t := m.h.Tickets[win.Current]
		staff := win.Staff
		switch {
		case win.Current == "":
			err = m.apply(m.h.Call(w, staff, m.now))
		case t.State == queue.Called && m.rng.IntN(10) == 0:
			err = m.apply(m.h.NoShow(w, staff, m.now))
		case t.State == queue.Called:
			err = m.apply(m.h.Start(w, staff, m.now))
		default:
			if err = m.apply(m.h.Finish(w, staff, queue.Consulted, nil, "", m.now)); err == nil && m.rng.IntN(3) == 0 {
				level := 1 + m.rng.IntN(5)
				err = m.apply(m.h.Rate(m.h.Tickets[t.ID], level, []string{"原因"}, "", m.now))
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// monthReports is a store whose log holds a generated month of monthEvents events and
// whose report cells were rebuilt from it; it returns how long the rebuild took.
func monthReports(b *testing.B) (*Store, time.Duration) {
	clk := &clock{now: time.Date(2026, 12, 1, 9, 0, 0, 0, shanghai)}
	s := openStore(b, b.TempDir(), clk)
	build, err := s.writeMonth()
	if err != nil {
		b.Fatal(err)
	}
	return s, build
}

// writeMonth writes the generated month into the log, then rebuilds the report cells.
func (s *Store) writeMonth() (time.Duration, error) { return s.writeMonthN(monthEvents) }

func (s *Store) writeMonthN(total int) (time.Duration, error) {
	m := &monthHall{h: queue.NewHall(s.opts.Catalog, s.opts.Loc, s.opts.Policy), rng: rand.New(rand.NewPCG(1, 2))}
	for _, it := range s.opts.Catalog.Items {
		if it.Category != "TYCJ" {
			m.items = append(m.items, it.Code)
		}
	}
	var batch [][2][]byte
	flush := func() error {
		err := s.db.Update(func(tx *bolt.Tx) error {
			b := tx.Bucket(bucketEvents)
			for _, kv := range batch {
				if err := b.Put(kv[0], kv[1]); err != nil {
					return err
				}
			}
			return nil
		})
		batch = batch[:0]
		return err
	}
	m.emit = func(ev queue.Event) error {
		v, err := json.Marshal(ev)
		if err != nil {
			return err
		}
		batch = append(batch, [2][]byte{itob(ev.Seq), v})
		if len(batch) == 20000 {
			return flush()
		}
		return nil
	}
	// the store's own seed events come first in its log: start after them
	if err := s.db.Update(func(tx *bolt.Tx) error {
		if err := tx.DeleteBucket(bucketEvents); err != nil {
			return err
		}
		_, err := tx.CreateBucket(bucketEvents)
		return err
	}); err != nil {
		return 0, err
	}
	if err := m.run(total); err != nil {
		return 0, fmt.Errorf("generate: %w", err)
	}
	if err := flush(); err != nil {
		return 0, err
	}
	start := time.Now()
	var cells int
	err := s.db.Update(func(tx *bolt.Tx) (err error) { cells, err = s.rebuildReports(tx); return err })
	s.log.Info("month generated", "events", m.n, "cells", cells)
	return time.Since(start), err
}

// BenchmarkReportMonth: a month's report of a center with 1,000,000 events, by each
// dimension, read from the aggregates; p50 and p95 of the answers. The rebuild of the
// cells from the log is timed once (rebuild_s).
func BenchmarkReportMonth(b *testing.B) {
	s, build := monthReports(b)
	rows, err := s.Report("2026-11-01", "2026-11-30", "center")
	if err != nil || len(rows) != 1 {
		b.Fatal(rows, err)
	}
	c := rows[0].Cell
	b.Logf("the month: %d issued, %d served, %d waits (p90 %d s), %d ratings", c.Issued, c.Served, c.Wait.Summarize().N, c.Wait.Summarize().P90S, c.Ratings[1]+c.Ratings[2]+c.Ratings[3]+c.Ratings[4]+c.Ratings[5])
	for _, by := range ReportBys {
		b.Run("by="+by, func(b *testing.B) {
			var lat []time.Duration
			for b.Loop() {
				start := time.Now()
				rows, err := s.Report("2026-11-01", "2026-11-30", by)
				lat = append(lat, time.Since(start))
				if err != nil || len(rows) == 0 {
					b.Fatalf("%d rows: %v", len(rows), err)
				}
			}
			slices.Sort(lat)
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50_ms")
			b.ReportMetric(float64(lat[len(lat)*95/100].Microseconds())/1000, "p95_ms")
			b.ReportMetric(build.Seconds(), "rebuild_s")
		})
	}
}

// BenchmarkIssueReports is the A/B of keeping the report aggregates: 64 kiosks issue
// abIssues tickets straight into a fresh store (no HTTP: the writer's cost undiluted)
// with the aggregates kept (on) and not (off), the two in turn, abRounds times each;
// it reports the median rates and the median of the rounds' costs (off's lead over on,
// in % of off). Run with -benchtime=1x.
func BenchmarkIssueReports(b *testing.B) {
	const abRounds, abIssues = 5, 20000
	rates := map[bool][]float64{}
	for b.Loop() {
		for range abRounds {
			for _, off := range []bool{false, true} {
				rates[off] = append(rates[off], issueRate(b, off, abIssues))
			}
		}
	}
	b.Logf("issues/s with the aggregates %.0f, without %.0f (round by round)", rates[false], rates[true])
	var costs []float64 // each round's pair: the machine's load drifts between rounds
	for i := range rates[false] {
		costs = append(costs, 100*(rates[true][i]-rates[false][i])/rates[true][i])
	}
	med := func(v []float64) float64 { v = slices.Clone(v); slices.Sort(v); return v[len(v)/2] }
	b.ReportMetric(med(rates[false]), "on_issues/s")
	b.ReportMetric(med(rates[true]), "off_issues/s")
	b.ReportMetric(med(costs), "cost_%")
	b.ReportMetric(0, "ns/op")
}

// issueRate is the issues a second of 64 kiosks issuing n tickets into a fresh store.
func issueRate(b *testing.B, noReports bool, n int) float64 {
	clk := &clock{now: time.Date(2026, 11, 25, 9, 0, 0, 0, shanghai)}
	s, err := Open(Options{Dir: b.TempDir(), Catalog: catalog(b), Loc: shanghai, Policy: queue.DefaultPolicy(),
		Clock: clk.Now, NoReports: noReports, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	// no window is open, as in the app's issue benchmark: an open one makes every issue
	// simulate the growing queue for its quote, which would measure the forecast
	items := []string{"440199-A-001", "440199-B-001", "440199-C-001", "440199-E-001", "440199-F-001"}
	var next atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := next.Add(1); i <= int64(n); i = next.Add(1) {
				if _, _, err := s.Issue(context.Background(), queue.IssueCmd{Item: items[i%5], Source: "kiosk-1",
					IdemKey: fmt.Sprintf("k%d", i)}, nil); err != nil {
					b.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	return float64(n) / time.Since(start).Seconds()
}
