package app

import (
	"context"
	"errors"
	"strings"
	"testing"

	"onedoor/internal/client"
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
