package httpapi

import (
	"time"

	"onedoor/internal/queue"
	"onedoor/internal/wire"
	"onedoor/server/internal/store"
)

// publicTicket is the ticket as anyone holding its id may see it.
func (s *Server) publicTicket(v store.TicketView) wire.Ticket {
	t := v.Ticket
	loc := s.store.Location()
	out := wire.Ticket{
		ID: t.ID, Number: t.Number, Category: t.Category, Prefix: t.Prefix, Item: t.Item,
		Priority: t.Priority, State: string(t.State), Ahead: v.Ahead, EstimatedWaitS: v.WaitS,
		IssuedAt: t.IssuedAt.In(loc), Outcome: string(t.Outcome), Rated: t.Rated,
		TrackURL: s.cfg.PublicURL + "/t/" + t.ID,
	}
	if it, ok := s.store.Catalog().Item(t.Item); ok {
		out.ItemName, out.ItemNameEn = it.NameZh, it.NameEn
	}
	if !t.CalledAt.IsZero() {
		c := t.CalledAt.In(loc)
		out.CalledAt = &c
	}
	if v.Window != nil && (t.State == queue.Called || t.State == queue.Serving) {
		out.Window = &wire.WindowRef{Number: v.Window.Number, Name: v.Window.Name}
	}
	return out
}

// staffTicket is the ticket as its clerk sees it, with the applicant masked.
func (s *Server) staffTicket(v store.TicketView, withApplicant bool) (wire.StaffTicket, error) {
	t := v.Ticket
	loc := s.store.Location()
	out := wire.StaffTicket{Ticket: s.publicTicket(v), Source: t.Source, Recalls: t.Recalls,
		Transfers: t.Transfers, Reinstated: t.Reinstated, Agent: t.Agent}
	if !t.StartedAt.IsZero() {
		st := t.StartedAt.In(loc)
		out.StartedAt = &st
	}
	end := s.store.Now()
	if !t.CalledAt.IsZero() {
		end = t.CalledAt
	}
	out.WaitedS = int(end.Sub(t.IssuedAt) / time.Second)
	if withApplicant && t.Applicant {
		a, err := s.store.Applicant(t.ID)
		if err != nil {
			return out, err
		}
		out.Applicant = a
	}
	return out, nil
}

// wireEvent converts an event for the stream or the audit trail. The public form
// leaves out ticket ids and who acted.
func (s *Server) wireEvent(ev queue.Event, waiting map[string]int, staff bool) wire.Event {
	out := wire.Event{Seq: ev.Seq, Type: string(ev.Type), At: ev.At.In(s.store.Location()), Center: ev.Center,
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
		}
		if ev.Type == queue.TicketFinished {
			out.Outcome = string(t.Outcome)
		}
	}
	if w := ev.Window; w != nil {
		out.Window = &wire.EventWindow{Number: w.Number, Name: w.Name, State: string(w.State), Reason: w.Reason}
		if ev.Ticket != nil && w.Current != "" && ev.Ticket.ID == w.Current {
			out.Window.Current = ev.Ticket.Number
		}
	}
	out.Notice = ev.Notice
	if r := ev.Rating; r != nil {
		out.Rating = &wire.EventRating{Level: r.Level, Code: r.Code}
		if staff {
			out.Rating.Reasons, out.Rating.Comment, out.Rating.Staff = r.Reasons, r.Comment, r.Staff
		}
	}
	if staff {
		out.Staff = ev.Staff
		out.Missing, out.Received = ev.Missing, ev.Received
		if b := ev.Booking; b != nil {
			out.Booking = &wire.Booking{Code: b.Code, Item: b.Item, Slot: b.Slot.In(s.store.Location()), ByCard: b.IDHash != "", CheckedIn: b.Ticket != ""}
		}
	}
	if ev.Device != nil && !staff {
		d := *ev.Device
		d.Detail = ""
		out.Device = &d
	}
	return out
}
