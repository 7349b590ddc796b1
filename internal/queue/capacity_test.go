package queue

import (
	"strings"
	"testing"
	"time"
)

// TestCapacity: the daily cap, a slot's quota and the last time for tickets each refuse
// the next ticket as Exhausted, saying so, and change nothing; appointment check-ins and
// other items are not held back.
func TestCapacity(t *testing.T) {
	at := func(hh, mm int) time.Time { return time.Date(2026, 11, 25, hh, mm, 0, 0, shanghai) }
	type take struct {
		at   time.Time
		item string
		code Code
	}
	for _, tc := range []struct {
		name  string
		cap   Capacity
		takes []take
		say   string
	}{
		{"daily cap", Capacity{DailyCap: 2}, []take{
			{at(9, 0), "440199-A-001", ""}, {at(9, 1), "440199-A-001", ""},
			{at(9, 2), "440199-A-001", Exhausted}, {at(9, 3), "440199-A-002", ""}}, "号源已取完"},
		{"slot quota", Capacity{Slots: []SlotCap{{From: "09:00", To: "10:00", Cap: 1}}}, []take{
			{at(9, 10), "440199-A-001", ""}, {at(9, 20), "440199-A-001", Exhausted}, {at(10, 5), "440199-A-001", ""}}, "本时段"},
		{"last time for tickets", Capacity{Until: "16:30"}, []take{
			{at(16, 29), "440199-A-001", ""}, {at(16, 30), "440199-A-001", Exhausted}}, "16:30"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newTestHall(t, DefaultPolicy())
			it, _ := h.Catalog.Item("440199-A-001")
			c := tc.cap
			it.Capacity = &c
			if err := h.Catalog.Validate(); err != nil {
				t.Fatal(err)
			}
			for i, tk := range tc.takes {
				before := len(h.Tickets)
				evs, _, err := h.Issue(IssueCmd{ID: string(rune('a' + i)), Item: tk.item, Source: "kiosk-1"}, tk.at)
				if ErrorCode(err) != tc.takes[i].code {
					t.Fatalf("ticket %d at %s: %v, want code %q", i, tk.at.Format("15:04"), err, tk.code)
				}
				if err != nil {
					if !strings.Contains(err.Error(), tc.say) || len(h.Tickets) != before {
						t.Fatalf("refusal %q does not say %q, or changed the hall", err, tc.say)
					}
					continue
				}
				h.apply(evs)
			}
		})
	}
}

// TestCapacityLeavesAppointments: a full item still checks in its bookings.
func TestCapacityLeavesAppointments(t *testing.T) {
	h := newTestHall(t, DefaultPolicy())
	it, _ := h.Catalog.Item("440199-A-001")
	it.Capacity = &Capacity{DailyCap: 1}
	h.issue("440199-A-001", "")
	h.must(h.Book(BookCmd{Code: "B0001", Item: "440199-A-001", Slot: h.now.Add(30 * time.Minute)}, h.now))
	if _, _, err := h.Issue(IssueCmd{ID: "walk-in", Item: "440199-A-001", Source: "k"}, h.now); ErrorCode(err) != Exhausted {
		t.Fatalf("a walk-in past the cap: %v", err)
	}
	if _, _, err := h.Issue(IssueCmd{ID: "booked", Booking: "B0001", Source: "k"}, h.now); err != nil {
		t.Fatalf("a booking past the cap: %v", err)
	}
}

func TestCapacityValidate(t *testing.T) {
	for _, tc := range []struct {
		cap   Capacity
		fault string
	}{
		{Capacity{DailyCap: -1}, "daily_cap"},
		{Capacity{Until: "4pm"}, "until"},
		{Capacity{Slots: []SlotCap{{From: "10:00", To: "09:00", Cap: 3}}}, "slots[0]"},
		{Capacity{Slots: []SlotCap{{From: "09:00", To: "10:00"}}}, "slots[0].cap"},
	} {
		c := sampleCatalog(t)
		cp := tc.cap
		c.Items[0].Capacity = &cp
		if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "items[0].capacity."+strings.SplitN(tc.fault, ".", 2)[0]) {
			t.Errorf("%+v: %v, want a fault at %s", tc.cap, err, tc.fault)
		}
	}
}
