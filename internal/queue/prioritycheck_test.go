package queue

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestDeclaredCheckAtIssue: a group the citizen claims waits for the clerk's check; one
// the system knows (an appointment, an age the card proves) and no group need none.
func TestDeclaredCheckAtIssue(t *testing.T) {
	old := time.Date(1950, 1, 1, 0, 0, 0, 0, shanghai)
	young := time.Date(1990, 1, 1, 0, 0, 0, 0, shanghai)
	for _, tc := range []struct {
		name  string
		prio  string
		birth time.Time
		group string
		want  PriorityCheck
	}{
		{"no group", "", time.Time{}, PriorityNormal, ""},
		{"military claimed", "military", time.Time{}, "military", PriorityDeclared},
		{"disabled claimed with a card", "disabled", young, "disabled", PriorityDeclared},
		{"elderly from the card's birth date", "", old, PriorityElderly, ""},
		{"elderly claimed, the card proves it", PriorityElderly, old, PriorityElderly, ""},
		{"elderly claimed without a card", PriorityElderly, time.Time{}, PriorityElderly, PriorityDeclared},
		{"elderly claimed, the card says younger", PriorityElderly, young, PriorityElderly, PriorityDeclared},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newTestHall(t, DefaultPolicy())
			evs, tk, err := h.Issue(IssueCmd{ID: "t1", Item: "440199-A-001", Priority: tc.prio, Birth: tc.birth, Source: "kiosk-1"}, h.now)
			if err != nil {
				t.Fatal(err)
			}
			if tk.Priority != tc.group || tk.PriorityCheck != tc.want {
				t.Fatalf("ticket has group %q check %q, want %q %q", tk.Priority, tk.PriorityCheck, tc.group, tc.want)
			}
			if evs[0].Ticket.PriorityCheck != tc.want {
				t.Fatalf("the issue event records check %q", evs[0].Ticket.PriorityCheck)
			}
		})
	}
}

// TestCheckPriority: the clerk confirms or refuses a claim once, at the window serving
// it; every other case is refused and changes nothing.
func TestCheckPriority(t *testing.T) {
	long := strings.Repeat("字", MaxReason+1)
	for _, tc := range []struct {
		name    string
		prio    string
		setup   func(h *testHall)
		window  int
		confirm bool
		reason  string
		code    Code
		want    PriorityCheck
	}{
		{"confirmed when called", "military", nil, 1, true, "", "", PriorityConfirmed},
		{"refused with a reason", "disabled", nil, 1, false, "未出示残疾人证", "", PriorityRefused},
		{"confirmed while serving", "pregnant", func(h *testHall) { h.must(h.Start(1, "c", h.now)) }, 1, true, "", "", PriorityConfirmed},
		{"nothing claimed", "", nil, 1, true, "", Conflict, ""},
		{"checked twice", "military", func(h *testHall) { h.must(h.CheckPriority(1, "c", true, "", h.now)) }, 1, false, "", Conflict, PriorityConfirmed},
		{"at a window without the ticket", "military", nil, 2, true, "", Conflict, PriorityDeclared},
		{"at no window", "military", nil, 7, true, "", NotFound, PriorityDeclared},
		{"reason too long", "military", nil, 1, false, long, Invalid, PriorityDeclared},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newTestHall(t, DefaultPolicy())
			tk := h.issue("440199-A-001", tc.prio)
			h.must(h.Call(1, "c", h.now))
			if tc.setup != nil {
				tc.setup(h)
			}
			before := *h.Tickets[tk.ID]
			evs, err := h.CheckPriority(tc.window, "c", tc.confirm, tc.reason, h.now)
			if ErrorCode(err) != tc.code {
				t.Fatalf("check: %v, want code %q", err, tc.code)
			}
			if tc.code != "" {
				if evs != nil || !reflect.DeepEqual(*h.Tickets[tk.ID], before) {
					t.Fatalf("a refused check changed something: %v", evs)
				}
				if h.Tickets[tk.ID].PriorityCheck != tc.want {
					t.Fatalf("check is %q, want %q", h.Tickets[tk.ID].PriorityCheck, tc.want)
				}
				return
			}
			if len(evs) != 1 || evs[0].Type != TicketPriorityChecked || evs[0].Reason != tc.reason || evs[0].Staff != "c" {
				t.Fatalf("events %+v", evs)
			}
			h.apply(evs)
			got := h.Tickets[tk.ID]
			if got.PriorityCheck != tc.want || got.State != before.State || got.Priority != before.Priority {
				t.Fatalf("after the check the ticket is %+v", got)
			}
			// a refused claim no longer goes ahead should the ticket wait again
			if wantClass := map[bool]Class{true: ClassPriority, false: ClassNormal}[tc.confirm]; got.Class() != wantClass {
				t.Fatalf("after the check the ticket waits in lane %d, want %d", got.Class(), wantClass)
			}
		})
	}
}

// TestPriorityTallies counts the day's claims per group, in the catalog's order, and
// starts again with the next day.
func TestPriorityTallies(t *testing.T) {
	h := newTestHall(t, DefaultPolicy())
	for _, g := range []string{"disabled", "military", "military", "military", ""} {
		h.issue("440199-A-001", g)
	}
	serve := func(confirm bool) {
		h.must(h.Call(1, "c", h.now))
		h.must(h.CheckPriority(1, "c", confirm, "", h.now))
		h.must(h.Start(1, "c", h.now))
		h.must(h.Finish(1, "c", Completed, nil, "", h.now))
	}
	serve(true)  // military t2 (weight 100 goes first)
	serve(false) // military t3
	got := h.PriorityTallies()
	want := []PriorityTally{{Group: "military", Declared: 3, Confirmed: 1, Refused: 1}, {Group: "disabled", Declared: 1}}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("tallies %+v, want %+v", got, want)
	}
	h.apply(h.Rollover(h.now.Add(24 * time.Hour)))
	if got := h.PriorityTallies(); len(got) != 0 {
		t.Fatalf("a new day starts with tallies %+v", got)
	}
}
