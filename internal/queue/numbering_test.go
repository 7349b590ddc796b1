package queue

import (
	"testing"
	"time"
)

func TestFormatNumber(t *testing.T) {
	for _, tc := range []struct {
		prefix string
		n      int
		want   string
	}{
		{"A", 1, "A001"}, {"A", 42, "A042"}, {"B", 999, "B999"}, {"B", 1000, "B1000"}, {"Z", 12345, "Z12345"},
	} {
		if got := FormatNumber(tc.prefix, tc.n); got != tc.want {
			t.Errorf("FormatNumber(%q, %d) = %q, want %q", tc.prefix, tc.n, got, tc.want)
		}
	}
}

func TestServiceDayAcrossMidnightInShanghai(t *testing.T) {
	for _, tc := range []struct {
		at   time.Time
		want string
	}{
		{time.Date(2026, 11, 25, 15, 59, 59, 0, time.UTC), "2026-11-25"}, // 23:59:59 in Shanghai
		{time.Date(2026, 11, 25, 16, 0, 0, 0, time.UTC), "2026-11-26"},   // 00:00:00 in Shanghai
		{time.Date(2026, 11, 25, 23, 0, 0, 0, time.UTC), "2026-11-26"},
		{time.Date(2026, 12, 31, 16, 0, 0, 0, time.UTC), "2027-01-01"},
	} {
		if got := ServiceDay(tc.at, shanghai); got != tc.want {
			t.Errorf("ServiceDay(%s) = %s, want %s", tc.at, got, tc.want)
		}
	}
}

func TestNumbersPerPrefixAndRestartAtMidnight(t *testing.T) {
	h := newTestHall(t, DefaultPolicy())
	got := []string{
		h.issue("440199-A-001", "").Number,
		h.issue("440199-A-002", "").Number,
		h.issue("440199-B-001", "").Number,
		h.issue("440199-A-001", "").Number,
	}
	want := []string{"A001", "A002", "B001", "A003"}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("numbers = %v, want %v", got, want)
		}
	}
	// 23:59 Shanghai: still the same day, no rollover.
	h.now = time.Date(2026, 11, 25, 23, 58, 0, 0, shanghai)
	if evs := h.Rollover(h.now.Add(time.Minute)); evs != nil {
		t.Fatalf("rollover before midnight: %v", evs)
	}
	// Midnight: open tickets expire, numbers restart.
	h.now = time.Date(2026, 11, 26, 0, 0, 0, 0, shanghai)
	evs := h.Rollover(h.now)
	expired := 0
	for _, ev := range evs {
		if ev.Type == TicketExpired {
			expired++
		}
	}
	if expired != 4 || evs[len(evs)-1].Type != DayStarted || evs[len(evs)-1].Day != "2026-11-26" {
		t.Fatalf("rollover events: %d expired, last %v", expired, evs[len(evs)-1])
	}
	h.apply(evs)
	if h.Queue.Len() != 0 {
		t.Fatalf("queue has %d after rollover", h.Queue.Len())
	}
	if n := h.issue("440199-A-001", "").Number; n != "A001" {
		t.Fatalf("first number of the new day = %s, want A001", n)
	}
	// Issuing on a day the hall has not rolled over to is refused.
	_, _, err := h.Issue(IssueCmd{ID: "x", Item: "440199-A-001", Source: "k"}, h.now.Add(24*time.Hour))
	if ErrorCode(err) != Conflict {
		t.Fatalf("issue on a later day: %v", err)
	}
}

func TestNumberPast999(t *testing.T) {
	h := newTestHall(t, DefaultPolicy())
	h.Counters["A"] = 998
	if n := h.issue("440199-A-001", "").Number; n != "A999" {
		t.Fatalf("got %s", n)
	}
	if n := h.issue("440199-A-001", "").Number; n != "A1000" {
		t.Fatalf("got %s", n)
	}
}
