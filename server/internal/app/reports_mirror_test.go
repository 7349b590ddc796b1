package app

import (
	"sort"
	"strconv"
	"time"

	"onedoor/internal/wire"
)

// The report figures recomputed from the audit trail alone (GET /api/v1/events), by
// the definitions the README states, to hold the aggregates against.

// mirrorKey is one fact's day, category, item, window and clerk.
type mirrorKey struct {
	day, cat, item string
	win            int
	clerk          string
}

// mirrorCell is a group's figures, with its waits and services as raw seconds.
type mirrorCell struct {
	issued, called, served, missed, cancelled int64
	outcomes                                  map[string]int64
	waits, services                           []int64
	idle, paused                              int64
	ratings                                   map[string]int64
	bad                                       int64
	// quoted, quoteErr and within5: first calls of tickets quoted a wait at issue, the
	// sum of |wait − the quote| in seconds, those within 5 minutes
	quoted, quoteErr, within5 int64
}

// mirrorWindow is what the mirror knows of a window.
type mirrorWindow struct {
	state, staff, current string
	since, freeSince      time.Time
}

// mirror recomputes the report cells from the log.
type mirror struct {
	loc       *time.Location
	cells     map[mirrorKey]*mirrorCell
	issuedAt  map[string]time.Time
	startedAt map[string]time.Time
	called    map[string]bool
	window    map[string]int // ticket → last window
	windows   map[int]*mirrorWindow
	quotes    map[string]wire.Ticket // the kiosk's answers at issue, by ticket id
}

func newMirror(loc *time.Location) *mirror {
	return &mirror{loc: loc, cells: map[mirrorKey]*mirrorCell{}, issuedAt: map[string]time.Time{},
		startedAt: map[string]time.Time{}, called: map[string]bool{}, window: map[string]int{}, windows: map[int]*mirrorWindow{}}
}

func (m *mirror) cell(k mirrorKey) *mirrorCell {
	c := m.cells[k]
	if c == nil {
		c = &mirrorCell{outcomes: map[string]int64{}, ratings: map[string]int64{}}
		m.cells[k] = c
	}
	return c
}

func secs(d time.Duration) int64 { return max(int64(d/time.Second), 0) }

// add takes one event of the log, in order.
func (m *mirror) add(ev wire.Event) {
	day := ev.At.In(m.loc).Format("2006-01-02")
	if t := ev.Ticket; t != nil {
		m.ticket(ev, t, day)
	}
	if w := ev.Window; w != nil {
		m.windowEvent(ev, w, day)
	}
}

func (m *mirror) ticket(ev wire.Event, t *wire.EventTicket, day string) {
	k := mirrorKey{day: day, cat: t.Category, item: t.Item}
	at := func() mirrorKey { k.win, k.clerk = ev.Window.Number, ev.Staff; return k }
	switch ev.Type {
	case "ticket.issued":
		m.issuedAt[t.ID] = ev.At
		m.cell(k).issued++
	case "ticket.called":
		c := m.cell(at())
		c.called++
		m.window[t.ID] = ev.Window.Number
		if !m.called[t.ID] {
			m.called[t.ID] = true
			wait := secs(ev.At.Sub(m.issuedAt[t.ID]))
			c.waits = append(c.waits, wait)
			if q, ok := m.quotes[t.ID]; ok && !q.NoWindow {
				e := wait - int64(q.EstimatedWaitS)
				e = max(e, -e)
				c.quoted, c.quoteErr = c.quoted+1, c.quoteErr+e
				if e <= 300 {
					c.within5++
				}
			}
		}
	case "ticket.started":
		m.startedAt[t.ID] = ev.At
	case "ticket.no_show":
		m.cell(at()).missed++
	case "ticket.finished":
		c := m.cell(at())
		c.served++
		c.outcomes[ev.Outcome]++
		c.services = append(c.services, secs(ev.At.Sub(m.startedAt[t.ID])))
	case "ticket.cancelled":
		m.cell(k).cancelled++
	case "ticket.rated":
		k.win, k.clerk = m.window[t.ID], ev.Rating.Staff
		c := m.cell(k)
		c.ratings[strconv.Itoa(ev.Rating.Level)]++
		if ev.Rating.Code == "dissatisfied" || ev.Rating.Code == "very_dissatisfied" { // 不满意, 非常不满意
			c.bad++
		}
	}
}

// windowEvent counts the idle (open, no ticket) or paused stretch an event ends.
func (m *mirror) windowEvent(ev wire.Event, w *wire.EventWindow, day string) {
	mw := m.windows[w.Number]
	if mw == nil {
		mw = &mirrorWindow{}
		m.windows[w.Number] = mw
	}
	current := mw.current
	switch ev.Type {
	case "ticket.called":
		current = ev.Ticket.ID
	case "ticket.no_show", "ticket.finished", "ticket.transferred":
		current = ""
	}
	k := mirrorKey{day: day, win: w.Number, clerk: mw.staff}
	if mw.state == "open" && mw.current == "" && !(w.State == "open" && current == "") {
		from := mw.since
		if mw.freeSince.After(from) {
			from = mw.freeSince
		}
		if d := secs(ev.At.Sub(from)); d > 0 {
			m.cell(k).idle += d
		}
	}
	if mw.state == "paused" && w.State != "paused" {
		if d := secs(ev.At.Sub(mw.since)); d > 0 {
			m.cell(k).paused += d
		}
	}
	if mw.state != w.State {
		mw.since = ev.At
	}
	if mw.current != "" && current == "" {
		mw.freeSince = ev.At
	}
	mw.state, mw.current = w.State, current
	switch ev.Type {
	case "window.opened":
		mw.staff = ev.Staff
	case "window.closed":
		mw.staff = ""
	}
}

// group adds the cells up by one of the report's dimensions.
func (m *mirror) group(by, center string) map[string]*mirrorCell {
	out := map[string]*mirrorCell{}
	for k, c := range m.cells {
		key := center
		switch by {
		case "day":
			key = k.day
		case "category":
			key = k.cat
		case "item":
			key = k.item
		case "window":
			key = strconv.Itoa(k.win)
		case "clerk":
			key = k.clerk
		}
		g := out[key]
		if g == nil {
			g = &mirrorCell{outcomes: map[string]int64{}, ratings: map[string]int64{}}
			out[key] = g
		}
		g.issued += c.issued
		g.called += c.called
		g.served += c.served
		g.missed += c.missed
		g.cancelled += c.cancelled
		g.idle += c.idle
		g.paused += c.paused
		g.bad += c.bad
		g.quoted += c.quoted
		g.quoteErr += c.quoteErr
		g.within5 += c.within5
		g.waits = append(g.waits, c.waits...)
		g.services = append(g.services, c.services...)
		for o, n := range c.outcomes {
			g.outcomes[o] += n
		}
		for l, n := range c.ratings {
			g.ratings[l] += n
		}
	}
	return out
}

// summary is count, mean, nearest-rank p50 and p90 and max of raw seconds.
func summary(v []int64) (n int64, mean float64, p50, p90, mx int64) {
	if len(v) == 0 {
		return 0, 0, 0, 0, 0
	}
	s := append([]int64(nil), v...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	rank := func(p int) int64 { return s[(p*len(s)+99)/100-1] }
	var sum int64
	for _, x := range s {
		sum += x
	}
	return int64(len(s)), float64(sum) / float64(len(s)), rank(50), rank(90), s[len(s)-1]
}
