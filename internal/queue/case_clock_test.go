package queue

import (
	"testing"
	"time"
)

// TestCaseClockStopsAndResumes runs a case accepted on Wednesday 25 November 2026 (5
// working days) through supplements and suspensions, with the test calendar (Monday 30
// November a holiday, Saturday 5 December worked) and without one (Monday to Friday), and
// checks the due day and the days stopped after each step.
func TestCaseClockStopsAndResumes(t *testing.T) {
	type step struct {
		day    string
		action CaseAction
		due    string // after the step
		stops  int    // stopped days after the step
	}
	supplement := func(day string, due string, stops int) step { return step{day, CaseSupplement, due, stops} }
	supply := func(day string, due string, stops int) step { return step{day, CaseSupply, due, stops} }
	suspend := func(day string, due string, stops int) step { return step{day, CaseSuspend, due, stops} }
	resume := func(day string, due string, stops int) step { return step{day, CaseResume, due, stops} }
	for _, tc := range []struct {
		name     string
		calendar bool
		promised string
		steps    []step
	}{
		{"supplement over the weekend and the holiday", true, "2026-12-03", []step{
			supplement("2026-11-27", "2026-12-03", 0),
			supply("2026-12-01", "2026-12-04", 1), // Fri 27 stood still; Sat, Sun, the holiday are no working days
		}},
		{"supplement over the weekend, no calendar", false, "2026-12-02", []step{
			supplement("2026-11-27", "2026-12-02", 0),
			supply("2026-12-01", "2026-12-04", 2), // Fri 27 and Mon 30
		}},
		{"suspension over the worked Saturday", true, "2026-12-03", []step{
			suspend("2026-12-03", "2026-12-03", 0),
			resume("2026-12-07", "2026-12-07", 3), // Thu 3, Fri 4, Sat 5 (worked); due Thu 3 + 3: Fri, Sat, Mon
		}},
		{"suspension over the Saturday, no calendar", false, "2026-12-02", []step{
			suspend("2026-12-03", "2026-12-02", 0),
			resume("2026-12-07", "2026-12-04", 2), // Thu 3, Fri 4
		}},
		{"supplement then suspension", true, "2026-12-03", []step{
			supplement("2026-11-27", "2026-12-03", 0),
			supply("2026-12-01", "2026-12-04", 1),
			suspend("2026-12-03", "2026-12-04", 1),
			resume("2026-12-07", "2026-12-08", 4), // Fri 4 + 3: Sat 5, Mon 7, Tue 8
		}},
		{"resumed the day it stopped", true, "2026-12-03", []step{
			supplement("2026-11-27", "2026-12-03", 0),
			supply("2026-11-27", "2026-12-03", 0),
		}},
		{"stopped on the holiday", true, "2026-12-03", []step{
			suspend("2026-11-30", "2026-12-03", 0),
			resume("2026-12-01", "2026-12-03", 0),
		}},
		{"stopped on the holiday, no calendar", false, "2026-12-02", []step{
			suspend("2026-11-30", "2026-12-02", 0),
			resume("2026-12-01", "2026-12-03", 1),
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var cal *Calendar
			if tc.calendar {
				cal = testCalendar(t)
			}
			h := newCaseHall(t, cal)
			no := h.accept(plainItem)
			h.do(CaseCmd{Action: CaseRoute, Case: no, Staff: "router"})
			h.do(CaseCmd{Action: CaseClaim, Case: no})
			c, _ := h.Case(no)
			if c.Promised != tc.promised || c.Parts[0].Due != tc.promised || c.Parts[0].Days != 5 {
				t.Fatalf("promised %s, due %s, days %d; want %s", c.Promised, c.Parts[0].Due, c.Parts[0].Days, tc.promised)
			}
			for _, s := range tc.steps {
				h.at(s.day)
				cmd := CaseCmd{Action: s.action, Case: no, Needed: []CaseMaterial{{Code: "m3"}},
					Supplied: []CaseMaterial{{Code: "m3"}}, Hold: "on_site_check", Reason: "现场核查"}
				h.do(cmd)
				c, _ := h.Case(no)
				p := c.Parts[0]
				if p.Due != s.due || p.StoppedDays != s.stops {
					t.Fatalf("%s on %s: due %s, stopped %d days; want %s, %d", s.action, s.day, p.Due, p.StoppedDays, s.due, s.stops)
				}
				if stopped := p.StoppedOn != ""; stopped != p.State.Stopped() || (stopped && p.StoppedOn != s.day) {
					t.Fatalf("%s on %s: state %s, stopped on %q", s.action, s.day, p.State, p.StoppedOn)
				}
			}
		})
	}
}

