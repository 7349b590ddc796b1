package queue

import (
	"sort"
	"strconv"
	"time"
)

// CalendarSet records a year of the working calendar set in the console.
const CalendarSet EventType = "calendar.set"

// CalendarYear is one year of the working calendar as a supervisor set it: the days off
// (public holidays) and the weekend days worked in exchange (调休上班), each YYYY-MM-DD.
type CalendarYear struct {
	Year  int       `json:"year"`
	Off   []string  `json:"off"`
	Work  []string  `json:"work"`
	SetBy string    `json:"set_by,omitempty"`
	SetAt time.Time `json:"set_at,omitzero"`
}

// check validates y: a year of 2000 to 2100, every date real and in the year, none
// listed twice, none both off and worked, and every day worked in exchange a Saturday
// or Sunday (Monday to Friday are working days anyway). It returns y with its lists sorted.
func (y CalendarYear) check() (CalendarYear, error) {
	if y.Year < 2000 || y.Year > 2100 {
		return y, Errorf(Invalid, "year must be 2000 to 2100")
	}
	if len(y.Off)+len(y.Work) > 366 {
		return y, Errorf(Invalid, "a year has at most 366 days")
	}
	seen := map[string]string{}
	prefix := strconv.Itoa(y.Year) + "-"
	for _, list := range []struct {
		name  string
		dates []string
	}{{"off", y.Off}, {"work", y.Work}} {
		for i, d := range list.dates {
			t, err := time.Parse(DayLayout, d)
			if err != nil || t.Format(DayLayout) != d {
				return y, Errorf(Invalid, "%s[%d]: %q is not a date like 2026-10-01", list.name, i, d)
			}
			if d[:5] != prefix {
				return y, Errorf(Invalid, "%s[%d]: %s is not in %d", list.name, i, d, y.Year)
			}
			if was, dup := seen[d]; dup {
				return y, Errorf(Invalid, "%s[%d]: %s is already listed in %s", list.name, i, d, was)
			}
			seen[d] = list.name
			if wd := t.Weekday(); list.name == "work" && wd != time.Saturday && wd != time.Sunday {
				return y, Errorf(Invalid, "work[%d]: %s is a weekday, a working day anyway", i, d)
			}
		}
	}
	y.Off, y.Work = sortedCopy(y.Off), sortedCopy(y.Work)
	return y, nil
}

func sortedCopy(in []string) []string {
	out := append([]string{}, in...)
	sort.Strings(out)
	return out
}

// SetCalendarYear decides that year y's working calendar is y's lists from now on: new
// promised dates and work order due dates count on it; cases and orders already open
// keep the dates they were given.
func (h *Hall) SetCalendarYear(y CalendarYear, staff string, now time.Time) ([]Event, error) {
	y, err := y.check()
	if err != nil {
		return nil, err
	}
	y.SetBy, y.SetAt = staff, now
	ev := h.event(CalendarSet, now)
	ev.Staff, ev.CalendarYear = staff, &y
	return []Event{ev}, nil
}

// WithYear returns a new calendar: c's days of every other year and y's of y.Year.
// c is not changed (readers may hold it).
func (c *Calendar) WithYear(y CalendarYear) *Calendar {
	out := &Calendar{Off: map[string]bool{}, Work: map[string]bool{}}
	prefix := strconv.Itoa(y.Year) + "-"
	if c != nil {
		for _, pair := range [][2]map[string]bool{{c.Off, out.Off}, {c.Work, out.Work}} {
			for d := range pair[0] {
				if len(d) < 5 || d[:5] != prefix {
					pair[1][d] = true
				}
			}
		}
	}
	for _, d := range y.Off {
		out.Off[d] = true
	}
	for _, d := range y.Work {
		out.Work[d] = true
	}
	return out
}

// applyCalendar puts a calendar.set event's year in force and remembers it.
func (h *Hall) applyCalendar(ev Event) {
	if ev.Type != CalendarSet || ev.CalendarYear == nil {
		return
	}
	y := *ev.CalendarYear
	h.Calendar = h.Calendar.WithYear(y)
	if h.CalendarYears == nil {
		h.CalendarYears = map[int]CalendarYear{}
	}
	h.CalendarYears[y.Year] = y
}
