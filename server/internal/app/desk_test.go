package app

import (
	"context"
	"errors"
	"strings"
	"testing"

	"onedoor/internal/client"
	"onedoor/internal/queue"
	"onedoor/internal/wire"
)

// TestTransferToClosedOrPausedWindowRefused: window 2 is closed (nobody logged in), then
// paused; a transfer to it is refused with 409 naming its state, and the ticket stays at
// window 1; a transfer to a category is allowed.
func TestTransferToClosedOrPausedWindowRefused(t *testing.T) {
	ts := startServer(t)
	ctx := context.Background()
	ts.issue("440199-A-001")
	c1 := ts.clerk(1)
	if _, _, err := c1.Call(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if _, err := c1.Act(ctx, 1, "start"); err != nil {
		t.Fatal(err)
	}
	_, err := c1.Transfer(ctx, 1, wire.TransferRequest{Window: 2})
	wantRefused(t, err, "closed")
	c2 := ts.clerk(2)
	if _, err := c2.WindowState(ctx, 2, "pause", "午休"); err != nil {
		t.Fatal(err)
	}
	_, err = c1.Transfer(ctx, 1, wire.TransferRequest{Window: 2})
	wantRefused(t, err, "paused")
	if cur, ok, err := c1.Current(ctx, 1); err != nil || !ok || cur.State != "serving" {
		t.Fatalf("after refused transfers window 1 has %+v %v %v", cur, ok, err)
	}
	if tk, err := c1.Transfer(ctx, 1, wire.TransferRequest{Category: "SCJG"}); err != nil || tk.State != "waiting" {
		t.Fatalf("transfer to a category: %+v %v", tk, err)
	}
}

func wantRefused(t *testing.T, err error, state string) {
	t.Helper()
	var ae *client.Error
	if !errors.As(err, &ae) || ae.Status != 409 || !strings.Contains(ae.Message, state) {
		t.Fatalf("transfer: %v, want 409 naming %q", err, state)
	}
}

// TestClerkHoldsOneWindow: demo1 at window 1 logs in at window 2; the first token stops
// working, window 1 loses its clerk (paused, saying why) and the audit trail records it.
func TestClerkHoldsOneWindow(t *testing.T) {
	ts := startServer(t)
	ctx := context.Background()
	first := ts.clerk(1)
	second := client.New(ts.URL(), "")
	if _, err := second.Login(ctx, wire.LoginRequest{Staff: "demo1", PIN: DemoPIN, Window: 2}); err != nil {
		t.Fatal(err)
	}
	var ae *client.Error
	if _, _, err := first.Current(ctx, 1); !errors.As(err, &ae) || ae.Status != 401 {
		t.Fatalf("the first session still works: %v", err)
	}
	if _, err := second.WindowState(ctx, 2, "open", ""); err != nil {
		t.Fatal(err)
	}
	var w1 queue.Window
	ts.Store.Read(func(h *queue.Hall) { w1 = *h.Windows[1] })
	if w1.Staff != "" || w1.State != queue.WinPaused {
		t.Fatalf("window 1 after its clerk moved: %+v", w1)
	}
	evs, err := ts.supervisor().Events(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var paused, out bool
	for _, ev := range evs.Events {
		paused = paused || ev.Type == "window.paused" && ev.Staff == "demo1" && ev.Window != nil && ev.Window.Number == 1 && strings.Contains(ev.Reason, "window 2")
		out = out || ev.Type == "staff.logged_out" && ev.Staff == "demo1" && strings.Contains(ev.Reason, "window 2")
	}
	if !paused || !out {
		t.Fatalf("audit trail lacks the move (paused %v, logged out %v): %+v", paused, out, evs.Events)
	}
}

// TestDeskReasonsInTheAuditTrail: no-show, reinstate, transfer, out-of-order call and
// close each take a reason from the catalog's pick list plus free text, which the audit
// trail records; a code not in the list is refused with 422 and changes nothing.
func TestDeskReasonsInTheAuditTrail(t *testing.T) {
	ts := startServer(t)
	ctx := context.Background()
	a1 := ts.issue("440199-A-001")
	ts.issue("440199-A-001")
	ts.clerk(1)
	ts.clerk(2) // open: a transfer goes to an open window
	sup := ts.supervisor()
	tok1 := login(t, ts, "demo1", 1)
	tokSup := login(t, ts, "super", 0)
	must := func(status int, body string, want int) {
		t.Helper()
		if status != want {
			t.Fatalf("status %d, want %d: %s", status, want, body)
		}
	}
	st, msg := ts.raw("POST", "/api/v1/windows/1/call", tok1, "")
	must(st, msg, 200)
	// An unknown code, and a code for another action: 422, the ticket still called.
	for _, body := range []string{`{"reason_code":"NOPE"}`, `{"reason_code":"URGENT"}`} {
		st, msg = ts.raw("POST", "/api/v1/windows/1/no-show", tok1, body)
		must(st, msg, 422)
	}
	if cur, ok, err := client.New(ts.URL(), tok1).Current(ctx, 1); err != nil || !ok || cur.State != "called" {
		t.Fatalf("after refused no-shows window 1 has %+v %v %v", cur, ok, err)
	}
	st, msg = ts.raw("POST", "/api/v1/windows/1/no-show", tok1, `{"reason_code":"ABSENT","reason":"叫了三次"}`)
	must(st, msg, 200)
	st, msg = ts.raw("POST", "/api/v1/tickets/"+a1.ID+"/reinstate", tok1, `{"reason_code":"RETURNED"}`)
	must(st, msg, 200)
	st, msg = ts.raw("POST", "/api/v1/windows/1/call", tok1, "")
	must(st, msg, 200)
	st, msg = ts.raw("POST", "/api/v1/windows/1/start", tok1, "")
	must(st, msg, 200)
	st, msg = ts.raw("POST", "/api/v1/windows/1/transfer", tok1, `{"window":2,"reason_code":"WRONG_ITEM","reason":"需不动产窗口"}`)
	must(st, msg, 200)
	st, msg = ts.raw("POST", "/api/v1/windows/1/call", tokSup, `{"ticket":"`+ts.issue("440199-B-001").ID+`","reason_code":"URGENT","reason":"急诊证明"}`)
	must(st, msg, 200)
	st, msg = ts.raw("POST", "/api/v1/windows/1/no-show", tok1, `{"reason":"未到"}`)
	must(st, msg, 200)
	st, msg = ts.raw("POST", "/api/v1/windows/1/close", tok1, `{"reason_code":"BREAKDOWN","reason":"电脑故障"}`)
	must(st, msg, 200)

	evs, err := sup.Events(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []struct{ typ, reason string }{
		{"ticket.no_show", "ABSENT 叫号后未到窗口: 叫了三次"},
		{"ticket.reinstated", "RETURNED 群众已返回"},
		{"ticket.transferred", "WRONG_ITEM 事项不属本窗口: 需不动产窗口"},
		{"ticket.called", "chosen — URGENT 紧急情况优先: 急诊证明"},
		{"ticket.no_show", "未到"},
		{"window.closed", "BREAKDOWN 设备故障: 电脑故障"},
	} {
		found := false
		for _, ev := range evs.Events {
			found = found || ev.Type == want.typ && ev.Reason == want.reason
		}
		if !found {
			t.Errorf("no %s event with reason %q in the audit trail", want.typ, want.reason)
		}
	}
}

// login returns a fresh token of staff at window (0: none).
func login(t *testing.T, ts *testServer, staff string, window int) string {
	t.Helper()
	resp, err := client.New(ts.URL(), "").Login(context.Background(), wire.LoginRequest{Staff: staff, PIN: DemoPIN, Window: window})
	if err != nil {
		t.Fatal(err)
	}
	return resp.Token
}

// TestDeclaredPriorityCheckedAndCounted: two citizens claim the military group at the
// kiosk, one the disabled group; the clerk sees each claim as declared, confirms one,
// refuses one with a reason and leaves one unchecked. Each check is recorded once (a
// second is 409), a ticket with no claim has nothing to check, the supervisor's count
// holds both outcomes (the feed's tests keep the checks off boards and the public stream).
func TestDeclaredPriorityCheckedAndCounted(t *testing.T) {
	ts := startServer(t)
	ctx := context.Background()
	for _, g := range []string{"military", "military", "disabled", ""} {
		if _, err := ts.kiosk.Issue(ctx, wire.IssueRequest{Item: "440199-A-001", Priority: g}, nextKey()); err != nil {
			t.Fatal(err)
		}
	}
	clerk := ts.clerk(1)
	var checked []string
	for _, confirm := range []bool{true, false, true} {
		tk, ok, err := clerk.Call(ctx, 1)
		if err != nil || !ok {
			t.Fatalf("call: %v %v", ok, err)
		}
		if tk.PriorityCheck != "declared" {
			t.Fatalf("ticket %s of group %s comes to the clerk with check %q, want declared", tk.Number, tk.Priority, tk.PriorityCheck)
		}
		if tk.Priority == "disabled" { // left unchecked: the citizen did not come
			if _, err := clerk.Act(ctx, 1, "no-show"); err != nil {
				t.Fatal(err)
			}
			continue
		}
		reason := ""
		if !confirm {
			reason = "未出示证件"
		}
		got, err := clerk.CheckPriority(ctx, 1, confirm, reason)
		want := map[bool]string{true: "confirmed", false: "refused"}[confirm]
		if err != nil || got.PriorityCheck != want {
			t.Fatalf("check: %+v %v, want %s", got, err, want)
		}
		_, err = clerk.CheckPriority(ctx, 1, !confirm, "")
		wantStatus(t, err, 409)
		checked = append(checked, got.ID)
		if _, err := clerk.Act(ctx, 1, "start"); err != nil {
			t.Fatal(err)
		}
		if _, err := clerk.Finish(ctx, 1, wire.FinishRequest{Outcome: "completed"}); err != nil {
			t.Fatal(err)
		}
	}
	if tk, ok, err := clerk.Call(ctx, 1); err != nil || !ok || tk.PriorityCheck != "" {
		t.Fatalf("the ticket without a claim: %+v %v %v", tk, ok, err)
	}
	_, err := clerk.CheckPriority(ctx, 1, true, "")
	wantStatus(t, err, 409)
	st, body := ts.raw("POST", "/api/v1/windows/1/priority", login(t, ts, "demo1", 1), `{"reason":"x"}`)
	if st != 400 {
		t.Fatalf("a check without confirm: %d %s", st, body)
	}

	_, err = clerk.PriorityStats(ctx)
	wantStatus(t, err, 403)
	stats, err := ts.supervisor().PriorityStats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []queue.PriorityTally{{Group: "military", Declared: 2, Confirmed: 1, Refused: 1}, {Group: "disabled", Declared: 1}}
	if len(stats.Groups) != 2 || stats.Groups[0] != want[0] || stats.Groups[1] != want[1] {
		t.Fatalf("priority stats %+v, want %+v", stats.Groups, want)
	}

	evs, err := ts.supervisor().Events(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var seen []string
	for _, ev := range evs.Events {
		if ev.Type == "ticket.priority_checked" {
			seen = append(seen, ev.Ticket.ID+" "+ev.Ticket.PriorityCheck+" "+ev.Reason)
		}
	}
	if len(seen) != 2 || seen[0] != checked[0]+" confirmed " || seen[1] != checked[1]+" refused 未出示证件" {
		t.Fatalf("audit trail of the checks: %q", seen)
	}
}

func wantStatus(t *testing.T, err error, status int) {
	t.Helper()
	var ae *client.Error
	if !errors.As(err, &ae) || ae.Status != status {
		t.Fatalf("got %v, want status %d", err, status)
	}
}
