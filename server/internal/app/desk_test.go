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
