package screens

import (
	"context"
	"strings"
	"testing"
	"time"

	"onedoor/internal/client"
	"onedoor/internal/queue"
	"onedoor/internal/wire"
)

// TestAppointmentCheckIn: a booking imported on the server is checked in at the kiosk
// with its code on the keypad, or with the ID card it was booked with; the ticket has
// the booking's item and the appointment priority. A code nobody booked gets the
// "no such booking" message and no ticket.
func TestAppointmentCheckIn(t *testing.T) {
	r := newRig(t, rigOptions{})
	ctx := context.Background()
	sup := client.New(r.srv.url, "")
	if _, err := sup.Login(ctx, wire.LoginRequest{Staff: "super", PIN: "123456"}); err != nil {
		t.Fatal(err)
	}
	slot := time.Now().Truncate(time.Minute) // begun: callable at once
	for _, b := range []wire.BookingRequest{
		{Code: "20269001", Item: "440199-A-002", Slot: slot},
		{Code: "20269002", Item: "440199-B-001", Slot: slot, IDNumber: "310101195001010022"}, // the "elder" card
	} {
		if _, err := sup.Book(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	openCheckin := func() *checkin {
		t.Helper()
		r.waitScreen("home")
		var h *home
		r.ui.sync(func() { h = r.k.current.(*home) })
		r.tap(h.checkin)
		r.waitScreen("checkin")
		var c *checkin
		r.ui.sync(func() { c = r.k.current.(*checkin) })
		return c
	}
	typeCode := func(c *checkin, code string) {
		for _, d := range code {
			r.tap(c.keys[string(d)])
		}
		r.tap(c.ok)
	}

	c := openCheckin()
	typeCode(c, "99999999")
	notFound := r.k.tr.S("checkin_not_found")
	r.waitFor("the no-such-booking message", func() bool { return strings.HasPrefix(c.state.Text, notFound) })

	typeCode(c, "\u2190\u2190\u2190\u2190\u2190\u2190\u2190\u219020269001")
	ts := r.ticket()
	if ts.t.Priority != queue.PriorityAppointment || ts.t.Item != "440199-A-002" {
		t.Fatalf("checked in by code: %+v", ts.t)
	}
	r.waitFor("the print", func() bool { return ts.printed })
	r.tap(ts.done)

	openCheckin()
	if err := r.cards.Place("elder"); err != nil {
		t.Fatal(err)
	}
	ts = r.ticket()
	if ts.t.Priority != queue.PriorityAppointment || ts.t.Item != "440199-B-001" {
		t.Fatalf("checked in by card: %+v", ts.t)
	}
}
