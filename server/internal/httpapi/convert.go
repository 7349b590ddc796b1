package httpapi

import (
	"time"

	"onedoor/internal/queue"
	"onedoor/internal/wire"
	"onedoor/server/internal/feed"
	"onedoor/server/internal/hub"
	"onedoor/server/internal/store"
)

// publicTicket is the ticket as anyone holding its id may see it.
func (s *Server) publicTicket(v store.TicketView) wire.Ticket {
	t := v.Ticket
	loc := s.store.Location()
	out := wire.Ticket{
		ID: t.ID, Number: t.Number, Category: t.Category, Prefix: t.Prefix, Item: t.Item,
		Priority: t.Priority, State: string(t.State), Ahead: v.Wait.Ahead, EstimatedWaitS: int(v.Wait.Expected.Seconds()),
		EstimatedWaitMinS: int(v.Wait.Low.Seconds()), EstimatedWaitMaxS: int(v.Wait.High.Seconds()), NoWindow: v.Wait.NoWindow, Paused: v.Wait.Paused,
		IssuedAt: t.IssuedAt.In(loc), Outcome: string(t.Outcome), Rated: t.Rated,
		TrackURL: s.cfg.PublicURL + "/t/" + t.ID,
		Remote:   t.Remote, CheckedIn: !t.CheckedIn.IsZero(),
	}
	if it, ok := s.itemOf(t.Item); ok {
		out.ItemName, out.ItemNameEn = it.NameZh, it.NameEn
	}
	if !t.CalledAt.IsZero() {
		c := t.CalledAt.In(loc)
		out.CalledAt = &c
	}
	if t.Outcome == queue.Accepted {
		if c, ok := s.store.CaseOfTicket(t.ID); ok {
			out.Case = &wire.TicketCase{No: c.No, Stage: c.Stage(), Promised: c.Due()}
		}
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
		Transfers: t.Transfers, Reinstated: t.Reinstated, Agent: t.Agent, PriorityCheck: string(t.PriorityCheck), Cases: t.Cases}
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

// wireEvent converts an event for the audit trail (or the stream) as the feed does.
func (s *Server) wireEvent(ev queue.Event, waiting map[string]int, staff bool) wire.Event {
	return feed.Event(ev, waiting, staff, s.store.Location())
}

// replay reads a page of missed events from the log for a reconnecting subscriber,
// encoded only in the form it reads.
func (s *Server) replay(after uint64, limit int, staff bool) ([]*hub.Message, uint64, error) {
	return feed.Replay(s.store, s.store.Location(), after, limit, staff)
}
