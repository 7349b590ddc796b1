package queue

import (
	"sort"
	"strings"
	"time"
	"unicode/utf8"
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

// window returns window n, or a NotFound error.
func (h *Hall) window(n int) (*Window, error) {
	w, ok := h.Windows[n]
	if !ok {
		return nil, Errorf(NotFound, "no window %d", n)
	}
	return w, nil
}

// current returns window n and its current ticket, or a Conflict error when it has none.
func (h *Hall) current(n int) (*Window, *Ticket, error) {
	w, err := h.window(n)
	if err != nil {
		return nil, nil, err
	}
	t, ok := h.Tickets[w.Current]
	if w.Current == "" || !ok {
		return nil, nil, Errorf(Conflict, "window %d has no current ticket", n)
	}
	return w, t, nil
}

// Call decides the call of the next ticket at window n. It returns no events and no
// error when nobody the window may serve is waiting.
func (h *Hall) Call(n int, staff string, now time.Time) ([]Event, error) {
	w, err := h.window(n)
	if err != nil {
		return nil, err
	}
	if err := h.readyToCall(w); err != nil {
		return nil, err
	}
	t, reason := h.Queue.Next(w, now, h.Policy)
	if t == nil {
		return nil, nil
	}
	return h.callEvents(w, t, staff, reason, now), nil
}

// CallTicket decides the call of one named waiting ticket out of order (a supervisor's
// choice): the window must be able to serve it.
func (h *Hall) CallTicket(n int, id, staff string, now time.Time) ([]Event, error) {
	w, err := h.window(n)
	if err != nil {
		return nil, err
	}
	if err := h.readyToCall(w); err != nil {
		return nil, err
	}
	t, ok := h.Tickets[id]
	if !ok {
		return nil, Errorf(NotFound, "no ticket %q today", id)
	}
	if t.State != Waiting {
		return nil, Errorf(Conflict, "ticket %s is %s, not waiting", t.Number, t.State)
	}
	if t.Designated != 0 && t.Designated != n {
		return nil, Errorf(Conflict, "ticket %s is transferred to window %d", t.Number, t.Designated)
	}
	if t.Designated == 0 && !w.Serves(t.Category) {
		return nil, Errorf(Conflict, "window %d does not serve category %s", n, t.Category)
	}
	return h.callEvents(w, t, staff, "chosen", now), nil
}

func (h *Hall) readyToCall(w *Window) error {
	if w.State != WinOpen {
		return Errorf(Conflict, "window %d is %s", w.Number, w.State)
	}
	if w.Current != "" {
		if t, ok := h.Tickets[w.Current]; ok {
			return Errorf(Conflict, "window %d still has ticket %s (%s): finish it first", w.Number, t.Number, t.State)
		}
	}
	return nil
}

func (h *Hall) callEvents(w *Window, t *Ticket, staff string, reason Reason, now time.Time) []Event {
	nt := *t
	nt.State = Called
	nt.Window = w.Number
	nt.Staff = staff
	nt.CalledAt = now
	nt.Designated = 0
	nt.Recalls = 0
	nw := *w
	nw.Current = t.ID
	switch reason {
	case ReasonPriority:
		nw.Streak++
	case ReasonFIFO, ReasonRatio, ReasonMaxWait:
		nw.Streak = 0
	}
	ev := h.event(TicketCalled, now)
	ev.Ticket, ev.Window, ev.Staff, ev.Reason = &nt, &nw, staff, string(reason)
	return []Event{ev}
}

// Recall decides calling the window's current ticket again.
func (h *Hall) Recall(n int, staff string, now time.Time) ([]Event, error) {
	w, t, err := h.current(n)
	if err != nil {
		return nil, err
	}
	if _, err := Transition(t.State, ActRecall); err != nil {
		return nil, err
	}
	if h.Policy.MaxRecalls > 0 && t.Recalls >= h.Policy.MaxRecalls {
		return nil, Errorf(Conflict, "ticket %s was recalled %d times already: mark it a no-show", t.Number, t.Recalls)
	}
	nt := *t
	nt.Recalls++
	ev := h.event(TicketRecalled, now)
	ev.Ticket, ev.Window, ev.Staff = &nt, copyWindow(w), staff
	return []Event{ev}, nil
}

// Start decides that the citizen of the current ticket has come to window n.
func (h *Hall) Start(n int, staff string, now time.Time) ([]Event, error) {
	w, t, err := h.current(n)
	if err != nil {
		return nil, err
	}
	to, err := Transition(t.State, ActStart)
	if err != nil {
		return nil, err
	}
	nt := *t
	nt.State = to
	nt.StartedAt = now
	ev := h.event(TicketStarted, now)
	ev.Ticket, ev.Window, ev.Staff = &nt, copyWindow(w), staff
	return []Event{ev}, nil
}

// NoShow decides that the called citizen did not come.
func (h *Hall) NoShow(n int, staff string, now time.Time) ([]Event, error) {
	w, t, err := h.current(n)
	if err != nil {
		return nil, err
	}
	to, err := Transition(t.State, ActNoShow)
	if err != nil {
		return nil, err
	}
	nt := *t
	nt.State = to
	nw := *w
	nw.Current = ""
	nw.Missed++
	ev := h.event(TicketNoShow, now)
	ev.Ticket, ev.Window, ev.Staff = &nt, &nw, staff
	return []Event{ev}, nil
}

// Transfer decides handing window n's current ticket to another window or category. The
// ticket keeps its place in the queue (its position and issue time).
func (h *Hall) Transfer(n int, staff string, toWindow int, toCategory string, now time.Time) ([]Event, error) {
	w, t, err := h.current(n)
	if err != nil {
		return nil, err
	}
	to, err := Transition(t.State, ActTransfer)
	if err != nil {
		return nil, err
	}
	nt := *t
	nt.State = to
	nt.Window = 0
	nt.Transfers++
	switch {
	case toWindow != 0 && toCategory != "":
		return nil, Errorf(Invalid, "transfer to a window or a category, not both")
	case toWindow != 0:
		if toWindow == n {
			return nil, Errorf(Invalid, "cannot transfer a ticket to its own window")
		}
		if _, err := h.window(toWindow); err != nil {
			return nil, Errorf(Invalid, "no window %d to transfer to", toWindow)
		}
		nt.Designated = toWindow
	case toCategory != "":
		cat, ok := h.Catalog.Category(toCategory)
		if !ok {
			return nil, Errorf(Invalid, "unknown category %q", toCategory)
		}
		nt.Designated = 0
		nt.Category = cat.Code
	default:
		return nil, Errorf(Invalid, "transfer needs a window or a category")
	}
	nw := *w
	nw.Current = ""
	ev := h.event(TicketTransferred, now)
	ev.Ticket, ev.Window, ev.Staff, ev.From = &nt, &nw, staff, n
	return []Event{ev}, nil
}

// Finish decides the end of the visit at window n with an outcome. Received lists the
// material codes handed over; the event records the required ones still missing. A
// rejection needs a reason; a notice to supplement needs something missing.
func (h *Hall) Finish(n int, staff string, outcome Outcome, received []string, reason string, now time.Time) ([]Event, error) {
	w, t, err := h.current(n)
	if err != nil {
		return nil, err
	}
	to, err := Transition(t.State, ActFinish)
	if err != nil {
		return nil, err
	}
	if !outcome.Valid() {
		return nil, Errorf(Invalid, "unknown outcome %q: use accepted, rejected, supplement, completed or consulted", outcome)
	}
	reason = strings.TrimSpace(reason)
	if utf8.RuneCountInString(reason) > MaxReason {
		return nil, Errorf(Invalid, "reason is longer than %d characters", MaxReason)
	}
	it, ok := h.Catalog.Item(t.Item)
	if !ok {
		return nil, Errorf(Internal, "ticket %s names unknown item %q", t.Number, t.Item)
	}
	known := it.MaterialCodes()
	seen := map[string]bool{}
	for _, code := range received {
		if !known[code] {
			return nil, Errorf(Invalid, "item %s has no material %q", it.Code, code)
		}
		if seen[code] {
			return nil, Errorf(Invalid, "material %q is listed twice", code)
		}
		seen[code] = true
	}
	var missing []string
	for _, m := range it.Materials {
		if m.Required && !seen[m.Code] {
			missing = append(missing, m.Code)
		}
	}
	switch {
	case outcome == Rejected && reason == "":
		return nil, Errorf(Invalid, "a rejection needs a reason")
	case outcome == Supplement && len(missing) == 0:
		return nil, Errorf(Invalid, "no required material is missing: nothing to supplement")
	}
	nt := *t
	nt.State = to
	nt.Outcome = outcome
	nt.FinishedAt = now
	nw := *w
	nw.Current = ""
	nw.Served++
	ev := h.event(TicketFinished, now)
	ev.Ticket, ev.Window, ev.Staff, ev.Reason = &nt, &nw, staff, reason
	ev.Received = append([]string(nil), received...)
	ev.Missing = missing
	if outcome == Accepted {
		local := now.In(h.Loc)
		ev.Case = &Case{No: CaseNumber(h.Center, h.Day, h.Cases+1), Ticket: t.ID, Item: it.Code, Center: h.Center,
			AcceptedAt: now, Promised: PromisedDate(local, it.PromisedDays, it.NaturalDays, h.Calendar).Format(DayLayout),
			Staff: staff, Window: n}
	}
	return []Event{ev}, nil
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

// CreateWindow decides adding a window; it starts closed.
func (h *Hall) CreateWindow(w Window, now time.Time) ([]Event, error) {
	if w.Number < 1 || w.Number > 999 {
		return nil, Errorf(Invalid, "window number must be 1 to 999")
	}
	if _, ok := h.Windows[w.Number]; ok {
		return nil, Errorf(Conflict, "window %d exists", w.Number)
	}
	switch w.Kind {
	case Comprehensive, Pickup, Special:
	default:
		return nil, Errorf(Invalid, "unknown window kind %q", w.Kind)
	}
	for _, c := range w.Categories {
		if _, ok := h.Catalog.Category(c); !ok {
			return nil, Errorf(Invalid, "unknown category %q", c)
		}
	}
	nw := w
	nw.State, nw.Current, nw.Staff = WinClosed, "", ""
	ev := h.event(WindowCreated, now)
	ev.Window = &nw
	return []Event{ev}, nil
}

// OpenWindow decides opening (or resuming) window n for staff.
func (h *Hall) OpenWindow(n int, staff string, now time.Time) ([]Event, error) {
	w, err := h.window(n)
	if err != nil {
		return nil, err
	}
	if w.State == WinOpen && w.Staff == staff {
		return nil, Errorf(Conflict, "window %d is open already", n)
	}
	nw := *w
	nw.State, nw.Reason, nw.Staff = WinOpen, "", staff
	ev := h.event(WindowOpened, now)
	ev.Window, ev.Staff = &nw, staff
	return []Event{ev}, nil
}

// PauseWindow decides pausing window n with a reason shown on its display.
func (h *Hall) PauseWindow(n int, staff, reason string, now time.Time) ([]Event, error) {
	w, err := h.window(n)
	if err != nil {
		return nil, err
	}
	if w.State != WinOpen {
		return nil, Errorf(Conflict, "window %d is %s, not open", n, w.State)
	}
	reason = strings.TrimSpace(reason)
	if utf8.RuneCountInString(reason) > MaxReason {
		return nil, Errorf(Invalid, "reason is longer than %d characters", MaxReason)
	}
	nw := *w
	nw.State, nw.Reason = WinPaused, reason
	ev := h.event(WindowPaused, now)
	ev.Window, ev.Staff, ev.Reason = &nw, staff, reason
	return []Event{ev}, nil
}

// CloseWindow decides closing window n; its current ticket must be finished first.
func (h *Hall) CloseWindow(n int, staff string, now time.Time) ([]Event, error) {
	w, err := h.window(n)
	if err != nil {
		return nil, err
	}
	if w.State == WinClosed {
		return nil, Errorf(Conflict, "window %d is closed already", n)
	}
	if t, ok := h.Tickets[w.Current]; ok && w.Current != "" {
		return nil, Errorf(Conflict, "window %d still has ticket %s: finish it first", n, t.Number)
	}
	nw := *w
	nw.State, nw.Reason, nw.Staff, nw.Current = WinClosed, "", "", ""
	ev := h.event(WindowClosed, now)
	ev.Window, ev.Staff = &nw, staff
	return []Event{ev}, nil
}

func copyWindow(w *Window) *Window {
	c := *w
	return &c
}

func sortByPosition(ts []*Ticket) {
	sort.Slice(ts, func(i, j int) bool { return ts[i].Position < ts[j].Position })
}
