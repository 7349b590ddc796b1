package queue

import (
	"reflect"
	"testing"
)

func TestEnterApplicant(t *testing.T) {
	for _, tc := range []struct {
		name   string
		setup  func(h *testHall)
		window int
		code   Code
	}{
		{"called", func(*testHall) {}, 1, ""},
		{"being served", func(h *testHall) { h.must(h.Start(1, "c", h.now)) }, 1, ""},
		{"window without a ticket", func(*testHall) {}, 2, Conflict},
		{"no such window", func(*testHall) {}, 8, NotFound},
		{"after the finish", func(h *testHall) {
			h.must(h.Start(1, "c", h.now))
			h.must(h.Finish(1, "c", Completed, nil, "", h.now))
		}, 1, Conflict},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newTestHall(t, DefaultPolicy())
			tk := h.issue("440199-A-001", "")
			h.must(h.Call(1, "c", h.now))
			tc.setup(h)
			before := *h.Tickets[tk.ID]
			evs, err := h.EnterApplicant(tc.window, "c", h.now)
			if ErrorCode(err) != tc.code {
				t.Fatalf("enter: %v, want code %q", err, tc.code)
			}
			if tc.code != "" {
				if evs != nil || !reflect.DeepEqual(*h.Tickets[tk.ID], before) {
					t.Fatal("a refused entry changed something")
				}
				return
			}
			if len(evs) != 1 || evs[0].Type != ApplicantEntered || !evs[0].Ticket.Applicant || evs[0].Staff != "c" {
				t.Fatalf("events %+v", evs)
			}
			h.apply(evs)
			if got := h.Tickets[tk.ID]; !got.Applicant || got.State != before.State {
				t.Fatalf("ticket after the entry %+v", got)
			}
		})
	}
}
