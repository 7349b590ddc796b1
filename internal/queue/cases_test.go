package queue

import (
	"testing"
	"time"
)

func TestPromisedDate(t *testing.T) {
	wed := time.Date(2026, 11, 25, 10, 0, 0, 0, shanghai) // a Wednesday
	for _, tc := range []struct {
		days    int
		natural bool
		want    string
	}{
		{0, false, "2026-11-25"},
		{1, false, "2026-11-26"},
		{3, false, "2026-11-30"}, // Thu, Fri, (weekend), Mon
		{5, false, "2026-12-02"},
		{10, false, "2026-12-09"},
		{3, true, "2026-11-28"}, // calendar days land on a Saturday
		{60, true, "2027-01-24"},
	} {
		if got := PromisedDate(wed, tc.days, tc.natural, nil).Format(DayLayout); got != tc.want {
			t.Errorf("%d days (natural %v) = %s, want %s", tc.days, tc.natural, got, tc.want)
		}
	}
}

// TestPromisedDateSkipsHolidays: with a calendar, a week of holidays is not counted and a
// Saturday worked in exchange is. The calendar here is made up for the test.
func TestPromisedDateSkipsHolidays(t *testing.T) {
	cal, err := ParseCalendar([]byte(`{"off":["2026-12-07","2026-12-08","2026-12-09","2026-12-10","2026-12-11"],"work":["2026-12-12"]}`))
	if err != nil {
		t.Fatal(err)
	}
	fri := time.Date(2026, 12, 4, 15, 0, 0, 0, shanghai)
	for _, tc := range []struct {
		days int
		want string
	}{
		{1, "2026-12-12"}, // the whole week off: the worked Saturday is the first day
		{2, "2026-12-14"}, // then Monday
		{0, "2026-12-04"},
	} {
		if got := PromisedDate(fri, tc.days, false, cal).Format(DayLayout); got != tc.want {
			t.Errorf("%d working days from Friday 4 Dec = %s, want %s", tc.days, got, tc.want)
		}
	}
	if got := PromisedDate(fri, 1, false, nil).Format(DayLayout); got != "2026-12-07" {
		t.Errorf("without a calendar: %s", got)
	}
}

func TestParseCalendarRefusesBadDates(t *testing.T) {
	for _, bad := range []string{
		`{"off":["2026-13-01"]}`, `{"off":["2026-2-1"]}`, `{"work":["tomorrow"]}`,
		`{"off":["2026-10-01"],"work":["2026-10-01"]}`, `{"off":"2026-10-01"}`, `[`,
	} {
		if _, err := ParseCalendar([]byte(bad)); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}

func TestCasesNumberedPerDay(t *testing.T) {
	h := newTestHall(t, DefaultPolicy())
	var nos []string
	for i := 0; i < 3; i++ {
		h.issue("440199-F-001", "") // promised 5 working days
		h.must(h.Call(1, "c", h.now))
		h.must(h.Start(1, "c", h.now))
		evs := h.must(h.Finish(1, "c", Accepted, []string{"m1"}, "", h.now))
		if evs[0].Case == nil {
			t.Fatal("accepted without a case")
		}
		nos = append(nos, evs[0].Case.No)
		if evs[0].Case.Promised != "2026-12-02" {
			t.Fatalf("promised %s", evs[0].Case.Promised)
		}
	}
	want := []string{"440199-ZWFW-001-20261125-0001", "440199-ZWFW-001-20261125-0002", "440199-ZWFW-001-20261125-0003"}
	for i := range want {
		if nos[i] != want[i] {
			t.Fatalf("case numbers %v, want %v", nos, want)
		}
	}
	// Other outcomes open no case.
	h.issue("440199-F-001", "")
	h.must(h.Call(1, "c", h.now))
	h.must(h.Start(1, "c", h.now))
	if evs := h.must(h.Finish(1, "c", Consulted, nil, "", h.now)); evs[0].Case != nil {
		t.Fatal("a consultation opened a case")
	}
	// The next day numbering restarts.
	h.now = time.Date(2026, 11, 26, 9, 0, 0, 0, shanghai)
	h.apply(h.Rollover(h.now))
	h.must(h.OpenWindow(1, "c", h.now))
	h.issue("440199-A-001", "")
	h.must(h.Call(1, "c", h.now))
	h.must(h.Start(1, "c", h.now))
	evs := h.must(h.Finish(1, "c", Accepted, []string{"m1", "m2", "m3"}, "", h.now))
	if evs[0].Case.No != "440199-ZWFW-001-20261126-0001" || evs[0].Case.Promised != "2026-11-26" {
		t.Fatalf("next day: %+v", evs[0].Case)
	}
}

func FuzzParseCalendar(f *testing.F) {
	for _, s := range []string{`{"off":["2026-10-01"],"work":["2026-10-10"]}`, `{"off":["2026-02-30"]}`, `{}`, `{"off":[1]}`, `null`} {
		f.Add([]byte(s))
	}
	sat := time.Date(2026, 10, 10, 0, 0, 0, 0, shanghai)
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseCalendar(data)
		if err != nil {
			return
		}
		for d := range c.Off {
			if c.Work[d] {
				t.Fatalf("%s both off and worked", d)
			}
			if _, err := time.Parse(DayLayout, d); err != nil {
				t.Fatalf("accepted date %q", d)
			}
		}
		_ = PromisedDate(sat, 30, false, c) // terminates for any calendar
	})
}
