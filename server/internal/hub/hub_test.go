package hub

import (
	"testing"
)

func TestSlowSubscriberIsDropped(t *testing.T) {
	h := New(4)
	slow := h.Subscribe(false, Filter{})
	fast := h.Subscribe(false, Filter{})
	got := 0
	for i := 1; i <= 10; i++ {
		h.Publish(&Message{Seq: uint64(i), Public: []byte("{}"), Staff: []byte("{}")})
		<-fast.C // the fast one keeps up
		got++
	}
	select {
	case <-slow.Gone():
	default:
		t.Fatal("a subscriber with a full buffer was not dropped")
	}
	select {
	case <-fast.Gone():
		t.Fatal("the fast subscriber was dropped")
	default:
	}
	if h.Count() != 1 || h.Dropped() != 1 || got != 10 {
		t.Fatalf("count %d dropped %d got %d", h.Count(), h.Dropped(), got)
	}
}

func TestFilter(t *testing.T) {
	for _, tc := range []struct {
		f    Filter
		m    Message
		want bool
	}{
		{Filter{}, Message{TicketID: "x", Category: "A"}, true},
		{Filter{Ticket: "x", Category: "A"}, Message{TicketID: "x", Category: "B"}, true},
		{Filter{Ticket: "x", Category: "A"}, Message{TicketID: "y", Category: "A"}, true},
		{Filter{Ticket: "x", Category: "A"}, Message{TicketID: "y", Category: "B"}, false},
		{Filter{Category: "A"}, Message{}, true}, // window and day events reach every screen
		{Filter{Board: true}, Message{Board: true, TicketID: "x", Category: "A"}, true},
		{Filter{Board: true}, Message{TicketID: "x", Category: "A"}, false}, // a ticket issued: counts only
		{Filter{Board: true}, Message{Summary: true}, true},
		{Filter{}, Message{Summary: true}, false}, // the full stream has every event itself
		{Filter{Category: "A"}, Message{Summary: true}, false},
		{Filter{Board: true, Category: "A"}, Message{Board: true, TicketID: "y", Category: "B"}, false},
		{Filter{Board: true, Category: "A"}, Message{Summary: true}, true},
	} {
		if got := tc.f.match(&tc.m); got != tc.want {
			t.Errorf("%+v matches %+v = %v", tc.f, tc.m, got)
		}
	}
}

func TestClosedHubRefusesSubscribers(t *testing.T) {
	h := New(1)
	s := h.Subscribe(true, Filter{})
	h.Close()
	select {
	case <-s.Gone():
	default:
		t.Fatal("close did not drop the subscriber")
	}
	if h.Subscribe(false, Filter{}) != nil {
		t.Fatal("subscribed to a closed hub")
	}
}
