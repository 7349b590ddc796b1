package queue

import (
	"slices"
	"testing"
	"time"
)

// TestRemoteByDigits: the digits of a number find today's waiting phone tickets with
// those digits in any category, leading zeros aside; not a kiosk ticket, not one called.
func TestRemoteByDigits(t *testing.T) {
	h := newTestHall(t, DefaultPolicy())
	remote := func(id, item string) *Ticket {
		h.now = h.now.Add(time.Minute)
		evs, tk, err := h.Issue(IssueCmd{ID: id, Item: item, Source: RemoteSource, Remote: true}, h.now)
		if err != nil {
			t.Fatal(err)
		}
		h.apply(evs)
		return h.Tickets[tk.ID]
	}
	a1 := remote("ra1", "440199-A-001")
	h.issue("440199-A-001", "normal") // a kiosk's, A002
	a3 := remote("ra3", "440199-A-001")
	b1 := remote("rb1", "440199-B-001")
	ids := func(ts []*Ticket) []string {
		var out []string
		for _, t := range ts {
			out = append(out, t.ID)
		}
		slices.Sort(out)
		return out
	}
	if a1.Number[1:] != b1.Number[1:] || a1.Number == b1.Number {
		t.Fatalf("numbers %s and %s: the test wants one digits in two categories", a1.Number, b1.Number)
	}
	for _, c := range []struct {
		digits string
		want   []string
	}{
		{a1.Number[1:], []string{"ra1", "rb1"}},
		{"1", []string{"ra1", "rb1"}},
		{a3.Number[1:], []string{"ra3"}},
		{"2", nil}, // the kiosk's
		{"99", nil},
		{"", nil},
		{"x1", nil},
	} {
		if got := ids(h.RemoteByDigits(c.digits)); !slices.Equal(got, c.want) {
			t.Errorf("%q: %v, want %v", c.digits, got, c.want)
		}
	}
	h.call(1) // calls ra1
	if got := ids(h.RemoteByDigits("1")); !slices.Equal(got, []string{"rb1"}) {
		t.Errorf("after ra1 was called: %v, want only rb1", got)
	}
}
