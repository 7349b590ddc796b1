package queue

import (
	"testing"
	"time"
)

// autoHall is a test hall whose windows 1 and 2 are in auto mode (3 and 9 stay manual).
func autoHall(t *testing.T, pause time.Duration) *testHall {
	p := DefaultPolicy()
	p.AutoPause = pause
	h := newTestHall(t, p)
	for _, n := range []int{1, 2} {
		h.must(h.SetWindowMode(n, true, "super", h.now))
	}
	return h
}

// drain applies AutoCall's events until it has none and returns the calls made, as
// "number@window".
func (h *testHall) drain() []string {
	var out []string
	for i := 0; ; i++ {
		evs := h.AutoCall(h.now)
		if len(evs) == 0 {
			return out
		}
		if i > 100 {
			h.t.Fatal("AutoCall does not stop")
		}
		ev := evs[0]
		if ev.Type != TicketCalled || !ev.Auto || ev.Ticket.Window != ev.Window.Number || ev.Window.Current != ev.Ticket.ID {
			h.t.Fatalf("AutoCall decided %+v", ev)
		}
		h.apply(evs)
		out = append(out, ev.Ticket.Number+"@"+itoa(ev.Window.Number))
	}
}

func itoa(n int) string { return string(rune('0' + n)) }

// end finishes the visit at window n.
func (h *testHall) end(n int) {
	h.t.Helper()
	h.must(h.Start(n, "clerk", h.now))
	h.must(h.Finish(n, "clerk", Completed, nil, "", h.now))
}

func TestAutoCallCallsIdleWindowsAtOnce(t *testing.T) {
	h := autoHall(t, 10*time.Second)
	if got := h.drain(); len(got) != 0 {
		t.Fatalf("called %v with nobody waiting", got)
	}
	a := h.issue("440199-A-001", PriorityNormal)
	b := h.issue("440199-A-001", PriorityNormal)
	c := h.issue("440199-A-001", PriorityNormal)
	got := h.drain()
	want := []string{a.Number + "@1", b.Number + "@2"}
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("auto calls %v, want %v", got, want)
	}
	if h.Tickets[c.ID].State != Waiting {
		t.Fatalf("third ticket is %s with both windows busy", h.Tickets[c.ID].State)
	}
}

func TestAutoCallRestsThePause(t *testing.T) {
	h := autoHall(t, 10*time.Second)
	h.must(h.SetWindowMode(2, false, "super", h.now))
	a := h.issue("440199-A-001", PriorityNormal)
	b := h.issue("440199-A-001", PriorityNormal)
	if got := h.drain(); len(got) != 1 || got[0] != a.Number+"@1" {
		t.Fatalf("auto calls %v", got)
	}
	h.end(1)
	finished := h.now
	if at, ok := h.NextAutoCall(h.now); !ok || !at.Equal(finished.Add(10*time.Second)) {
		t.Fatalf("next auto call at %v %v, want %v", at, ok, finished.Add(10*time.Second))
	}
	// asked after the pause has ended (the server was down, or slow between batches): due now
	late := finished.Add(15 * time.Second)
	if at, ok := h.NextAutoCall(late); !ok || !at.Equal(late) {
		t.Fatalf("next auto call asked past the pause: %v %v, want now (%v)", at, ok, late)
	}
	for _, tc := range []struct {
		after time.Duration
		calls int
	}{{0, 0}, {9*time.Second + 999*time.Millisecond, 0}, {10 * time.Second, 1}} {
		h.now = finished.Add(tc.after)
		if got := h.drain(); len(got) != tc.calls {
			t.Fatalf("%v after the visit: auto calls %v, want %d", tc.after, got, tc.calls)
		}
	}
	if h.Tickets[b.ID].Window != 1 {
		t.Fatalf("second ticket at window %d", h.Tickets[b.ID].Window)
	}
	if _, ok := h.NextAutoCall(h.now); ok {
		t.Fatal("a next auto call with the window busy")
	}
	h.end(1) // free and rested long after, with nobody waiting: nothing is due, no busy timer
	if at, ok := h.NextAutoCall(h.now.Add(time.Hour)); ok {
		t.Fatalf("a next auto call at %v with nobody waiting", at)
	}
}

func TestAutoCallSkipsWindowsNotReady(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(h *testHall)
	}{
		{"paused", func(h *testHall) { h.must(h.PauseWindow(1, "clerk1", "午休", h.now)) }},
		{"closed", func(h *testHall) { h.must(h.CloseWindow(1, "clerk1", h.now)) }},
		{"manual", func(h *testHall) { h.must(h.SetWindowMode(1, false, "super", h.now)) }},
		{"category not served", func(h *testHall) {
			h.must(h.SetWindowMode(1, false, "super", h.now))
			h.must(h.SetWindowMode(3, true, "super", h.now)) // window 3 serves SCJG only
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := autoHall(t, 0)
			h.must(h.SetWindowMode(2, false, "super", h.now))
			tc.setup(h)
			h.issue("440199-A-001", PriorityNormal) // category A (not SCJG)
			if got := h.drain(); len(got) != 0 {
				t.Fatalf("auto calls %v", got)
			}
		})
	}
}

func TestSetWindowModeRefuses(t *testing.T) {
	h := autoHall(t, 0)
	if _, err := h.SetWindowMode(1, true, "super", h.now); ErrorCode(err) != Conflict {
		t.Fatalf("auto twice: %v", err)
	}
	if _, err := h.SetWindowMode(42, true, "super", h.now); ErrorCode(err) != NotFound {
		t.Fatalf("unknown window: %v", err)
	}
}

// TestAutoCallKeepsThePolicy: the same tickets called by a clerk at one window and by
// auto mode at the same window come in the same order: the call policy (priority
// ratio, waits) is the same.
func TestAutoCallKeepsThePolicy(t *testing.T) {
	prios := []string{PriorityNormal, PriorityElderly, PriorityElderly, PriorityNormal, PriorityElderly,
		PriorityElderly, PriorityElderly, PriorityElderly, PriorityNormal, PriorityNormal}
	order := func(auto bool) []string {
		h := autoHall(t, 0)
		h.must(h.SetWindowMode(1, false, "super", h.now))
		h.must(h.SetWindowMode(2, false, "super", h.now))
		h.must(h.CloseWindow(1, "clerk1", h.now))
		if auto {
			h.must(h.SetWindowMode(2, true, "super", h.now))
		}
		h.must(h.PauseWindow(2, "clerk2", "", h.now)) // every ticket waits first
		for _, p := range prios {
			h.issue("440199-A-001", p)
		}
		h.must(h.OpenWindow(2, "clerk2b", h.now))
		var out []string
		for range prios {
			h.now = h.now.Add(time.Minute)
			if auto {
				got := h.drain()
				if len(got) != 1 {
					t.Fatalf("auto calls %v", got)
				}
				out = append(out, got[0][:len(got[0])-2])
				h.end(2)
			} else {
				out = append(out, h.call(2))
			}
		}
		return out
	}
	manual, auto := order(false), order(true)
	t.Logf("manual %v auto %v", manual, auto)
	for i := range manual {
		if manual[i] != auto[i] {
			t.Fatalf("manual calls %v, auto calls %v", manual, auto)
		}
	}
}
