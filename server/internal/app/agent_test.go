package app

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"onedoor/internal/client"
	"onedoor/internal/wire"
)

// TestAgentTokenOnlyIssuesAtKiosk: a staff member's agent login (帮办代办) takes no
// window and its token does nothing but name the agent of a kiosk's ticket request;
// only a kiosk may send it, only an agent login counts, and it expires.
func TestAgentTokenOnlyIssuesAtKiosk(t *testing.T) {
	ts := startServer(t)
	ctx := context.Background()
	login := client.New(ts.URL(), "")
	if _, err := login.Login(ctx, wire.LoginRequest{Staff: "demo2", PIN: DemoPIN, Window: 2, Agent: true}); client.StatusOf(err) != http.StatusUnprocessableEntity {
		t.Fatalf("an agent login with a window: %v", err)
	}
	if _, err := login.AgentLogin(ctx, "demo2", "000000"); client.StatusOf(err) != http.StatusUnauthorized {
		t.Fatalf("an agent login with a wrong PIN: %v", err)
	}
	resp, err := login.AgentLogin(ctx, "demo2", DemoPIN)
	if err != nil || resp.Window != 0 || resp.Staff != "demo2" {
		t.Fatalf("agent login: %+v, %v", resp, err)
	}
	agent := resp.Token
	if login.Token() != "" {
		t.Error("AgentLogin replaced the client's own token")
	}

	sup, err := client.New(ts.URL(), "").AgentLogin(ctx, "super", DemoPIN)
	if err != nil {
		t.Fatal(err)
	}
	c1 := ts.clerk(1)
	for _, tc := range []struct {
		name, method, path, token, body string
		status                          int
	}{
		{"the agent's token calls nothing", "POST", "/api/v1/windows/1/call", agent, ``, 403},
		{"a supervisor's agent token reads no audit trail", "GET", "/api/v1/events", sup.Token, ``, 403},
		{"a supervisor's agent token opens no window", "POST", "/api/v1/windows/3/open", sup.Token, ``, 403},
		{"the agent's token issues nothing itself", "POST", "/api/v1/tickets", agent, `{"item":"440199-A-001"}`, 403},
		{"a clerk cannot send an agent", "POST", "/api/v1/tickets", c1.Token(), `{"item":"440199-A-001","agent_token":"` + agent + `"}`, 403},
		{"a clerk's window login is no agent", "POST", "/api/v1/tickets", ts.KioskToken, `{"item":"440199-A-001","agent_token":"` + c1.Token() + `"}`, 403},
		{"a made-up agent", "POST", "/api/v1/tickets", ts.KioskToken, `{"item":"440199-A-001","agent_token":"nope"}`, 403},
		{"a control character", "POST", "/api/v1/tickets", ts.KioskToken, `{"item":"440199-A-001","agent_token":"a\nb"}`, 422},
		{"an overlong token", "POST", "/api/v1/tickets", ts.KioskToken, `{"item":"440199-A-001","agent_token":"` + strings.Repeat("x", 129) + `"}`, 422},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if status, body := ts.raw(tc.method, tc.path, tc.token, tc.body, "Idempotency-Key", nextKey()); status != tc.status {
				t.Fatalf("got %d %s, want %d", status, body, tc.status)
			}
		})
	}

	tk, err := ts.kiosk.Issue(ctx, wire.IssueRequest{Item: "440199-A-001", AgentToken: agent}, nextKey())
	if err != nil {
		t.Fatalf("a kiosk's ticket with an agent: %v", err)
	}
	if status, body := ts.raw("GET", "/api/v1/tickets/"+tk.ID, "", ""); status != 200 || strings.Contains(body, "demo2") {
		t.Errorf("the public ticket: %d %s", status, body)
	}
	evs, err := ts.supervisor().Events(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, ev := range evs.Events {
		if ev.Type == "ticket.issued" && ev.Ticket != nil && ev.Ticket.ID == tk.ID {
			found = ev.Ticket.Agent == "demo2"
		}
	}
	if !found {
		t.Error("the audit trail does not name the agent")
	}
	if got, err := ts.Store.Ticket(tk.ID); err != nil || got.Ticket.Agent != "demo2" {
		t.Errorf("the stored ticket's agent: %+v, %v", got.Ticket.Agent, err)
	}

	ts.clock.Add(11 * time.Minute)
	if _, err := ts.kiosk.Issue(ctx, wire.IssueRequest{Item: "440199-A-001", AgentToken: agent}, nextKey()); client.StatusOf(err) != http.StatusForbidden {
		t.Fatalf("an expired agent token: %v", err)
	}
}
