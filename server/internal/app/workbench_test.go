package app

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"onedoor/display/browsertest"
	"onedoor/internal/queue"
	"onedoor/internal/wire"
)

// workbenchCases accepts, at window 1, cases of the market regulator due in 5 working
// days, in 1 and today, and one of the human resources bureau, then moves the clock a
// day on: the first is green, the second amber, the third red. It returns the
// regulator's case numbers by colour and the bureau's case.
func workbenchCases(ts *testServer) (map[string][]string, string) {
	ts.t.Helper()
	clerk := ts.clerk(1)
	byColour := map[string][]string{}
	for _, c := range []struct{ item, colour string }{
		{"440199-B-001", "green"}, {"440199-A-006", "amber"}, {"440199-A-001", "red"},
		{"440199-B-001", "green"}, {"440199-A-006", "amber"}, {"440199-A-003", "red"},
	} {
		byColour[c.colour] = append(byColour[c.colour], ts.acceptCase(clerk, c.item))
	}
	other := ts.acceptCase(clerk, "440199-C-003")
	ts.clock.Add(24 * time.Hour) // Wednesday 25 → Thursday 26 November 2026
	return byColour, other
}

// webLogin fills the workbench's login form in the tab and waits for the inbox.
func webLogin(t *testing.T, tab context.Context, staff string) {
	t.Helper()
	browsertest.WaitTrue(t, tab, 10*time.Second, `document.body.dataset.view === 'login'`)
	browsertest.Eval[bool](t, tab, fmt.Sprintf(`document.getElementById('staff').value = %q;
		document.getElementById('pin').value = %q; document.getElementById('login-form').requestSubmit(); true`, staff, DemoPIN))
	if err := browsertest.PollTrue(tab, 10*time.Second, `document.body.dataset.view === 'inbox'`); err != nil {
		t.Fatalf("no inbox after logging in as %s: view %s, login error %q, action error %q", staff,
			browsertest.Eval[string](t, tab, `document.body.dataset.view`), browsertest.Eval[string](t, tab, `document.getElementById('login-error').textContent`),
			browsertest.Eval[string](t, tab, `document.getElementById('action-error').textContent`))
	}
}

