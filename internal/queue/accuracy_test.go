package queue

import (
	"math"
	"testing"
	"time"
)

// TestMeasureQuotes: errors and the in-range share per category and hour, from hand-made
// tickets; tickets a quote cannot be held against are left out.
func TestMeasureQuotes(t *testing.T) {
	at := func(h, m int) time.Time { return time.Date(2026, 11, 25, h, m, 0, 0, shanghai) }
	tk := func(cat string, issued time.Time, waited time.Duration, q Quote, change func(*Ticket)) *Ticket {
		t := &Ticket{Category: cat, IssuedAt: issued, CalledAt: issued.Add(waited), Quote: &q}
		if change != nil {
			change(t)
		}
		return t
	}
	m := time.Minute
	tickets := []*Ticket{
		// 09:xx SSDJ: waited 10 (quoted 8–12, expected 10, naive 4) and 20 (quoted 9–13, exp 11, naive 30)
		tk("SSDJ", at(9, 5), 10*m, Quote{LowS: 480, ExpectedS: 600, HighS: 720, NaiveS: 240}, nil),
		tk("SSDJ", at(9, 40), 20*m, Quote{LowS: 540, ExpectedS: 660, HighS: 780, NaiveS: 1800}, nil),
		// 10:xx SSDJ: waited 5, quoted 4:30–5:10 (read as 4–6 minutes): inside
		tk("SSDJ", at(10, 0), 5*m, Quote{LowS: 270, ExpectedS: 300, HighS: 310, NaiveS: 300}, nil),
		// left out: never called, transferred, reinstated, no window, no quote
		tk("SSDJ", at(9, 1), 0, Quote{ExpectedS: 60}, func(t *Ticket) { t.CalledAt = time.Time{} }),
		tk("SSDJ", at(9, 2), m, Quote{ExpectedS: 60}, func(t *Ticket) { t.Transfers = 1 }),
		tk("SSDJ", at(9, 3), m, Quote{ExpectedS: 60}, func(t *Ticket) { t.Reinstated = 1 }),
		tk("SSDJ", at(9, 4), m, Quote{NoWindow: true}, nil),
		tk("SSDJ", at(9, 6), m, Quote{}, func(t *Ticket) { t.Quote = nil }),
		tk("SCJG", at(9, 0), 3*m, Quote{LowS: 0, ExpectedS: 120, HighS: 110, NaiveS: 180}, nil),
	}
	got := MeasureQuotes(tickets, shanghai)
	want := []Accuracy{
		{Category: "SCJG", Hour: -1, N: 1, MAES: 60, NaiveMAES: 0, InRange: 0, MeanWaitS: 180},
		{Category: "SCJG", Hour: 9, N: 1, MAES: 60, NaiveMAES: 0, InRange: 0, MeanWaitS: 180},
		{Category: "SSDJ", Hour: -1, N: 3, MAES: (0 + 540 + 0) / 3.0, NaiveMAES: (360 + 600 + 0) / 3.0, InRange: 2 / 3.0, MeanWaitS: 700},
		{Category: "SSDJ", Hour: 9, N: 2, MAES: 270, NaiveMAES: 480, InRange: 0.5, MeanWaitS: 900},
		{Category: "SSDJ", Hour: 10, N: 1, MAES: 0, NaiveMAES: 0, InRange: 1, MeanWaitS: 300},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d rows %+v, want %d", len(got), got, len(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.Category != w.Category || g.Hour != w.Hour || g.N != w.N || !near(g.MAES, w.MAES) ||
			!near(g.NaiveMAES, w.NaiveMAES) || !near(g.InRange, w.InRange) || !near(g.MeanWaitS, w.MeanWaitS) {
			t.Errorf("row %d: %+v, want %+v", i, g, w)
		}
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// TestIssueRecordsTheQuote: a new ticket carries the wait it was quoted, the same the
// hall predicts for it right after, and the old lane estimate beside it.
func TestIssueRecordsTheQuote(t *testing.T) {
	h := forecastHall(t, DefaultPolicy(), map[int][]string{1: nil}, map[string]time.Duration{"SSDJ": 6 * time.Minute})
	h.issue("440199-A-001", "")
	tk := h.issue("440199-A-001", "")
	w := h.PredictWait(tk, h.now)
	q := tk.Quote
	if q == nil || q.Ahead != w.Ahead || q.ExpectedS != int(w.Expected.Seconds()) || q.LowS != int(w.Low.Seconds()) ||
		q.HighS != int(w.High.Seconds()) || q.NaiveS != 360 || q.NoWindow {
		t.Fatalf("quote %+v, prediction %+v", q, w)
	}
}