// TestNaturalDaysResumeInCalendarDays: a natural-day item's clock adds back calendar days.
func TestNaturalDaysResumeInCalendarDays(t *testing.T) {
	p := Part{Natural: true, Due: "2026-12-03", StoppedOn: "2026-11-27"}
	p.resumeClock("2026-12-01", testCalendar(t))
	if p.Due != "2026-12-07" || p.StoppedDays != 4 || p.StoppedOn != "" {
		t.Fatalf("after 4 calendar days stopped: %+v", p)
	}
}

// TestCaseColour: green, amber and red as pure functions of the sub-case and now.
func TestCaseColour(t *testing.T) {
	cal := testCalendar(t)
	day := func(d string) time.Time {
		t, _ := time.ParseInLocation(DayLayout, d, shanghai)
		return t.Add(15 * time.Hour)
	}
	due := Part{State: PartClaimed, Days: 5, Due: "2026-12-03"}
	byDays := DefaultDeadlines()
	threeDays := DeadlinePolicy{AmberDays: 3}
	half := DeadlinePolicy{AmberShare: 0.5}
	stopped := due
	stopped.State, stopped.StoppedOn = PartSupplement, "2026-11-27"
	decided := due
	decided.State = PartApproved
	natural := Part{State: PartClaimed, Days: 5, Natural: true, Due: "2026-11-30"}
	for _, tc := range []struct {
		name string
		p    Part
		now  string
		cal  *Calendar
		pol  DeadlinePolicy
		left int
		want Colour
	}{
		{"accepted day", due, "2026-11-25", cal, byDays, 5, Green},
		{"three left over the holiday", due, "2026-11-27", cal, byDays, 3, Green},
		{"a weekend day", due, "2026-11-28", cal, byDays, 3, Green},
		{"two left", due, "2026-12-01", cal, byDays, 2, Amber},
		{"due today", due, "2026-12-03", cal, byDays, 0, Amber},
		{"overdue", due, "2026-12-04", cal, byDays, 0, Red},
		{"overdue on a weekend", due, "2026-12-06", cal, byDays, 0, Red},
		{"amber at 3: the holiday leaves 3", due, "2026-11-27", cal, threeDays, 3, Amber},
		{"amber at 3: without the holiday 4 are left", due, "2026-11-27", nil, threeDays, 4, Green},
		{"share: 2 of 5 used", due, "2026-11-27", cal, half, 3, Green},
		{"share: 3 of 5 used", due, "2026-12-01", cal, half, 2, Amber},
		{"share: nothing promised", Part{State: PartRouted, Due: "2026-11-25"}, "2026-11-25", cal, half, 0, Amber},
		{"stopped: time stands at the stop day", stopped, "2026-12-10", cal, byDays, 3, Green},
		{"decided", decided, "2026-12-10", cal, byDays, 0, Green},
		{"natural days count the weekend and the holiday", natural, "2026-11-27", cal, byDays, 3, Green},
		{"working days do not", Part{State: PartClaimed, Days: 5, Due: "2026-11-30"}, "2026-11-27", cal, byDays, 0, Amber},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.p.Colour(day(tc.now), shanghai, tc.cal, tc.pol); got != tc.want {
				t.Errorf("colour %s, want %s", got, tc.want)
			}
			if tc.p.State.Decided() {
				return
			}
			if left, _ := tc.p.Remaining(day(tc.now), shanghai, tc.cal); left != tc.left {
				t.Errorf("left %d, want %d", left, tc.left)
			}
		})
	}
}

// TestCountDaysAgreesWithTheCalendar compares the week-wise count with one that asks the
// calendar day by day, over every pair of days around the test calendar's and a real
// holiday season's exceptions.
func TestCountDaysAgreesWithTheCalendar(t *testing.T) {
	cals := []*Calendar{nil, testCalendar(t)}
	golden, err := ParseCalendar([]byte(`{"off":["2026-10-01","2026-10-02","2026-10-05","2026-10-06","2026-10-07","2026-10-08"],"work":["2026-09-27","2026-10-10"]}`))
	if err != nil {
		t.Fatal(err)
	}
	cals = append(cals, golden)
	start := time.Date(2026, 9, 20, 0, 0, 0, 0, time.UTC)
	for _, cal := range cals {
		for i := range 90 {
			for j := i - 2; j < 90; j++ {
				from, to := start.AddDate(0, 0, i), start.AddDate(0, 0, j)
				want := 0
				for d := from.AddDate(0, 0, 1); !d.After(to); d = d.AddDate(0, 0, 1) {
					if cal.Workday(d) {
						want++
					}
				}
				if got := countDays(from.Format(DayLayout), to.Format(DayLayout), false, cal); got != want {
					t.Fatalf("(%s, %s]: %d working days, want %d", from.Format(DayLayout), to.Format(DayLayout), got, want)
				}
			}
		}
	}
	if countDays("2026-11-25", "2026-12-03", true, nil) != 8 || countDays("x", "2026-12-03", false, nil) != 0 {
		t.Fatal("natural days or a bad date")
	}
}
