package queue

import "time"

// Colour is how near a case is to its promised date, as inboxes and supervisors mark it.
type Colour string

// The deadline colours.
const (
	Green Colour = "green" // time enough, or nothing left to decide
	Amber Colour = "amber" // near the promised date (see DeadlinePolicy)
	Red   Colour = "red"   // past the promised date
)

// DeadlinePolicy says when a case turns amber: when AmberShare (0 < share ≤ 1) of its
// promised time is used, or, when AmberShare is 0, when AmberDays working days or fewer
// are left.
type DeadlinePolicy struct {
	AmberShare float64 `json:"amber_share,omitempty"`
	AmberDays  int     `json:"amber_days"`
}

// DefaultDeadlines turns a case amber when 2 working days or fewer are left.
func DefaultDeadlines() DeadlinePolicy { return DeadlinePolicy{AmberDays: 2} }

// Validate checks a deadline policy.
func (p DeadlinePolicy) Validate() error {
	if p.AmberShare < 0 || p.AmberShare > 1 || p.AmberShare != p.AmberShare {
		return Errorf(Invalid, "amber_share must be between 0 and 1, got %v", p.AmberShare)
	}
	if p.AmberDays < 0 || p.AmberDays > maxDays {
		return Errorf(Invalid, "amber_days must be 0 to %d, got %d", maxDays, p.AmberDays)
	}
	return nil
}

// Remaining returns the days left to a sub-case's due day as of now (or as of the day its
// clock stopped, while it is stopped): working days, or calendar days for a natural-day
// item, after that day up to and including the due day. overdue says that day is past
// the due day.
func (p *Part) Remaining(now time.Time, loc *time.Location, cal *Calendar) (left int, overdue bool) {
	today := ServiceDay(now, loc)
	if p.StoppedOn != "" {
		today = p.StoppedOn
	}
	if today > p.Due { // YYYY-MM-DD compares as text
		return 0, true
	}
	return countDays(today, p.Due, p.Natural, cal), false
}

// Colour returns the sub-case's deadline colour at now: green once decided.
func (p *Part) Colour(now time.Time, loc *time.Location, cal *Calendar, pol DeadlinePolicy) Colour {
	if p.State.Decided() {
		return Green
	}
	left, overdue := p.Remaining(now, loc, cal)
	switch {
	case overdue:
		return Red
	case pol.AmberShare > 0 && (p.Days == 0 || float64(p.Days-left)/float64(p.Days) >= pol.AmberShare):
		return Amber
	case pol.AmberShare == 0 && left <= pol.AmberDays:
		return Amber
	}
	return Green
}

// Colour returns the case's deadline colour at now: its worst undecided sub-case's; for
// a case not yet routed, its promised date's; green once ready or closed.
func (c *Case) Colour(now time.Time, loc *time.Location, cal *Calendar, pol DeadlinePolicy) Colour {
	switch c.State {
	case CaseResultReady, CaseClosed:
		return Green
	case CaseAccepted, "":
		accepted := ServiceDay(c.AcceptedAt, loc)
		p := Part{Due: c.Promised, Days: countDays(accepted, c.Promised, false, cal)}
		return p.Colour(now, loc, cal, pol)
	}
	worst := Green
	for i := range c.Parts {
		switch c.Parts[i].Colour(now, loc, cal, pol) {
		case Red:
			return Red
		case Amber:
			worst = Amber
		}
	}
	return worst
}

// countDays counts the days d with from < d ≤ to (both YYYY-MM-DD): working days of cal,
// or every day when natural; 0 when to is not after from or either is not a date. It
// counts weekdays by whole weeks and then corrects for the calendar's holidays and
// worked weekend days in the range, so an inbox of thousands of cases stays fast.
func countDays(from, to string, natural bool, cal *Calendar) int {
	a, err1 := time.Parse(DayLayout, from)
	b, err2 := time.Parse(DayLayout, to)
	if err1 != nil || err2 != nil || !b.After(a) {
		return 0
	}
	n := int(b.Sub(a).Hours() / 24) // UTC midnights: whole days
	if natural {
		return n
	}
	count := n / 7 * 5
	for d := a.AddDate(0, 0, n/7*7+1); !d.After(b); d = d.AddDate(0, 0, 1) {
		if weekday(d) {
			count++
		}
	}
	if cal == nil {
		return count
	}
	for day := range cal.Off { // a holiday on a weekday is one working day less
		if day > from && day <= to && isWeekday(day) {
			count--
		}
	}
	for day := range cal.Work { // a weekend day worked is one more
		if day > from && day <= to && !isWeekday(day) {
			count++
		}
	}
	return count
}

func weekday(d time.Time) bool { return d.Weekday() != time.Saturday && d.Weekday() != time.Sunday }

// isWeekday reports whether a YYYY-MM-DD day is Monday to Friday.
func isWeekday(day string) bool {
	d, err := time.Parse(DayLayout, day)
	return err == nil && weekday(d)
}

// stopClock stops a sub-case's clock on today.
func (p *Part) stopClock(today string) { p.StoppedOn = today }

// resumeClock starts a stopped clock again on today: the days it stood still — from the
// stop day up to but not including today, working days of cal or calendar days as the
// item counts — are added to the due day.
func (p *Part) resumeClock(today string, cal *Calendar) {
	n := countDays(dayBefore(p.StoppedOn), dayBefore(today), p.Natural, cal)
	if due, err := time.Parse(DayLayout, p.Due); err == nil && n > 0 {
		p.Due = PromisedDate(due, n, p.Natural, cal).Format(DayLayout)
	}
	p.StoppedDays += n
	p.StoppedOn = ""
}

// dayBefore returns the day before a YYYY-MM-DD day, or the text itself if it is none.
func dayBefore(day string) string {
	d, err := time.Parse(DayLayout, day)
	if err != nil {
		return day
	}
	return d.AddDate(0, 0, -1).Format(DayLayout)
}
