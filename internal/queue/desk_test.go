package queue

import (
	"strings"
	"testing"
)

func TestTransferRefusedToClosedOrPausedWindow(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(h *testHall)
		win   int
		cat   string
		code  Code
		state string
	}{
		{"open window", func(*testHall) {}, 2, "", "", ""},
		{"paused window", func(h *testHall) { h.must(h.PauseWindow(2, "c", "午休", h.now)) }, 2, "", Conflict, "paused"},
		{"closed window", func(h *testHall) { h.must(h.CloseWindow(2, "c", h.now)) }, 2, "", Conflict, "closed"},
		{"category while its windows are closed", func(h *testHall) { h.must(h.CloseWindow(3, "c", h.now)) }, 0, "SCJG", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newTestHall(t, DefaultPolicy())
			tk := h.issue("440199-A-001", "")
			h.must(h.Call(1, "c", h.now))
			h.must(h.Start(1, "c", h.now))
			tc.setup(h)
			evs, err := h.Transfer(1, "c", tc.win, tc.cat, h.now)
			if ErrorCode(err) != tc.code {
				t.Fatalf("transfer: %v, want code %q", err, tc.code)
			}
			if tc.code != "" {
				if !strings.Contains(ErrorMessage(err), tc.state) {
					t.Errorf("message %q does not name the state %q", ErrorMessage(err), tc.state)
				}
				if evs != nil || h.Tickets[tk.ID].State != Serving {
					t.Errorf("a refused transfer changed something: %v %+v", evs, h.Tickets[tk.ID])
				}
				return
			}
			h.apply(evs)
			if h.Tickets[tk.ID].State != Waiting {
				t.Errorf("ticket %+v after transfer", h.Tickets[tk.ID])
			}
		})
	}
}
