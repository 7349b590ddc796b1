package app

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"onedoor/internal/client"
	"onedoor/internal/wire"
)

// The tests in this file each kill a mutant of store, hub or httpapi that survived the
// app tests make mutate runs (internal/tools/mutate runs every TestMutants* test here
// beside its named set); the mutant is named above each.

// httpapi admin.go deviceStatus: a detail of 200 characters is taken, 201 refused (`>`
// → `>=` survived).
func TestMutantsDeviceStatusDetailLimit(t *testing.T) {
	ts := startServer(t)
	for _, tc := range []struct {
		n    int
		want int
	}{{200, 0}, {201, http.StatusUnprocessableEntity}} {
		body := `{"kind":"printer","status":"warning","detail":"` + strings.Repeat("纸", tc.n) + `"}`
		code, resp := ts.raw("POST", "/api/v1/devices/status", ts.KioskToken, body)
		if tc.want == 0 && code >= 300 || tc.want != 0 && code != tc.want {
			t.Errorf("detail of %d characters: %d %s", tc.n, code, resp)
		}
	}
}

// httpapi hall.go stream: following a ticket that does not exist answers 404 (the
// failure's answer removed left an empty 200).
func TestMutantsStreamOfUnknownTicket(t *testing.T) {
	ts := startServer(t)
	code, body := ts.raw("GET", "/api/v1/stream?ticket=no-such-ticket", "", "")
	if code != http.StatusNotFound {
		t.Fatalf("stream of an unknown ticket: %d %s, want 404", code, body)
	}
}

// httpapi hall.go queue: the day's recent calls come newest first (`i--` → `i++` ran off
// the end: no test in the set read a queue with calls in it).
func TestMutantsQueueListsRecentCallsNewestFirst(t *testing.T) {
	ts := startServer(t)
	ctx := context.Background()
	first, second := ts.issue("440199-A-001"), ts.issue("440199-A-001")
	c1, c2 := ts.clerk(1), ts.clerk(2)
	if _, ok, err := c1.Call(ctx, 1); err != nil || !ok {
		t.Fatalf("call at 1: %v %v", ok, err)
	}
	if _, ok, err := c2.Call(ctx, 2); err != nil || !ok {
		t.Fatalf("call at 2: %v %v", ok, err)
	}
	q, err := ts.kiosk.Queue(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(q.Recent) != 2 || q.Recent[0].Number != second.Number || q.Recent[1].Number != first.Number {
		t.Fatalf("recent calls %+v, want %s then %s", q.Recent, second.Number, first.Number)
	}
}

// httpapi publish.go message: the staff stream carries each ticket's id, the public one
// never (the staff form built as the public one survived).
func TestMutantsStaffStreamCarriesTicketIDs(t *testing.T) {
	ts := startServer(t)
	sup := ts.supervisor()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	staff, public := newCollector(), newCollector()
	for _, sub := range []struct {
		c   *client.Client
		col *collector
	}{{sup, staff}, {client.New(ts.URL(), ""), public}} {
		up := make(chan bool, 4)
		go sub.c.Subscribe(ctx, client.StreamOptions{After: ts.Store.LastSeq(), OnState: func(u bool) { up <- u }}, sub.col.add)
		<-up
	}
	tk := ts.issue("440199-A-001")
	seq := ts.Store.LastSeq()
	staff.waitSeq(t, seq)
	public.waitSeq(t, seq)
	find := func(c *collector) *wire.Event {
		c.mu.Lock()
		defer c.mu.Unlock()
		for i := range c.evs {
			if c.evs[i].Type == "ticket.issued" && c.evs[i].Ticket != nil && c.evs[i].Ticket.Number == tk.Number {
				return &c.evs[i]
			}
		}
		return nil
	}
	if ev := find(staff); ev == nil || ev.Ticket.ID != tk.ID {
		t.Fatalf("staff stream's ticket.issued %+v, want the ticket id %s", ev, tk.ID)
	}
	if ev := find(public); ev == nil || ev.Ticket.ID != "" {
		t.Fatalf("public stream's ticket.issued %+v, want it without the ticket id", ev)
	}
}
