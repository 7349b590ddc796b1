package queue

import (
	"sort"
	"time"
)

// IssueCmd asks for a ticket. The store fills ID with a fresh random id.
type IssueCmd struct {
	ID       string
	Item     string
	Priority string // "normal", "" or a priority group code
	Source   string // the kiosk or staff member that asked
	IdemKey  string // the client's idempotency key, if any
	// Booking is the code of the appointment checked in; IDHash, the keyed hash of the
	// ID card's number, finds the booking when there is no code. Either makes the ticket
	// an appointment with the booking's item and slot.
	Booking string
	IDHash  string
	// Slot is set from the booking.
	Slot time.Time
	// Birth is the applicant's birth date when known, for the elderly priority.
	Birth        time.Time
	HasApplicant bool
	// Agent is the staff member taking the ticket for the applicant (帮办代办), nil when
	// citizens take their own.
	Agent *Agent
	// Cases are the cases a pickup ticket comes for (each ready for pickup).
	Cases []string
	// Remote marks a ticket taken from a phone: only in opening hours.
	Remote bool
}

// Limits on free text in commands.
const (
	MaxReason = 500
	MaxSource = 64
	MaxKey    = 128
)

func (h *Hall) event(typ EventType, now time.Time) Event {
	return Event{Type: typ, At: now, Center: h.Center}
}

// Rollover returns the events that end a past service day: every open ticket expires,
// every window's current ticket is dropped and its tally reset, and the new day starts.
// It returns nothing when now is still on the hall's day or before it: the service day
// only moves forward, so a clock stepped back across midnight cannot repeat numbers.
func (h *Hall) Rollover(now time.Time) []Event {
	day := ServiceDay(now, h.Loc)
	if day <= h.Day { // YYYY-MM-DD compares as text; a clock stepped back never rolls back
		return nil
	}
	var evs []Event
	var open []*Ticket
	for _, t := range h.Tickets {
		if t.State.Open() {
			open = append(open, t)
		}
	}
	sortByPosition(open)
	for _, t := range open {
		nt := *t
		nt.State = Expired
		ev := h.event(TicketExpired, now)
		ev.Ticket = &nt
		evs = append(evs, ev)
	}
	for _, n := range h.WindowNumbers() {
		w := h.Windows[n]
		if w.State != WinClosed || w.Current != "" {
			nw := *w
			nw.State, nw.Current, nw.Staff, nw.Reason = WinClosed, "", "", ""
			ev := h.event(WindowClosed, now)
			ev.Window, ev.Reason = &nw, "day ended"
			evs = append(evs, ev)
		}
	}
	ev := h.event(DayStarted, now)
	ev.Day = day
	return append(evs, ev)
}

// Issue decides a new ticket. A repeated idempotency key from the same source returns
// the ticket already issued and no event.
func (h *Hall) Issue(c IssueCmd, now time.Time) ([]Event, *Ticket, error) {
	if c.IdemKey != "" {
		if id, ok := h.idem[idemKey(c.Source, c.IdemKey)]; ok {
			if t, ok := h.Tickets[id]; ok {
				return nil, t, nil
			}
		}
	}
	booking, err := h.issueBooking(&c, now)
	if err != nil {
		return nil, nil, err
	}
	it, ok := h.Catalog.Item(c.Item)
	if !ok {
		return nil, nil, Errorf(Invalid, "unknown item %q", c.Item)
	}
	cat, _ := h.Catalog.Category(it.Category)
	if c.Priority != PriorityAppointment {
		if err := h.checkCapacity(it, now); err != nil {
			return nil, nil, err
		}
	}
	if err := h.checkPickup(c, it); err != nil {
		return nil, nil, err
	}
	if c.Remote {
		if err := h.RemoteOpen(now); err != nil {
			return nil, nil, err
		}
	}
	if c.Source == "" || len(c.Source) > MaxSource {
		return nil, nil, Errorf(Invalid, "source must be 1 to %d characters", MaxSource)
	}
	if err := c.Agent.check(); err != nil {
		return nil, nil, err
	}
	prio, weight, err := h.issuePriority(c, now)
	if err != nil {
		return nil, nil, err
	}
	var evs []Event
	day := h.Day
	if d := ServiceDay(now, h.Loc); d > day { // behind (a clock stepped back): the hall's day holds
		return nil, nil, Errorf(Conflict, "the service day has not been rolled over")
	}
	seq := h.Counters[cat.PrefixLetter] + 1
	t := &Ticket{
		ID:        c.ID,
		Center:    h.Center,
		Day:       day,
		Number:    FormatNumber(cat.PrefixLetter, seq),
		Seq:       seq,
		Position:  h.LastPosition + 1,
		Category:  cat.Code,
		Prefix:    cat.PrefixLetter,
		Item:      it.Code,
		Priority:  prio,
		Weight:    weight,
		Source:    c.Source,
		IdemKey:   c.IdemKey,
		Applicant: c.HasApplicant,
		Slot:      c.Slot,
		State:     Waiting,
		IssuedAt:  now,
	}
	t.CatalogVersion = h.CatalogVersion
	t.PriorityCheck = h.declaredCheck(c, prio, now)
	t.Quote = h.quote(t, now)
	t.Cases = c.Cases
	t.Remote = c.Remote
	if booking != nil {
		t.Booking = booking.Code
	}
	if c.Agent != nil {
		t.Agent = c.Agent.Staff
	}
	ev := h.event(TicketIssued, now)
	ev.Ticket = t
	ev.Staff = c.Source
	return append(evs, ev), t, nil
}

