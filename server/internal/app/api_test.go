package app

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"onedoor/internal/client"
	"onedoor/internal/queue"
	"onedoor/internal/wire"
)

// TestWholeVisitThroughEveryEndpoint walks the API of the design: issue, queue, login,
// open, call, recall, start, current, reveal, transfer, finish, no-show, reinstate,
// cancel, pause, close, device status, events, backup, window creation, health, metrics.
func TestWholeVisitThroughEveryEndpoint(t *testing.T) {
	ts := startServer(t)
	ctx := context.Background()

	cat, err := ts.kiosk.Catalog(ctx)
	if err != nil || len(cat.Items) != 30 {
		t.Fatalf("catalog: %v, %v", cat, err)
	}
	id := validID("44010619900307123")
	a1, err := ts.kiosk.Issue(ctx, wire.IssueRequest{Item: "440199-A-001", Applicant: &wire.Applicant{IDNumber: id, Name: "测试人甲"}}, "k-1")
	if err != nil || a1.Number != "A001" || a1.State != "waiting" || !strings.HasSuffix(a1.TrackURL, "/t/"+a1.ID) {
		t.Fatalf("issue: %+v %v", a1, err)
	}
	again, err := ts.kiosk.Issue(ctx, wire.IssueRequest{Item: "440199-A-001"}, "k-1")
	if err != nil || again.ID != a1.ID {
		t.Fatalf("idempotent retry gave %s, want %s (%v)", again.ID, a1.ID, err)
	}
	a2 := ts.issue("440199-A-001")
	b1 := ts.issue("440199-B-001")
	// no window is open yet: no wait is quoted, and the ticket says why
	if a2.Ahead != 1 || !a2.NoWindow || a2.EstimatedWaitS != 0 {
		t.Fatalf("second ticket before any window opened: %+v", a2)
	}
	q, err := ts.kiosk.Queue(ctx)
	if err != nil || q.Categories[0].Waiting != 2 || q.Categories[0].Next[0] != "A001" || len(q.Windows) != 7 {
		t.Fatalf("queue: %+v %v", q.Categories[0], err)
	}

	c1 := ts.clerk(1)
	called, ok, err := c1.Call(ctx, 1)
	if err != nil || !ok || called.Number != "A001" || called.Window.Number != 1 {
		t.Fatalf("call: %+v %v %v", called, ok, err)
	}
	if called.Applicant == nil || called.Applicant.Name != "测试人甲" || called.Applicant.IDNumber != queue.MaskIDNumber(id) {
		t.Fatalf("clerk sees applicant %+v, want the name and a masked number", called.Applicant)
	}
	if tk, _ := ts.kiosk.Ticket(ctx, a1.ID); tk.State != "called" || tk.Window == nil || tk.Window.Number != 1 {
		t.Fatalf("public ticket after call: %+v", tk)
	}
	// window 1 serves A001 for its mean (5 minutes, none timed yet): A002 is next, in a
	// range about those 5 minutes
	if tk, _ := ts.kiosk.Ticket(ctx, a2.ID); tk.NoWindow || tk.Ahead != 0 || tk.EstimatedWaitS != 300 ||
		tk.EstimatedWaitMinS != 240 || tk.EstimatedWaitMaxS != 375 {
		t.Fatalf("second ticket with window 1 open: %+v", tk)
	}
	if r, err := c1.Act(ctx, 1, "recall"); err != nil || r.Recalls != 1 {
		t.Fatalf("recall: %+v %v", r, err)
	}
	if _, err := c1.Act(ctx, 1, "start"); err != nil {
		t.Fatal(err)
	}
	if cur, ok, err := c1.Current(ctx, 1); err != nil || !ok || cur.State != "serving" {
		t.Fatalf("current: %+v %v %v", cur, ok, err)
	}
	full, err := c1.Reveal(ctx, 1)
	if err != nil || full.IDNumber != id {
		t.Fatalf("reveal: %+v %v", full, err)
	}
	fin, err := c1.Finish(ctx, 1, wire.FinishRequest{Outcome: "supplement", Received: []string{"m1"}})
	if err != nil || fin.Document.Kind != "supplement_notice" || len(fin.Document.Missing) != 2 || fin.Ticket.State != "done" {
		t.Fatalf("finish: %+v %v", fin.Document, err)
	}

	if fin.Document.CaseNo != "" {
		t.Fatalf("a notice to supplement opened case %s", fin.Document.CaseNo)
	}

	// Transfer: window 1 sends A002 to window 2 by name.
	if tk, _, err := c1.Call(ctx, 1); err != nil || tk.Number != "A002" {
		t.Fatalf("second call: %+v %v", tk, err)
	}
	c1.Act(ctx, 1, "start")
	c2 := ts.clerk(2) // a transfer goes to an open window only
	if tk, err := c1.Transfer(ctx, 1, wire.TransferRequest{Window: 2}); err != nil || tk.State != "waiting" {
		t.Fatalf("transfer: %+v %v", tk, err)
	}
	if tk, _, err := c2.Call(ctx, 2); err != nil || tk.Number != "A002" {
		t.Fatalf("window 2 call after transfer: %+v %v", tk, err)
	}
	// No-show, then reinstate by a clerk.
	if _, err := c2.Act(ctx, 2, "no-show"); err != nil {
		t.Fatal(err)
	}
	if tk, err := c2.Reinstate(ctx, a2.ID); err != nil || tk.State != "waiting" {
		t.Fatalf("reinstate: %+v %v", tk, err)
	}
	// The citizen cancels B001 from the tracking page.
	if tk, err := client.New(ts.URL(), "").Cancel(ctx, b1.ID); err != nil || tk.State != "cancelled" {
		t.Fatalf("cancel: %+v %v", tk, err)
	}
	// Window state.
	if ws, err := c2.WindowState(ctx, 2, "pause", "午间休息"); err != nil || ws.State != "paused" || ws.Reason != "午间休息" {
		t.Fatalf("pause: %+v %v", ws, err)
	}
	if _, _, err := c2.Call(ctx, 2); client.StatusOf(err) != http.StatusConflict {
		t.Fatalf("call at a paused window: %v", err)
	}
	if ws, err := c2.WindowState(ctx, 2, "close", ""); err != nil || ws.State != "closed" {
		t.Fatalf("close: %+v %v", ws, err)
	}
	if err := ts.kiosk.DeviceStatus(ctx, wire.DeviceStatusRequest{Kind: "printer", Status: "fault", Detail: "paper out"}); err != nil {
		t.Fatal(err)
	}
	// Nobody waits at window 9 (pickup only): 204.
	c9 := ts.clerk(9)
	if _, ok, err := c9.Call(ctx, 9); ok || err != nil {
		t.Fatalf("empty call: %v %v", ok, err)
	}
	sup := ts.supervisor()
	evs, err := sup.Events(ctx, 0, 1000)
	if err != nil || len(evs.Events) == 0 || evs.Last != evs.Events[len(evs.Events)-1].Seq {
		t.Fatalf("events: %d %v", len(evs.Events), err)
	}
	types := map[string]bool{}
	for i, ev := range evs.Events {
		types[ev.Type] = true
		if i > 0 && ev.Seq != evs.Events[i-1].Seq+1 {
			t.Fatalf("events out of order at %d", i)
		}
	}
	for _, want := range []string{"ticket.issued", "ticket.called", "ticket.recalled", "ticket.started", "ticket.transferred",
		"ticket.no_show", "ticket.reinstated", "ticket.finished", "ticket.cancelled", "window.opened", "window.paused",
		"window.closed", "device.status", "applicant.revealed", "staff.logged_in"} {
		if !types[want] {
			t.Errorf("no %s in the audit trail", want)
		}
	}
	if ws, err := sup.CreateWindow(ctx, wire.WindowCreateRequest{Number: 12, Name: "12号窗口", Kind: "special", Categories: []string{"SSDJ"}}); err != nil || ws.Number != 12 {
		t.Fatalf("create window: %+v %v", ws, err)
	}
	// Supervisor calls a ticket out of order at window 1.
	d1 := ts.issue("440199-D-001")
	if tk, err := sup.CallTicket(ctx, 1, d1.ID); err != nil || tk.Number != d1.Number {
		t.Fatalf("call out of order: %+v %v", tk, err)
	}
	sup.Act(ctx, 1, "start")
	acc, err := sup.Finish(ctx, 1, acceptAll(ts, "440199-D-001"))
	if err != nil || acc.Document.Kind != "acceptance_receipt" || acc.Document.CaseNo != "440199-ZWFW-001-20261125-0001" || acc.Document.Promised != "2026-11-25" {
		t.Fatalf("accepted: %+v %v", acc.Document, err)
	}
	if _, err := c1.CallTicket(ctx, 1, a2.ID); client.StatusOf(err) != http.StatusForbidden {
		t.Fatalf("clerk calling out of order: %v", err)
	}
	status, body := ts.raw("GET", "/api/v1/admin/backup", sup.Token(), "")
	if status != 200 || len(body) < 4096 {
		t.Fatalf("backup: %d, %d bytes", status, len(body))
	}
	if status, body := ts.raw("GET", "/healthz", "", ""); status != 200 || !strings.Contains(body, `"ok"`) {
		t.Fatalf("healthz: %d %s", status, body)
	}
	status, body = ts.raw("GET", "/metrics", "", "")
	if status != 200 {
		t.Fatalf("metrics: %d", status)
	}
	for _, m := range []string{"onedoor_tickets_issued_total 4", `onedoor_waiting_by_category{category="A"} 1`, "onedoor_stream_subscribers", "onedoor_http_request_duration_seconds_bucket"} {
		if !strings.Contains(body, m) {
			t.Errorf("metrics lack %q", m)
		}
	}
	if err := c1.Logout(ctx); err != nil {
		t.Fatal(err)
	}
	if _, _, err := c1.Current(ctx, 1); client.StatusOf(err) != http.StatusUnauthorized {
		t.Fatalf("after logout: %v", err)
	}
}

