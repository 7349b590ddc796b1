package queue

import (
	"sort"
	"time"
)

// Hall is the live state of one center: the service day, its counters, the day's
// tickets, the windows and the waiting queue. Its command methods decide events without
// changing anything; Apply changes it. A Hall is not safe for concurrent use.
type Hall struct {
	Catalog *Catalog
	// CatalogVersion is the number of the published catalog version in force (0: none yet).
	CatalogVersion int
	// Retired are the catalogs in force before, newest first: the tickets and cases
	// issued under them are served with their items (itemOf).
	Retired []*Catalog
	Loc     *time.Location
	Policy  Policy
	Center  string
	// Calendar gives the working days promised dates are counted in; nil is Mon–Fri.
	Calendar *Calendar
	// CalendarYears are the years of the calendar set in the console (calendar.set),
	// which Calendar holds in place of the start file's days of those years.
	CalendarYears map[int]CalendarYear

	Day          string                  // the service day the counters belong to
	Counters     map[string]int          // prefix → last sequence issued today
	LastPosition uint64                  // the last queue position handed out
	LastSeq      uint64                  // the last event applied
	Tickets      map[string]*Ticket      // today's tickets, by id
	Windows      map[int]*Window         // every window, by number
	Stats        map[string]*RunningMean // category code → service time
	Pauses       RunningMean             // how long windows stay paused
	Visits       Visits                  // how calls end: the share of no-shows
	Queue        *Queue
	Notice       string              // the text the hall boards scroll
	Cases        int                 // cases opened today
	Recent       []Call              // the day's latest calls, newest last, at most MaxRecent
	Bookings     map[string]*Booking // appointments from today on, by code
	OpenCases    map[string]*Case    // cases not yet closed, of every day, by number

	idem          map[string]string  // source + key → ticket id, for today's tickets
	dirtyTickets  map[string]*Ticket // changed since TakeDirty, even if the day has ended since
	dirtyWindows  map[int]bool
	dirtyMeta     bool
	dirtyBookings map[string]*Booking
	dirtyCases    map[string]*Case
}

// MaxRecent is how many of the day's latest calls the hall keeps for boards.
const MaxRecent = 20

// Call is one call (or recall) of a number to a window, as boards list them.
type Call struct {
	Seq        uint64    `json:"seq"`
	Number     string    `json:"number"`
	Window     int       `json:"window"`
	WindowName string    `json:"window_name"`
	At         time.Time `json:"at"`
	Recall     bool      `json:"recall,omitempty"`
}

// NewHall returns an empty hall for a catalog, in the center's location.
func NewHall(cat *Catalog, loc *time.Location, p Policy) *Hall {
	return &Hall{
		Catalog:       cat,
		Loc:           loc,
		Policy:        p,
		Center:        cat.Center.Code,
		Counters:      map[string]int{},
		Tickets:       map[string]*Ticket{},
		Windows:       map[int]*Window{},
		Stats:         map[string]*RunningMean{},
		Queue:         NewQueue(),
		idem:          map[string]string{},
		Bookings:      map[string]*Booking{},
		dirtyBookings: map[string]*Booking{},
		dirtyTickets:  map[string]*Ticket{},
		dirtyWindows:  map[int]bool{},
	}
}

// Restore puts back a ticket loaded from a projection, with no event.
func (h *Hall) Restore(t *Ticket) {
	c := *t
	h.Tickets[c.ID] = &c
	if c.State == Waiting && !h.awayFromQueue(&c) {
		h.Queue.Add(&c)
	}
	if c.IdemKey != "" {
		h.idem[idemKey(c.Source, c.IdemKey)] = c.ID
	}
}

// RestoreWindow puts back a window loaded from a projection, with no event.
func (h *Hall) RestoreWindow(w *Window) {
	c := *w
	h.Windows[c.Number] = &c
}

func idemKey(source, key string) string { return source + "\x00" + key }

