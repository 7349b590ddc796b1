package desk

import (
	"testing"

	"onedoor/internal/wire"
)

func TestLiveTalliesItsWindowAndTracksMissedTickets(t *testing.T) {
	l := NewLive(1, 10)
	changes := 0
	l.OnChange = func(*wire.Event) { changes++ }
	tk := func(id, n string) *wire.EventTicket { return &wire.EventTicket{ID: id, Number: n} }
	win := func(n int) *wire.EventWindow { return &wire.EventWindow{Number: n} }
	for _, ev := range []wire.Event{
		{Seq: 11, Type: "ticket.finished", Outcome: "accepted", Window: win(1), Ticket: tk("a", "A001")},
		{Seq: 12, Type: "ticket.finished", Outcome: "accepted", Window: win(2), Ticket: tk("b", "A002")},
		{Seq: 13, Type: "ticket.no_show", Window: win(1), Ticket: tk("c", "A003")},
		{Seq: 14, Type: "ticket.no_show", Window: win(2), Ticket: tk("d", "A004")},
		{Seq: 15, Type: "ticket.reinstated", Ticket: tk("c", "A003")},
		{Seq: 16, Type: "ticket.finished", Outcome: "supplement", Window: win(1), Ticket: tk("e", "A005")},
	} {
		l.Apply(ev)
	}
	ty := l.Tally()
	if ty.Outcomes["accepted"] != 1 || ty.Outcomes["supplement"] != 1 || ty.NoShows != 1 {
		t.Fatalf("tally %+v: window 2's events counted, or window 1's lost", ty)
	}
	if ms := l.Missed(); len(ms) != 1 || ms[0].ID != "d" {
		t.Fatalf("missed %+v, want only A004 (A003 was reinstated)", ms)
	}
	if l.Seq() != 16 || changes != 6 {
		t.Fatalf("seq %d after %d changes, want 16 after 6", l.Seq(), changes)
	}
	l.Apply(wire.Event{Seq: 9, Type: "hall.notice"}) // a late replay never moves seq back
	if l.Seq() != 16 {
		t.Fatalf("seq went back to %d", l.Seq())
	}
}
