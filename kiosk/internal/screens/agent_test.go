package screens

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"onedoor/internal/client"
	"onedoor/internal/wire"
)

// findButton returns the Fyne button labelled text in o.
func findButton(o fyne.CanvasObject, text string) *widget.Button {
	switch v := o.(type) {
	case *widget.Button:
		if v.Text == text {
			return v
		}
	case *fyne.Container:
		for _, c := range v.Objects {
			if b := findButton(c, text); b != nil {
				return b
			}
		}
	}
	return nil
}

// typeKeys taps the agent login's keyboard.
func (r *rig) typeKeys(s *agentLogin, text string) {
	r.t.Helper()
	for _, c := range text {
		b := s.keys[c]
		if b == nil {
			r.t.Fatalf("no key %q", c)
		}
		r.tap(b)
	}
}

// getRaw fetches a URL anonymously and returns its body.
func getRaw(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestAgentTicketAtKiosk: a staff member logs in at the kiosk's discreet staff button
// (a wrong PIN is refused), takes a ticket for a citizen whose card is read, and the
// ticket is recorded with the agent and the principal — in the audit trail, never on
// the public ticket or its tracking page; going home ends the staff login, at the
// server too, and the agent's token does nothing but issue from a kiosk.
func TestAgentTicketAtKiosk(t *testing.T) {
	r := newRig(t, rigOptions{})
	var staff *widget.Button
	r.ui.sync(func() { staff = findButton(r.win.Content(), "工作人员") })
	if staff == nil {
		t.Fatal("home has no staff button")
	}
	r.tap(staff)
	r.waitScreen("agent_login")
	var s *agentLogin
	r.ui.sync(func() { s = r.k.current.(*agentLogin) })
	r.typeKeys(s, "demo1")
	r.ui.sync(func() { r.win.Canvas().Focus(s.pin) }) // a finger in the PIN field
	r.typeKeys(s, "999999")
	r.tap(s.login)
	r.waitFor("the refusal", func() bool { return strings.Contains(s.state.Text, "工号或密码不正确") })
	r.ui.sync(func() {
		if r.k.ops.agent != nil || r.k.current != s {
			t.Fatal("a wrong PIN logged the agent in")
		}
		if s.staff.Text != "demo1" || s.pin.Text != "999999" {
			t.Fatalf("typed %q / %q", s.staff.Text, s.pin.Text)
		}
		s.pin.SetText("")
	})
	r.typeKeys(s, "123456")
	r.tap(s.login)
	r.waitFor("home in agent mode", func() bool { _, ok := r.k.current.(*home); return ok && r.k.ops.agent != nil })
	var token string
	r.ui.sync(func() { token = r.k.ops.agent.token })
	if text := r.texts(); !strings.Contains(text, "demo1 帮办代办") || !strings.Contains(text, "退出帮办") {
		t.Errorf("home does not show the agent mode: %q", text)
	}

	// The agent's token is for a kiosk's ticket request only.
	ctx := ctxTimeout(t, 30*time.Second)
	asAgent := client.New(r.srv.url, token)
	if _, err := asAgent.WindowState(ctx, 1, "open", ""); client.StatusOf(err) != http.StatusForbidden {
		t.Errorf("a window command with the agent's token: %v", err)
	}
	if _, err := asAgent.Issue(ctx, wire.IssueRequest{Item: "440199-A-001", AgentToken: token}, "agent-self"); client.StatusOf(err) != http.StatusForbidden {
		t.Errorf("a ticket with the agent's token as bearer: %v", err)
	}

	id := r.takeTicket(r.goToItem("A", "440199-A-001"))
	r.waitFor("the reader", func() bool { return id.state.Text() == r.k.tr.S("reader_ready") })
	if err := r.cards.Place("resident"); err != nil {
		t.Fatal(err)
	}
	ts := r.ticket()
	r.ui.sync(func() {
		if r.k.sess.card == nil { // the principal, sealed with the ticket by the server
			t.Error("the principal's card was not taken with the agent's ticket")
		}
	})

	sup := client.New(r.srv.url, "")
	if _, err := sup.Login(ctx, wire.LoginRequest{Staff: "super", PIN: "123456"}); err != nil {
		t.Fatal(err)
	}
	evs, err := sup.Events(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var issued *wire.Event
	for i, ev := range evs.Events {
		if ev.Type == "ticket.issued" && ev.Ticket != nil && ev.Ticket.ID == ts.t.ID {
			issued = &evs.Events[i]
		}
	}
	if issued == nil || issued.Ticket.Agent != "demo1" {
		t.Fatalf("the audit trail's ticket.issued: %+v", issued)
	}
	for _, url := range []string{r.srv.url + "/api/v1/tickets/" + ts.t.ID, r.srv.url + "/t/" + ts.t.ID, r.srv.url + "/api/v1/queue"} {
		if body := getRaw(t, url); strings.Contains(body, "demo1") || strings.Contains(body, `"agent"`) {
			t.Errorf("%s shows the agent: %.300s", url, body)
		}
	}

	// The anonymous stream (boards, phones) replays the issue without the agent.
	sctx, stop := context.WithCancel(ctx)
	seen := make(chan wire.Event, 1)
	go func() {
		_ = client.New(r.srv.url, "").Subscribe(sctx, client.StreamOptions{}, func(ev wire.Event) {
			if ev.Type == "ticket.issued" && ev.Ticket != nil && ev.Ticket.Number == ts.t.Number {
				select {
				case seen <- ev:
				default:
				}
			}
		})
	}()
	select {
	case ev := <-seen:
		if ev.Ticket.Agent != "" || ev.Staff != "" {
			t.Errorf("the anonymous stream shows agent %q, staff %q", ev.Ticket.Agent, ev.Staff)
		}
	case <-ctx.Done():
		t.Error("the anonymous stream never replayed the issue")
	}
	stop()

	r.tap(ts.done)
	r.waitScreen("home")
	r.ui.sync(func() {
		if r.k.ops.agent != nil || r.k.ops.notices[0].agentRow.Visible() {
			t.Error("the agent mode outlived the visit")
		}
	})
	// The kiosk logged the agent out: the token no longer issues (an unknown item
	// would be refused with 422 by a token still valid).
	for {
		_, err := r.api.Issue(ctx, wire.IssueRequest{Item: "no-such-item", AgentToken: token}, "after-logout")
		if client.StatusOf(err) == http.StatusForbidden {
			break
		}
		if ctx.Err() != nil {
			t.Fatalf("the agent's token still works after the visit: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	// Without an agent, the next ticket has none.
	id = r.takeTicket(r.goToItem("A", "440199-A-002"))
	r.tap(id.skip)
	next := r.ticket()
	evs, err = sup.Events(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range evs.Events {
		if ev.Ticket != nil && ev.Ticket.ID == next.t.ID && ev.Ticket.Agent != "" {
			t.Errorf("a citizen's own ticket records agent %q", ev.Ticket.Agent)
		}
	}
}
