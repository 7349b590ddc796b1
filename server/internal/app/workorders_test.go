package app

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"onedoor/internal/client"
	"onedoor/internal/wire"
)

// serveOne issues a ticket and has window 1 serve it (consulted); it returns the ticket.
func (ts *testServer) serveOne(c interface {
	Call(context.Context, int) (wire.StaffTicket, bool, error)
}, clerk func(action string) error) wire.Ticket {
	ts.t.Helper()
	tk := ts.issue("440199-B-002")
	if _, ok, err := c.Call(context.Background(), 1); !ok || err != nil {
		ts.t.Fatalf("call: %v %v", ok, err)
	}
	for _, a := range []string{"start", "finish"} {
		if err := clerk(a); err != nil {
			ts.t.Fatal(err)
		}
	}
	return tk
}

// TestWorkOrdersFromBadRatings: a 不满意 opens a work order in the rating's commit, due
// for a call back the next working day and a resolution in 15; it turns overdue, is
// assigned, answered and closed through the API; a visit left unrated takes 基本满意 7 days
// later, with no command but the day's first.
func TestWorkOrdersFromBadRatings(t *testing.T) {
	ts := startServer(t) // Wednesday 2026-11-25
	ctx := context.Background()
	clerk := ts.clerk(1)
	act := func(a string) error {
		if a == "finish" {
			_, err := clerk.Finish(ctx, 1, wire.FinishRequest{Outcome: "consulted"})
			return err
		}
		_, err := clerk.Act(ctx, 1, a)
		return err
	}
	bad, good, unrated := ts.serveOne(clerk, act), ts.serveOne(clerk, act), ts.serveOne(clerk, act)
	if _, err := ts.kiosk.Rate(ctx, bad.ID, wire.RatingRequest{Level: 2, Reasons: []string{"等候时间长"}, Comment: "排队太久"}); err != nil {
		t.Fatal(err)
	}
	if _, err := ts.kiosk.Rate(ctx, good.ID, wire.RatingRequest{Level: 5}); err != nil {
		t.Fatal(err)
	}
	sup := ts.supervisor()
	list := func(query string) []wire.WorkOrder {
		t.Helper()
		status, body := ts.raw("GET", "/api/v1/workorders"+query, sup.Token(), "")
		if status != 200 {
			t.Fatalf("list%s: %d %s", query, status, body)
		}
		var out []wire.WorkOrder
		if err := json.Unmarshal([]byte(body), &out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	wos := list("")
	if len(wos) != 1 {
		t.Fatalf("%d work orders, want the 不满意's", len(wos))
	}
	wo := wos[0]
	if wo.Ticket != bad.ID || wo.State != "open" || wo.CallbackDue != "2026-11-26" || wo.ResolveDue != "2026-12-16" ||
		wo.Level != 2 || wo.Staff != "demo1" || wo.Window != 1 || wo.Overdue != "" {
		t.Fatalf("work order %+v", wo)
	}
	var rated, opened uint64
	for _, ev := range auditTrail(t, ts.URL()) {
		switch {
		case ev.Type == "ticket.rated" && ev.Ticket.ID == bad.ID:
			rated = ev.Seq
		case ev.Type == "workorder.opened":
			opened = ev.Seq
		}
	}
	if rated == 0 || opened != rated+2 { // the rating, its alarm, its work order: one commit
		t.Fatalf("the work order (seq %d) was not opened with its rating (seq %d)", opened, rated)
	}

	ts.clock.Add(49 * time.Hour) // Friday: the call back was due Thursday
	sup = ts.supervisor()        // the tokens of Wednesday have expired
	clerk = client.New(ts.URL(), "")
	if _, err := clerk.Login(ctx, wire.LoginRequest{Staff: "demo1", PIN: DemoPIN, Window: 1}); err != nil {
		t.Fatal(err)
	}
	if late := list("?state=overdue"); len(late) != 1 || late[0].Overdue != "callback" {
		t.Fatalf("overdue list %+v", late)
	}
	path := "/api/v1/workorders/" + wo.No + "/"
	for _, tc := range []struct {
		name, token, action, body string
		status                    int
		state                     string
	}{
		{"a clerk", clerk.Token(), "assign", `{"assignee":"super"}`, http.StatusForbidden, ""},
		{"answer before assigning", sup.Token(), "answer", `{"text":"已回访"}`, http.StatusConflict, ""},
		{"an unknown action", sup.Token(), "forget", `{}`, http.StatusUnprocessableEntity, ""},
		{"an unknown field", sup.Token(), "assign", `{"to":"super"}`, http.StatusBadRequest, ""},
		{"assign to no member of staff", sup.Token(), "assign", `{"assignee":"nobody"}`, http.StatusUnprocessableEntity, ""},
		{"assign", sup.Token(), "assign", `{"assignee":"super"}`, http.StatusOK, "assigned"},
		{"answer", sup.Token(), "answer", `{"text":"已电话回访，说明了办理时限"}`, http.StatusOK, "answered"},
		{"a follow-up off the scale", sup.Token(), "close", `{"follow_up":6}`, http.StatusUnprocessableEntity, ""},
		{"close", sup.Token(), "close", `{"text":"窗口已增加引导","follow_up":4}`, http.StatusOK, "closed"},
		{"close again", sup.Token(), "close", `{}`, http.StatusConflict, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, body := ts.raw("POST", path+tc.action, tc.token, tc.body)
			if status != tc.status {
				t.Fatalf("status %d, want %d: %s", status, tc.status, body)
			}
			if tc.state != "" {
				var got wire.WorkOrder
				json.Unmarshal([]byte(body), &got)
				if string(got.State) != tc.state {
					t.Fatalf("state %s, want %s", got.State, tc.state)
				}
			}
		})
	}
	if status, _ := ts.raw("GET", "/api/v1/workorders/WO-nothing", sup.Token(), ""); status != http.StatusNotFound {
		t.Fatalf("an unknown work order: %d", status)
	}
	if status, _ := ts.raw("GET", "/api/v1/workorders?state=late", sup.Token(), ""); status != http.StatusUnprocessableEntity {
		t.Fatalf("an unknown state filter: %d", status)
	}

	ts.clock.Set(time.Date(2026, 12, 2, 9, 0, 0, 0, shanghai)) // 7 days after the visits
	ts.issue("440199-B-002")                                   // the day's first command
	sup = ts.supervisor()
	var defaults []wire.Event
	for _, ev := range auditTrail(t, ts.URL()) {
		if ev.Type == "ticket.rated" && ev.At.After(time.Date(2026, 12, 1, 0, 0, 0, 0, shanghai)) {
			defaults = append(defaults, ev)
		}
	}
	if len(defaults) != 1 || defaults[0].Ticket.ID != unrated.ID || defaults[0].Rating.Level != 3 {
		t.Fatalf("default ratings %+v, want 基本满意 for %s only", defaults, unrated.Number)
	}
	_, body := ts.getReport(sup.Token(), "from=2026-12-02&to=2026-12-02")
	var rep wire.Report
	json.Unmarshal(body, &rep)
	if len(rep.Rows) != 1 || rep.Rows[0].Ratings["3"] != 1 {
		t.Fatalf("the report of the day does not count the default rating: %s", body)
	}
}