// TestBadInputChangesNothing sends each kind of bad input and checks the status, the
// JSON error body, and that the log did not move.
func TestBadInputChangesNothing(t *testing.T) {
	ts := startServer(t)
	c1 := ts.clerk(1)
	ts.issue("440199-A-001")
	kt := ts.KioskToken
	ct := c1.Token()
	big := `{"item":"440199-A-001","source":"` + strings.Repeat("x", 70<<10) + `"}`
	for _, tc := range []struct {
		name, method, path, token, body string
		status                          int
		code                            string
	}{
		{"malformed JSON", "POST", "/api/v1/tickets", kt, `{"item":`, 400, "bad_request"},
		{"not an object", "POST", "/api/v1/tickets", kt, `[1,2]`, 400, "bad_request"},
		{"empty body", "POST", "/api/v1/tickets", kt, ``, 400, "bad_request"},
		{"two objects", "POST", "/api/v1/tickets", kt, `{"item":"440199-A-001"}{}`, 400, "bad_request"},
		{"unknown field", "POST", "/api/v1/tickets", kt, `{"item":"440199-A-001","colour":"red"}`, 400, "bad_request"},
		{"unknown item", "POST", "/api/v1/tickets", kt, `{"item":"440199-X-999"}`, 422, "invalid"},
		{"unknown priority", "POST", "/api/v1/tickets", kt, `{"item":"440199-A-001","priority":"vip"}`, 422, "invalid"},
		{"bad ID number", "POST", "/api/v1/tickets", kt, `{"item":"440199-A-001","applicant":{"id_number":"110105194912310021"}}`, 422, "invalid"},
		{"over-long name", "POST", "/api/v1/tickets", kt, `{"item":"440199-A-001","applicant":{"id_number":"` + validID("11010519491231002") + `","name":"` + strings.Repeat("名", 100) + `"}}`, 422, "invalid"},
		{"over-long key", "POST", "/api/v1/tickets", kt, `{"item":"440199-A-001","request_id":"` + strings.Repeat("k", 200) + `"}`, 422, "invalid"},
		{"body over 64 KiB", "POST", "/api/v1/tickets", kt, big, 413, "too_large"},
		{"unknown window", "POST", "/api/v1/windows/77/call", ts.supervisor().Token(), ``, 404, "not_found"},
		{"window not a number", "POST", "/api/v1/windows/x/call", ct, ``, 404, "not_found"},
		{"unknown action", "POST", "/api/v1/windows/1/dance", ct, ``, 404, "not_found"},
		{"wrong state: start before call", "POST", "/api/v1/windows/1/start", ct, ``, 409, "conflict"},
		{"wrong state: finish before call", "POST", "/api/v1/windows/1/finish", ct, `{"outcome":"accepted","received":[]}`, 409, "conflict"},
		{"transfer without target", "POST", "/api/v1/windows/1/transfer", ct, `{}`, 409, "conflict"},
		{"unknown ticket", "GET", "/api/v1/tickets/zzzzzzzz", "", ``, 404, "not_found"},
		{"junk ticket id", "GET", "/api/v1/tickets/..%2f..%2fetc", "", ``, 404, "not_found"},
		{"cancel unknown", "POST", "/api/v1/tickets/abc/cancel", "", ``, 404, "not_found"},
		{"bad events limit", "GET", "/api/v1/events?limit=99999", ts.supervisor().Token(), ``, 400, "bad_request"},
		{"unknown API", "GET", "/api/v1/nothing", "", ``, 404, "not_found"},
		{"pause reason too long", "POST", "/api/v1/windows/1/pause", ct, `{"reason":"` + strings.Repeat("长", 600) + `"}`, 422, "invalid"},
		{"device status bad kind", "POST", "/api/v1/devices/status", kt, `{"kind":"toaster","status":"ok"}`, 422, "invalid"},
		{"login empty", "POST", "/api/v1/login", "", `{}`, 400, "bad_request"},
		{"stream with a bad after", "GET", "/api/v1/stream?after=-1", "", ``, 400, "bad_request"},
		{"stream with an unknown view", "GET", "/api/v1/stream?view=everything", "", ``, 400, "bad_request"},
		{"stream with an unknown category", "GET", "/api/v1/stream?category=Z9", "", ``, 400, "bad_request"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := ts.Store.LastSeq()
			status, body := ts.raw(tc.method, tc.path, tc.token, tc.body)
			var e wire.Error
			if status != tc.status || json.Unmarshal([]byte(body), &e) != nil || e.Error.Code != tc.code || e.Error.Message == "" {
				t.Fatalf("got %d %s, want %d %s", status, body, tc.status, tc.code)
			}
			if after := ts.Store.LastSeq(); after != before && tc.name != "login empty" {
				t.Fatalf("the log moved from %d to %d", before, after)
			}
		})
	}
}

