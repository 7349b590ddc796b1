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
	// Order is its place in the forecast's calls, over every window.
	Order int
	// Ahead is how many are called before it by windows that serve its category.
	Ahead int
	// Wait is how long from now until it is called.
	Wait time.Duration
	// Paused says the window that calls it is paused now.
	Paused bool
}

// Forecast predicts the calls of the waiting tickets from now, with service times the
// running means times scale. Tickets no open window will call are absent.
func (h *Hall) Forecast(now time.Time, scale float64) map[string]Prediction {
	out := map[string]Prediction{}
	h.forecast(h.Queue.clone(), now, scale, func(t *Ticket, p Prediction) bool { out[t.ID] = p; return true })
	return out
}

// forecastOf returns the prediction of one ticket of q, running the forecast only until
// it.
func (h *Hall) forecastOf(q *Queue, id string, now time.Time, scale float64) (Prediction, bool) {
	var got Prediction
	found := false
	h.forecast(q.clone(), now, scale, func(t *Ticket, p Prediction) bool {
		if t.ID == id {
			got, found = p, true
		}
		return !found
	})
	return got, found
}

// simWindow is a window in the forecast: a copy, when it is next free, and whether it is
// paused now (the forecast has it come back).
type simWindow struct {
	w      Window
	free   time.Time
	paused bool
}

// forecast runs the forecast over q (a copy it uses up), telling call of each predicted
// call until it says stop.
func (h *Hall) forecast(q *Queue, now time.Time, scale float64, call func(*Ticket, Prediction) bool) {
	wins := h.simWindows(now, scale)
	// ahead counts, per category, the calls before by windows that could have called a
	// ticket of it instead: those are the people ahead of it; others served elsewhere
	// are not
	ahead := map[string]int{}
	var cats []Category
	if h.Catalog != nil {
		cats = h.Catalog.Categories
	}
	for n := 0; q.n > 0 && len(wins) > 0; {
		i := firstFree(wins)
		sw := &wins[i]
		if free, open := h.planned(sw.w.Number, sw.free); !open {
			wins = append(wins[:i], wins[i+1:]...) // closed for the day
			continue
		} else if free.After(sw.free) {
			sw.free = free // on its break until then
			continue
		}
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
		if !call(t, Prediction{Order: n, Ahead: ahead[t.Category], Wait: sw.free.Sub(now), Paused: sw.paused}) {
			return
		}
		n++
		for _, c := range cats {
			if sw.w.Serves(c.Code) {
				ahead[c.Code]++
			}
		}
		switch reason {
		case ReasonPriority:
			sw.w.Streak++
		case ReasonFIFO, ReasonRatio, ReasonMaxWait:
			sw.w.Streak = 0
		}
		sw.free = sw.free.Add(h.serviceTime(t.Category, scale))
	}
}

// hours returns the center's opening hours, nil when not known.
func (h *Hall) hours() *Hours {
	if h.Catalog == nil {
		return nil
	}
	return h.Catalog.Center.Hours
}

// planned returns when window n may call at t by the center's hours: t itself, or the
// end of a planned break it is in; open is false from closing time on.
func (h *Hall) planned(n int, t time.Time) (free time.Time, open bool) {
	hs := h.hours()
	if hs == nil {
		return t, true
	}
	local := t.In(h.Loc)
	if c := hs.closing(local); !c.IsZero() && !local.Before(c) {
		return t, false
	}
	if end, ok := hs.breakAt(n, local); ok {
		return end, true
	}
	return t, true
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
		if w.State == WinClosed {
			continue
		}
		free := now
		if w.State == WinPaused { // it comes back: after its planned break, or as paused windows have
			if end, ok := h.hours().breakAt(n, now.In(h.Loc)); ok {
				free = end
			} else {
				since := w.Since
				if since.IsZero() {
					since = now
				}
				free = now.Add(time.Duration(float64(h.pauseLeft(since, now)) * scale))
			}
		}
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
			if end := now.Add(left); end.After(free) {
				free = end
			}
		}
		out = append(out, simWindow{w: *w, free: free, paused: w.State == WinPaused})
	}
	return out
}

