package screens

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// TestDeskReasons gives each desk command a reason from the catalog's pick list and a
// note, and finds both in the audit trail; each dialog lists only the reasons for its
// action.
func TestDeskReasons(t *testing.T) {
	srv := startServer(t)
	srv.openWindow("demo2", 2)
	h := newHarness(t, srv, Zh)
	m := h.login("super", 3)
	tests := []struct {
		name, event, code, note string
		picker                  func(t *testing.T) (*ReasonPicker, *KeyButton)
	}{
		{"no-show", "ticket.no_show", "ABSENT", "叫号三次未到", func(t *testing.T) (*ReasonPicker, *KeyButton) {
			srv.issue("440199-A-001")
			h.key(fyne.KeyF1)
			h.state("called")
			h.key(fyne.KeyF4)
			return m.Confirm.Reason, m.Confirm.OK
		}},
		{"reinstate", "ticket.reinstated", "RETURNED", "群众已回到大厅", func(t *testing.T) (*ReasonPicker, *KeyButton) {
			h.wait("the missed list", func() bool { return len(m.live.Missed()) == 1 })
			test.Tap(m.Buttons["reinstate"])
			m.Missed.List.SetSelected(m.Missed.List.Options[0])
			return m.Missed.Reason, m.Missed.OK
		}},
		{"call out of order", "ticket.called", "URGENT", "急事急办", func(t *testing.T) (*ReasonPicker, *KeyButton) {
			tk := srv.issue("440199-A-001")
			test.Tap(m.Buttons["call_ticket"])
			m.Missed.ID.SetText(tk.ID)
			return m.Missed.Reason, m.Missed.OK
		}},
		{"transfer", "ticket.transferred", "WRONG_ITEM", "应到2号窗口", func(t *testing.T) (*ReasonPicker, *KeyButton) {
			h.state("called")
			h.key(fyne.KeyF3)
			h.state("serving")
			h.key(fyne.KeyF5)
			m.Transfer.Window.SetText("2")
			return m.Transfer.Reason, m.Transfer.OK
		}},
		{"close", "window.closed", "END_OF_DAY", "17:00闭厅", func(t *testing.T) (*ReasonPicker, *KeyButton) {
			h.state("")
			test.Tap(m.Buttons["close"])
			return m.Close.Reason, m.Close.OK
		}},
	}
	others := map[string]bool{"ABSENT": true, "RETURNED": true, "URGENT": true, "WRONG_ITEM": true, "END_OF_DAY": true}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h.t = t
			p, ok := tc.picker(t)
			for code := range others { // the list holds this action's reasons and the general ones only
				if code != tc.code && p.Pick(code) {
					t.Errorf("the %s dialog offers %s", tc.name, code)
				}
			}
			if !p.Pick(tc.code) || !p.Pick("OTHER") || !p.Pick(tc.code) {
				t.Fatalf("the %s dialog does not offer %s and OTHER", tc.name, tc.code)
			}
			p.Text.SetText(tc.note)
			before := len(srv.eventsOf(tc.event))
			test.Tap(ok)
			h.wait(tc.event, func() bool { return len(srv.eventsOf(tc.event)) == before+1 })
			evs := srv.eventsOf(tc.event)
			if r := evs[len(evs)-1].Reason; !strings.Contains(r, tc.code) || !strings.Contains(r, tc.note) {
				t.Fatalf("%s recorded the reason %q, want %s and %q", tc.event, r, tc.code, tc.note)
			}
		})
	}
	h.t = t
	h.wait("the window closed", func() bool { return m.winState == "closed" && m.Popup == nil })
	if !strings.Contains(m.header.Text, "已关闭") || m.Buttons["call"].Disabled() == false {
		t.Fatalf("a closed window shows %q with call enabled: %v", m.header.Text, !m.Buttons["call"].Disabled())
	}
	test.Tap(m.Buttons["resume"])
	h.wait("the window open", func() bool { return m.winState == "open" && !m.Buttons["call"].Disabled() })
}

// TestTransferRefusedSaysWhy transfers to a closed and to a paused window: the dialog
// says the window's number and state in the clerk's language and keeps the ticket.
func TestTransferRefusedSaysWhy(t *testing.T) {
	for _, tc := range []struct {
		lang          Lang
		closed, pause string
	}{
		{Zh, "2号窗口已关闭,不能转入", "4号窗口已暂停,不能转入"},
		{En, "Window 2 is closed and cannot take the ticket", "Window 4 is paused and cannot take the ticket"},
	} {
		t.Run(string(tc.lang), func(t *testing.T) {
			srv := startServer(t)
			c := srv.openWindow("demo4", 4)
			if _, err := c.WindowState(context.Background(), 4, "pause", "午休"); err != nil {
				t.Fatal(err)
			}
			h := newHarness(t, srv, tc.lang)
			m := h.login("demo1", 1)
			srv.issue("440199-A-001")
			h.key(fyne.KeyF1)
			h.state("called")
			h.key(fyne.KeyF3)
			h.state("serving")
			for _, want := range []struct{ to, says string }{{"2", tc.closed}, {"4", tc.pause}} {
				h.key(fyne.KeyF5)
				d := m.Transfer
				d.Window.SetText(want.to)
				test.Tap(d.OK)
				h.wait("the refusal", func() bool { return d.status.Text != "" })
				if !strings.Contains(d.status.Text, want.says) || m.Popup == nil || m.cur == nil {
					t.Fatalf("the refusal says %q, want %q with the dialog open", d.status.Text, want.says)
				}
				m.hidePopup()
			}
			if n := len(srv.eventsOf("ticket.transferred")); n != 0 {
				t.Fatalf("%d refused transfers recorded", n)
			}
		})
	}
}

// TestLoginElsewhereSaysSo logs the clerk in at another window: the caller at the first
// says that they logged in elsewhere and goes back to the login, whether the stream
// tells it or a command's 401 does (the hall then shows the window left for another).
func TestLoginElsewhereSaysSo(t *testing.T) {
	for _, viaStream := range []bool{true, false} {
		name := map[bool]string{true: "stream", false: "401"}[viaStream]
		t.Run(name, func(t *testing.T) {
			srv := startServer(t)
			h := newHarness(t, srv, Zh)
			h.login("demo1", 1)
			srv.openWindow("demo1", 2)
			if !viaStream {
				// A command's 401, handled before the stream's news (queued, not yet
				// run): the caller looks at the hall to say why.
				h.app.sessionEnded()
				if h.app.Main != nil || !strings.Contains(h.app.Login.status.Text, "重新登录") {
					t.Fatalf("after a 401 the caller shows %q", h.app.Login.status.Text)
				}
			}
			want := "您已在另一窗口登录(2号窗口)"
			h.wait("the login screen saying why", func() bool {
				return h.app.Main == nil && h.app.Login != nil && strings.Contains(h.app.Login.status.Text, want)
			})
		})
	}
}
