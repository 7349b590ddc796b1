package queue

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
	"time"
)

// forecastHall is a hall with the given windows open (number → categories it is limited
// to; nil serves all) and whole-minute means per category, so that serving a visit for
// exactly its mean leaves the mean as it is.
func forecastHall(t testing.TB, p Policy, windows map[int][]string, means map[string]time.Duration) *testHall {
	h := &testHall{Hall: NewHall(sampleCatalog(t), shanghai, p), t: t, now: time.Date(2026, 11, 25, 9, 0, 0, 0, shanghai)}
	h.apply(h.Rollover(h.now))
	for n, cats := range windows {
		h.must(h.CreateWindow(Window{Number: n, Name: fmt.Sprintf("%d号窗口", n), Kind: Comprehensive, Categories: cats}, h.now))
		h.must(h.OpenWindow(n, fmt.Sprintf("clerk%d", n), h.now))
	}
	for cat, d := range means {
		h.Stats[cat] = &RunningMean{N: 10, Mean: d.Seconds()}
	}
	return h
}

// runHall lets the hall call as the forecast assumes: the window free first (the lower
// number on a tie) calls, and serves for exactly the category's mean. It returns the ids
// in the order called and when each was called, from start.
func runHall(h *testHall, start time.Time) ([]string, map[string]time.Duration) {
	free := map[int]time.Time{}
	for _, n := range h.WindowNumbers() {
		if h.Windows[n].State == WinOpen {
			free[n] = start
		}
	}
	var order []string
	at := map[string]time.Duration{}
	for len(free) > 0 {
		ns := make([]int, 0, len(free))
		for n := range free {
			ns = append(ns, n)
		}
		sort.Slice(ns, func(i, j int) bool {
			return free[ns[i]].Before(free[ns[j]]) || free[ns[i]].Equal(free[ns[j]]) && ns[i] < ns[j]
		})
		n := ns[0]
		h.now = free[n]
		evs := h.must(h.Call(n, "c", h.now))
		if len(evs) == 0 {
			delete(free, n)
			continue
		}
		tk := evs[0].Ticket
		order = append(order, tk.ID)
		at[tk.ID] = h.now.Sub(start)
		h.must(h.Start(n, "c", h.now))
		done := h.now.Add(h.Stats[tk.Category].Value())
		h.now = done
		h.must(h.Finish(n, "c", Completed, nil, "", h.now))
		free[n] = done
	}
	return order, at
}

// TestForecastIsWhatTheHallThenDoes: over random halls (windows limited to categories or
// not, priority groups, the ratio and maximum-wait rules), the forecast's order and times
// are exactly the calls the hall then makes when visits take their means.
func TestForecastIsWhatTheHallThenDoes(t *testing.T) {
	cats := []string{"SSDJ", "SCJG", "RSSB"}
	items := map[string]string{"SSDJ": "440199-A-001", "SCJG": "440199-B-001", "RSSB": "440199-C-001"}
	groups := []string{"", "", "", "military", "disabled"}
	for seed := range uint64(200) {
		r := rand.New(rand.NewPCG(seed, 7))
		windows := map[int][]string{}
		for n := 1; n <= 1+r.IntN(4); n++ {
			if r.IntN(2) == 0 {
				windows[n] = []string{cats[r.IntN(len(cats))]}
			} else {
				windows[n] = nil
			}
		}
		means := map[string]time.Duration{}
		for _, c := range cats {
			means[c] = time.Duration(2+r.IntN(12)) * time.Minute
		}
		p := DefaultPolicy()
		p.MaxWait = time.Duration(10+r.IntN(40)) * time.Minute
		p.Ratio = r.IntN(4)
		h := forecastHall(t, p, windows, means)
		for range 5 + r.IntN(40) {
			h.issue(items[cats[r.IntN(len(cats))]], groups[r.IntN(len(groups))])
		}
		start := h.now
		pred := h.Forecast(start, 1)
		order, at := runHall(h, start)
		var predicted []string
		for id := range pred {
			predicted = append(predicted, id)
		}
		sort.Slice(predicted, func(i, j int) bool { return pred[predicted[i]].Order < pred[predicted[j]].Order })
		if !slices.Equal(predicted, order) {
			t.Fatalf("seed %d: forecast order %v, the hall called %v", seed, predicted, order)
		}
		for _, id := range order {
			if pred[id].Wait != at[id] {
				t.Fatalf("seed %d: ticket %s forecast at %v, called at %v", seed, id, pred[id].Wait, at[id])
			}
		}
	}
}

