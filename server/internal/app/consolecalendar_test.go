package app

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"onedoor/internal/queue"
)

// TestConsoleCalendarSet: the -holidays file seeds the year; a supervisor sets the year
// in the console (calendar.set in the log, with who); from the next acceptance on the
// promised date counts on it, while the case accepted before keeps its date; a bad year
// (a date of another year, twice, both off and worked, a weekday worked, not a date) is
// refused with 422 and changes nothing; a clerk and a change without the CSRF token get
// 403.
func TestConsoleCalendarSet(t *testing.T) {
	path := filepath.Join(t.TempDir(), "holidays.json")
	if err := os.WriteFile(path, []byte(`{"off":["2026-11-26","2026-11-27"],"work":[]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	ts := startServerWith(t, func(c *Config) { c.HolidaysPath = path }) // Wednesday 2026-11-25
	ck, csrf := webCookie(t, ts, "super")
	clerk := ts.clerk(1)
	first := ts.visit(clerk, "440199-A-004", acceptAll(ts, "440199-A-004"))
	if first.Document.Promised != "2026-11-30" {
		t.Fatalf("promised %s, want 2026-11-30 (the file's Thursday and Friday off)", first.Document.Promised)
	}
	const seeded = `"off":["2026-11-26","2026-11-27"],"work":[],"source":"file"`
	if status, body := cookieDo(t, ts, "GET", "/api/v1/console/calendar?year=2026", ck, "", ""); status != 200 || !strings.Contains(body, seeded) {
		t.Fatalf("the seeded year: %d %s", status, body)
	}

	for _, bad := range []string{
		`{"year":2026,"off":["2027-01-01"]}`,
		`{"year":2026,"off":["2026-10-01","2026-10-01"]}`,
		`{"year":2026,"off":["2026-10-10"],"work":["2026-10-10"]}`,
		`{"year":2026,"work":["2026-10-09"]}`,
		`{"year":2026,"off":["2026-02-30"]}`,
		`{"year":1999}`,
		`{"year":2026,"off":"2026-10-01"}`,
		`{"year":2026,"holidays":[]}`,
	} {
		if status, body := cookieDo(t, ts, "POST", "/api/v1/console/calendar", ck, csrf, bad); status != http.StatusUnprocessableEntity && status != http.StatusBadRequest {
			t.Errorf("%s: %d %s", bad, status, body)
		}
	}
	good := `{"year":2026,"off":["2026-11-27"],"work":[]}`
	if status, body := ts.raw("POST", "/api/v1/console/calendar", clerk.Token(), good); status != http.StatusForbidden {
		t.Errorf("a clerk sets the calendar: %d %s", status, body)
	}
	if status, body := cookieDo(t, ts, "POST", "/api/v1/console/calendar", ck, "", good); status != http.StatusForbidden {
		t.Errorf("no CSRF token: %d %s", status, body)
	}
	if status, body := cookieDo(t, ts, "GET", "/api/v1/console/calendar?year=2026", ck, "", ""); !strings.Contains(body, seeded) {
		t.Fatalf("a refused change was applied: %d %s", status, body)
	}

	status, body := cookieDo(t, ts, "POST", "/api/v1/console/calendar", ck, csrf, good)
	if status != 200 || !strings.Contains(body, `"source":"console","set_by":"super"`) {
		t.Fatalf("set: %d %s", status, body)
	}
	if _, body := cookieDo(t, ts, "GET", "/api/v1/console/calendar?year=2026", ck, "", ""); !strings.Contains(body, `"off":["2026-11-27"],"work":[],"source":"console","set_by":"super"`) {
		t.Fatalf("the year after it was set: %s", body)
	}
	second := ts.visit(clerk, "440199-A-004", acceptAll(ts, "440199-A-004"))
	if second.Document.Promised != "2026-11-26" {
		t.Errorf("promised after the change %s, want 2026-11-26 (Thursday works again)", second.Document.Promised)
	}
	c, err := ts.Store.Case(first.Document.CaseNo)
	if err != nil || c.Promised != "2026-11-30" {
		t.Errorf("the case accepted before: %+v %v, want its promised date kept", c, err)
	}
	evs, err := ts.supervisor().Events(context.Background(), 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var set []string
	for _, ev := range evs.Events {
		if ev.Type == string(queue.CalendarSet) {
			set = append(set, ev.Staff)
		}
	}
	if len(set) != 1 || set[0] != "super" {
		t.Fatalf("calendar.set events: %+v", set)
	}
}
