package app

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"onedoor/internal/client"
	"onedoor/internal/testkit"
	"onedoor/internal/wire"
)

// serveCalled has the clerk of window n serve whatever the server calls to it (start,
// then finish), until ctx ends; it never asks for a call.
func serveCalled(ctx context.Context, t *testing.T, c *client.Client, n int) {
	for ctx.Err() == nil {
		tk, ok, err := c.Current(ctx, n)
		if err != nil || !ok {
			sleep(ctx, 2*time.Millisecond)
			continue
		}
		if tk.State == "called" {
			if _, err := c.Act(ctx, n, "start"); err != nil && ctx.Err() == nil {
				t.Errorf("window %d start %s: %v", n, tk.Number, err)
				return
			}
		}
		if _, err := c.Finish(ctx, n, wire.FinishRequest{Outcome: "consulted"}); err != nil && ctx.Err() == nil {
			t.Errorf("window %d finish %s: %v", n, tk.Number, err)
			return
		}
	}
}

// checkCallsOnce requires every issued ticket to be called once, by the server for an
// auto window, and no window to be called for while it still had a ticket.
func checkCallsOnce(t *testing.T, evs []wire.Event, issued map[string]bool, autoWins map[int]bool) {
	t.Helper()
	calls := map[string]int{}
	busy := map[int]string{}
	for _, ev := range evs {
		switch ev.Type {
		case "ticket.called":
			calls[ev.Ticket.ID]++
			if !ev.Auto || !autoWins[ev.Window.Number] {
				t.Fatalf("ticket %s called to window %d, auto %v", ev.Ticket.Number, ev.Window.Number, ev.Auto)
			}
			if prev := busy[ev.Window.Number]; prev != "" {
				t.Fatalf("window %d called for %s while it still had %s", ev.Window.Number, ev.Ticket.Number, prev)
			}
			busy[ev.Window.Number] = ev.Ticket.Number
		case "ticket.finished", "ticket.no_show", "ticket.transferred":
			busy[ev.Window.Number] = ""
		}
	}
	for id := range issued {
		if calls[id] != 1 {
			t.Fatalf("ticket %s called %d times", id, calls[id])
		}
	}
	if len(calls) != len(issued) {
		t.Fatalf("%d tickets called, %d issued", len(calls), len(issued))
	}
}

// TestAutoCallServesEveryTicketOnce: two windows in auto mode and a stream of tickets
// from four kiosks; the clerks only start and finish what the server calls to them.
// Every ticket is called, once, to one window, with no call request.
func TestAutoCallServesEveryTicketOnce(t *testing.T) {
	ts := startServerWith(t, func(c *Config) { c.Policy.AutoPause = 0 })
	ctx := context.Background()
	sup := ts.supervisor()
	clerks := map[int]*client.Client{}
	for _, n := range []int{1, 2} {
		clerks[n] = ts.clerk(n)
		w, err := sup.SetWindowMode(ctx, n, "auto")
		if err != nil || !w.Auto {
			t.Fatalf("set window %d auto: %+v %v", n, w, err)
		}
	}
	sctx, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	for n, c := range clerks {
		wg.Add(1)
		go func() { defer wg.Done(); serveCalled(sctx, t, c, n) }()
	}
	var mu sync.Mutex
	issued := map[string]bool{}
	var kiosks sync.WaitGroup
	for k := range 4 {
		kiosks.Add(1)
		go func() {
			defer kiosks.Done()
			for i := range 25 {
				tk, err := ts.kiosk.Issue(ctx, wire.IssueRequest{Item: "440199-A-001"}, fmt.Sprintf("auto-%d-%d", k, i))
				if err != nil {
					t.Errorf("issue: %v", err)
					return
				}
				mu.Lock()
				issued[tk.ID] = true
				mu.Unlock()
			}
		}()
	}
	kiosks.Wait()
	testkit.Until(t, "every ticket served", 20*time.Second, func() bool {
		q, err := ts.kiosk.Queue(ctx)
		if err != nil {
			return false
		}
		for _, w := range q.Windows {
			if (w.Number == 1 || w.Number == 2) && w.Current != "" {
				return false
			}
		}
		for _, c := range q.Categories {
			if c.Waiting > 0 {
				return false
			}
		}
		return true
	})
	stop()
	wg.Wait()
	checkCallsOnce(t, auditTrail(t, ts.URL()), issued, map[int]bool{1: true, 2: true})
}

// TestAutoCallPause: an auto window rests the hall's pause after a visit before the
// server calls for it; a ticket issued to an idle auto window is called at once.
func TestAutoCallPause(t *testing.T) {
	ts := startServer(t) // the default pause, 10 s, on the test's clock
	ctx := context.Background()
	c := ts.clerk(1)
	if _, err := ts.supervisor().SetWindowMode(ctx, 1, "auto"); err != nil {
		t.Fatal(err)
	}
	first := ts.issue("440199-A-001")
	if tk, ok, err := c.Current(ctx, 1); err != nil || !ok || tk.ID != first.ID || tk.State != "called" {
		t.Fatalf("current after an issue to an idle auto window: %+v %v %v", tk, ok, err)
	}
	c.Act(ctx, 1, "start")
	if _, err := c.Finish(ctx, 1, wire.FinishRequest{Outcome: "consulted"}); err != nil {
		t.Fatal(err)
	}
	second := ts.issue("440199-A-001")
	ts.clock.Add(9 * time.Second)
	ts.issue("440199-A-001") // a commit inside the pause calls nobody
	if _, ok, _ := c.Current(ctx, 1); ok {
		t.Fatal("a call within the pause")
	}
	ts.clock.Add(time.Second)
	ts.issue("440199-A-001") // the next commit after it does
	if tk, ok, err := c.Current(ctx, 1); err != nil || !ok || tk.ID != second.ID {
		t.Fatalf("current after the pause: %+v %v %v, want %s", tk, ok, err, second.Number)
	}
}

// TestWindowModeRefuses: only a supervisor sets a mode, to auto or manual, of a window
// that exists; a refused request changes nothing.
func TestWindowModeRefuses(t *testing.T) {
	ts := startServer(t)
	clerk := ts.clerk(1)
	sup := ts.supervisor()
	for _, tc := range []struct {
		name, token, path, body string
		status                  int
	}{
		{"a clerk", clerk.Token(), "/api/v1/windows/1/mode", `{"mode":"auto"}`, http.StatusForbidden},
		{"no token", "", "/api/v1/windows/1/mode", `{"mode":"auto"}`, http.StatusUnauthorized},
		{"unknown mode", sup.Token(), "/api/v1/windows/1/mode", `{"mode":"fast"}`, http.StatusUnprocessableEntity},
		{"no body", sup.Token(), "/api/v1/windows/1/mode", ``, http.StatusBadRequest},
		{"unknown field", sup.Token(), "/api/v1/windows/1/mode", `{"mode":"auto","pause":1}`, http.StatusBadRequest},
		{"no window", sup.Token(), "/api/v1/windows/77/mode", `{"mode":"auto"}`, http.StatusNotFound},
		{"manual already", sup.Token(), "/api/v1/windows/1/mode", `{"mode":"manual"}`, http.StatusConflict},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if status, body := ts.raw("POST", tc.path, tc.token, tc.body); status != tc.status {
				t.Fatalf("status %d, want %d: %s", status, tc.status, body)
			}
		})
	}
	ts.issue("440199-A-001")
	if _, ok, _ := clerk.Current(context.Background(), 1); ok {
		t.Fatal("a refused request set the window to auto")
	}
}
