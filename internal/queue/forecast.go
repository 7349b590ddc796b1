package queue

import (
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
	out := map[string]Prediction{}
	h.forecast(now, scale, func(t *Ticket, p Prediction) bool { out[t.ID] = p; return true })
	return out
}

// forecastOf returns the prediction of one ticket, running the forecast only until it.
func (h *Hall) forecastOf(id string, now time.Time, scale float64) (Prediction, bool) {
	var got Prediction
	found := false
	h.forecast(now, scale, func(t *Ticket, p Prediction) bool {
		if t.ID == id {
			got, found = p, true
		}
		return !found
	})
	return got, found
}

// simWindow is a window in the forecast: a copy, and when it is next free.
type simWindow struct {
	w    Window
	free time.Time
}

// forecast runs the forecast, telling call of each predicted call until it says stop.
func (h *Hall) forecast(now time.Time, scale float64, call func(*Ticket, Prediction) bool) {
	q := h.Queue.clone()
	wins := h.simWindows(now, scale)
	for n := 0; q.n > 0 && len(wins) > 0; {
		i := firstFree(wins)
		sw := &wins[i]
		t, reason := q.Next(&sw.w, sw.free, h.Policy)
		if t == nil {
			if next, ok := q.nextSlot(&sw.w, sw.free); ok {
				sw.free = next // an appointment of its categories begins then
			} else {
				wins = append(wins[:i], wins[i+1:]...) // nobody it may serve is left
			}
			continue
		}
		q.take(t)
		if !call(t, Prediction{Ahead: n, Wait: sw.free.Sub(now)}) {
			return
		}
		n++
		switch reason {
		case ReasonPriority:
			sw.w.Streak++
		case ReasonFIFO, ReasonRatio, ReasonMaxWait:
			sw.w.Streak = 0
		}
		sw.free = sw.free.Add(h.serviceTime(t.Category, scale))
	}
}

// firstFree returns the index of the window free first (the lower number on a tie).
func firstFree(wins []simWindow) int {
	best := 0
	for i := 1; i < len(wins); i++ {
		if wins[i].free.Before(wins[best].free) || wins[i].free.Equal(wins[best].free) && wins[i].w.Number < wins[best].w.Number {
			best = i
		}
	}
	return best
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

// take removes a ticket Next chose: the head of its lane, so the forecast pops it
// without moving the rest of the lane.
func (q *Queue) take(t *Ticket) {
	var lane *[]*Ticket
	if t.Designated != 0 {
		d := q.designated[t.Designated]
		lane = &d
		defer func() { q.designated[t.Designated] = *lane }()
	} else {
		lane, _ = q.laneOf(t)
	}
	if len(*lane) > 0 && (*lane)[0] == t {
		*lane = (*lane)[1:]
		q.n--
		return
	}
	q.Remove(t)
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

// Wait is a waiting ticket's predicted call: how many are called before it and the wait
// as a range (the forecast at ForecastLow and ForecastHigh service times), Expected the
// forecast at the running means. NoWindow says no open window will call it.
type Wait struct {
	Ahead         int
	Low, Expected time.Duration
	High          time.Duration
	NoWindow      bool
}

// PredictWait predicts when a waiting ticket will be called, by the forecast; a ticket
// that is not waiting has nothing ahead.
func (h *Hall) PredictWait(t *Ticket, now time.Time) Wait {
	if t.State != Waiting {
		return Wait{}
	}
	mid, ok := h.forecastOf(t.ID, now, 1)
	if !ok {
		return Wait{Ahead: h.Queue.Ahead(t), NoWindow: true}
	}
	lo, _ := h.forecastOf(t.ID, now, ForecastLow)
	hi, _ := h.forecastOf(t.ID, now, ForecastHigh)
	return Wait{Ahead: mid.Ahead, Low: min(lo.Wait, mid.Wait), Expected: mid.Wait, High: max(hi.Wait, mid.Wait)}
}
