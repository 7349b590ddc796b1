package queue

import "time"

// The forecast runs the policy over the tickets waiting now; it cannot see those who
// will come. A ticket with a priority that arrives while an ordinary ticket waits is
// called before it, so an ordinary ticket's wait stretches by the share of the windows'
// time such late arrivals take. That share is measured from the last hour's arrivals.

// driftHistory is how much of the day must have passed, and how far back arrivals are
// counted, to measure the share.
const driftHistory = time.Hour

// maxDrift bounds the share, whatever an unusual hour measured.
const maxDrift = 0.3

// priorityDrift returns the share of the open windows' time that the last hour's
// arrivals with a priority took (their categories' mean service times), 0 before the
// day has an hour of arrivals.
func (h *Hall) priorityDrift(now time.Time) float64 {
	from := now.Add(-driftHistory)
	var work time.Duration
	old := false
	for _, t := range h.Tickets {
		if !t.IssuedAt.After(from) {
			old = true
			continue
		}
		if t.IssuedAt.After(now) || t.Priority == PriorityNormal || t.Priority == PriorityAppointment || t.Priority == "" {
			continue
		}
		work += h.serviceTime(t.Category, 1)
	}
	windows := 0
	for _, w := range h.Windows {
		if w.State != WinClosed {
			windows++
		}
	}
	if !old || windows == 0 {
		return 0
	}
	f := work.Hours() / driftHistory.Hours() / float64(windows)
	return min(f, maxDrift)
}

// stretch returns d as it lengthens when a share f of the windows' time goes to
// arrivals called first.
func stretch(d time.Duration, f float64) time.Duration {
	return time.Duration(float64(d) / (1 - f))
}
