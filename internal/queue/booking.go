package queue

import (
	"sort"
	"time"
)

// Booking is an appointment booked online (统一预约, 广东政务服务网/穗好办) and imported by the
// center. The citizen checks in at the kiosk with its code, or with the ID card it was
// booked with; the check-in issues the ticket with the booking's item and slot and the
// appointment priority. A code nobody booked gives no priority.
type Booking struct {
	Code   string    `json:"code"`
	Item   string    `json:"item"`
	Slot   time.Time `json:"slot"`              // when the slot begins
	IDHash string    `json:"id_hash,omitempty"` // a keyed hash of the ID number it was booked with
	Ticket string    `json:"ticket,omitempty"`  // the ticket id, once checked in
}

// The check-in window around a slot's start: from an hour before to half an hour after,
// when the booking lapses (a common rule in Guangdong halls).
const (
	CheckInEarly = 60 * time.Minute
	CheckInLate  = 30 * time.Minute
)

// BookCmd records a booking.
type BookCmd struct {
	Code   string
	Item   string
	Slot   time.Time
	IDHash string
	Staff  string // who imported it
}

// Book decides a new booking: a code of 4 to 32 letters, digits or dashes not booked
// before, a known item, and a slot that has not lapsed.
func (h *Hall) Book(c BookCmd, now time.Time) ([]Event, error) {
	if len(c.Code) < 4 || len(c.Code) > 32 || !bookingCode(c.Code) {
		return nil, Errorf(Invalid, "a booking code is 4 to 32 letters, digits or dashes")
	}
	if _, ok := h.Bookings[c.Code]; ok {
		return nil, Errorf(Conflict, "booking %s exists already", c.Code)
	}
	if _, ok := h.Catalog.Item(c.Item); !ok {
		return nil, Errorf(Invalid, "unknown item %q", c.Item)
	}
	if c.Slot.IsZero() {
		return nil, Errorf(Invalid, "a booking needs its slot time")
	}
	if !now.Before(c.Slot.Add(CheckInLate)) {
		return nil, Errorf(Invalid, "the slot at %s has lapsed already", c.Slot.In(h.Loc).Format("2006-01-02 15:04"))
	}
	ev := h.event(AppointmentBooked, now)
	ev.Booking = &Booking{Code: c.Code, Item: c.Item, Slot: c.Slot, IDHash: c.IDHash}
	ev.Staff = c.Staff
	return []Event{ev}, nil
}

func bookingCode(s string) bool {
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r == '-') {
			return false
		}
	}
	return true
}

// checkIn finds the booking an appointment check-in is for: by its code, or else by the
// ID card (the keyed hash of its number) among today's bookings not yet checked in. It
// refuses a booking used already, of another day, or outside its check-in window.
func (h *Hall) checkIn(code, idHash string, now time.Time) (*Booking, error) {
	var b *Booking
	switch {
	case code != "":
		b = h.Bookings[code]
		if b == nil {
			return nil, Errorf(NotFound, "no booking with code %s", code)
		}
	case idHash != "":
		var mine []*Booking
		for _, x := range h.Bookings {
			if x.IDHash == idHash && x.Ticket == "" && ServiceDay(x.Slot, h.Loc) == h.Day {
				mine = append(mine, x)
			}
		}
		if len(mine) == 0 {
			return nil, Errorf(NotFound, "no booking for this ID card today")
		}
		sort.Slice(mine, func(i, j int) bool { return mine[i].Slot.Before(mine[j].Slot) })
		b = mine[0]
		for _, x := range mine { // the first whose window is open now
			if !now.Before(x.Slot.Add(-CheckInEarly)) && now.Before(x.Slot.Add(CheckInLate)) {
				b = x
				break
			}
		}
	default:
		return nil, Errorf(Invalid, "an appointment check-in needs the booking code or the ID card it was booked with")
	}
	slot := b.Slot.In(h.Loc)
	switch {
	case b.Ticket != "":
		return nil, Errorf(Conflict, "booking %s is checked in already", b.Code)
	case ServiceDay(b.Slot, h.Loc) != h.Day:
		return nil, Errorf(Invalid, "booking %s is for %s, not today", b.Code, slot.Format("2006-01-02"))
	case now.Before(b.Slot.Add(-CheckInEarly)):
		return nil, Errorf(Invalid, "too early for booking %s: check in from %s", b.Code, slot.Add(-CheckInEarly).Format("15:04"))
	case !now.Before(b.Slot.Add(CheckInLate)):
		return nil, Errorf(Invalid, "booking %s lapsed at %s, half an hour after its slot began", b.Code, slot.Add(CheckInLate).Format("15:04"))
	}
	return b, nil
}

// TakeDirtyBookings returns the bookings changed since the last call, for the store's
// projection.
func (h *Hall) TakeDirtyBookings() []*Booking {
	out := make([]*Booking, 0, len(h.dirtyBookings))
	for _, b := range h.dirtyBookings {
		c := *b
		out = append(out, &c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	clear(h.dirtyBookings)
	return out
}

// applyBooking keeps the bookings from today on: a new one, or one checked in by a
// ticket; a new day forgets the past ones (their projection stays on disk).
func (h *Hall) applyBooking(ev Event) {
	switch {
	case ev.Type == AppointmentBooked && ev.Booking != nil:
		b := *ev.Booking
		h.Bookings[b.Code] = &b
		h.dirtyBookings[b.Code] = &b
	case ev.Type == TicketIssued && ev.Ticket != nil && ev.Ticket.Booking != "":
		if b := h.Bookings[ev.Ticket.Booking]; b != nil {
			b.Ticket = ev.Ticket.ID
			h.dirtyBookings[b.Code] = b
		}
	case ev.Type == DayStarted:
		for code, b := range h.Bookings {
			if ServiceDay(b.Slot, h.Loc) < h.Day {
				delete(h.Bookings, code)
			}
		}
	}
}
