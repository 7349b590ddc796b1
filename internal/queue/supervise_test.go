package queue

import (
	"slices"
	"testing"
)

// TestMoveWaiting: a supervisor moves a waiting ticket to another category (it leaves
// the old queue and joins the new one) or to an open window (only that window then
// calls it); every refusal leaves the hall as it was.
func TestMoveWaiting(t *testing.T) {
	h := newTestHall(t, DefaultPolicy())
	a := h.issue("440199-A-001", PriorityNormal)
	b := h.issue("440199-A-001", PriorityNormal)
	c := h.issue("440199-A-001", PriorityNormal)
	catA, _ := h.Catalog.Category("A")
	catC, _ := h.Catalog.Category("C")
	h.must(h.CreateWindow(Window{Number: 5, Name: "5号窗口", Kind: Comprehensive}, h.now)) // closed
	if evs := h.must(h.Call(1, "clerk1", h.now)); len(evs) == 0 || evs[0].Ticket.ID != a.ID {
		t.Fatalf("window 1 called %+v, want %s", evs, a.Number)
	}
	h.must(h.Start(1, "clerk1", h.now))
	h.must(h.Finish(1, "clerk1", Completed, nil, "", h.now))

	for _, tc := range []struct {
		name     string
		id       string
		window   int
		category string
		code     Code
	}{
		{"unknown ticket", "nope", 0, "C", NotFound},
		{"not waiting", a.ID, 0, "C", Conflict},
		{"both", b.ID, 2, "C", Invalid},
		{"neither", b.ID, 0, "", Invalid},
		{"unknown category", b.ID, 0, "Q", Invalid},
		{"same category", b.ID, 0, catA.Code, Conflict},
		{"no such window", b.ID, 42, "", Invalid},
		{"closed window", b.ID, 5, "", Conflict},
	} {
		t.Run(tc.name, func(t *testing.T) {
			evs, err := h.MoveWaiting(tc.id, tc.window, tc.category, "super", h.now)
			if ErrorCode(err) != tc.code || evs != nil {
				t.Fatalf("got %v %v, want %s", evs, err, tc.code)
			}
		})
	}

	waitA := h.Queue.Waiting(catA.Code)
	ev := h.must(h.MoveWaiting(b.ID, 0, "C", "super", h.now))[0]
	if ev.Type != TicketMoved || ev.Staff != "super" || ev.Window != nil || ev.Ticket.Category != catC.Code {
		t.Fatalf("the move's event: %+v", ev)
	}
	if h.Queue.Waiting(catA.Code) != waitA-1 || h.Queue.Waiting(catC.Code) != 1 || h.Tickets[b.ID].State != Waiting {
		t.Fatalf("after the move: %s %d waiting, %s %d", catA.Code, h.Queue.Waiting(catA.Code), catC.Code, h.Queue.Waiting(catC.Code))
	}
	if _, err := h.MoveWaiting(b.ID, 0, "C", "super", h.now); ErrorCode(err) != Conflict {
		t.Fatalf("moved twice: %v", err)
	}

	h.must(h.MoveWaiting(c.ID, 2, "", "super", h.now))
	if _, err := h.MoveWaiting(c.ID, 2, "", "super", h.now); ErrorCode(err) != Conflict {
		t.Fatalf("moved to its window twice: %v", err)
	}
	evs := h.must(h.Call(1, "clerk1", h.now)) // window 1 takes b (now in C), never c
	if len(evs) == 0 || evs[0].Ticket.ID != b.ID {
		t.Fatalf("window 1 called %+v, want %s", evs, b.Number)
	}
	evs = h.must(h.Call(2, "clerk2", h.now))
	if len(evs) == 0 || evs[0].Ticket.ID != c.ID {
		t.Fatalf("window 2 called %+v, want %s", evs, c.Number)
	}
}

// TestSetWindowCategories: a window's categories by code or prefix, kept sorted; the
// same set again, an unknown or repeated category and an unknown window are refused.
func TestSetWindowCategories(t *testing.T) {
	h := newTestHall(t, DefaultPolicy())
	catA, _ := h.Catalog.Category("A")
	catC, _ := h.Catalog.Category("C")
	want := []string{catA.Code, catC.Code}
	slices.Sort(want)
	ev := h.must(h.SetWindowCategories(1, []string{"C", catA.Code}, "super", h.now))[0]
	if ev.Type != WindowCategoriesSet || !slices.Equal(h.Windows[1].Categories, want) || ev.Staff != "super" {
		t.Fatalf("window 1 serves %v after %+v, want %v", h.Windows[1].Categories, ev, want)
	}
	if !h.Windows[1].Serves(catC.Code) || h.Windows[1].Serves("TYCJ") {
		t.Fatal("window 1 serves the wrong categories")
	}
	for _, tc := range []struct {
		name string
		n    int
		cats []string
		code Code
	}{
		{"same again", 1, []string{"A", "C"}, Conflict},
		{"unknown", 1, []string{"Q"}, Invalid},
		{"twice", 1, []string{"A", catA.Code}, Invalid},
		{"no window", 42, nil, NotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if evs, err := h.SetWindowCategories(tc.n, tc.cats, "super", h.now); ErrorCode(err) != tc.code || evs != nil {
				t.Fatalf("got %v %v, want %s", evs, err, tc.code)
			}
		})
	}
	h.must(h.SetWindowCategories(1, nil, "super", h.now))
	if len(h.Windows[1].Categories) != 0 || !h.Windows[1].Serves("TYCJ") {
		t.Fatalf("window 1 after clearing: %v", h.Windows[1].Categories)
	}
}
