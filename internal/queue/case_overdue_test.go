package queue

import "testing"

// TestDecideOverdue: a case is marked overdue once, the first time it is found past its
// due date with a sub-case undecided; not before the date, not once decided, not while
// its clock stands still, not twice.
func TestDecideOverdue(t *testing.T) {
	// The plain item's 5 working days from Wednesday 25 November, over the holiday of
	// Monday 30 November, run out on Thursday 3 December.
	for _, tc := range []struct {
		name  string
		setup func(h *caseHall, no string)
		day   string
		want  int
	}{
		{"on the due day", nil, "2026-12-03", 0},
		{"the day after", nil, "2026-12-04", 1},
		{"claimed, the day after", func(h *caseHall, no string) { h.do(CaseCmd{Action: CaseClaim, Case: no}) }, "2026-12-04", 1},
		{"approved in time", func(h *caseHall, no string) {
			h.do(CaseCmd{Action: CaseClaim, Case: no})
			h.do(CaseCmd{Action: CaseApprove, Case: no})
		}, "2026-12-04", 0},
		{"suspended before the due day", func(h *caseHall, no string) {
			h.do(CaseCmd{Action: CaseClaim, Case: no})
			h.do(CaseCmd{Action: CaseSuspend, Case: no, Hold: "hearing", Reason: "听证"})
		}, "2026-12-07", 0},
		{"already marked", func(h *caseHall, no string) {
			h.at("2026-12-04")
			h.record(h.DecideOverdue(h.now, "system"))
		}, "2026-12-07", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newCaseHall(t, testCalendar(t))
			no := h.accept(plainItem)
			if c, _ := h.Case(no); c.State == CaseAccepted {
				h.do(CaseCmd{Action: CaseRoute, Case: no, Staff: "system"})
			}
			if tc.setup != nil {
				tc.setup(h, no)
			}
			h.at(tc.day)
			before := caseJSON(t, h.Hall)
			evs := h.DecideOverdue(h.now, "system")
			if caseJSON(t, h.Hall) != before {
				t.Fatal("DecideOverdue changed the hall")
			}
			if len(evs) != tc.want {
				t.Fatalf("%d events, want %d: %+v", len(evs), tc.want, evs)
			}
			if tc.want == 0 {
				return
			}
			ev := evs[0]
			if ev.Type != CaseOverdue || ev.Case == nil || ev.Case.No != no || !ev.Case.OverdueAt.Equal(h.now) || ev.Staff != "system" || ev.Dept == "" {
				t.Fatalf("the event: %+v", ev)
			}
			h.record(evs)
			if c, _ := h.Case(no); c.OverdueAt.IsZero() || c.State != CaseInProgress {
				t.Fatalf("the case after the event: %+v", c)
			}
			if again := h.DecideOverdue(h.now, "system"); len(again) != 0 {
				t.Fatalf("marked twice: %+v", again)
			}
		})
	}
}
