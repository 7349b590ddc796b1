package screens

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"onedoor/internal/client"
	"onedoor/internal/queue"
	"onedoor/internal/wire"
)

// readyCase has window 1 accept a visit (its own clerk) and the regulator approve the
// case, and returns its number.
func (s *server) readyCase() string {
	s.t.Helper()
	ctx := context.Background()
	w1 := s.openWindow("demo1", 1)
	s.issue("440199-A-001")
	if _, _, err := w1.Call(ctx, 1); err != nil {
		s.t.Fatal(err)
	}
	w1.Act(ctx, 1, "start")
	res, err := w1.Finish(ctx, 1, wire.FinishRequest{Outcome: "accepted", Received: []string{"m1", "m2", "m3"}})
	if err != nil {
		s.t.Fatal(err)
	}
	w1.WindowState(ctx, 1, "close", "")
	officer := client.New(s.URL, "")
	if _, err := officer.Login(ctx, wire.LoginRequest{Staff: "scj1", PIN: "123456"}); err != nil {
		s.t.Fatal(err)
	}
	officer.CaseAction(ctx, res.Document.CaseNo, "claim", wire.CaseActionRequest{})
	if _, err := officer.CaseAction(ctx, res.Document.CaseNo, "approve", wire.CaseActionRequest{}); err != nil {
		s.t.Fatal(err)
	}
	return res.Document.CaseNo
}

// TestHandOverAtThePickupWindow: the pickup ticket's cases show at window 9, each with
// its 出件; the applicant's takes one, a proxy without the written authorisation is
// refused in the dialog and then taken with it; each case is closed on the server.
func TestHandOverAtThePickupWindow(t *testing.T) {
	srv := startServer(t)
	ctx := context.Background()
	mine, theirs := srv.readyCase(), srv.readyCase()
	for _, no := range []string{mine, theirs} {
		if _, err := srv.kiosk.Pickup(ctx, wire.PickupRequest{Case: no}, fmt.Sprintf("caller-pickup-%d", keys.Add(1))); err != nil {
			t.Fatal(err)
		}
	}
	h := newHarness(t, srv, Zh)
	m := h.login("demo2", 9)
	h.key(fyne.KeyF1)
	h.state("called")
	b := m.ticket.handover
	h.wait("the hand-over box", func() bool { return b.box.Visible() && len(b.Rows) == 1 })
	no := m.cur.Cases[0]
	r := b.Rows[no]
	if dir := os.Getenv("ONEDOOR_SCREENSHOTS"); dir != "" {
		capture(t, h, dir, "handover")
	}
	test.Tap(r.Applicant)
	h.wait("the hand-over", func() bool { return r.done })
	st := caseState(t, srv, no)
	if st != queue.CaseClosed {
		t.Fatalf("the case after its hand-over is %s", st)
	}
	h.key(fyne.KeyF3)
	h.state("serving")
	h.key(fyne.KeyF6)
	m.Finish.Outcome.SetSelected(texts.S(Zh, "completed"))
	test.Tap(m.Finish.OK)
	h.state("")

	h.key(fyne.KeyF1)
	h.state("called")
	h.wait("the next case", func() bool { return len(b.Rows) == 1 && b.Rows[m.cur.Cases[0]] != nil })
	no = m.cur.Cases[0]
	r = b.Rows[no]
	test.Tap(r.Proxy)
	d := m.Handover
	d.Number.SetText(validID("44010619800101001"))
	d.Name.SetText("代领人丁")
	test.Tap(d.OK)
	if m.Popup == nil || !strings.Contains(d.status.Text, "授权委托书") {
		t.Fatalf("a proxy without the authorisation: popup %v, %q", m.Popup != nil, d.status.Text)
	}
	test.Tap(d.Authorised)
	test.Tap(d.OK)
	h.wait("the proxy hand-over", func() bool { return r.done && m.Popup == nil })
	if st := caseState(t, srv, no); st != queue.CaseClosed {
		t.Fatalf("the case after the proxy's hand-over is %s", st)
	}
}

// caseState reads a case's state as the supervisor sees it.
func caseState(t *testing.T, srv *server, no string) queue.CaseState {
	t.Helper()
	c := client.New(srv.URL, "")
	if _, err := c.Login(context.Background(), wire.LoginRequest{Staff: "super", PIN: "123456"}); err != nil {
		t.Fatal(err)
	}
	v, err := c.Case(context.Background(), no)
	if err != nil {
		t.Fatal(err)
	}
	return v.State
}

// validID completes 17 digits with their GB 11643 check character.
func validID(first17 string) string {
	c, _ := queue.IDCheckDigit(first17)
	return first17 + string(c)
}
