package screens

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// TestKeys checks each function key runs its action on the server.
func TestKeys(t *testing.T) {
	srv, h, m := atDesk(t)
	srv.issue("440199-A-001")
	srv.issue("440199-A-001")
	steps := []struct {
		key   fyne.KeyName
		event string
		state string // the current ticket's state after, "" for none
	}{
		{fyne.KeyF1, "ticket.called", "called"},
		{fyne.KeyF2, "ticket.recalled", "called"},
		{fyne.KeyF4, "ticket.no_show", ""},
		{fyne.KeyF1, "ticket.called", "called"},
		{fyne.KeyF3, "ticket.started", "serving"},
		{fyne.KeyF5, "", "serving"}, // opens the transfer dialog
	}
	for i, st := range steps {
		before := len(srv.eventsOf(st.event))
		h.key(st.key)
		if st.key == fyne.KeyF4 { // a no-show is asked first, and Enter confirms it
			h.p.run()
			if m.Confirm == nil || m.Popup == nil || len(srv.eventsOf(st.event)) != before {
				t.Fatalf("step %d: F4 did not ask before marking a no-show", i)
			}
			h.key(fyne.KeyReturn)
		}
		if st.event == "" {
			if m.Transfer == nil || m.Popup == nil {
				t.Fatalf("step %d: F5 opened no transfer dialog", i)
			}
			continue
		}
		h.wait(st.event, func() bool { return len(srv.eventsOf(st.event)) == before+1 })
		h.state(st.state)
	}
	m.hidePopup()
	h.key(fyne.KeyF6)
	if m.Finish == nil || m.Popup == nil {
		t.Fatal("F6 opened no outcome dialog")
	}
	m.hidePopup()
	// A key whose action does not fit the state does nothing: F1 while serving.
	before := len(srv.eventsOf("ticket.called"))
	h.key(fyne.KeyF1)
	h.p.run()
	if !m.Buttons["call"].Disabled() || len(srv.eventsOf("ticket.called")) != before {
		t.Fatal("F1 called while a ticket is being served")
	}
}

// TestTransferToAWindow hands a ticket to window 2, whose clerk then gets it.
func TestTransferToAWindow(t *testing.T) {
	srv, h, m := atDesk(t)
	tk := srv.issue("440199-A-001")
	h.key(fyne.KeyF1)
	h.state("called")
	h.key(fyne.KeyF5) // only a ticket being served may be transferred
	if m.Popup != nil {
		t.Fatal("F5 opened the transfer of a ticket not yet served")
	}
	h.key(fyne.KeyF3)
	h.state("serving")
	h.key(fyne.KeyF5)
	d := m.Transfer
	test.Tap(d.OK) // nothing chosen: refused
	if m.Popup == nil {
		t.Fatal("a transfer with no target was sent")
	}
	d.Window.SetText("2") // window 2 is closed: refused, and the clerk is told why
	test.Tap(d.OK)
	h.wait("the refusal", func() bool { return strings.Contains(d.status.Text, "2") })
	if m.Popup == nil || m.cur == nil || m.cur.State != "serving" {
		t.Fatal("a transfer to a closed window closed the dialog or lost the ticket")
	}
	if n := len(srv.eventsOf("ticket.transferred")); n != 0 {
		t.Fatalf("%d transfers to a closed window recorded", n)
	}
	other := srv.openWindow("demo2", 2)
	ctx := context.Background()
	test.Tap(d.OK)
	h.state("")
	evs := srv.eventsOf("ticket.transferred")
	if len(evs) != 1 || evs[0].Ticket.ID != tk.ID {
		t.Fatalf("transfer events %+v", evs)
	}
	got, ok, err := other.Call(ctx, 2)
	if err != nil || !ok || got.ID != tk.ID {
		t.Fatalf("window 2 called %v %v %v, want the transferred %s", got.Number, ok, err, tk.Number)
	}
}

// TestNoShowAndReinstate marks a ticket missed and puts it back from the missed list.
func TestNoShowAndReinstate(t *testing.T) {
	srv, h, m := atDesk(t)
	tk := srv.issue("440199-A-001")
	h.key(fyne.KeyF1)
	h.state("called")
	h.key(fyne.KeyF4) // asks first: Escape keeps the ticket, Enter marks it
	if m.Confirm == nil || m.Popup == nil || !strings.Contains(m.Confirm.question.Text, tk.Number) {
		t.Fatal("F4 did not ask before marking a no-show")
	}
	h.key(fyne.KeyEscape)
	if m.Popup != nil || m.cur == nil || len(srv.eventsOf("ticket.no_show")) != 0 {
		t.Fatal("Escape did not cancel the no-show")
	}
	h.key(fyne.KeyF4)
	h.key(fyne.KeyReturn)
	h.state("")
	h.wait("the missed list", func() bool { return len(m.live.Missed()) == 1 })
	h.wait("the tally's no-show", func() bool { return strings.Contains(m.side.tally.Text, "过号 1") })
	test.Tap(m.Buttons["reinstate"])
	d := m.Missed
	d.List.SetSelected(tk.Number)
	if d.ID.Text != tk.ID {
		t.Fatalf("picking %s filled %q", tk.Number, d.ID.Text)
	}
	test.Tap(d.OK)
	h.wait("the reinstatement", func() bool { return len(srv.eventsOf("ticket.reinstated")) == 1 })
	h.wait("the missed list to empty", func() bool { return len(m.live.Missed()) == 0 })
	if st, err := srv.kiosk.Ticket(context.Background(), tk.ID); err != nil || st.State != "waiting" {
		t.Fatalf("the reinstated ticket is %q (%v), want waiting", st.State, err)
	}
	h.key(fyne.KeyF1)
	h.state("called")
	if m.cur.ID != tk.ID {
		t.Fatalf("called %s, want the reinstated %s", m.cur.Number, tk.Number)
	}
}

