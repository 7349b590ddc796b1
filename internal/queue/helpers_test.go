package queue

import (
	"fmt"
	"os"
	"testing"
	"time"
)

var shanghai = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	return loc
}()

func sampleCatalog(t testing.TB) *Catalog {
	t.Helper()
	data, err := os.ReadFile("../../assets/catalog-sample.json")
	if err != nil {
		t.Fatal(err)
	}
	c, err := ParseCatalog(data)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// testHall is a hall on 2026-11-25 with windows 1-3 (3 limited to category SCJG) and 9
// (pickup, TYCJ), all open, and the events it has applied.
type testHall struct {
	*Hall
	t   testing.TB
	now time.Time
	ids int
}

func newTestHall(t testing.TB, p Policy) *testHall {
	h := &testHall{Hall: NewHall(sampleCatalog(t), shanghai, p), t: t,
		now: time.Date(2026, 11, 25, 9, 0, 0, 0, shanghai)}
	h.apply(h.Rollover(h.now))
	for _, w := range []Window{
		{Number: 1, Name: "1号窗口", Kind: Comprehensive},
		{Number: 2, Name: "2号窗口", Kind: Comprehensive},
		{Number: 3, Name: "3号窗口", Kind: Special, Categories: []string{"SCJG"}},
		{Number: 9, Name: "9号窗口", Kind: Pickup, Categories: []string{"TYCJ"}},
	} {
		h.must(h.CreateWindow(w, h.now))
		h.must(h.OpenWindow(w.Number, fmt.Sprintf("clerk%d", w.Number), h.now))
	}
	return h
}

func (h *testHall) apply(evs []Event) {
	for _, ev := range evs {
		ev.Seq = h.LastSeq + 1
		h.Apply(ev)
	}
}

func (h *testHall) must(evs []Event, err error) []Event {
	h.t.Helper()
	if err != nil {
		h.t.Fatal(err)
	}
	h.apply(evs)
	return evs
}

// issue issues a ticket for item with a priority, a minute after the previous one.
func (h *testHall) issue(item, prio string) *Ticket {
	h.t.Helper()
	h.now = h.now.Add(time.Minute)
	h.ids++
	evs, t, err := h.Issue(IssueCmd{ID: fmt.Sprintf("t%d", h.ids), Item: item, Priority: prio, Source: "kiosk-1"}, h.now)
	if err != nil {
		h.t.Fatal(err)
	}
	h.apply(evs)
	return h.Tickets[t.ID]
}

// call calls at window n and returns the number called, or "" when none.
func (h *testHall) call(n int) string {
	h.t.Helper()
	evs := h.must(h.Call(n, "clerk", h.now))
	if len(evs) == 0 {
		return ""
	}
	num := evs[0].Ticket.Number
	// finish the visit so the window can call again
	h.must(h.Start(n, "clerk", h.now))
	h.must(h.Finish(n, "clerk", Completed, nil, "", h.now))
	return num
}
