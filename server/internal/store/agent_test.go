package store

import (
	"context"
	"testing"
	"time"

	"onedoor/internal/queue"
)

// TestAgentCheckedWithTheTicket: an agent login at a kiosk has no window and lasts
// AgentTTL; a ticket names its agent only while the account exists and is not locked,
// judged in the issuing transaction; a retry of the key must name the same agent.
func TestAgentCheckedWithTheTicket(t *testing.T) {
	clk := &clock{now: time.Date(2026, 11, 25, 9, 0, 0, 0, shanghai)}
	s := openStore(t, t.TempDir(), clk)
	ctx := context.Background()
	if err := s.CreateStaff(ctx, "c1", "测试", RoleClerk, "2468"); err != nil {
		t.Fatal(err)
	}
	token, se, _, err := s.LoginAgent(ctx, "c1", "2468", false)
	if err != nil || !se.Agent || se.Window != 0 || !se.Expires.Equal(clk.Now().Add(AgentTTL)) {
		t.Fatalf("agent login: %+v, %v", se, err)
	}
	if got, err := s.Authenticate(token); err != nil || !got.Agent {
		t.Fatalf("the agent token: %+v, %v", got, err)
	}
	issue := func(key, agent string) (TicketView, error) {
		v, _, err := s.Issue(ctx, queue.IssueCmd{Item: "440199-A-001", Source: "kiosk-1", IdemKey: key, Agent: &queue.Agent{Staff: agent}}, nil)
		return v, err
	}
	v, err := issue("k1", "c1")
	if err != nil || v.Ticket.Agent != "c1" {
		t.Fatalf("ticket with agent c1: %+v, %v", v.Ticket, err)
	}
	if _, err := issue("k1", "c2"); queue.ErrorCode(err) != queue.Invalid {
		t.Errorf("the same key with another agent: %v, want invalid", err)
	}
	if _, err := issue("k2", "nobody"); queue.ErrorCode(err) != queue.Forbidden {
		t.Errorf("an unknown agent: %v, want forbidden", err)
	}
	s.mu.Lock()
	s.auth.staff["c1"].LockedUntil = clk.Now().Add(time.Hour)
	s.mu.Unlock()
	if _, err := issue("k3", "c1"); queue.ErrorCode(err) != queue.Forbidden {
		t.Errorf("a locked agent: %v, want forbidden", err)
	}
	clk.Set(clk.Now().Add(2 * time.Hour))
	if v, err := issue("k4", "c1"); err != nil || v.Ticket.Agent != "c1" {
		t.Errorf("after the lock: %+v, %v", v.Ticket, err)
	}
	if _, err := s.Authenticate(token); err == nil {
		t.Error("the agent token outlived AgentTTL")
	}
}
