package httpapi

import (
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"onedoor/internal/queue"
	"onedoor/server/internal/store"
)

// ConsoleCalendar answers GET /api/v1/console/calendar: one year of the working
// calendar in force: as set in the console, else as the -holidays file gave it.
type ConsoleCalendar struct {
	Year int `json:"year"`
	// Loaded says the year has a calendar (set in the console or from the file); without
	// one, Monday to Friday are the working days and Off and Work are empty.
	Loaded bool     `json:"loaded"`
	Off    []string `json:"off"`  // weekdays off (public holidays), YYYY-MM-DD
	Work   []string `json:"work"` // weekend days worked in exchange (调休上班)
	// Source is "console" for a year set in the console, "file" otherwise.
	Source string    `json:"source"`
	SetBy  string    `json:"set_by,omitempty"`
	SetAt  time.Time `json:"set_at,omitzero"`
}

// CalendarRequest is the body of POST /api/v1/console/calendar.
type CalendarRequest struct {
	Year int      `json:"year"`
	Off  []string `json:"off"`
	Work []string `json:"work"`
}

// setConsoleCalendar answers POST /api/v1/console/calendar: a supervisor or admin sets
// one year's working calendar, in force at once (calendar.set).
func (s *Server) setConsoleCalendar(w http.ResponseWriter, r *http.Request) {
	var req CalendarRequest
	se, ok := s.authorized(w, r, &req, store.RoleSupervisor, store.RoleAdmin)
	if !ok {
		return
	}
	y, err := s.store.SetCalendarYear(r.Context(), queue.CalendarYear{Year: req.Year, Off: req.Off, Work: req.Work}, se.Staff)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, ConsoleCalendar{Year: y.Year, Loaded: true, Off: y.Off, Work: y.Work, Source: "console", SetBy: y.SetBy, SetAt: y.SetAt})
}

// consoleCalendar answers GET /api/v1/console/calendar?year=YYYY (supervisors, admins).
func (s *Server) consoleCalendar(w http.ResponseWriter, r *http.Request) {
	if _, err := s.session(r, consoleRoles...); err != nil {
		s.fail(w, r, err)
		return
	}
	year, err := strconv.Atoi(r.URL.Query().Get("year"))
	if err != nil || year < 2000 || year > 2100 {
		s.fail(w, r, queue.Errorf(queue.Invalid, "year must be 2000 to 2100"))
		return
	}
	if y, ok := s.store.CalendarYearSet(year); ok {
		writeJSON(w, http.StatusOK, ConsoleCalendar{Year: year, Loaded: true, Off: nonNil(y.Off), Work: nonNil(y.Work), Source: "console", SetBy: y.SetBy, SetAt: y.SetAt})
		return
	}
	cal := s.store.Calendar()
	out := ConsoleCalendar{Year: year, Loaded: cal != nil, Off: []string{}, Work: []string{}, Source: "file"}
	if cal != nil {
		out.Off, out.Work = datesOfYear(cal.Off, year), datesOfYear(cal.Work, year)
	}
	writeJSON(w, http.StatusOK, out)
}

// datesOfYear returns the dates of set in year, in order.
func datesOfYear(set map[string]bool, year int) []string {
	out := []string{}
	prefix := strconv.Itoa(year) + "-"
	for d := range set {
		if strings.HasPrefix(d, prefix) {
			out = append(out, d)
		}
	}
	sort.Strings(out)
	return out
}