// Apply changes the hall by one event. It never fails: events were checked when decided.
func (h *Hall) Apply(ev Event) {
	if ev.Seq > h.LastSeq {
		h.LastSeq = ev.Seq
	}
	h.dirtyMeta = true
	switch ev.Type {
	case DayStarted:
		h.Day = ev.Day
		h.Counters = map[string]int{}
		h.Cases = 0
		h.Recent = nil
		for id := range h.Tickets {
			delete(h.Tickets, id)
		}
		h.Queue = NewQueue()
		h.idem = map[string]string{}
		for n, w := range h.Windows {
			w.Served, w.Missed, w.Streak = 0, 0, 0
			h.dirtyWindows[n] = true
		}
	}
	h.applyCatalog(ev)
	h.applyCalendar(ev)
	if ev.Type == NoticeSet {
		h.Notice = ev.Notice
	}
	h.applyBooking(ev)
	h.applyCase(ev)
	if (ev.Type == TicketCalled || ev.Type == TicketRecalled) && ev.Ticket != nil && ev.Window != nil {
		h.Recent = append(h.Recent, Call{Seq: ev.Seq, Number: ev.Ticket.Number, Window: ev.Window.Number,
			WindowName: ev.Window.Name, At: ev.At, Recall: ev.Type == TicketRecalled})
		if len(h.Recent) > MaxRecent {
			h.Recent = append(h.Recent[:0], h.Recent[len(h.Recent)-MaxRecent:]...)
		}
	}
	if ev.Ticket != nil && ev.Ticket.Day == h.Day {
		h.putTicket(ev.Ticket)
	} else if ev.Ticket != nil {
		c := *ev.Ticket // an earlier day's ticket (a late rating): projection only
		h.dirtyTickets[c.ID] = &c
	}
	if ev.Window != nil {
		c := *ev.Window
		h.noteWindowState(&c, ev.At)
		h.noteFree(&c, ev.At)
		h.Windows[c.Number] = &c
		h.dirtyWindows[c.Number] = true
	}
	h.noteVisit(ev)
	if ev.Type == TicketFinished && ev.Ticket != nil && !ev.Ticket.CalledAt.IsZero() {
		m := h.Stats[ev.Ticket.Category]
		if m == nil {
			m = &RunningMean{}
			h.Stats[ev.Ticket.Category] = m
		}
		m.Add(ev.Ticket.FinishedAt.Sub(ev.Ticket.CalledAt))
	}
}

func (h *Hall) putTicket(t *Ticket) {
	if old := h.Tickets[t.ID]; old != nil && old.State == Waiting {
		h.Queue.Remove(old)
	}
	c := *t
	h.Tickets[c.ID] = &c
	h.dirtyTickets[c.ID] = &c
	if c.State == Waiting && !h.awayFromQueue(&c) {
		h.Queue.Add(&c)
	}
	if c.Day == h.Day && c.Seq > h.Counters[c.Prefix] {
		h.Counters[c.Prefix] = c.Seq
	}
	if c.Position > h.LastPosition {
		h.LastPosition = c.Position
	}
	if c.IdemKey != "" {
		h.idem[idemKey(c.Source, c.IdemKey)] = c.ID
	}
}

// TakeDirty returns the tickets and windows changed since the last call, in a stable
// order, and whether the hall's own counters changed; the store writes them to its
// projections.
func (h *Hall) TakeDirty() (tickets []*Ticket, windows []*Window, meta bool) {
	for _, t := range h.dirtyTickets {
		tickets = append(tickets, t)
	}
	sort.Slice(tickets, func(i, j int) bool { return tickets[i].Position < tickets[j].Position })
	for n := range h.dirtyWindows {
		windows = append(windows, h.Windows[n])
	}
	sort.Slice(windows, func(i, j int) bool { return windows[i].Number < windows[j].Number })
	meta = h.dirtyMeta
	clear(h.dirtyTickets)
	clear(h.dirtyWindows)
	h.dirtyMeta = false
	return tickets, windows, meta
}

// Estimate is the simple estimate the forecast (PredictWait) replaced, kept as the
// baseline it is measured against: the tickets ahead in the ticket's own category's
// lanes, times the category's mean over the windows open for it. Tickets that no longer
// wait have nobody ahead.
func (h *Hall) Estimate(t *Ticket) (int, time.Duration) {
	if t.State != Waiting {
		return 0, 0
	}
	return h.Queue.Ahead(t), h.laneEstimate(h.Queue, t)
}

// laneEstimate is Estimate's wait for t waiting in q.
func (h *Hall) laneEstimate(q *Queue, t *Ticket) time.Duration {
	return EstimateWait(q.Ahead(t), h.Stats[t.Category].Value(), h.OpenWindows(t.Category))
}

// OpenWindows counts the open windows that serve a category.
func (h *Hall) OpenWindows(category string) int {
	n := 0
	for _, w := range h.Windows {
		if w.State == WinOpen && w.Serves(category) {
			n++
		}
	}
	return n
}

// Ticket returns today's ticket with the given id.
func (h *Hall) Ticket(id string) (*Ticket, bool) {
	t, ok := h.Tickets[id]
	return t, ok
}

// WindowNumbers returns the window numbers in order.
func (h *Hall) WindowNumbers() []int {
	ns := make([]int, 0, len(h.Windows))
	for n := range h.Windows {
		ns = append(ns, n)
	}
	sort.Ints(ns)
	return ns
}

// LongestWait returns how long the longest-waiting ticket of a category has waited.
func (h *Hall) LongestWait(category string, now time.Time) time.Duration {
	var longest time.Duration
	for _, t := range h.Tickets {
		if t.State == Waiting && t.Category == category {
			if d := now.Sub(t.IssuedAt); d > longest {
				longest = d
			}
		}
	}
	return longest
}
