package screens

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"onedoor/internal/client"
	"onedoor/internal/uikit"
	"onedoor/internal/wire"
)

// pickupScreen goes from home to result pickup's card screen.
func (r *rig) pickupScreen() *identity {
	r.t.Helper()
	var h *home
	r.ui.sync(func() { h, _ = r.k.current.(*home) })
	if h == nil {
		r.t.Fatalf("not on home but on %s", r.screen().name())
	}
	r.tap(h.pickup)
	r.waitScreen("item")
	var s *itemScreen
	r.ui.sync(func() { s = r.k.current.(*itemScreen) })
	return r.takeTicket(s)
}

// TestPickupAtTheKiosk: a citizen whose case is still being decided places the card at
// result pickup: no ticket, and the screen says the case is not ready and its promised
// day; once the department approved it, the card gets a ticket for the pickup window
// carrying the case, which window 9 then calls. With KIOSK_SCREENSHOTS set (make
// screenshots-kiosk) it runs in English too and saves both screens of each language.
func TestPickupAtTheKiosk(t *testing.T) {
	dir := os.Getenv("KIOSK_SCREENSHOTS")
	langs := []uikit.Lang{uikit.Zh}
	if dir != "" {
		langs = append(langs, uikit.En)
	}
	for _, lang := range langs {
		t.Run(string(lang), func(t *testing.T) {
			r := newRig(t, rigOptions{lang: lang})
			pickupWalk(t, r, func(name string) {
				if dir != "" {
					r.saveShot(filepath.Join(dir, "kiosk-"+name+"-"+string(lang)+".png"))
				}
			})
		})
	}
}

func pickupWalk(t *testing.T, r *rig, shot func(name string)) {
	ctx := context.Background()
	// the elder's visit, accepted at window 1
	id := r.takeTicket(r.goToItem("A", "440199-A-001"))
	r.waitFor("the reader to be ready", func() bool { return id.state.Text() == r.k.tr.S("reader_ready") })
	if err := r.cards.Place("elder"); err != nil {
		t.Fatal(err)
	}
	ts := r.ticket()
	r.tap(ts.done)
	r.waitScreen("home")
	clerk := client.New(r.srv.url, "")
	if _, err := clerk.Login(ctx, wire.LoginRequest{Staff: "demo1", PIN: "123456", Window: 1}); err != nil {
		t.Fatal(err)
	}
	clerk.WindowState(ctx, 1, "open", "")
	clerk.Call(ctx, 1)
	clerk.Act(ctx, 1, "start")
	res, err := clerk.Finish(ctx, 1, wire.FinishRequest{Outcome: "accepted", Received: []string{"m1", "m2", "m3"}})
	if err != nil || res.Document.CaseNo == "" {
		t.Fatalf("accept: %v", err)
	}
	no := res.Document.CaseNo

	// not ready yet: no ticket, the case's promised day
	id = r.pickupScreen()
	r.waitFor("the reader to be ready", func() bool { return id.state.Text() == r.k.tr.S("reader_ready") })
	if err := r.cards.Place("elder"); err != nil {
		t.Fatal(err)
	}
	r.waitFor("the not-ready message", func() bool { return id.state.Text() == r.k.tr.S("pickup_pending") })
	r.ui.sync(func() {
		if bg := id.state.Background(); bg != uikit.ColorWarning {
			t.Errorf("nothing ready is drawn on %v, want the amber of news (uikit.ColorWarning), not a fault's red", bg)
		}
	})
	promised := map[uikit.Lang]string{uikit.Zh: "承诺", uikit.En: "promised"}[r.k.cfg.Lang]
	if text := r.texts(); !strings.Contains(text, no) || !strings.Contains(text, promised) {
		t.Fatalf("the screen does not name the case and its day: %s", text)
	}
	shot("pickup-pending")
	if n := len(r.prn.Printed()); n > 1 {
		t.Fatalf("%d tickets printed, want only the first visit's", n)
	}
	r.ui.sync(func() {
		if _, ok := r.k.current.(*identity); !ok || r.k.sess.ticket != nil {
			t.Error("a pickup with nothing ready left the card screen or made a ticket")
		}
	})
	r.ui.do(r.k.goHome) // the citizen walks away
	r.waitScreen("home")

	// approved: a pickup ticket carrying it
	officer := client.New(r.srv.url, "")
	if _, err := officer.Login(ctx, wire.LoginRequest{Staff: "scj1", PIN: "123456"}); err != nil {
		t.Fatal(err)
	}
	officer.CaseAction(ctx, no, "claim", wire.CaseActionRequest{})
	if _, err := officer.CaseAction(ctx, no, "approve", wire.CaseActionRequest{}); err != nil {
		t.Fatal(err)
	}
	id = r.pickupScreen()
	r.waitFor("the reader to be ready", func() bool { return id.state.Text() == r.k.tr.S("reader_ready") })
	if err := r.cards.Place("elder"); err != nil {
		t.Fatal(err)
	}
	ts = r.ticket()
	if !strings.HasPrefix(ts.t.Number, "R") {
		t.Fatalf("the pickup ticket is %s, want R…", ts.t.Number)
	}
	r.waitFor("the print", func() bool { return ts.printed })
	shot("pickup-ticket")
	w9 := client.New(r.srv.url, "")
	if _, err := w9.Login(ctx, wire.LoginRequest{Staff: "demo2", PIN: "123456", Window: 9}); err != nil {
		t.Fatal(err)
	}
	w9.WindowState(ctx, 9, "open", "")
	got, ok, err := w9.Call(ctx, 9)
	if err != nil || !ok || got.Number != ts.t.Number || len(got.Cases) != 1 || got.Cases[0] != no {
		t.Fatalf("window 9 calls %s with cases %v (%v %v)", got.Number, got.Cases, ok, err)
	}
}