// TestWorkbenchWalk walks the department workbench in headless Chromium against the real
// server: an officer logs in, sees the inbox ordered by deadline with the red and amber
// marks, opens a case, reveals the applicant (recorded in the audit trail and the
// case's timeline), claims and approves it; a POST without the CSRF token, or with a
// wrong one, is refused and changes nothing; an officer of another department gets 403
// on the case page and the API. With ONEDOOR_SCREENSHOTS set it saves the inbox and the
// case page there.
func TestWorkbenchWalk(t *testing.T) {
	ts := startServer(t)
	ctx := context.Background()
	byColour, other := workbenchCases(ts)
	tab := browsertest.Tab(t, 90*time.Second)
	if err := chromedp.Do(tab, chromedp.EmulateViewport(1440, 900), shanghaiTime()); err != nil {
		t.Fatal(err)
	}
	browsertest.Open(t, tab, ts.URL()+"/workbench", `document.body.dataset.view === 'login'`)
	webLogin(t, tab, "scj1")

	// The inbox: the regulator's six cases, the earliest due first, red before amber
	// before green; the bureau's case is not there.
	browsertest.WaitTrue(t, tab, 5*time.Second, `document.querySelectorAll('#inbox tr').length === 6`)
	rows := browsertest.Eval[[]string](t, tab, `[...document.querySelectorAll('#inbox tr')].map(r => r.dataset.colour + ' ' + r.dataset.case)`)
	var want []string
	for _, col := range []string{"red", "amber", "green"} {
		nos := slices.Clone(byColour[col])
		slices.Sort(nos)
		for _, no := range nos {
			want = append(want, col+" "+no)
		}
	}
	if !slices.Equal(rows, want) {
		t.Fatalf("the inbox shows\n%q\nwant\n%q", rows, want)
	}
	if n := browsertest.Eval[int](t, tab, `document.querySelectorAll('#inbox tr.red .mark.red, #inbox tr.amber .mark.amber').length`); n != 4 {
		t.Fatalf("%d red and amber marks, want 4", n)
	}
	if browsertest.Eval[bool](t, tab, `document.cookie.includes('onedoor_session')`) {
		t.Fatal("the session cookie is readable by the page's script: not HttpOnly")
	}
	shoot(t, tab, "workbench-inbox.png")

	// A red case: masked applicant, reveal, claim, approve.
	red := byColour["red"][0]
	if slices.Contains(byColour["red"], rows[0][4:]) {
		red = rows[0][4:]
	}
	browsertest.Eval[bool](t, tab, fmt.Sprintf(`document.querySelector('#inbox tr[data-case=%q] a').click(); true`, red))
	browsertest.WaitTrue(t, tab, 5*time.Second, `document.body.dataset.view === 'case' && document.querySelectorAll('#timeline li').length >= 2 && document.querySelectorAll('#materials li').length > 0`)
	id := validID("44019919900101123")
	if txt := browsertest.Eval[string](t, tab, `document.getElementById('applicant').textContent`); strings.Contains(txt, id) || strings.Contains(txt, "测试甲") || !strings.Contains(txt, "*") {
		t.Fatalf("the applicant before reveal: %q", txt)
	}
	browsertest.Eval[bool](t, tab, `document.getElementById('reveal').click(); true`)
	browsertest.WaitTrue(t, tab, 5*time.Second, `document.getElementById('applicant').dataset.revealed === 'yes' && document.querySelector('#timeline li[data-type="applicant.revealed"]') !== null`)
	if txt := browsertest.Eval[string](t, tab, `document.getElementById('applicant').textContent`); !strings.Contains(txt, id) || !strings.Contains(txt, "测试甲") {
		t.Fatalf("the applicant after reveal: %q", txt)
	}
	if !revealRecorded(t, ts, red, "scj1") {
		t.Fatalf("no applicant.revealed of case %s by scj1 in the audit trail", red)
	}
	browsertest.Eval[bool](t, tab, `document.querySelector('button[data-action=claim]').click(); true`)
	browsertest.WaitTrue(t, tab, 5*time.Second, `document.querySelector('button[data-action=approve]') !== null`)
	shoot(t, tab, "workbench-case.png")
	browsertest.Eval[bool](t, tab, `document.querySelector('button[data-action=approve]').click(); true`)
	browsertest.WaitTrue(t, tab, 5*time.Second, `document.getElementById('confirm') !== null`)
	browsertest.Eval[bool](t, tab, `document.getElementById('confirm').click(); true`)
	browsertest.WaitTrue(t, tab, 5*time.Second, `document.querySelector('#timeline li[data-type="case.approved"]') !== null && document.querySelector('#timeline li[data-type="case.ready"]') !== null`)
	if c, err := ts.Store.Case(red); err != nil || c.State != queue.CaseResultReady || c.Parts[0].Officer != "scj1" {
		t.Fatalf("case %s after approve: %+v %v", red, c, err)
	}

	// CSRF: the cookie alone, or with a wrong token, changes nothing.
	amber := byColour["amber"][0]
	for _, hdr := range []string{`{}`, `{'X-CSRF-Token': 'not-the-token'}`} {
		browsertest.Eval[bool](t, tab, fmt.Sprintf(`window.csrfStatus = 0; fetch('/api/v1/cases/%s/claim', {method: 'POST', headers: %s, body: '{}'})
			.then(r => { window.csrfStatus = r.status; }); true`, amber, hdr))
		browsertest.WaitTrue(t, tab, 5*time.Second, `window.csrfStatus !== 0`)
		if st := browsertest.Eval[int](t, tab, `window.csrfStatus`); st != http.StatusForbidden {
			t.Errorf("a claim with headers %s answered %d, want 403", hdr, st)
		}
	}
	if c, _ := ts.Store.Case(amber); c.Parts[0].State != queue.PartRouted || c.Parts[0].Officer != "" {
		t.Fatalf("a refused request changed case %s: %+v", amber, c.Parts[0])
	}

	// Another department's officer: 403 on the page and on the API.
	browsertest.Eval[bool](t, tab, `document.getElementById('logout').click(); true`)
	webLogin(t, tab, "rsj1")
	browsertest.WaitTrue(t, tab, 5*time.Second, fmt.Sprintf(`document.querySelector('#inbox tr[data-case=%q]') !== null && document.querySelectorAll('#inbox tr').length === 1`, other))
	browsertest.Open(t, tab, ts.URL()+"/workbench/case/"+amber, `document.body.dataset.view === 'denied'`)
	if txt := browsertest.Eval[string](t, tab, `document.getElementById('denied-text').textContent`); !strings.Contains(txt, "403") {
		t.Fatalf("the denied page says %q", txt)
	}
	rsj := ts.officer("rsj1")
	for _, path := range []string{"/api/v1/cases/" + amber, "/api/v1/cases/" + amber + "/events", "/api/v1/cases/" + amber + "/applicant"} {
		if st, body := ts.raw("GET", path, rsj.Token(), ""); st != http.StatusForbidden {
			t.Errorf("GET %s as rsj1: %d %s", path, st, body)
		}
	}
	if st, body := ts.raw("POST", "/api/v1/cases/"+amber+"/reveal", rsj.Token(), ""); st != http.StatusForbidden {
		t.Errorf("reveal as rsj1: %d %s", st, body)
	}
	if _, err := rsj.CaseAction(ctx, amber, "claim", wire.CaseActionRequest{}); !isStatus(err, 403) {
		t.Errorf("claim as rsj1: %v", err)
	}
}

