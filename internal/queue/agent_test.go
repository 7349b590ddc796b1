package queue

import (
	"strings"
	"testing"
)

// TestAgentTicket issues tickets for a citizen by staff (帮办代办): an active clerk,
// supervisor or admin is recorded on the ticket and in its event; a locked or unknown
// account, a device, or a malformed id is refused and changes nothing.
func TestAgentTicket(t *testing.T) {
	h := newTestHall(t, Policy{})
	item := "440199-A-001"
	for _, role := range []string{"clerk", "supervisor", "admin"} {
		evs, tk, err := h.Issue(IssueCmd{ID: "agent-" + role, Item: item, Source: "kiosk-1", IdemKey: "k-" + role,
			HasApplicant: true, Agent: &Agent{Staff: "demo1", Role: role, Active: true}}, h.now)
		if err != nil {
			t.Fatalf("%s as agent: %v", role, err)
		}
		if tk.Agent != "demo1" || len(evs) != 1 || evs[0].Ticket.Agent != "demo1" || evs[0].Type != TicketIssued {
			t.Fatalf("%s as agent: ticket agent %q, events %+v", role, tk.Agent, evs)
		}
		if evs[0].Staff != "kiosk-1" {
			t.Errorf("the event's actor is %q, want the kiosk", evs[0].Staff)
		}
		h.apply(evs)
		if got := h.Tickets[tk.ID].Agent; got != "demo1" {
			t.Errorf("applied ticket's agent %q", got)
		}
	}
	// A citizen's own ticket has no agent.
	if own := h.issue(item, ""); own.Agent != "" {
		t.Errorf("a citizen's own ticket has agent %q", own.Agent)
	}
	before := len(h.Tickets)
	for _, tc := range []struct {
		name  string
		agent Agent
		code  Code
	}{
		{"locked or unknown", Agent{Staff: "demo2", Role: "clerk", Active: false}, Forbidden},
		{"a device", Agent{Staff: "kiosk-2", Role: "device", Active: true}, Forbidden},
		{"no role", Agent{Staff: "demo2", Active: true}, Forbidden},
		{"empty id", Agent{Role: "clerk", Active: true}, Invalid},
		{"too long", Agent{Staff: strings.Repeat("x", MaxStaffID+1), Role: "clerk", Active: true}, Invalid},
		{"control character", Agent{Staff: "demo\n1", Role: "clerk", Active: true}, Invalid},
		{"space", Agent{Staff: "demo 1", Role: "clerk", Active: true}, Invalid},
	} {
		a := tc.agent
		evs, tk, err := h.Issue(IssueCmd{ID: "refused", Item: item, Source: "kiosk-1", Agent: &a}, h.now)
		if ErrorCode(err) != tc.code || evs != nil || tk != nil {
			t.Errorf("%s: error %v (code %q), want %q and nothing issued", tc.name, err, ErrorCode(err), tc.code)
		}
	}
	if len(h.Tickets) != before {
		t.Errorf("refused agents issued %d tickets", len(h.Tickets)-before)
	}
	// The longest id allowed passes.
	long := Agent{Staff: strings.Repeat("x", MaxStaffID), Role: "clerk", Active: true}
	if _, _, err := h.Issue(IssueCmd{ID: "long", Item: item, Source: "kiosk-1", Agent: &long}, h.now); err != nil {
		t.Errorf("a %d-character staff id: %v", MaxStaffID, err)
	}
}