// TestForecastHandComputed checks the forecast against halls worked out by hand.
func TestForecastHandComputed(t *testing.T) {
	m := time.Minute
	type want struct {
		ahead int
		wait  time.Duration
	}
	all := map[int][]string{1: nil}
	for _, tc := range []struct {
		name    string
		policy  func(*Policy)
		windows map[int][]string
		means   map[string]time.Duration
		setup   func(h *testHall) []string // the tickets to look at, in order
		want    []*want                    // nil: no prediction (no open window calls it)
	}{
		{"one window, first come first served", nil, all, map[string]time.Duration{"SSDJ": 5 * m},
			func(h *testHall) []string {
				return []string{h.issue("440199-A-001", "").ID, h.issue("440199-A-001", "").ID, h.issue("440199-A-001", "").ID}
			},
			[]*want{{0, 0}, {1, 5 * m}, {2, 10 * m}}},
		{"a window limited to its category draws only from it", nil, map[int][]string{1: nil, 2: {"SCJG"}},
			map[string]time.Duration{"SSDJ": 10 * m, "SCJG": 4 * m},
			func(h *testHall) []string {
				a1, b1 := h.issue("440199-A-001", ""), h.issue("440199-B-001", "")
				a2, b2 := h.issue("440199-A-001", ""), h.issue("440199-B-001", "")
				return []string{a1.ID, b1.ID, b2.ID, a2.ID}
			},
			// window 1 takes A1 (0–10), window 2 B1 (0–4) then B2 (4–8), window 1 A2 at 10;
			// ahead of each are the calls of the windows that serve its category (window 1's
			// A1 could have been B1: it counts for B; window 2's Bs never count for A)
			[]*want{{0, 0}, {1, 0}, {2, 4 * m}, {1, 10 * m}}},
		{"priority, then the ratio rule lets an ordinary ticket through", func(p *Policy) { p.Ratio, p.MaxWait = 1, 0 }, all,
			map[string]time.Duration{"SSDJ": 5 * m},
			func(h *testHall) []string {
				n1, n2 := h.issue("440199-A-001", ""), h.issue("440199-A-001", "")
				p1, p2 := h.issue("440199-A-001", "military"), h.issue("440199-A-001", "military")
				return []string{p1.ID, n1.ID, p2.ID, n2.ID}
			},
			[]*want{{0, 0}, {1, 5 * m}, {2, 10 * m}, {3, 15 * m}}},
		{"the maximum wait lets the oldest ordinary ticket through", func(p *Policy) { p.Ratio, p.MaxWait = 0, 12*m }, all,
			map[string]time.Duration{"SSDJ": 5 * m},
			func(h *testHall) []string {
				n1 := h.issue("440199-A-001", "") // issued at 09:01; the forecast starts at 09:04
				p1, p2, p3 := h.issue("440199-A-001", "disabled"), h.issue("440199-A-001", "disabled"), h.issue("440199-A-001", "disabled")
				return []string{p1.ID, p2.ID, n1.ID, p3.ID}
			},
			// at 09:14 N1 has waited 13 minutes: it goes before P3
			[]*want{{0, 0}, {1, 5 * m}, {2, 10 * m}, {3, 15 * m}}},
		{"no window open or paused serves the category", nil, map[int][]string{1: {"SSDJ"}, 2: {"SCJG"}},
			map[string]time.Duration{"SSDJ": 5 * m},
			func(h *testHall) []string {
				h.must(h.CloseWindow(2, "clerk2", h.now))
				return []string{h.issue("440199-A-001", "").ID, h.issue("440199-B-001", "").ID}
			},
			[]*want{{0, 0}, nil}},
		{"a paused window comes back after the usual pause", nil, map[int][]string{1: {"SSDJ"}, 2: {"SCJG"}},
			map[string]time.Duration{"SSDJ": 5 * m},
			func(h *testHall) []string {
				h.must(h.PauseWindow(2, "clerk2", "午休", h.now)) // 09:00; no pause timed yet: 45 minutes
				return []string{h.issue("440199-A-001", "").ID, h.issue("440199-B-001", "").ID}
			},
			[]*want{{0, 0}, {0, 42 * m}}}, // from 09:03
		{"the usual pause is the hall's own", nil, map[int][]string{1: {"SSDJ"}, 2: {"SCJG"}},
			map[string]time.Duration{"SSDJ": 5 * m},
			func(h *testHall) []string {
				h.must(h.PauseWindow(2, "clerk2", "", h.now))
				h.now = h.now.Add(20 * m)
				h.must(h.OpenWindow(2, "clerk2", h.now)) // a 20-minute pause, timed
				h.must(h.PauseWindow(2, "clerk2", "", h.now))
				return []string{h.issue("440199-B-001", "").ID}
			},
			// paused again at 09:20, the forecast from 09:22: back in 18 minutes
			[]*want{{0, 18 * m}}},
		{"a visit under way ends at its mean", nil, all, map[string]time.Duration{"SSDJ": 5 * m},
			func(h *testHall) []string {
				h.issue("440199-A-001", "")
				h.must(h.Call(1, "c", h.now))
				h.must(h.Start(1, "c", h.now))
				h.now = h.now.Add(2 * m) // two minutes in: three to go
				return []string{h.issue("440199-A-001", "").ID}
			},
			// started 09:01 (mean 5), the forecast from 09:05: it ends at 09:06
			[]*want{{0, m}}},
		{"a visit over its mean ends soon, not never", nil, all, map[string]time.Duration{"SSDJ": 5 * m},
			func(h *testHall) []string {
				h.issue("440199-A-001", "")
				h.must(h.Call(1, "c", h.now))
				h.must(h.Start(1, "c", h.now))
				h.now = h.now.Add(20 * m)
				return []string{h.issue("440199-A-001", "").ID}
			},
			[]*want{{0, 30 * time.Second}}},
		{"a ticket transferred to a window waits for that window", nil, map[int][]string{1: nil, 2: nil},
			map[string]time.Duration{"SSDJ": 5 * m},
			func(h *testHall) []string {
				a1 := h.issue("440199-A-001", "")
				h.must(h.Call(1, "c", h.now))
				h.must(h.Start(1, "c", h.now))
				h.must(h.Transfer(1, "c", 2, "", h.now))
				a2, a3 := h.issue("440199-A-001", ""), h.issue("440199-A-001", "")
				return []string{a2.ID, a1.ID, a3.ID}
			},
			// window 1 calls A2, window 2 its transferred A1; window 1 ends first on the tie
			[]*want{{0, 0}, {1, 0}, {2, 5 * m}}},
		{"an appointment waits for its slot", nil, all, map[string]time.Duration{"SSDJ": 5 * m},
			func(h *testHall) []string {
				h.must(h.Book(BookCmd{Code: "B0001", Item: "440199-A-001", Slot: h.now.Add(31 * m)}, h.now))
				h.now = h.now.Add(time.Minute)
				_, ap, err := h.Issue(IssueCmd{ID: "appt", Booking: "B0001", Source: "k"}, h.now)
				h.must(nil, err)
				h.apply([]Event{{Type: TicketIssued, Ticket: ap}})
				return []string{h.issue("440199-A-001", "").ID, "appt"}
			},
			// from 09:03 the window serves N1 (to 09:08), idles, and calls the appointment at 09:31
			[]*want{{0, 0}, {1, 28 * m}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := DefaultPolicy()
			if tc.policy != nil {
				tc.policy(&p)
			}
			h := forecastHall(t, p, tc.windows, tc.means)
			ids := tc.setup(h)
			h.now = h.now.Add(time.Minute)
			pred := h.Forecast(h.now, 1)
			for i, id := range ids {
				got, ok := pred[id]
				switch w := tc.want[i]; {
				case w == nil && ok:
					t.Errorf("ticket %d: predicted %+v, want none", i, got)
				case w != nil && !ok:
					t.Errorf("ticket %d: no prediction, want %+v", i, *w)
				case w != nil && (got.Ahead != w.ahead || got.Wait != w.wait):
					t.Errorf("ticket %d: %d ahead, %v, want %d ahead, %v", i, got.Ahead, got.Wait, w.ahead, w.wait)
				}
			}
		})
	}
}

