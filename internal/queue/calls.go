package queue

import (
	"strings"
	"time"
	"unicode/utf8"
)

// The commands of a window serving citizens: call, recall, start, no-show,
// transfer and finish.

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
	missed, t, reason := h.nextArrived(w, now)
	if t == nil {
		return missed, nil
	}
	return append(missed, h.callEvents(w, t, staff, reason, now)...), nil
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
		if err := h.transferWindow(n, toWindow); err != nil {
			return nil, err
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
// rejection needs a reason; a notice to supplement needs something missing. It is the
// older, looser form, kept for the queue's own tests: the API (store.Finish) calls
// FinishVisit, which enforces lawful acceptance (required materials, 容缺, defects,
// deadlines, the refusal's basis).
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
	it, ok := h.itemOf(t.Item)
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
			Staff: staff, Window: n, CatalogVersion: t.CatalogVersion}
	}
	return []Event{ev}, nil
}
