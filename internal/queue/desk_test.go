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

func TestLeaveWindowClearsTheClerk(t *testing.T) {
	for _, tc := range []struct {
		name   string
		setup  func(h *testHall)
		staff  string
		events int
	}{
		{"open window of that clerk", func(*testHall) {}, "clerk1", 1},
		{"paused window of that clerk", func(h *testHall) { h.must(h.PauseWindow(1, "clerk1", "午休", h.now)) }, "clerk1", 1},
		{"window of another clerk", func(*testHall) {}, "clerk2", 0},
		{"closed window", func(h *testHall) { h.must(h.CloseWindow(1, "clerk1", h.now)) }, "clerk1", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newTestHall(t, DefaultPolicy())
			tc.setup(h)
			evs := h.LeaveWindow(1, tc.staff, 2, h.now)
			if len(evs) != tc.events {
				t.Fatalf("events %+v, want %d", evs, tc.events)
			}
			if tc.events == 0 {
				return
			}
			h.apply(evs)
			w := h.Windows[1]
			if w.Staff != "" || w.State != WinPaused || !strings.Contains(w.Reason, "2") || evs[0].Staff != tc.staff {
				t.Errorf("window 1 after its clerk left: %+v (event %+v)", w, evs[0])
			}
		})
	}
	h := newTestHall(t, DefaultPolicy())
	if evs := h.LeaveWindow(77, "clerk1", 2, h.now); evs != nil {
		t.Errorf("leaving a window that does not exist: %+v", evs)
	}
}
