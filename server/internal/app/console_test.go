package app

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"onedoor/display/browsertest"
	"onedoor/internal/client"
	"onedoor/internal/wire"
)

// consoleServer is a demo server on a working morning in real time, with a short pause
// alarm so that a pause raises its alarm in the test.
func consoleServer(t *testing.T, pause time.Duration, crowd int) *testServer {
	start, base := time.Now(), time.Date(2026, 11, 25, 9, 30, 0, 0, shanghai)
	return startServerWith(t, func(c *Config) {
		c.Clock = func() time.Time { return base.Add(time.Since(start)) }
		c.Policy.Alarms.Pause = pause
		if crowd > 0 {
			c.Policy.Alarms.CrowdWaiting = crowd
		}
	})
}

// webCookie logs staff in on the web and returns the session cookie and CSRF token.
func webCookie(t *testing.T, ts *testServer, staff string) (*http.Cookie, string) {
	t.Helper()
	resp, err := http.Post(ts.URL()+"/api/v1/web/login", "application/json", strings.NewReader(fmt.Sprintf(`{"staff":%q,"pin":%q}`, staff, DemoPIN)))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || len(resp.Cookies()) != 1 {
		t.Fatalf("web login %s: %d %s", staff, resp.StatusCode, body)
	}
	csrf := strings.Split(strings.Split(string(body), `"csrf":"`)[1], `"`)[0]
	return resp.Cookies()[0], csrf
}