func TestAuth(t *testing.T) {
	ts := startServer(t)
	ctx := context.Background()
	c1 := ts.clerk(1)
	for _, tc := range []struct {
		name, method, path, token, body string
		status                          int
	}{
		{"no token issues nothing", "POST", "/api/v1/tickets", "", `{"item":"440199-A-001"}`, 401},
		{"garbage token", "POST", "/api/v1/tickets", "not-a-token", `{"item":"440199-A-001"}`, 401},
		{"no token calls nothing", "POST", "/api/v1/windows/1/call", "", ``, 401},
		{"kiosk cannot call", "POST", "/api/v1/windows/1/call", ts.KioskToken, ``, 403},
		{"clerk of window 1 at window 2", "POST", "/api/v1/windows/2/call", c1.Token(), ``, 403},
		{"clerk cannot read the audit trail", "GET", "/api/v1/events", c1.Token(), ``, 403},
		{"clerk cannot back up", "GET", "/api/v1/admin/backup", c1.Token(), ``, 403},
		{"kiosk cannot create windows", "POST", "/api/v1/admin/windows", ts.KioskToken, `{"number":20,"name":"x","kind":"special"}`, 403},
		{"clerk cannot report device status", "POST", "/api/v1/devices/status", c1.Token(), `{"kind":"printer","status":"ok"}`, 403},
		{"anonymous stream with a bad token", "GET", "/api/v1/stream?token=nope", "", ``, 401},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if status, body := ts.raw(tc.method, tc.path, tc.token, tc.body); status != tc.status {
				t.Fatalf("got %d %s, want %d", status, body, tc.status)
			}
		})
	}
	// A clerk logging in to a window held by another is refused, unless taking over.
	other := client.New(ts.URL(), "")
	if _, err := other.Login(ctx, wire.LoginRequest{Staff: "demo2", PIN: DemoPIN, Window: 1}); client.StatusOf(err) != http.StatusConflict {
		t.Fatalf("second login on window 1: %v", err)
	}
	if _, err := other.Login(ctx, wire.LoginRequest{Staff: "demo2", PIN: DemoPIN, Window: 1, TakeOver: true}); err != nil {
		t.Fatalf("take over: %v", err)
	}
	if _, _, err := c1.Current(ctx, 1); client.StatusOf(err) != http.StatusUnauthorized {
		t.Fatalf("the replaced session still works: %v", err)
	}
	// Lockout: five wrong PINs lock this address out of the account, then even the
	// right PIN is refused, with the same answer as a wrong one (login_test.go).
	lk := client.New(ts.URL(), "")
	for i := 0; i < 5; i++ {
		_, err := lk.Login(ctx, wire.LoginRequest{Staff: "demo3", PIN: "000000", Window: 3})
		if client.StatusOf(err) != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %v, want 401", i+1, err)
		}
	}
	if _, err := lk.Login(ctx, wire.LoginRequest{Staff: "demo3", PIN: DemoPIN, Window: 3}); client.StatusOf(err) != http.StatusUnauthorized {
		t.Fatalf("locked account with the right PIN: %v", err)
	}
	ts.clock.Add(16 * time.Minute)
	if _, err := lk.Login(ctx, wire.LoginRequest{Staff: "demo3", PIN: DemoPIN, Window: 3}); err != nil {
		t.Fatalf("after the lock ends: %v", err)
	}
	if _, err := lk.Login(ctx, wire.LoginRequest{Staff: "nobody", PIN: DemoPIN, Window: 3}); client.StatusOf(err) != http.StatusUnauthorized {
		t.Fatalf("unknown staff: %v", err)
	}
	// A clerk must name a window.
	if _, err := lk.Login(ctx, wire.LoginRequest{Staff: "demo4", PIN: DemoPIN}); client.StatusOf(err) != http.StatusUnprocessableEntity {
		t.Fatalf("clerk without window: %v", err)
	}
}

