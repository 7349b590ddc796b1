package store

import (
	"context"
	"testing"
	"time"

	"onedoor/internal/queue"
)

// TestCalendarYearKeptAcrossRestart: a year set in the console is in force at once, is
// still in force after a restart in place of the -holidays file's days of that year, and
// the file still gives the years never set.
func TestCalendarYearKeptAcrossRestart(t *testing.T) {
	dir := t.TempDir()
	clk := &clock{now: time.Date(2026, 11, 25, 9, 30, 0, 0, shanghai)}
	seed, err := queue.ParseCalendar([]byte(`{"off":["2026-11-26","2027-01-01"],"work":[]}`))
	if err != nil {
		t.Fatal(err)
	}
	open := func() *Store {
		s, err := Open(Options{Dir: dir, Catalog: catalog(t), Loc: shanghai, Policy: queue.DefaultPolicy(), Clock: clk.Now, Calendar: seed})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	day := func(d string) time.Time { t, _ := time.ParseInLocation(queue.DayLayout, d, shanghai); return t }
	s := open()
	if _, ok := s.CalendarYearSet(2026); ok || s.Calendar().Workday(day("2026-11-26")) {
		t.Fatal("the file's holiday is not in force before any is set")
	}
	y, err := s.SetCalendarYear(context.Background(), queue.CalendarYear{Year: 2026, Off: []string{"2026-11-30", "2026-11-27"}, Work: []string{"2026-11-28"}}, "super")
	if err != nil || y.SetBy != "super" || y.Off[0] != "2026-11-27" {
		t.Fatalf("set: %+v %v", y, err)
	}
	check := func(when string) {
		t.Helper()
		cal := s.Calendar()
		for d, want := range map[string]bool{"2026-11-26": true, "2026-11-27": false, "2026-11-28": true, "2026-11-30": false, "2027-01-01": false} {
			if cal.Workday(day(d)) != want {
				t.Errorf("%s: %s workday %v, want %v", when, d, !want, want)
			}
		}
		if got, ok := s.CalendarYearSet(2026); !ok || got.SetBy != "super" || len(got.Off) != 2 {
			t.Errorf("%s: the year set: %+v %v", when, got, ok)
		}
	}
	check("at once")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = open()
	defer s.Close()
	check("after a restart")
	if err := s.VerifyReplay(); err != nil {
		t.Fatal(err)
	}
}
