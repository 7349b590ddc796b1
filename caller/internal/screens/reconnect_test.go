package screens

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"onedoor/internal/client"
	"onedoor/internal/wire"
)

// TestReconnectBanner kills the server under the caller: the banner shows, a call
// waits, and when the server is back the call runs with the same token and the stream
// catches up by seq with what happened meanwhile.
func TestReconnectBanner(t *testing.T) {
	srv, h, m := atDesk(t)
	ctx := context.Background()
	other := client.New(srv.URL, "")
	if _, err := other.Login(ctx, wire.LoginRequest{Staff: "demo2", PIN: "123456", Window: 2}); err != nil {
		t.Fatal(err)
	}
	if _, err := other.WindowState(ctx, 2, "open", ""); err != nil {
		t.Fatal(err)
	}
	first := srv.issue("440199-A-001")
	second := srv.issue("440199-A-001")
	if m.banner.Visible() {
		t.Fatal("the banner shows while connected")
	}

	srv.stop()
	h.wait("the banner", m.banner.Visible)
	h.key(fyne.KeyF1)
	if m.pending == nil || !strings.Contains(m.status.Text, "连接中断") {
		t.Fatalf("F1 while offline was not held: status %q", m.status.Text)
	}
	if m.cur != nil {
		t.Fatal("a call went through while offline")
	}

	srv.start() // the same port and data: tokens survive
	// Window 2 calls the first ticket and misses it before the caller is back.
	if got, ok, err := other.Call(ctx, 2); err != nil || !ok || got.ID != first.ID {
		t.Fatalf("window 2 called %v %v %v", got.Number, ok, err)
	}
	if _, err := other.Act(ctx, 2, "no-show"); err != nil {
		t.Fatal(err)
	}
	h.wait("the banner to go", func() bool { return !m.banner.Visible() })
	h.state("called")
	if m.cur.ID != second.ID {
		t.Fatalf("the held call got %s, want %s", m.cur.Number, second.Number)
	}
	h.wait("the missed ticket from the stream", func() bool {
		ms := m.live.Missed()
		return len(ms) == 1 && ms[0].ID == first.ID
	})
	if n := len(srv.eventsOf("ticket.called")); n != 2 {
		t.Fatalf("%d calls in the log, want 2 (the held call ran once)", n)
	}
}