// serviceTime is the forecast's service time of a category.
func (h *Hall) serviceTime(category string, scale float64) time.Duration {
	return time.Duration(float64(h.Visits.expected(h.Stats[category].Value())) * scale)
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
// forecast at the running means. NoWindow says no window that is open or paused serves
// it; Paused that the window expected to call it is paused now (the wait counts on it
// coming back after the hall's usual pause).
type Wait struct {
	Ahead         int
	Low, Expected time.Duration
	High          time.Duration
	NoWindow      bool
	Paused        bool
}

// PredictWait predicts when a waiting ticket will be called, by the forecast; a ticket
// that is not waiting has nothing ahead.
func (h *Hall) PredictWait(t *Ticket, now time.Time) Wait {
	if t.State != Waiting {
		return Wait{}
	}
	if h.awayFromQueue(t) { // the wait it would have if it checked in now
		q, c := h.Queue.clone(), *t
		c.Position = h.LastPosition + 1
		q.Add(&c)
		return h.predictIn(q, &c, now)
	}
	return h.predictIn(h.Queue, t, now)
}

// predictIn predicts the call of t, waiting in q.
func (h *Hall) predictIn(q *Queue, t *Ticket, now time.Time) Wait {
	mid, ok := h.forecastOf(q, t.ID, now, 1)
	if !ok {
		return Wait{Ahead: q.Ahead(t), NoWindow: true}
	}
	lo, _ := h.forecastOf(q, t.ID, now, ForecastLow)
	hi, _ := h.forecastOf(q, t.ID, now, ForecastHigh)
	w := Wait{Ahead: mid.Ahead, Low: min(lo.Wait, mid.Wait), Expected: mid.Wait, High: max(hi.Wait, mid.Wait), Paused: mid.Paused}
	if t.Priority == PriorityNormal || t.Priority == "" { // those with a priority who come later go first
		f := h.priorityDrift(now)
		w.Expected, w.High = stretch(w.Expected, f), stretch(w.High, f)
	}
	return w
}

// Quote is the wait a ticket was quoted when it was issued, kept with the ticket so the
// estimate can be measured against the wait it then had: the forecast's range and
// expectation, whether no window served it, and the old lane estimate (Naive) beside it.
type Quote struct {
	Ahead     int  `json:"ahead"`
	LowS      int  `json:"low_s"`
	ExpectedS int  `json:"expected_s"`
	HighS     int  `json:"high_s"`
	NoWindow  bool `json:"no_window,omitempty"`
	NaiveS    int  `json:"naive_s"`
}

// quote predicts the wait of t, a ticket about to be issued, as if it waited already.
func (h *Hall) quote(t *Ticket, now time.Time) *Quote {
	q := h.Queue.clone()
	q.Add(t)
	w := h.predictIn(q, t, now)
	naive := h.laneEstimate(q, t)
	return &Quote{Ahead: w.Ahead, LowS: seconds(w.Low), ExpectedS: seconds(w.Expected), HighS: seconds(w.High),
		NoWindow: w.NoWindow, NaiveS: seconds(naive)}
}

func seconds(d time.Duration) int { return int(d / time.Second) }

// DefaultPause is how long a paused window is expected to stay paused before the hall
// has timed any pause.
const DefaultPause = 45 * time.Minute

// noteWindowState keeps when w came to its state, and times the pause it ends: a paused
// window that opens again adds its pause to the hall's running mean of pauses.
func (h *Hall) noteWindowState(w *Window, at time.Time) {
	old, ok := h.Windows[w.Number]
	if !ok || old.State != w.State {
		w.Since = at
	} else {
		w.Since = old.Since
	}
	if ok && old.State == WinPaused && w.State == WinOpen && !old.Since.IsZero() {
		h.Pauses.Add(at.Sub(old.Since))
	}
}

// pauseLeft is how much longer a window paused since since is expected to stay so: the
// rest of the hall's mean pause, and a few minutes once it is over that.
func (h *Hall) pauseLeft(since, now time.Time) time.Duration {
	mean := DefaultPause
	if h.Pauses.N > 0 {
		mean = h.Pauses.Value()
	}
	left := mean - now.Sub(since)
	return max(left, 5*time.Minute)
}

// newTicketID names the ticket WaitForNew imagines; no real ticket id has a NUL.
const newTicketID = "\x00new"

// WaitForNew predicts the wait of an ordinary ticket of category taken now: what a
// citizen deciding whether to come may expect.
func (h *Hall) WaitForNew(category string, now time.Time) Wait {
	t := &Ticket{ID: newTicketID, Category: category, Priority: PriorityNormal, Position: h.LastPosition + 1,
		IssuedAt: now, State: Waiting}
	q := h.Queue.clone()
	q.Add(t)
	return h.predictIn(q, t, now)
}