// TestPauseAndResume pauses with a reason: no calls until resumed.
func TestPauseAndResume(t *testing.T) {
	srv, h, m := atDesk(t)
	srv.issue("440199-A-001")
	test.Tap(m.Buttons["pause"])
	m.Pause.Reason.SetText("午间休息")
	test.Tap(m.Pause.OK)
	h.wait("the pause", func() bool { return m.winState == "paused" })
	evs := srv.eventsOf("window.paused")
	if len(evs) != 1 || evs[0].Reason != "午间休息" {
		t.Fatalf("pause events %+v", evs)
	}
	h.key(fyne.KeyF1)
	h.p.run()
	if !m.Buttons["call"].Disabled() || len(srv.eventsOf("ticket.called")) != 0 {
		t.Fatal("a paused window called")
	}
	test.Tap(m.Buttons["resume"])
	h.wait("the window open", func() bool { return m.winState == "open" && !m.Buttons["call"].Disabled() })
	h.key(fyne.KeyF1)
	h.state("called")
}

// TestCallOutOfOrderIsForSupervisors lets a supervisor call the second ticket first.
func TestCallOutOfOrderIsForSupervisors(t *testing.T) {
	srv := startServer(t)
	clerk := newHarness(t, srv, Zh)
	cm := clerk.login("demo1", 1)
	if !cm.Buttons["call_ticket"].Disabled() {
		t.Fatal("a clerk may call out of order")
	}
	srv.issue("440199-A-001")
	second := srv.issue("440199-A-001")
	h := newHarness(t, srv, Zh)
	m := h.login("super", 3)
	test.Tap(m.Buttons["call_ticket"])
	m.Missed.ID.SetText(second.ID)
	test.Tap(m.Missed.OK)
	h.state("called")
	if m.cur.ID != second.ID {
		t.Fatalf("called %s, want %s", m.cur.Number, second.Number)
	}
}

// TestRevealIsRecorded shows the masked ID number until the clerk reveals it.
func TestRevealIsRecorded(t *testing.T) {
	srv, h, m := atDesk(t)
	srv.issue("440199-A-001")
	h.key(fyne.KeyF1)
	h.state("called")
	masked := m.ticket.applicant.Text
	if !strings.Contains(masked, "测试甲") || !strings.Contains(masked, "*") {
		t.Fatalf("before reveal the applicant shows %q", masked)
	}
	test.Tap(m.ticket.reveal)
	h.wait("the revealed number", func() bool { return !strings.Contains(m.ticket.applicant.Text, "*") })
	if evs := srv.eventsOf("applicant.revealed"); len(evs) != 1 || evs[0].Staff != "demo1" {
		t.Fatalf("reveal events %+v", evs)
	}
}

// TestSecondLoginTakesOverExplicitly refuses a second login on the window until the
// clerk chooses to take over, after which the first session is back at the login.
func TestSecondLoginTakesOverExplicitly(t *testing.T) {
	srv := startServer(t)
	first := newHarness(t, srv, Zh)
	fm := first.login("demo1", 1)
	second := newHarness(t, srv, Zh)
	l := second.app.Login
	l.Staff.SetText("demo2")
	test.Tap(l.Submit)
	second.wait("the refusal", func() bool { return l.TakeOver.Visible() })
	if second.app.Main != nil || !strings.Contains(l.status.Text, "接管") {
		t.Fatalf("a second login went through: %q", l.status.Text)
	}
	test.Tap(l.TakeOver)
	second.wait("the take-over", func() bool { return second.app.Main != nil })
	srv.issue("440199-A-001")
	first.key(fyne.KeyF1)
	first.wait("the first session to end", func() bool { return first.app.Main == nil })
	if !strings.Contains(first.app.Login.status.Text, "重新登录") {
		t.Fatalf("the first clerk sees %q", first.app.Login.status.Text)
	}
	_ = fm
}

// TestLanguageSwitchKeepsTheVisit switches to English mid-visit: the texts change,
// the ticket and the ticked materials stay.
func TestLanguageSwitchKeepsTheVisit(t *testing.T) {
	srv, h, m := atDesk(t)
	srv.issue("440199-A-001")
	h.key(fyne.KeyF1)
	h.state("called")
	h.key(fyne.KeyF3)
	h.state("serving")
	test.Tap(m.ticket.Checks["m2"])
	test.Tap(m.Buttons["lang"])
	if h.app.lang != En || !strings.Contains(m.header.Text, "Window 1") || m.Buttons["call"].Text != "F1 Call next" {
		t.Fatalf("after the switch: header %q, call button %q", m.header.Text, m.Buttons["call"].Text)
	}
	if m.cur == nil || !m.ticket.Checks["m2"].Checked || m.ticket.Checks["m1"].Checked {
		t.Fatal("the switch lost the visit or its ticks")
	}
	h.key(fyne.KeyF6)
	if m.Finish == nil || m.Finish.Chosen() != "supplement" {
		t.Fatal("F6 after the switch did not open the outcome dialog in English")
	}
}
