package feed

import (
	"encoding/json"
	"strings"
	"time"

	"onedoor/internal/queue"
	"onedoor/internal/wire"
	"onedoor/server/internal/hub"
)

// Message encodes an event once in both forms for the hub.
func Message(ev queue.Event, waiting map[string]int, loc *time.Location) *hub.Message {
	var pub []byte
	if PublicSees(ev) {
		pub, _ = json.Marshal(Event(ev, waiting, false, loc))
	}
	stf, _ := json.Marshal(Event(ev, waiting, true, loc))
	m := &hub.Message{Seq: ev.Seq, Type: string(ev.Type), Public: pub, Staff: stf, Board: BoardSees(ev)}
	if ev.Ticket != nil {
		m.TicketID, m.Category = ev.Ticket.ID, ev.Ticket.Prefix
	}
	return m
}

// ReplayMessage encodes a replayed event in the one form its subscriber reads; the
// other stays nil, and so does the public form of a staff-only event.
func ReplayMessage(ev queue.Event, staff bool, loc *time.Location) *hub.Message {
	m := &hub.Message{Seq: ev.Seq, Type: string(ev.Type), Board: BoardSees(ev)}
	if ev.Ticket != nil {
		m.TicketID, m.Category = ev.Ticket.ID, ev.Ticket.Prefix
	}
	switch {
	case staff:
		m.Staff, _ = json.Marshal(Event(ev, nil, true, loc))
	case PublicSees(ev):
		m.Public, _ = json.Marshal(Event(ev, nil, false, loc))
	}
	return m
}

// BoardSees says whether a hall board's view gets the event itself: whatever changes
// what a board shows at a window (calls above all; not a start, which changes nothing
// there, nor a priority check), the notice and the day. Ticket events away from a window reach boards only
// through their counts.
func BoardSees(ev queue.Event) bool {
	if ev.Type == queue.TicketStarted || ev.Type == queue.TicketPriorityChecked || ev.Type == queue.ApplicantEntered {
		return false
	}
	return ev.Window != nil || ev.Type == queue.NoticeSet || ev.Type == queue.DayStarted || ev.Type == queue.CatalogPublished ||
		strings.HasPrefix(string(ev.Type), "window.")
}

// PublicSees says whether the anonymous stream carries the event at all. Staff and
// device accounts' events (logins, failed ones above all, logouts, accounts made), a
// clerk's reveal of an applicant, the check of a claimed priority group (whether a
// number's holder is disabled is nobody's business in the hall) and bookings are the
// staff's business: a hall's public
// screens show nothing of them, and an outsider must not learn from them which accounts
// exist or are being guessed. Case events are the back office's: a citizen follows a
// case on the tracking page.
func PublicSees(ev queue.Event) bool {
	switch ev.Type {
	case queue.ApplicantRevealed, queue.ApplicantEntered, queue.AppointmentBooked, queue.DeviceRegistered, queue.TicketPriorityChecked:
		return false
	}
	return !strings.HasPrefix(string(ev.Type), "staff.") && !strings.HasPrefix(string(ev.Type), "case.") &&
		!strings.HasPrefix(string(ev.Type), "workorder.") && // a 差评's reasons and comment are the center's
		!strings.HasPrefix(string(ev.Type), "alarm.")
}

// Event converts an event for the stream or the audit trail, its times in loc. The
// public form leaves out ticket ids and who acted.
func Event(ev queue.Event, waiting map[string]int, staff bool, loc *time.Location) wire.Event {
	out := wire.Event{Seq: ev.Seq, Type: string(ev.Type), At: ev.At.In(loc), Center: ev.Center,
		Waiting: waiting, Day: ev.Day, Device: ev.Device}
	// A window's pause reason is for its display; other reasons (a rejection's) are staff's.
	if staff || ev.Type == queue.WindowPaused || ev.Type == queue.WindowClosed {
		out.Reason = ev.Reason
	}
	if t := ev.Ticket; t != nil {
		out.Ticket = &wire.EventTicket{Number: t.Number, Category: t.Category, Prefix: t.Prefix,
			Item: t.Item, State: string(t.State)}
		if staff { // a number's priority class (elderly, disabled, pregnant) is not for a public hall
			out.Ticket.ID, out.Ticket.Priority, out.Ticket.Agent = t.ID, t.Priority, t.Agent
			out.Ticket.PriorityCheck = string(t.PriorityCheck)
		}
		if ev.Type == queue.TicketFinished {
			out.Outcome = string(t.Outcome)
		}
	}
	if w := ev.Window; w != nil {
		out.Window = &wire.EventWindow{Number: w.Number, Name: w.Name, State: string(w.State), Reason: w.Reason, Auto: w.Auto}
		if ev.Ticket != nil && w.Current != "" && ev.Ticket.ID == w.Current {
			out.Window.Current = ev.Ticket.Number
		}
	}
	out.Notice, out.Auto = ev.Notice, ev.Auto
	out.CatalogVersion = ev.CatalogVersion
	if r := ev.Rating; r != nil {
		out.Rating = &wire.EventRating{Level: r.Level, Code: r.Code}
		if staff {
			out.Rating.Reasons, out.Rating.Comment, out.Rating.Staff = r.Reasons, r.Comment, r.Staff
		}
	}
	if staff {
		out.Staff = ev.Staff
		out.Missing, out.Received = ev.Missing, ev.Received
		out.Ground, out.Basis = ev.Ground, ev.Basis
		out.WorkOrder, out.Alarm = ev.WorkOrder, ev.Alarm
		if c := ev.Case; c != nil {
			state := string(c.State)
			if state == "" {
				state = string(queue.CaseAccepted)
			}
			out.Case = &wire.EventCase{No: c.No, State: state, Dept: ev.Dept}
		}
		if b := ev.Booking; b != nil {
			bk := Booking(*b, loc)
			out.Booking = &bk
		}
	}
	if ev.Device != nil && !staff {
		d := *ev.Device
		d.Detail = ""
		out.Device = &d
	}
	return out
}

// Booking is a booking as the wire shows it: whether it was made by ID card, never the
// card's hash.
func Booking(b queue.Booking, loc *time.Location) wire.Booking {
	return wire.Booking{Code: b.Code, Item: b.Item, Slot: b.Slot.In(loc), ByCard: b.IDHash != "", CheckedIn: b.Ticket != ""}
}