// issueBooking checks in the booking an appointment's ticket is issued for, and takes
// its item, slot and priority into c; nil when the ticket is not an appointment's.
func (h *Hall) issueBooking(c *IssueCmd, now time.Time) (*Booking, error) {
	if c.Priority != PriorityAppointment && c.Booking == "" {
		return nil, nil
	}
	if !c.Slot.IsZero() {
		return nil, Errorf(Invalid, "an appointment's slot comes from its booking")
	}
	b, err := h.checkIn(c.Booking, c.IDHash, now)
	if err != nil {
		return nil, err
	}
	if c.Item != "" && c.Item != b.Item {
		return nil, Errorf(Invalid, "booking %s is for item %s", b.Code, b.Item)
	}
	c.Item, c.Slot, c.Priority = b.Item, b.Slot, PriorityAppointment
	return b, nil
}

// issuePriority decides a new ticket's priority group and weight: the one asked for,
// checked against the catalog and the slot, or the elderly group for a citizen whose
// card shows the policy's age.
func (h *Hall) issuePriority(c IssueCmd, now time.Time) (string, int, error) {
	prio := c.Priority
	if prio == "" {
		prio = PriorityNormal
	}
	weight := 0
	if prio != PriorityNormal {
		g, ok := h.Catalog.Group(prio)
		if !ok {
			return "", 0, Errorf(Invalid, "unknown priority %q", prio)
		}
		weight = g.Weight
	}
	if prio == PriorityAppointment && c.Slot.IsZero() {
		return "", 0, Errorf(Invalid, "an appointment needs its slot time")
	}
	if prio != PriorityAppointment && !c.Slot.IsZero() {
		return "", 0, Errorf(Invalid, "a slot time is only for appointments")
	}
	if prio == PriorityNormal && h.Policy.ElderlyAge > 0 && !c.Birth.IsZero() && AgeAt(c.Birth, now.In(h.Loc)) >= h.Policy.ElderlyAge {
		if g, ok := h.Catalog.Group(PriorityElderly); ok {
			prio, weight = g.Code, g.Weight
		}
	}
	return prio, weight, nil
}

// Cancel decides a citizen's cancellation of a waiting ticket.
func (h *Hall) Cancel(id string, now time.Time) ([]Event, error) {
	t, ok := h.Tickets[id]
	if !ok {
		return nil, Errorf(NotFound, "no ticket %q today", id)
	}
	to, err := Transition(t.State, ActCancel)
	if err != nil {
		return nil, err
	}
	nt := *t
	nt.State = to
	ev := h.event(TicketCancelled, now)
	ev.Ticket = &nt
	return []Event{ev}, nil
}

// Reinstate decides putting a missed ticket of today back in the queue, at the back or
// at its old place as the policy says, a limited number of times.
func (h *Hall) Reinstate(id, staff string, now time.Time) ([]Event, error) {
	t, ok := h.Tickets[id]
	if !ok {
		return nil, Errorf(NotFound, "no ticket %q today", id)
	}
	to, err := Transition(t.State, ActReinstate)
	if err != nil {
		return nil, err
	}
	if t.Reinstated >= h.Policy.MaxReinstates {
		return nil, Errorf(Conflict, "ticket %s was reinstated %d times already: take a new ticket", t.Number, t.Reinstated)
	}
	nt := *t
	nt.State = to
	nt.Reinstated++
	nt.Window = 0
	if h.Policy.ReinstateAtEnd {
		nt.Position = h.LastPosition + 1
		nt.IssuedAt = now
	}
	ev := h.event(TicketReinstated, now)
	ev.Ticket, ev.Staff = &nt, staff
	return []Event{ev}, nil
}

func sortByPosition(ts []*Ticket) {
	sort.Slice(ts, func(i, j int) bool { return ts[i].Position < ts[j].Position })
}
