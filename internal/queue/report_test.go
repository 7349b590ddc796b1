package queue

import (
	"testing"
	"time"
)

func TestDistSummarize(t *testing.T) {
	for _, tc := range []struct {
		name string
		vals []int64
		want Summary
	}{
		{"none", nil, Summary{}},
		{"one", []int64{7}, Summary{N: 1, MeanS: 7, P50S: 7, P90S: 7, MaxS: 7}},
		{"two", []int64{1, 9}, Summary{N: 2, MeanS: 5, P50S: 1, P90S: 9, MaxS: 9}},
		{"ten", []int64{10, 1, 9, 2, 8, 3, 7, 4, 6, 5}, Summary{N: 10, MeanS: 5.5, P50S: 5, P90S: 9, MaxS: 10}},
		{"repeats", []int64{3, 3, 3, 3, 100}, Summary{N: 5, MeanS: 22.4, P50S: 3, P90S: 100, MaxS: 100}},
		{"eleven", []int64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, Summary{N: 11, MeanS: 5, P50S: 5, P90S: 9, MaxS: 10}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var d Dist
			for _, v := range tc.vals {
				d = d.Merge(Dist{v: 1})
			}
			if got := d.Summarize(); got != tc.want {
				t.Fatalf("Summarize = %+v, want %+v", got, tc.want)
			}
			if len(tc.vals) > 0 {
				if p := NearestRank(append([]int64(nil), tc.vals...), 90); p != tc.want.P90S {
					t.Fatalf("NearestRank 90 = %d, want %d", p, tc.want.P90S)
				}
			}
		})
	}
}

// facts decides nothing: it returns the facts of evs, applying each after.
func (h *testHall) facts(evs []Event) []ReportFact {
	var out []ReportFact
	for _, ev := range evs {
		ev.Seq = h.LastSeq + 1
		out = append(out, h.ReportFacts(ev)...)
		h.Apply(ev)
	}
	return out
}

func (h *testHall) mustFacts(evs []Event, err error) []ReportFact {
	h.t.Helper()
	if err != nil {
		h.t.Fatal(err)
	}
	return h.facts(evs)
}

func TestReportFactsOfAVisit(t *testing.T) {
	h := newTestHall(t, DefaultPolicy())
	start := h.now // window 1 opened, idle since
	h.now = h.now.Add(90 * time.Second)
	evs, tk, err := h.Issue(IssueCmd{ID: "v1", Item: "440199-A-001", Source: "kiosk-1"}, h.now)
	if err != nil {
		t.Fatal(err)
	}
	issued := h.facts(evs)
	h.now = h.now.Add(125*time.Second + 900*time.Millisecond)
	called := h.mustFacts(h.Call(1, "clerk1", h.now))
	h.now = h.now.Add(30 * time.Second)
	started := h.mustFacts(h.Start(1, "clerk1", h.now))
	h.now = h.now.Add(10*time.Minute + 500*time.Millisecond)
	finished := h.mustFacts(h.Finish(1, "clerk1", Consulted, nil, "", h.now))
	h.now = h.now.Add(time.Minute)
	rated := h.mustFacts(h.Rate(h.Tickets[tk.ID], 2, []string{"态度差"}, "", h.now))

	day, cat := "2026-11-25", tk.Category
	ticketKey := ReportKey{Day: day, Category: cat, Item: "440199-A-001", Window: 1, Clerk: "clerk1"}
	for _, tc := range []struct {
		name  string
		facts []ReportFact
		want  []ReportKey
		check func(c []ReportFact) bool
	}{
		{"issued", issued, []ReportKey{{Day: day, Category: cat, Item: "440199-A-001"}}, func(c []ReportFact) bool { return c[0].Add.Issued == 1 }},
		{"called: the wait, and window 1's idle time ends", called, []ReportKey{ticketKey, {Day: day, Window: 1, Clerk: "clerk1"}},
			func(c []ReportFact) bool {
				return c[0].Add.Called == 1 && c[0].Add.Wait[125] == 1 && c[0].Add.Quoted == 1 &&
					c[1].Add.IdleS == int64(h.Tickets[tk.ID].CalledAt.Sub(start)/time.Second)
			}},
		{"started: nothing", started, nil, nil},
		{"finished: the service time, the outcome", finished, []ReportKey{ticketKey},
			func(c []ReportFact) bool {
				return c[0].Add.Served == 1 && c[0].Add.Service[600] == 1 && c[0].Add.Consulted == 1
			}},
		{"rated 不满意: a bad rating", rated, []ReportKey{ticketKey},
			func(c []ReportFact) bool { return c[0].Add.Ratings[2] == 1 && c[0].Add.Bad == 1 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if len(tc.facts) != len(tc.want) {
				t.Fatalf("%d facts, want %d: %+v", len(tc.facts), len(tc.want), tc.facts)
			}
			for i, f := range tc.facts {
				if f.Key != tc.want[i] {
					t.Fatalf("fact %d key %+v, want %+v", i, f.Key, tc.want[i])
				}
			}
			if tc.check != nil && !tc.check(tc.facts) {
				t.Fatalf("facts %+v", tc.facts)
			}
		})
	}
}

func TestReportFactsOfAPause(t *testing.T) {
	h := newTestHall(t, DefaultPolicy())
	h.now = h.now.Add(time.Minute)
	paused := h.mustFacts(h.PauseWindow(2, "clerk2", "午休", h.now))
	if len(paused) != 1 || paused[0].Add.IdleS != 60 {
		t.Fatalf("pause ends a minute's idle time: %+v", paused)
	}
	h.now = h.now.Add(45*time.Minute + 999*time.Millisecond)
	resumed := h.mustFacts(h.OpenWindow(2, "clerk2", h.now))
	if len(resumed) != 1 || resumed[0].Add.PausedS != 45*60 || resumed[0].Key.Clerk != "clerk2" {
		t.Fatalf("resume ends 45 min paused: %+v", resumed)
	}
}
