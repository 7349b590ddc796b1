package queue

import "time"

// Visits is the running record of how calls end, for the forecast: the share of called
// citizens who do not come, an exponential moving average over about the last
// meanWindow calls, and how long a no-show holds its window (called to marked). A
// window gets through a no-show in that time instead of a category's service time, so
// a forecast that counted every ticket ahead as a full visit would quote long.
type Visits struct {
	N           int64       `json:"n"`
	NoShowShare float64     `json:"no_show_share"`
	NoShowTime  RunningMean `json:"no_show_time,omitzero"`
}

// minVisits is how many calls must have ended before the share is used.
const minVisits = 20

// add records one call's end: a no-show that held its window held, or a visit.
func (v *Visits) add(noShow bool, held time.Duration) {
	v.N++
	w := min(v.N, meanWindow)
	x := 0.0
	if noShow {
		x = 1
		v.NoShowTime.Add(held)
	}
	v.NoShowShare += (x - v.NoShowShare) / float64(w)
}

// expected is the window time a call takes on average when a visit takes mean: a
// visit's time for those who come, a no-show's for those who do not.
func (v *Visits) expected(mean time.Duration) time.Duration {
	if v == nil || v.N < minVisits || v.NoShowTime.N == 0 {
		return mean
	}
	p := v.NoShowShare
	return time.Duration((1-p)*float64(mean) + p*float64(v.NoShowTime.Value()))
}

// noteVisit records how the call of an event's ticket ended, for the forecast.
func (h *Hall) noteVisit(ev Event) {
	if ev.Ticket == nil || ev.Ticket.CalledAt.IsZero() {
		return
	}
	switch {
	case ev.Type == TicketFinished:
		h.Visits.add(false, 0)
	case ev.Type == TicketNoShow && ev.Reason != ReasonNotCheckedIn:
		h.Visits.add(true, ev.At.Sub(ev.Ticket.CalledAt))
	}
}
