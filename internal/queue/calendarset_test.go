package queue

import (
	"strings"
	"testing"
	"time"
)

// TestSetCalendarYear: a year is accepted only with real dates of that year, none twice,
// none both off and worked, and days worked only on weekends; once applied, new promised
// dates count on it and the other years are untouched.
func TestSetCalendarYear(t *testing.T) {
	now := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name      string
		y         CalendarYear
		wantError string
	}{
		{"good", CalendarYear{Year: 2026, Off: []string{"2026-11-27", "2026-11-26"}, Work: []string{"2026-11-28"}}, ""},
		{"empty", CalendarYear{Year: 2026}, ""},
		{"year", CalendarYear{Year: 1999}, "year"},
		{"not a date", CalendarYear{Year: 2026, Off: []string{"2026-11-31"}}, "off[0]"},
		{"other year", CalendarYear{Year: 2026, Off: []string{"2027-01-01"}}, "not in 2026"},
		{"twice", CalendarYear{Year: 2026, Off: []string{"2026-10-01", "2026-10-01"}}, "off[1]"},
		{"both", CalendarYear{Year: 2026, Off: []string{"2026-10-10"}, Work: []string{"2026-10-10"}}, "already listed in off"},
		{"weekday worked", CalendarYear{Year: 2026, Work: []string{"2026-10-09"}}, "weekday"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := NewHall(&Catalog{}, time.UTC, DefaultPolicy())
			evs, err := h.SetCalendarYear(tc.y, "super", now)
			if tc.wantError != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantError) || ErrorCode(err) != Invalid {
					t.Fatalf("error %v, want %q", err, tc.wantError)
				}
				return
			}
			if err != nil || len(evs) != 1 || evs[0].Type != CalendarSet || evs[0].Staff != "super" || evs[0].CalendarYear.SetBy != "super" {
				t.Fatalf("%+v %v", evs, err)
			}
		})
	}

	h := NewHall(&Catalog{}, time.UTC, DefaultPolicy())
	h.Calendar = &Calendar{Off: map[string]bool{"2026-11-26": true, "2027-01-01": true}, Work: map[string]bool{}}
	wed := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	if got := PromisedDate(wed, 1, false, h.Calendar).Format(DayLayout); got != "2026-11-27" {
		t.Fatalf("before: %s", got)
	}
	evs, err := h.SetCalendarYear(CalendarYear{Year: 2026, Off: []string{"2026-11-27"}}, "super", now)
	if err != nil {
		t.Fatal(err)
	}
	before := h.Calendar
	h.Apply(evs[0])
	if got := PromisedDate(wed, 1, false, h.Calendar).Format(DayLayout); got != "2026-11-26" {
		t.Errorf("after: %s, want 2026-11-26 (the 26th is no longer off, the 27th is)", got)
	}
	if !h.Calendar.Off["2027-01-01"] || !before.Off["2026-11-26"] || before.Off["2026-11-27"] {
		t.Errorf("another year lost, or the old calendar changed: %v / %v", h.Calendar.Off, before.Off)
	}
}