// TestPredictWait: the range holds the expected wait and widens with it; a ticket no
// open window serves says so; a called ticket has nothing ahead.
func TestPredictWait(t *testing.T) {
	h := forecastHall(t, DefaultPolicy(), map[int][]string{1: {"SSDJ"}, 2: {"SCJG"}}, map[string]time.Duration{"SSDJ": 8 * time.Minute})
	var last Wait
	for i := range 6 {
		tk := h.issue("440199-A-001", "")
		w := h.PredictWait(tk, h.now)
		if w.NoWindow || w.Ahead != i || w.Low > w.Expected || w.Expected > w.High {
			t.Fatalf("ticket %d: %+v", i, w)
		}
		if i > 1 && (w.High-w.Low <= last.High-last.Low || w.Low >= w.Expected) {
			t.Fatalf("ticket %d: range %v–%v does not widen from %v–%v", i, w.Low, w.High, last.Low, last.High)
		}
		last = w
	}
	h.must(h.PauseWindow(2, "clerk2", "午休", h.now))
	b := h.issue("440199-B-001", "")
	if w := h.PredictWait(b, h.now); w.NoWindow || !w.Paused || w.Ahead != 0 || w.Low >= w.High {
		t.Fatalf("a ticket of a paused category: %+v", w)
	}
	h.must(h.CloseWindow(2, "clerk2", h.now))
	if w := h.PredictWait(b, h.now); !w.NoWindow || w.Ahead != 0 {
		t.Fatalf("a ticket of a closed category: %+v", w)
	}
	first := h.must(h.Call(1, "c", h.now))[0].Ticket
	if w := h.PredictWait(h.Tickets[first.ID], h.now); w != (Wait{}) {
		t.Fatalf("a called ticket: %+v", w)
	}
}