// TestPublicAnswersCarryNoPersonalData issues a ticket with a full applicant and reads
// every public answer and the anonymous stream, looking for any of its fields.
func TestPublicAnswersCarryNoPersonalData(t *testing.T) {
	ts := startServer(t)
	ctx := context.Background()
	id := validID("44010619580101123")
	a := &wire.Applicant{IDNumber: id, Name: "测试人乙", Gender: "女", Nation: "汉", BirthDate: "1958-01-01", Address: "广州市示例区样例大道88号"}
	secrets := []string{id, id[6:14], "测试人乙", "样例大道", "1958-01-01", "\"女\""}

	var mu = make(chan string, 100)
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	anon := client.New(ts.URL(), "")
	up := make(chan bool, 4)
	go anon.Subscribe(sctx, client.StreamOptions{OnState: func(u bool) { up <- u }}, func(ev wire.Event) {
		b, _ := json.Marshal(ev)
		mu <- string(b)
	})
	select {
	case <-up:
	case <-time.After(10 * time.Second):
		t.Fatal("the anonymous stream did not connect")
	}
	tk, err := ts.kiosk.Issue(ctx, wire.IssueRequest{Item: "440199-E-001", Applicant: a}, "pd-1")
	if err != nil {
		t.Fatal(err)
	}
	if tk.Priority != "elderly" {
		t.Fatalf("a 68-year-old got priority %q", tk.Priority)
	}
	c1 := ts.clerk(1)
	c1.Call(ctx, 1)
	var seen []string
	var issued, called bool
	for !called { // up to the call, the ticket's events among them
		select {
		case m := <-mu:
			seen = append(seen, m)
			issued = issued || strings.Contains(m, `"ticket.issued"`) && strings.Contains(m, `"number":"`+tk.Number+`"`)
			called = strings.Contains(m, `"ticket.called"`)
		case <-time.After(10 * time.Second):
			t.Fatalf("stream delivered %d events and no call: %v", len(seen), seen)
		}
	}
	if !issued {
		t.Fatalf("the stream never showed the ticket issued: %v", seen)
	}
	for _, m := range seen {
		if strings.Contains(m, "elderly") { // a number's priority class is not for the hall
			t.Fatalf("anonymous stream shows the priority class: %s", m)
		}
	}
	pages := []string{}
	for _, p := range []string{"/api/v1/tickets/" + tk.ID, "/api/v1/queue", "/api/v1/catalog"} {
		_, body := ts.raw("GET", p, "", "")
		pages = append(pages, body)
	}
	b, _ := json.Marshal(tk)
	pages = append(pages, string(b))
	for _, text := range append(pages, seen...) {
		for _, s := range secrets {
			if strings.Contains(text, s) {
				t.Fatalf("public answer holds %q: %s", s, text)
			}
		}
	}
	for _, m := range seen {
		if strings.Contains(m, tk.ID) {
			t.Fatalf("anonymous stream carries the ticket id: %s", m)
		}
	}
}

