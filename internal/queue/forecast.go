package queue

import (
	"sort"
	"time"
)

// A forecast runs the hall's call policy forward over the waiting tickets: each open
// window, when it is free, calls what Queue.Next would choose at that moment, and serves
// it for its category's mean service time. What it predicts is what the hall will do,
// across every category a window draws from — priority, the ratio rule, the maximum wait,
// appointments whose slot has not begun, tickets transferred to one window, windows
// limited to categories — not a count of the ticket's own lane. Paused and closed windows
// call nobody: a ticket no open window serves gets no prediction.

// Spread of the quoted range: the forecast is run with service times this much shorter
// and longer than the running means, which is how much a day's visits vary about them.
const (
	ForecastLow  = 0.8
	ForecastHigh = 1.25
)

// Prediction is when a waiting ticket is predicted to be called.
type Prediction struct {
	// Ahead is how many waiting tickets are called before it.
	Ahead int
	// Wait is how long from now until it is called.
	Wait time.Duration
}

// Forecast predicts the calls of the waiting tickets from now, with service times the
// running means times scale. Tickets no open window will call are absent.
func (h *Hall) Forecast(now time.Time, scale float64) map[string]Prediction {
	return h.forecast(now, scale, "")
}

// simWindow is a window in the forecast: a copy, and when it is next free.
type simWindow struct {
	w    Window
	free time.Time
}

// forecast runs the forecast until the ticket stop is called ("" runs it out).
func (h *Hall) forecast(now time.Time, scale float64, stop string) map[string]Prediction {
	q := h.Queue.clone()
	wins := h.simWindows(now, scale)
	out := map[string]Prediction{}
	for n := 0; q.n > 0 && len(wins) > 0; {
		sort.Slice(wins, func(i, j int) bool { return wins[i].free.Before(wins[j].free) || wins[i].free.Equal(wins[j].free) && wins[i].w.Number < wins[j].w.Number })
		sw := &wins[0]
		t, reason := q.Next(&sw.w, sw.free, h.Policy)
		if t == nil {
			if next, ok := q.nextSlot(&sw.w, sw.free); ok {
				sw.free = next // an appointment of its categories begins then
			} else {
				wins = wins[1:] // nobody it may serve is left
			}
			continue
		}
		q.Remove(t)
		out[t.ID] = Prediction{Ahead: n, Wait: sw.free.Sub(now)}
		n++
		if t.ID == stop {
			break
		}
		switch reason {
		case ReasonPriority:
			sw.w.Streak++
		case ReasonFIFO, ReasonRatio, ReasonMaxWait:
			sw.w.Streak = 0
		}
		sw.free = sw.free.Add(h.serviceTime(t.Category, scale))
	}
	return out
}

// simWindows returns the open windows with when each is free: now, or when the ticket it
// has called or serves is expected to be done.
func (h *Hall) simWindows(now time.Time, scale float64) []simWindow {
	var out []simWindow
	for _, n := range h.WindowNumbers() {
		w := h.Windows[n]
		if w.State != WinOpen {
			continue
		}
		free := now
		if t, ok := h.Tickets[w.Current]; ok && w.Current != "" {
			mean := h.serviceTime(t.Category, scale)
			begun := t.CalledAt
			if t.State == Serving && !t.StartedAt.IsZero() {
				begun = t.StartedAt
			}
			left := mean - now.Sub(begun)
			if left < mean/10 { // over its time already: soon, not never
				left = mean / 10
			}
			free = now.Add(left)
		}
		out = append(out, simWindow{w: *w, free: free})
	}
	return out
}

// serviceTime is the forecast's service time of a category.
func (h *Hall) serviceTime(category string, scale float64) time.Duration {
	return time.Duration(float64(h.Stats[category].Value()) * scale)
}

// clone copies the queue's lanes; the tickets are shared and must not be changed.
func (q *Queue) clone() *Queue {
	c := &Queue{designated: make(map[int][]*Ticket, len(q.designated)), lanes: make(map[string]*categoryLane, len(q.lanes)), n: q.n}
	for n, d := range q.designated {
		c.designated[n] = append([]*Ticket(nil), d...)
	}
	for code, l := range q.lanes {
		c.lanes[code] = &categoryLane{appt: append([]*Ticket(nil), l.appt...),
			prio: append([]*Ticket(nil), l.prio...), normal: append([]*Ticket(nil), l.normal...)}
	}
	return c
}

// nextSlot returns the earliest slot after now of an appointment window w may serve.
func (q *Queue) nextSlot(w *Window, now time.Time) (time.Time, bool) {
	var next time.Time
	for code, l := range q.lanes {
		if len(l.appt) == 0 || !w.Serves(code) {
			continue
		}
		for _, t := range l.appt {
			if t.Slot.After(now) && (next.IsZero() || t.Slot.Before(next)) {
				next = t.Slot
				break // the lane is by slot: the first after now is its earliest
			}
		}
	}
	return next, !next.IsZero()
}