// BenchmarkPredictWait: the last of 2,000 waiting tickets over six categories and ten
// windows, some limited — what the writer pays to answer an issue at a crowded hall.
func BenchmarkPredictWait(b *testing.B) {
	wins := map[int][]string{}
	for n := 1; n <= 10; n++ {
		if n > 6 {
			wins[n] = []string{"SCJG"}
		}
	}
	h := forecastHall(b, DefaultPolicy(), wins, map[string]time.Duration{"SSDJ": 6 * time.Minute, "SCJG": 9 * time.Minute})
	items := []string{"440199-A-001", "440199-B-001", "440199-C-001", "440199-D-001", "440199-E-001", "440199-F-001"}
	groups := []string{"", "", "", "", "military"}
	var last *Ticket
	for i := range 2000 {
		h.now = h.now.Add(time.Second - time.Minute) // a second apart
		last = h.issue(items[i%len(items)], groups[i%len(groups)])
	}
	b.ResetTimer()
	for b.Loop() {
		h.PredictWait(last, h.now)
	}
}

// TestWaitForNew: the wait of a ticket taken now is the wait the next ticket of its
// category is then quoted, and it leaves the hall as it was.
func TestWaitForNew(t *testing.T) {
	h := forecastHall(t, DefaultPolicy(), map[int][]string{1: nil, 2: {"SCJG"}}, map[string]time.Duration{"SSDJ": 7 * time.Minute, "SCJG": 4 * time.Minute})
	for range 4 {
		h.issue("440199-A-001", "")
		h.issue("440199-B-001", "military")
	}
	before := h.Queue.Len()
	for _, c := range []struct{ cat, item string }{{"SSDJ", "440199-A-001"}, {"SCJG", "440199-B-001"}} {
		h.now = h.now.Add(time.Minute) // the next issue comes a minute on: predict from then
		w := h.WaitForNew(c.cat, h.now.Add(time.Minute))
		tk := h.issue(c.item, "")
		got := h.PredictWait(tk, h.now)
		if w != got || h.Queue.Len() != before+1 {
			t.Fatalf("%s: predicted %+v for a new ticket, the ticket taken gets %+v", c.cat, w, got)
		}
		before++
	}
}
