package queue

import (
	"testing"
	"time"
)

// TestServiceDayNeverMovesBackwards is finding 6: a clock stepping back across midnight
// must not roll the hall back to the day before (numbers would repeat on one day).
func TestServiceDayNeverMovesBackwards(t *testing.T) {
	for _, tc := range []struct {
		name      string
		to        time.Time // the clock after the hall is on 2026-11-26 at 00:00:05
		wantEvs   bool      // Rollover returns events
		wantDay   string    // h.Day after applying them
		wantIssue string    // the next A number issued at that clock
	}{
		{"a step back across midnight", time.Date(2026, 11, 25, 23, 59, 58, 0, shanghai), false, "2026-11-26", "A003"},
		{"a day back", time.Date(2026, 11, 25, 0, 0, 5, 0, shanghai), false, "2026-11-26", "A003"},
		{"a step back within the day", time.Date(2026, 11, 26, 0, 0, 1, 0, shanghai), false, "2026-11-26", "A003"},
		{"forward to the next day", time.Date(2026, 11, 27, 0, 0, 1, 0, shanghai), true, "2026-11-27", "A001"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newTestHall(t, DefaultPolicy())
			h.now = time.Date(2026, 11, 26, 0, 0, 5, 0, shanghai)
			h.apply(h.Rollover(h.now))
			h.issue("440199-A-001", "")
			h.issue("440199-A-001", "")
			h.now = tc.to
			evs := h.Rollover(h.now)
			if (len(evs) > 0) != tc.wantEvs {
				t.Fatalf("rollover at %s: %d events", tc.to, len(evs))
			}
			h.apply(evs)
			if h.Day != tc.wantDay {
				t.Fatalf("day %s, want %s", h.Day, tc.wantDay)
			}
			if n := h.issue("440199-A-001", "").Number; n != tc.wantIssue {
				t.Fatalf("next number %s, want %s", n, tc.wantIssue)
			}
		})
	}
}