// revealRecorded reports whether the audit trail (the whole log, not the case's index)
// holds staff's reveal of case no.
func revealRecorded(t *testing.T, ts *testServer, no, staff string) bool {
	t.Helper()
	evs, _, err := ts.Store.EventsAfter(0, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range evs {
		if ev.Type == queue.ApplicantRevealed && ev.Staff == staff && ev.Case != nil && ev.Case.No == no {
			return true
		}
	}
	return false
}

// shoot saves a screenshot of the tab into ONEDOOR_SCREENSHOTS, when it is set.
func shoot(t *testing.T, tab context.Context, name string) {
	t.Helper()
	dir := os.Getenv("ONEDOOR_SCREENSHOTS")
	if dir == "" {
		return
	}
	browsertest.WaitTrue(t, tab, 5*time.Second, `document.fonts.status === 'loaded'`)
	png, err := chromedp.Run(tab, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestWorkbenchSupervisorReassigns: a supervisor's workbench lists every department's
// open cases with their colours, and reassigns one to an officer with a reason.
func TestWorkbenchSupervisorReassigns(t *testing.T) {
	ts := startServer(t)
	byColour, other := workbenchCases(ts)
	tab := browsertest.Tab(t, 60*time.Second)
	if err := chromedp.Do(tab, chromedp.EmulateViewport(1440, 900), shanghaiTime()); err != nil {
		t.Fatal(err)
	}
	browsertest.Open(t, tab, ts.URL()+"/workbench", `document.body.dataset.view === 'login'`)
	webLogin(t, tab, "super")
	browsertest.WaitTrue(t, tab, 5*time.Second, `document.querySelectorAll('#inbox tr').length === 7`)
	if !browsertest.Eval[bool](t, tab, fmt.Sprintf(`document.querySelector('#inbox tr[data-case=%q]') !== null && document.querySelectorAll('#inbox tr.red').length === 2`, other)) {
		t.Fatal("the supervisor's inbox lacks the other department's case or the red marks")
	}
	green := byColour["green"][0]
	browsertest.Open(t, tab, ts.URL()+"/workbench/case/"+green, `document.body.dataset.view === 'case' && document.querySelector('button[data-action=reassign]') !== null`)
	browsertest.Eval[bool](t, tab, `document.querySelector('button[data-action=reassign]').click(); true`)
	browsertest.WaitTrue(t, tab, 5*time.Second, `document.getElementById('confirm') !== null`)
	browsertest.Eval[bool](t, tab, `document.querySelector('#pane input[name=officer]').value = 'scj1';
		document.querySelector('#pane input[name=reason]').value = '人手调配 Workload'; document.getElementById('confirm').click(); true`)
	browsertest.WaitTrue(t, tab, 5*time.Second, `document.querySelector('#timeline li[data-type="case.reassigned"]') !== null`)
	// Within the department only: the bureau's officer is refused, in words.
	browsertest.Eval[bool](t, tab, `document.querySelector('button[data-action=reassign]').click(); true`)
	browsertest.WaitTrue(t, tab, 5*time.Second, `document.getElementById('confirm') !== null`)
	browsertest.Eval[bool](t, tab, `document.querySelector('#pane input[name=officer]').value = 'rsj1';
		document.querySelector('#pane input[name=reason]').value = '人手调配'; document.getElementById('confirm').click(); true`)
	browsertest.WaitTrue(t, tab, 5*time.Second, `document.getElementById('action-error').textContent.includes('422')`)
	if c, err := ts.Store.Case(green); err != nil || c.Parts[0].Officer != "scj1" || c.Parts[0].State != queue.PartClaimed {
		t.Fatalf("case %s after the reassign: %+v %v", green, c.Parts, err)
	}
}

// TestWebLoginOverTheRealServer: the workbench's login sets the session cookie HttpOnly,
// SameSite=Strict, Path=/, not Secure over plain HTTP; five wrong PINs lock the address
// out of the account, so that the right PIN is then refused too, and a clerk is refused.
func TestWebLoginOverTheRealServer(t *testing.T) {
	ts := startServer(t)
	login := func(staff, pin string) *http.Response {
		t.Helper()
		resp, err := http.Post(ts.URL()+"/api/v1/web/login", "application/json", strings.NewReader(fmt.Sprintf(`{"staff":%q,"pin":%q}`, staff, pin)))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	resp := login("scj1", DemoPIN)
	cks := resp.Cookies()
	if resp.StatusCode != 200 || len(cks) != 1 {
		t.Fatalf("login: %d, cookies %v", resp.StatusCode, cks)
	}
	if ck := cks[0]; ck.Name != "onedoor_session" || !ck.HttpOnly || ck.SameSite != http.SameSiteStrictMode || ck.Path != "/" || ck.Secure || ck.MaxAge <= 0 {
		t.Fatalf("the cookie: %s", resp.Header.Get("Set-Cookie"))
	}
	if resp := login("demo1", DemoPIN); resp.StatusCode != http.StatusUnprocessableEntity || len(resp.Cookies()) != 0 { // a clerk logs in at a window
		t.Fatalf("a clerk's web login: %d %v", resp.StatusCode, resp.Cookies())
	}
	for i := 0; i < 5; i++ {
		if resp := login("rsj1", "999999"); resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("wrong PIN %d: %d", i, resp.StatusCode)
		}
	}
	if resp := login("rsj1", DemoPIN); resp.StatusCode != http.StatusUnauthorized || len(resp.Cookies()) != 0 {
		t.Fatalf("the right PIN after five wrong ones: %d %v", resp.StatusCode, resp.Cookies())
	}
}