// get sends a request with the cookie (and optional CSRF token) and returns the status
// and body.
func cookieDo(t *testing.T, ts *testServer, method, path string, ck *http.Cookie, csrf, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, ts.URL()+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if ck != nil {
		req.AddCookie(ck)
	}
	if csrf != "" {
		req.Header.Set("X-CSRF-Token", csrf)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestConsoleAccess: the console's page and APIs are for supervisors and admins: a
// clerk's token and an officer's web session get 403 on /console and on every console
// API; the session cookie is HttpOnly, SameSite=Strict, Path=/; a change without the
// CSRF token, or with a wrong one, is refused and changes nothing.
func TestConsoleAccess(t *testing.T) {
	ts := consoleServer(t, 0, 0)
	clerk := ts.clerk(1)
	officer, _ := webCookie(t, ts, "scj1")
	paths := []string{"/console", "/api/v1/console/hall", "/api/v1/alarms", "/api/v1/reports", "/api/v1/events",
		"/api/v1/admin/staff", "/api/v1/admin/devices", "/api/v1/workorders", "/api/v1/console/waiting?category=A", "/api/v1/console/calendar?year=2026"}
	for _, p := range paths {
		if status, body := ts.raw("GET", p, clerk.Token(), ""); status != http.StatusForbidden {
			t.Errorf("a clerk GET %s: %d %.80s", p, status, body)
		}
		if status, body := cookieDo(t, ts, "GET", p, officer, "", ""); status != http.StatusForbidden {
			t.Errorf("an officer GET %s: %d %.80s", p, status, body)
		}
	}
	if status, body := ts.raw("POST", "/api/v1/admin/staff", clerk.Token(), `{"id":"x1","name":"某","role":"clerk"}`); status != http.StatusForbidden {
		t.Errorf("a clerk creates staff: %d %s", status, body)
	}
	if status, body := ts.raw("GET", "/console", "", ""); status != 200 || !strings.Contains(body, "服务监督控制台") {
		t.Fatalf("the console page, not logged in: %d", status)
	}

	ck, csrf := webCookie(t, ts, "super")
	if !ck.HttpOnly || ck.SameSite != http.SameSiteStrictMode || ck.Path != "/" || ck.Secure || ck.MaxAge <= 0 {
		t.Fatalf("the session cookie: %+v", ck)
	}
	if status, _ := cookieDo(t, ts, "GET", "/console", ck, "", ""); status != 200 {
		t.Fatalf("a supervisor's console page: %d", status)
	}
	for _, tok := range []string{"", "wrong"} {
		if status, body := cookieDo(t, ts, "POST", "/api/v1/admin/notice", ck, tok, `{"text":"CSRF 测试"}`); status != http.StatusForbidden {
			t.Fatalf("a notice with CSRF token %q: %d %s", tok, status, body)
		}
	}
	if _, body := cookieDo(t, ts, "GET", "/api/v1/queue", nil, "", ""); strings.Contains(body, "CSRF 测试") {
		t.Fatal("a refused change was applied")
	}
	if status, body := cookieDo(t, ts, "POST", "/api/v1/admin/notice", ck, csrf, `{"text":"CSRF 测试"}`); status/100 != 2 {
		t.Fatalf("a notice with the CSRF token: %d %s", status, body)
	}

	// Staff administration: a supervisor disables and resets only clerks.
	for _, tc := range []struct {
		path   string
		ck     *http.Cookie
		token  string
		status int
	}{
		{"/api/v1/admin/staff/demo1/pin", nil, clerk.Token(), http.StatusForbidden},
		{"/api/v1/admin/staff/scj1/disable", ck, csrf, http.StatusForbidden},
		{"/api/v1/admin/staff/nobody/disable", ck, csrf, http.StatusNotFound},
		{"/api/v1/windows/1/categories", nil, clerk.Token(), http.StatusForbidden},
		{"/api/v1/tickets/" + ts.issue("440199-A-001").ID + "/move", nil, clerk.Token(), http.StatusForbidden},
		{"/api/v1/tickets/nosuchticket/move", ck, csrf, http.StatusNotFound},
		{"/api/v1/windows/1000/categories", ck, csrf, http.StatusNotFound},
		{"/api/v1/admin/staff/demo1/disable", ck, "", http.StatusForbidden}, // no CSRF token
		{"/api/v1/admin/staff/demo1/disable", ck, csrf, http.StatusNoContent},
		{"/api/v1/admin/staff/demo1/disable", ck, csrf, http.StatusConflict},
	} {
		var status int
		var body string
		if tc.ck == nil {
			status, body = ts.raw("POST", tc.path, tc.token, "{}")
		} else {
			status, body = cookieDo(t, ts, "POST", tc.path, tc.ck, tc.token, "{}")
		}
		if status != tc.status {
			t.Errorf("POST %s: %d %s, want %d", tc.path, status, body, tc.status)
		}
	}
	if status, body := cookieDo(t, ts, "GET", "/api/v1/console/calendar?year=2026", ck, "", ""); status != 200 || !strings.Contains(body, `"year":2026`) {
		t.Errorf("the calendar: %d %s", status, body)
	}
	if status, body := cookieDo(t, ts, "GET", "/api/v1/console/calendar?year=1", ck, "", ""); status != http.StatusUnprocessableEntity {
		t.Errorf("the calendar of year 1: %d %s", status, body)
	}
	for _, body := range []string{`{"categories":["Q"]}`, `{"categories":"A"}`, `{"categories":["A"],"x":1}`} {
		if status, out := cookieDo(t, ts, "POST", "/api/v1/windows/1/categories", ck, csrf, body); status != http.StatusUnprocessableEntity && status != http.StatusBadRequest {
			t.Errorf("categories %s: %d %s", body, status, out)
		}
	}
	if _, err := client.New(ts.URL(), "").Login(context.Background(), wire.LoginRequest{Staff: "demo1", PIN: DemoPIN, Window: 1, TakeOver: true}); err == nil {
		t.Fatal("a disabled clerk logs in")
	}
}

// consoleLogin opens the console and logs in as staff.
func consoleLogin(t *testing.T, tab context.Context, url, staff string) {
	t.Helper()
	browsertest.Open(t, tab, url+"/console", `document.body.dataset.view === 'login'`)
	browsertest.Eval[bool](t, tab, fmt.Sprintf(`document.getElementById('staff').value = %q;
		document.getElementById('pin').value = %q; document.getElementById('login-form').requestSubmit(); true`, staff, DemoPIN))
	browsertest.WaitTrue(t, tab, 10*time.Second, `document.body.dataset.view === 'hall' && document.querySelectorAll('#windows tr').length > 0`)
}

// TestConsoleWalk walks the console in headless Chromium against the real server: a
// supervisor logs in; the live hall shows a call within 1 s; auto-call is switched on
// for a window; the "add a window" alarm's
// one-click action sets a closed window to the crowded category; a waiting ticket is
// moved to another category; a window paused past the (short) limit shows its alarm
// within 1 s, with a beep, and the acknowledgement is recorded; a clerk created in the
// console logs in with the PIN shown once, and after a PIN reset in the console with the
// new PIN only, and once disabled not at all; a kiosk token issued in the console works
// (its printer's report shows in the device list, live) and, revoked, gets 401; the
// year's working calendar is set in the console (calendar.set); the
// report shows its table and chart; no applicant's ID number or name is on any console
// page or answer until revealed, and the reveal is recorded. With ONEDOOR_SCREENSHOTS
// set it saves the live hall, an alarm, staff and devices, and a report there.
func TestConsoleWalk(t *testing.T) {
	const pause = 300 * time.Millisecond
	ts := consoleServer(t, pause, 3) // more than 3 waiting with fewer than 2 windows: the crowd alarm
	ctx := context.Background()
	clerk1 := ts.clerk(1)
	caseNo := ts.acceptCase(clerk1, "440199-B-001")
	if _, err := clerk1.WindowState(ctx, 1, "open", ""); err != nil && !strings.Contains(err.Error(), "409") {
		t.Logf("reopen window 1: %v", err)
	}
	for i := 0; i < 6; i++ {
		ts.issue("440199-A-001")
	}
	tab := browsertest.Tab(t, 120*time.Second)
	if err := chromedp.Do(tab, chromedp.EmulateViewport(1440, 900), shanghaiTime()); err != nil {
		t.Fatal(err)
	}
	consoleLogin(t, tab, ts.URL(), "super")
	if browsertest.Eval[bool](t, tab, `document.cookie.includes('onedoor_session')`) {
		t.Fatal("the session cookie is readable by the page's script")
	}

	// The live hall: a call shows within 1 s.
	browsertest.WaitTrue(t, tab, 5*time.Second, `document.querySelector('#windows tr[data-window="1"]') !== null`)
	called, ok, err := clerk1.Call(ctx, 1)
	if err != nil || !ok {
		t.Fatalf("call: %v %v", ok, err)
	}
	t0 := time.Now()
	browsertest.WaitTrue(t, tab, 2*time.Second, fmt.Sprintf(`document.querySelector('#windows tr[data-window="1"] td.current').textContent.includes(%q)`, called.Number))
	if d := time.Since(t0); d > time.Second {
		t.Fatalf("the call showed %v after it", d)
	} else {
		t.Logf("the call showed in the live hall %v after the call answered", d.Round(time.Millisecond))
	}
	shoot(t, tab, "console-hall.png")

	// Auto-call mode on for window 3, from its button.
	browsertest.Eval[bool](t, tab, `document.querySelector('#windows button.auto[data-window="3"]').click(); true`)
	browsertest.WaitTrue(t, tab, 5*time.Second, `document.querySelector('#windows button.auto[data-window="3"]').dataset.auto === 'yes'`)
	if !eventRecorded(t, ts, func(ev wire.Event) bool {
		return ev.Type == "window.mode" && ev.Staff == "super" && ev.Window != nil && ev.Window.Auto
	}) {
		t.Fatal("no window.mode of window 3 by super in the log")
	}

	// The "add a window" alarm: six waiting in A, one window serving it. Its one-click
	// action sets the closed window 2 to serve A; when its clerk opens it, the alarm clears.
	catA, _ := ts.Store.Catalog().Category("A")
	catC, _ := ts.Store.Catalog().Category("C")
	crowd := fmt.Sprintf(`#alarms li[data-alarm="crowd-%s"]`, catA.Code)
	browsertest.WaitTrue(t, tab, 5*time.Second, fmt.Sprintf(`document.querySelector('%s button.open-for') !== null`, crowd))
	browsertest.Eval[bool](t, tab, fmt.Sprintf(`document.querySelector('%s button.open-for').click(); true`, crowd))
	browsertest.WaitTrue(t, tab, 5*time.Second, fmt.Sprintf(`document.querySelector('#windows tr[data-window="2"]').textContent.includes(%q)`, catA.Code))
	if !eventRecorded(t, ts, func(ev wire.Event) bool { return ev.Type == "window.categories" && ev.Staff == "super" }) {
		t.Fatal("no window.categories by super in the log")
	}

	// A waiting ticket moved from A to C.
	browsertest.Eval[bool](t, tab, fmt.Sprintf(`document.querySelector('#categories tr[data-category=%q] button.move').click(); true`, catA.Code))
	browsertest.WaitTrue(t, tab, 5*time.Second, `document.querySelectorAll('#move-list tr').length > 0`)
	moved := browsertest.Eval[string](t, tab, `document.querySelector('#move-list tr').dataset.ticket`)
	browsertest.Eval[bool](t, tab, fmt.Sprintf(`const tr = document.querySelector('#move-list tr'); tr.querySelector('select').value = %q;
		tr.querySelector('button.do-move').click(); true`, catC.Code))
	browsertest.WaitTrue(t, tab, 5*time.Second, fmt.Sprintf(`document.querySelector('#categories tr[data-category=%q] td.waiting').textContent === '1'`, catC.Code))
	if !eventRecorded(t, ts, func(ev wire.Event) bool {
		return ev.Type == "ticket.moved" && ev.Staff == "super" && ev.Ticket != nil && ev.Ticket.Number == moved && ev.Ticket.Category == catC.Code
	}) {
		t.Fatalf("no ticket.moved of %s to %s by super in the log", moved, catC.Code)
	}

	// An alarm: window 2 paused past the limit.
	clerk2 := ts.clerk(2)
	browsertest.Eval[bool](t, tab, `document.getElementById('sound').click(); true`)
	cause := time.Now().Add(pause) // the earliest the alarm may be due: what is measured is an upper bound
	if _, err := clerk2.WindowState(ctx, 2, "pause", "培训"); err != nil {
		t.Fatal(err)
	}
	browsertest.WaitTrue(t, tab, 3*time.Second, `document.querySelector('#alarms li[data-alarm="pause-2"]') !== null`)
	if d := time.Since(cause); d > time.Second {
		t.Fatalf("the pause alarm showed %v after its cause", d)
	} else {
		t.Logf("the pause alarm showed %v after its cause", d.Round(time.Millisecond))
	}
	if n := browsertest.Eval[string](t, tab, `document.body.dataset.beeps || '0'`); n == "0" || n == "1" {
		t.Fatalf("no beep for the alarm (beeps %s)", n)
	}
	shoot(t, tab, "console-alarm.png")
	browsertest.Eval[bool](t, tab, `document.querySelector('#alarms li[data-alarm="pause-2"] button.ack').click(); true`)
	browsertest.WaitTrue(t, tab, 5*time.Second, `document.querySelector('#alarms li[data-alarm="pause-2"].acked') !== null`)
	if !eventRecorded(t, ts, func(ev wire.Event) bool {
		return ev.Type == "alarm.acknowledged" && ev.Alarm != nil && ev.Alarm.ID == "pause-2" && ev.Staff == "super"
	}) {
		t.Fatal("no alarm.acknowledged of pause-2 by super in the log")
	}

	// Staff and devices.
	browsertest.Eval[bool](t, tab, `location.hash = '#admin'; true`)
	browsertest.WaitTrue(t, tab, 5*time.Second, `document.body.dataset.view === 'admin' && document.querySelector('#staff-list tr[data-staff="super"]') !== null`)
	browsertest.WaitTrue(t, tab, 5*time.Second, `document.getElementById('calendar').dataset.year === '2026'`) // the server's year, not the browser's
	browsertest.Eval[bool](t, tab, `document.getElementById('cal-off').value = '2026-12-31\n2026-12-30'; document.getElementById('cal-edit').requestSubmit(); true`)
	browsertest.WaitTrue(t, tab, 5*time.Second, `document.getElementById('calendar').dataset.source === 'console' && document.getElementById('calendar').textContent.includes('2026-12-30, 2026-12-31')`)
	if !eventRecorded(t, ts, func(ev wire.Event) bool { return ev.Type == "calendar.set" && ev.Staff == "super" }) {
		t.Fatal("no calendar.set by super in the log")
	}
	browsertest.Eval[bool](t, tab, `document.getElementById('new-staff-id').value = 'clerk77'; document.getElementById('new-staff-name').value = '测试新员';
		document.getElementById('new-staff-role').value = 'clerk'; document.getElementById('staff-form').requestSubmit(); true`)
	browsertest.WaitTrue(t, tab, 5*time.Second, `!!document.getElementById('staff-once').dataset.pin && document.querySelector('#staff-list tr[data-staff="clerk77"]') !== null`)
	pin := browsertest.Eval[string](t, tab, `document.getElementById('staff-once').dataset.pin`)
	if _, err := client.New(ts.URL(), "").Login(ctx, wire.LoginRequest{Staff: "clerk77", PIN: pin, Window: 3}); err != nil {
		t.Fatalf("the clerk created in the console logs in: %v", err)
	}
	browsertest.Eval[bool](t, tab, `document.querySelector('#staff-list button[data-pin="clerk77"]').click(); true`)
	browsertest.WaitTrue(t, tab, 10*time.Second, fmt.Sprintf(`document.getElementById('staff-once').dataset.pin !== %q`, pin))
	newPIN := browsertest.Eval[string](t, tab, `document.getElementById('staff-once').dataset.pin`)
	if _, err := client.New(ts.URL(), "").Login(ctx, wire.LoginRequest{Staff: "clerk77", PIN: pin, Window: 3}); err == nil {
		t.Fatal("the old PIN works after a reset")
	}
	if _, err := client.New(ts.URL(), "").Login(ctx, wire.LoginRequest{Staff: "clerk77", PIN: newPIN, Window: 3, TakeOver: true}); err != nil {
		t.Fatalf("the reset PIN: %v", err)
	}
	browsertest.Eval[bool](t, tab, `document.querySelector('#staff-list button[data-disable="clerk77"]').click(); true`)
	browsertest.WaitTrue(t, tab, 5*time.Second, `document.querySelector('#staff-list tr[data-staff="clerk77"]').textContent.includes('disabled')`)
	if _, err := client.New(ts.URL(), "").Login(ctx, wire.LoginRequest{Staff: "clerk77", PIN: newPIN, Window: 3, TakeOver: true}); err == nil {
		t.Fatal("a disabled clerk logs in")
	}
	browsertest.Eval[bool](t, tab, `document.getElementById('new-device').value = 'kiosk-77'; document.getElementById('device-form').requestSubmit(); true`)
	browsertest.WaitTrue(t, tab, 5*time.Second, `!!document.getElementById('device-once').dataset.token && document.querySelector('#device-list tr[data-device="kiosk-77"]') !== null`)
	token := browsertest.Eval[string](t, tab, `document.getElementById('device-once').dataset.token`)
	status := `{"kind":"printer","status":"ok"}`
	if code, body := ts.raw("POST", "/api/v1/devices/status", token, status); code/100 != 2 {
		t.Fatalf("the new kiosk token: %d %s", code, body)
	}
	browsertest.WaitTrue(t, tab, 5*time.Second, `document.querySelector('#device-list tr[data-device="kiosk-77"] td.dev-status').textContent.includes('printer 正常 ok')`)
	shoot(t, tab, "console-admin.png")
	browsertest.Eval[bool](t, tab, `document.querySelector('#device-list button[data-revoke="kiosk-77"]').click(); true`)
	browsertest.WaitTrue(t, tab, 5*time.Second, `document.querySelector('#device-list tr[data-device="kiosk-77"]') === null`)
	if code, body := ts.raw("POST", "/api/v1/devices/status", token, status); code != http.StatusUnauthorized {
		t.Fatalf("the revoked kiosk token: %d %s", code, body)
	}

	// Reports: some visits served at windows 1 and 2, then the table and the chart.
	if _, err := clerk2.WindowState(ctx, 2, "open", ""); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 4; i++ {
		for n, c := range map[int]*client.Client{1: clerk1, 2: clerk2} {
			if i > 0 || n == 2 {
				if _, ok, err := c.Call(ctx, n); err != nil || !ok {
					continue
				}
			}
			if _, err := c.Act(ctx, n, "start"); err != nil {
				t.Fatal(err)
			}
			if _, err := c.Finish(ctx, n, wire.FinishRequest{Outcome: "consulted"}); err != nil {
				t.Fatal(err)
			}
		}
	}
	browsertest.Eval[bool](t, tab, `location.hash = '#reports'; true`)
	browsertest.Eval[bool](t, tab, `document.getElementById('r-span').value = 'day'; document.getElementById('r-to').value = '2026-11-25';
		document.getElementById('r-by').value = 'window'; document.getElementById('report-form').requestSubmit(); true`)
	browsertest.WaitTrue(t, tab, 5*time.Second, `Number(document.body.dataset.report) > 0 && document.querySelector('#chart canvas') !== null && document.getElementById('r-xlsx').href.includes('format=xlsx')`)
	shoot(t, tab, "console-report.png")

	// The applicant: on no page or answer until revealed.
	id := validID("44019919900101123")
	ck, _ := webCookie(t, ts, "super")
	browsertest.Eval[bool](t, tab, `location.hash = '#audit'; document.getElementById('audit-form').requestSubmit(); true`)
	browsertest.WaitTrue(t, tab, 10*time.Second, fmt.Sprintf(`document.querySelector('#audit button.reveal[data-case=%q]') !== null`, caseNo))
	pages := map[string]string{"the page's DOM": browsertest.Eval[string](t, tab, `document.documentElement.outerHTML`)}
	for _, p := range []string{"/console", "/static/console.js", "/api/v1/console/hall", "/api/v1/events?limit=1000", "/api/v1/alarms", "/api/v1/admin/staff"} {
		_, pages[p] = cookieDo(t, ts, "GET", p, ck, "", "")
	}
	for where, body := range pages {
		if strings.Contains(body, id) || strings.Contains(body, "测试甲") {
			t.Fatalf("the applicant is in %s before a reveal", where)
		}
	}
	browsertest.Eval[bool](t, tab, fmt.Sprintf(`document.querySelector('#audit button.reveal[data-case=%q]').click(); true`, caseNo))
	browsertest.WaitTrue(t, tab, 5*time.Second, fmt.Sprintf(`document.querySelector('#audit span.revealed') !== null && document.querySelector('#audit span.revealed').textContent.includes(%q)`, id))
	if !revealRecorded(t, ts, caseNo, "super") {
		t.Fatalf("no applicant.revealed of case %s by super", caseNo)
	}
}

// eventRecorded reports whether the log holds an event for which match is true.
func eventRecorded(t *testing.T, ts *testServer, match func(wire.Event) bool) bool {
	t.Helper()
	status, body := ts.raw("GET", "/api/v1/events?limit=1000", ts.supervisor().Token(), "")
	if status != 200 {
		t.Fatalf("events: %d", status)
	}
	var out wire.Events
	if err := json.Unmarshal([]byte(body), &out); err != nil {
		t.Fatal(err)
	}
	for _, ev := range out.Events {
		if match(ev) {
			return true
		}
	}
	return false
}