// TestRatingOncePerFinishedVisit: the tracking page's 好差评, tied to ticket and clerk.
func TestRatingOncePerFinishedVisit(t *testing.T) {
	ts := startServer(t)
	ctx := context.Background()
	tk := ts.issue("440199-A-001")
	pub := client.New(ts.URL(), "")
	if _, err := pub.Rate(ctx, tk.ID, wire.RatingRequest{Level: 5}); client.StatusOf(err) != http.StatusConflict {
		t.Fatalf("rating a waiting ticket: %v", err)
	}
	c1 := ts.clerk(1)
	c1.Call(ctx, 1)
	c1.Act(ctx, 1, "start")
	if _, err := c1.Finish(ctx, 1, wire.FinishRequest{Outcome: "consulted"}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		req    wire.RatingRequest
		status int
	}{
		{wire.RatingRequest{Level: 0}, 422},
		{wire.RatingRequest{Level: 6}, 422},
		{wire.RatingRequest{Level: 1}, 422}, // a bad rating needs a reason
		{wire.RatingRequest{Level: 2, Reasons: []string{"  "}}, 422},
		{wire.RatingRequest{Level: 4, Comment: strings.Repeat("好", 600)}, 422},
	} {
		if _, err := pub.Rate(ctx, tk.ID, tc.req); client.StatusOf(err) != tc.status {
			t.Errorf("%+v: %v, want %d", tc.req, err, tc.status)
		}
	}
	got, err := pub.Rate(ctx, tk.ID, wire.RatingRequest{Level: 2, Reasons: []string{"等候时间长"}, Comment: "<script>alert(1)</script>"})
	if err != nil || !got.Rated {
		t.Fatalf("rate: %+v %v", got, err)
	}
	if _, err := pub.Rate(ctx, tk.ID, wire.RatingRequest{Level: 5}); client.StatusOf(err) != http.StatusConflict {
		t.Fatalf("second rating: %v", err)
	}
	evs, _ := ts.supervisor().Events(ctx, 0, 1000)
	last := evs.Events[len(evs.Events)-4] // the 差评's alarm and work order and the supervisor's login came after it
	if last.Type != "ticket.rated" || last.Rating == nil || last.Rating.Level != 2 || last.Rating.Staff != "demo1" || last.Rating.Reasons[0] != "等候时间长" {
		t.Fatalf("rating event: %+v %+v", last, last.Rating)
	}
	// The next day, yesterday's visit can no longer be rated twice either.
	ts.clock.Add(24 * time.Hour)
	if _, err := pub.Rate(ctx, tk.ID, wire.RatingRequest{Level: 5}); client.StatusOf(err) != http.StatusConflict {
		t.Fatalf("second rating a day later: %v", err)
	}
}

func TestBoardNotice(t *testing.T) {
	ts := startServer(t)
	ctx := context.Background()
	sup := ts.supervisor()
	if err := sup.SetNotice(ctx, "今日16:00后暂停办理不动产登记"); err != nil {
		t.Fatal(err)
	}
	q, _ := ts.kiosk.Queue(ctx)
	if q.Notice != "今日16:00后暂停办理不动产登记" {
		t.Fatalf("queue notice %q", q.Notice)
	}
	if err := ts.clerk(1).SetNotice(ctx, "x"); client.StatusOf(err) != http.StatusForbidden {
		t.Fatalf("a clerk set the notice: %v", err)
	}
}
