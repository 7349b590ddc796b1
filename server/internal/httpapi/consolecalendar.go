package httpapi

import (
	"net/http"
	"sort"
	"strconv"
	"strings"

	"onedoor/internal/queue"
)

// ConsoleCalendar answers GET /api/v1/console/calendar: one year of the working
// calendar the server was started with (-holidays), read-only.
type ConsoleCalendar struct {
	Year int `json:"year"`
	// Loaded says a calendar file was given; without one, Monday to Friday are the
	// working days and Off and Work are empty.
	Loaded bool     `json:"loaded"`
	Off    []string `json:"off"`  // weekdays off (public holidays), YYYY-MM-DD
	Work   []string `json:"work"` // weekend days worked in exchange (调休上班)
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
	cal := s.store.Calendar()
	out := ConsoleCalendar{Year: year, Loaded: cal != nil, Off: []string{}, Work: []string{}}
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
