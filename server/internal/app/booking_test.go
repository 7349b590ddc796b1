package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"onedoor/internal/client"
	"onedoor/internal/queue"
	"onedoor/internal/wire"
)

// TestAppointmentCheckIn: a booking imported by a supervisor is checked in at the kiosk
// with its code, or with the ID card it was booked with; the ticket takes the booking's
// item and slot and the appointment priority. A made-up code, a second check-in, or
// priority "appointment" without a booking get a clear error and no ticket.
func TestAppointmentCheckIn(t *testing.T) {
	ts := startServer(t) // 09:30 Shanghai
	ctx := context.Background()
	sup := ts.supervisor()
	slot := time.Date(2026, 11, 25, 10, 0, 0, 0, shanghai)
	id := validID("44010619850307123")
	for _, b := range []wire.BookingRequest{
		{Code: "GZ20261125001", Item: "440199-A-002", Slot: slot},
		{Code: "GZ20261125002", Item: "440199-B-001", Slot: slot, IDNumber: id},
	} {
		got, err := sup.Book(ctx, b)
		if err != nil {
			t.Fatal(err)
		}
		if got.Code != b.Code || !got.Slot.Equal(slot) || got.ByCard != (b.IDNumber != "") || got.CheckedIn {
			t.Fatalf("booked %+v", got)
		}
	}
	before := ts.Store.LastSeq()
	for _, tc := range []struct {
		name   string
		req    wire.IssueRequest
		status int
	}{
		{"a made-up code", wire.IssueRequest{Booking: "12345678"}, 404},
		{"appointment priority without a booking", wire.IssueRequest{Item: "440199-A-001", Priority: "appointment"}, 422},
		{"a slot from the kiosk", wire.IssueRequest{Booking: "GZ20261125001", Slot: &slot}, 422},
		{"a card with no booking", wire.IssueRequest{Priority: "appointment", Applicant: &wire.Applicant{IDNumber: validID("44010619900307123")}}, 404},
	} {
		_, err := ts.kiosk.Issue(ctx, tc.req, nextKey())
		if client.StatusOf(err) != tc.status {
			t.Errorf("%s: %v, want %d", tc.name, err, tc.status)
		}
	}
	if ts.Store.LastSeq() != before {
		t.Fatal("a refused check-in wrote events")
	}
	byCode, err := ts.kiosk.Issue(ctx, wire.IssueRequest{Booking: "GZ20261125001"}, nextKey())
	if err != nil {
		t.Fatal(err)
	}
	byCard, err := ts.kiosk.Issue(ctx, wire.IssueRequest{Priority: "appointment", Applicant: &wire.Applicant{IDNumber: id}}, nextKey())
	if err != nil {
		t.Fatal(err)
	}
	if byCode.Priority != queue.PriorityAppointment || byCode.Item != "440199-A-002" || byCard.Item != "440199-B-001" || byCard.Priority != queue.PriorityAppointment {
		t.Fatalf("checked in %+v and %+v", byCode, byCard)
	}
	if _, err := ts.kiosk.Issue(ctx, wire.IssueRequest{Booking: "GZ20261125001"}, nextKey()); client.StatusOf(err) != 409 {
		t.Fatalf("a second check-in: %v", err)
	}
	// Only supervisors import bookings; bad ones are refused.
	c1 := ts.clerk(1)
	if _, err := c1.Book(ctx, wire.BookingRequest{Code: "GZ1234", Item: "440199-A-001", Slot: slot}); client.StatusOf(err) != 403 {
		t.Fatalf("a clerk imported a booking: %v", err)
	}
	for _, body := range []string{
		`{"code":"GZ1234","item":"440199-A-001","slot":"2026-11-25T08:00:00+08:00"}`,                                  // lapsed
		`{"code":"<i>x</i>","item":"440199-A-001","slot":"2026-11-25T11:00:00+08:00"}`,                                // markup
		`{"code":"GZ1234","item":"440199-A-001","slot":"2026-11-25T11:00:00+08:00","id_number":"110105194912310021"}`, // bad ID
		`{"code":"GZ20261125001","item":"440199-A-001","slot":"2026-11-25T11:00:00+08:00"}`,                           // taken
	} {
		status, resp := ts.raw("POST", "/api/v1/admin/appointments", sup.Token(), body)
		if status != 422 && status != 409 || !strings.Contains(resp, `"error"`) {
			t.Errorf("%s: %d %s", body, status, resp)
		}
	}
	// The audit trail shows the booking, never the ID number.
	page, err := sup.Events(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, ev := range page.Events {
		if ev.Type == "appointment.booked" && ev.Booking != nil && ev.Booking.Code == "GZ20261125002" && ev.Booking.ByCard {
			found = true
		}
	}
	if !found {
		t.Fatal("the audit trail has no appointment.booked for GZ20261125002")
	}
	status, body := ts.raw("GET", "/api/v1/events?limit=1000", sup.Token(), "")
	if status != 200 || strings.Contains(body, id) {
		t.Fatalf("the audit trail carries the ID number (%d)", status)
	}
}
