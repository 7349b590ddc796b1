package queue

import "time"

// Arrival of a remote ticket's citizen: the check-in at the hall, and what a call does
// with a remote ticket not checked in (see remote.go for the two rules a hall chooses
// between).

// CheckIn decides the arrival of a remote ticket's citizen at the hall (the QR at the
// door, or the kiosk's scan). Checking in again changes nothing and emits nothing.
func (h *Hall) CheckIn(id string, now time.Time) ([]Event, *Ticket, error) {
	t, ok := h.Tickets[id]
	if !ok {
		return nil, nil, Errorf(NotFound, "今日没有这张票 (no ticket %q today)", id)
	}
	if !t.Remote {
		return nil, nil, Errorf(Conflict, "这不是远程取号的票,无需签到 (ticket %s was not taken from a phone: no check-in needed)", t.Number)
	}
	if !t.CheckedIn.IsZero() {
		return nil, t, nil
	}
	if t.State != Waiting {
		return nil, nil, Errorf(Conflict, "%s号已%s,无法签到 (ticket %s is %s: too late to check in)", t.Number, ticketStateZh(t.State), t.Number, t.State)
	}
	nt := *t
	nt.CheckedIn = now
	if h.Policy.JoinAtCheckIn { // joins the call order now, at the back
		nt.Position = h.LastPosition + 1
	}
	ev := h.event(TicketCheckedIn, now)
	ev.Ticket, ev.Staff = &nt, RemoteSource
	return []Event{ev}, &nt, nil
}

// nextArrived returns the ticket window w calls next, skipping remote tickets whose
// citizen has not checked in: each of those is missed (a ticket.no_show event with
// reason "not_checked_in", which staff may reinstate when the citizen turns up).
func (h *Hall) nextArrived(w *Window, now time.Time) ([]Event, *Ticket, Reason) {
	var missed []Event
	var skipped []*Ticket
	defer func() {
		for _, t := range skipped {
			h.Queue.Add(t)
		}
	}()
	for {
		t, reason := h.Queue.Next(w, now, h.Policy)
		if t == nil || !t.Remote || !t.CheckedIn.IsZero() {
			return missed, t, reason
		}
		h.Queue.Remove(t)
		skipped = append(skipped, t)
		nt := *t
		nt.State = Missed
		ev := h.event(TicketNoShow, now)
		ev.Ticket, ev.Staff, ev.Reason = &nt, RemoteSource, ReasonNotCheckedIn
		missed = append(missed, ev)
	}
}

// ReasonNotCheckedIn is the reason of a remote ticket missed for not checking in.
const ReasonNotCheckedIn = "not_checked_in"

// ticketStateZh names a ticket state in Chinese for messages.
func ticketStateZh(s State) string {
	switch s {
	case Called:
		return "叫号"
	case Serving:
		return "在办理"
	case Done:
		return "办结"
	case Missed:
		return "过号"
	case Cancelled:
		return "取消"
	case Expired:
		return "作废"
	}
	return string(s)
}

// awayFromQueue reports whether waiting ticket t is kept out of the call order: taken
// from a phone, not checked in, in a hall where such tickets join at check-in.
func (h *Hall) awayFromQueue(t *Ticket) bool {
	return h.Policy.JoinAtCheckIn && t.Remote && t.CheckedIn.IsZero()
}
