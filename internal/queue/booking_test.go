package queue

import (
	"testing"
	"time"
)

// TestBookingCheckIn: a booking becomes an appointment ticket only with its code or its
// card, once, on its day and within its check-in window; a made-up code gets nothing.
func TestBookingCheckIn(t *testing.T) {
	h := newTestHall(t, DefaultPolicy()) // 09:00 on 2026-11-25
	slot := h.now.Add(30 * time.Minute)
	book := func(code string, slot time.Time, idHash string) {
		t.Helper()
		h.apply(h.must(h.Book(BookCmd{Code: code, Item: "440199-A-002", Slot: slot, IDHash: idHash, Staff: "super"}, h.now)))
	}
	book("B0001", slot, "")
	book("B0002", slot, "card-1")
	book("B0003", h.now.Add(3*time.Hour), "")       // too early now
	book("B0004", h.now.AddDate(0, 0, 1), "card-2") // tomorrow
	book("B0005", h.now.Add(-20*time.Minute), "")   // began 20 min ago: still on time
	for _, tc := range []struct {
		name        string
		cmd         IssueCmd
		code        Code
		wantBooking string
	}{
		{"a made-up code", IssueCmd{Booking: "99999999"}, NotFound, ""},
		{"appointment priority without a booking", IssueCmd{Item: "440199-A-002", Priority: PriorityAppointment}, Invalid, ""},
		{"a slot from the client", IssueCmd{Booking: "B0001", Slot: slot}, Invalid, ""},
		{"another item than booked", IssueCmd{Booking: "B0001", Item: "440199-A-001"}, Invalid, ""},
		{"too early", IssueCmd{Booking: "B0003"}, Invalid, ""},
		{"another day", IssueCmd{Booking: "B0004"}, Invalid, ""},
		{"a card with no booking today", IssueCmd{Priority: PriorityAppointment, IDHash: "card-2"}, NotFound, ""},
		{"by code", IssueCmd{Booking: "B0001"}, "", "B0001"},
		{"the same code again", IssueCmd{Booking: "B0001"}, Conflict, ""},
		{"by card", IssueCmd{Priority: PriorityAppointment, IDHash: "card-1"}, "", "B0002"},
		{"the same card again", IssueCmd{Priority: PriorityAppointment, IDHash: "card-1"}, NotFound, ""},
		{"late but within half an hour", IssueCmd{Booking: "B0005", Item: "440199-A-002"}, "", "B0005"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h.ids++
			tc.cmd.ID, tc.cmd.Source = "t"+string(rune('a'+h.ids)), "kiosk-1"
			evs, tk, err := h.Issue(tc.cmd, h.now)
			if ErrorCode(err) != tc.code {
				t.Fatalf("got %v, want code %v", err, tc.code)
			}
			if err != nil {
				if len(evs) != 0 {
					t.Fatalf("a refused check-in decided %d events", len(evs))
				}
				return
			}
			h.apply(evs)
			if tk.Booking != tc.wantBooking || tk.Priority != PriorityAppointment || tk.Item != "440199-A-002" {
				t.Fatalf("ticket %+v", tk)
			}
			if h.Bookings[tc.wantBooking].Ticket != tk.ID {
				t.Fatalf("booking %s not marked checked in", tc.wantBooking)
			}
		})
	}
	h.now = h.now.Add(time.Hour) // 10:00: B0003's slot is 12:00, B0005 lapsed at 09:10
	if _, _, err := h.Issue(IssueCmd{ID: "late", Booking: "B0003", Source: "k"}, h.now); ErrorCode(err) != Invalid {
		t.Fatalf("an hour too early: %v", err)
	}
}

func TestBookRules(t *testing.T) {
	h := newTestHall(t, DefaultPolicy())
	h.apply(h.must(h.Book(BookCmd{Code: "B0001", Item: "440199-A-001", Slot: h.now.Add(time.Hour)}, h.now)))
	for _, tc := range []struct {
		name string
		cmd  BookCmd
		code Code
	}{
		{"short code", BookCmd{Code: "B1", Item: "440199-A-001", Slot: h.now.Add(time.Hour)}, Invalid},
		{"markup in the code", BookCmd{Code: "<b>1234</b>", Item: "440199-A-001", Slot: h.now.Add(time.Hour)}, Invalid},
		{"taken code", BookCmd{Code: "B0001", Item: "440199-A-001", Slot: h.now.Add(time.Hour)}, Conflict},
		{"unknown item", BookCmd{Code: "B0002", Item: "nope", Slot: h.now.Add(time.Hour)}, Invalid},
		{"no slot", BookCmd{Code: "B0002", Item: "440199-A-001"}, Invalid},
		{"lapsed slot", BookCmd{Code: "B0002", Item: "440199-A-001", Slot: h.now.Add(-time.Hour)}, Invalid},
	} {
		if _, err := h.Book(tc.cmd, h.now); ErrorCode(err) != tc.code {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.code)
		}
	}
	// A new day forgets the past bookings.
	h.now = h.now.AddDate(0, 0, 2)
	h.apply(h.Rollover(h.now))
	if len(h.Bookings) != 0 {
		t.Fatalf("%d bookings kept after their day", len(h.Bookings))
	}
}
