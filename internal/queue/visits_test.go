package queue

import (
	"testing"
	"time"
)

// TestVisitsExpected: the window time a call takes is the category's mean until 20
// calls have ended, then the mean weighted by the share of no-shows and their time.
func TestVisitsExpected(t *testing.T) {
	mean := 10 * time.Minute
	for _, c := range []struct {
		name           string
		visits, noShow int
		held           time.Duration
		want           time.Duration
	}{
		{"nothing measured", 0, 0, 0, mean},
		{"19 calls: too few", 15, 4, 2 * time.Minute, mean},
		{"20 calls, none missed", 20, 0, 0, mean},
		{"20 calls, 4 no-shows of 2 min", 16, 4, 2 * time.Minute, 8*time.Minute + 24*time.Second},
		{"40 calls, 2 no-shows of 1 min", 38, 2, time.Minute, 9*time.Minute + 33*time.Second},
	} {
		var v Visits
		for range c.noShow {
			v.add(true, c.held)
		}
		for range c.visits {
			v.add(false, 0)
		}
		if got := v.expected(mean); got.Round(time.Second) != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

// TestHallNotesHowCallsEnd: a finished visit and a no-show are counted, with the time
// the no-show held its window; a phone ticket missed for not checking in held none and
// is not counted.
func TestHallNotesHowCallsEnd(t *testing.T) {
	h := newTestHall(t, DefaultPolicy())
	h.issue("440199-A-001", "normal")
	h.issue("440199-A-001", "normal")
	h.call(1) // finished
	h.must(h.Call(1, "clerk", h.now))
	h.now = h.now.Add(3 * time.Minute)
	h.must(h.NoShow(1, "clerk", h.now))
	if h.Visits.N != 2 || h.Visits.NoShowShare != 0.5 || h.Visits.NoShowTime.Value() != 3*time.Minute {
		t.Fatalf("visits %+v; want 2, half no-shows, 3 min", h.Visits)
	}
	evs, _, err := h.Issue(IssueCmd{ID: "away", Item: "440199-A-001", Source: RemoteSource, Remote: true}, h.now)
	if err != nil {
		t.Fatal(err)
	}
	h.apply(evs)
	h.must(h.Call(1, "clerk", h.now)) // missed for not checking in, nobody called
	if h.Visits.N != 2 {
		t.Fatalf("a ticket missed for not checking in counted: %+v", h.Visits)
	}
}
