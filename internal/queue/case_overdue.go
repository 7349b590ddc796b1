package queue

import (
	"sort"
	"time"
)

// CaseOverdue marks a case whose promised date has passed with a sub-case undecided: the
// citizen is sent an apology, once per case. Its case carries OverdueAt.
const CaseOverdue EventType = "case.overdue"

// DecideOverdue returns a case.overdue event for every open case in progress that has an
// undecided sub-case past its due date (a stopped clock does not run out) and has not
// been marked overdue before, in case-number order; staff is who marks them (the
// server's clock). It changes nothing.
func (h *Hall) DecideOverdue(now time.Time, staff string) []Event {
	var nos []string
	for no, c := range h.OpenCases {
		if c.State == CaseInProgress && c.OverdueAt.IsZero() && c.overduePart(now, h.Loc, h.Calendar) != nil {
			nos = append(nos, no)
		}
	}
	sort.Strings(nos)
	out := make([]Event, 0, len(nos))
	for _, no := range nos {
		c := h.OpenCases[no].clone()
		c.OverdueAt = now
		ev := h.event(CaseOverdue, now)
		ev.Staff, ev.Dept, ev.Case = staff, c.overduePart(now, h.Loc, h.Calendar).Dept, c
		out = append(out, ev)
	}
	return out
}

// overduePart returns the first undecided sub-case past its due date, or nil.
func (c *Case) overduePart(now time.Time, loc *time.Location, cal *Calendar) *Part {
	for i := range c.Parts {
		p := &c.Parts[i]
		if p.State.Decided() {
			continue
		}
		if _, overdue := p.Remaining(now, loc, cal); overdue {
			return p
		}
	}
	return nil
}
