package queue

import "time"

// ReportFact is what one event adds to one aggregate cell.
type ReportFact struct {
	Key ReportKey
	Add ReportCell
}

// quoteTolerance is the error within which a quoted wait counts as right.
const quoteTolerance = 5 * time.Minute

// ReportFacts returns what ev adds to the report aggregates. It reads the hall as it is
// BEFORE ev is applied (a first call, a window's idle and paused time need what was), so
// call it before Apply. Facts fall on the service day of the event; a ticket fact is
// the ticket's category and item and the staff who acted (ev.Staff) at its window; an
// idle or paused stretch counts, whole, when it ends, for the window's clerk then.
func (h *Hall) ReportFacts(ev Event) []ReportFact {
	day := ServiceDay(ev.At, h.Loc)
	var out []ReportFact
	if t := ev.Ticket; t != nil {
		if f, ok := h.ticketFact(ev, t, day); ok {
			out = append(out, f)
		}
	}
	if w := ev.Window; w != nil {
		if f, ok := h.windowFact(ev, w, day); ok {
			out = append(out, f)
		}
	}
	return out
}

// ticketFact is what a ticket event adds.
func (h *Hall) ticketFact(ev Event, t *Ticket, day string) (ReportFact, bool) {
	f := ReportFact{Key: ReportKey{Day: day, Category: t.Category, Item: t.Item}}
	atWindow := func(n int) { f.Key.Window, f.Key.Clerk = n, ev.Staff }
	c := &f.Add
	switch ev.Type {
	case TicketIssued:
		c.Issued = 1
	case TicketCalled:
		atWindow(t.Window)
		c.Called = 1
		if old, ok := h.Tickets[t.ID]; ok && old.CalledAt.IsZero() {
			wait := wholeSeconds(ev.At.Sub(t.IssuedAt))
			c.Wait = Dist{wait: 1}
			if q := t.Quote; q != nil && !q.NoWindow {
				e := wait - int64(q.ExpectedS)
				e = max(e, -e)
				c.Quoted, c.QuoteErrS = 1, e
				if e <= int64(quoteTolerance/time.Second) {
					c.QuoteWithin5 = 1
				}
			}
		}
	case TicketNoShow:
		atWindow(t.Window)
		c.Missed = 1
	case TicketTransferred:
		atWindow(ev.From)
		c.Transferred = 1
	case TicketFinished:
		atWindow(t.Window)
		c.Served = 1
		c.Service = Dist{wholeSeconds(ev.At.Sub(t.StartedAt)): 1}
		c.addOutcome(t.Outcome)
	case TicketCancelled:
		c.Cancelled = 1
	case TicketExpired:
		c.Expired = 1
	case TicketRated:
		r := ev.Rating
		if r == nil || r.Level < 1 || r.Level > MaxRatingLevel {
			return f, false
		}
		f.Key.Window, f.Key.Clerk = r.Window, r.Staff
		c.Ratings[r.Level] = 1
		if h.badLevel(r.Level) {
			c.Bad = 1
		}
	default:
		return f, false
	}
	return f, true
}

func (c *ReportCell) addOutcome(o Outcome) {
	switch o {
	case Accepted:
		c.Accepted++
	case Supplement:
		c.Supplement++
	case Rejected:
		c.Rejected++
	case Consulted:
		c.Consulted++
	case Completed:
		c.Completed++
	}
}

// badLevel says whether a rating level needs rectification (差评).
func (h *Hall) badLevel(level int) bool {
	for _, r := range h.Catalog.RatingScale {
		if r.Level == level {
			return r.RequiresRectification
		}
	}
	return false
}

// windowFact is the idle or paused stretch of a window that ev ends. A window is idle
// while open with no current ticket, from when it opened or let its last ticket go.
func (h *Hall) windowFact(ev Event, w *Window, day string) (ReportFact, bool) {
	old, ok := h.Windows[w.Number]
	if !ok {
		return ReportFact{}, false
	}
	f := ReportFact{Key: ReportKey{Day: day, Window: w.Number, Clerk: old.Staff}}
	wasIdle := old.State == WinOpen && old.Current == ""
	if wasIdle && !(w.State == WinOpen && w.Current == "") {
		from := old.Since
		if old.FreeSince.After(from) {
			from = old.FreeSince
		}
		f.Add.IdleS = wholeSeconds(ev.At.Sub(from))
	}
	if old.State == WinPaused && w.State != WinPaused {
		f.Add.PausedS = wholeSeconds(ev.At.Sub(old.Since))
	}
	return f, f.Add.IdleS > 0 || f.Add.PausedS > 0
}

// wholeSeconds truncates d to whole seconds, never below 0.
func wholeSeconds(d time.Duration) int64 {
	return max(int64(d/time.Second), 0)
}
