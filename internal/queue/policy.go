package queue

import (
	"sort"
	"time"
)

// Policy holds the knobs of the call policy.
type Policy struct {
	// Ratio is how many priority tickets a window may call in a row while ordinary tickets
	// wait; the next call then takes the oldest ordinary ticket. 0 turns interleaving off.
	Ratio int `json:"ratio"`
	// MaxWait is how long an ordinary ticket may wait before it is called ahead of
	// priority tickets. 0 turns the limit off.
	MaxWait time.Duration `json:"max_wait"`
	// ElderlyAge is the age from which an applicant gets the elderly priority; 0 turns it off.
	ElderlyAge int `json:"elderly_age"`
	// MaxRecalls is how many times a called ticket may be recalled.
	MaxRecalls int `json:"max_recalls"`
	// MaxReinstates is how many times a missed ticket may be put back in the queue.
	MaxReinstates int `json:"max_reinstates"`
	// ReinstateAtEnd puts a reinstated ticket at the back of the queue instead of its old place.
	ReinstateAtEnd bool `json:"reinstate_at_end"`
	// JoinAtCheckIn has a ticket taken from a phone join the call order only when its
	// citizen checks in at the hall, at the back; by default it is placed at issue and
	// missed if not checked in when its turn comes.
	JoinAtCheckIn bool `json:"join_at_check_in,omitempty"`
}

// DefaultPolicy is the policy a hall starts with: three priority calls, then an ordinary
// one; nobody waits more than 45 minutes behind priority tickets; elderly from 65.
func DefaultPolicy() Policy {
	return Policy{Ratio: 3, MaxWait: 45 * time.Minute, ElderlyAge: 65, MaxRecalls: 3, MaxReinstates: 1, ReinstateAtEnd: true}
}

// Reason says why the call policy chose a ticket; it is recorded with the call.
type Reason string

// The reasons for a choice.
const (
	ReasonDesignated  Reason = "designated"
	ReasonAppointment Reason = "appointment"
	ReasonMaxWait     Reason = "max_wait"
	ReasonRatio       Reason = "ratio"
	ReasonPriority    Reason = "priority"
	ReasonFIFO        Reason = "fifo"
)

// Queue holds the waiting tickets of a hall in lanes that make choosing the next one cheap:
// per window the tickets transferred to it, and per category the appointments, the
// priority tickets and the ordinary ones, each lane kept sorted.
type Queue struct {
	designated map[int][]*Ticket        // by position
	lanes      map[string]*categoryLane // by category code
	n          int
}

type categoryLane struct {
	appt   []*Ticket // by slot, then position
	prio   []*Ticket // by weight (descending), then position
	normal []*Ticket // by position
}

// NewQueue returns an empty queue.
func NewQueue() *Queue {
	return &Queue{designated: map[int][]*Ticket{}, lanes: map[string]*categoryLane{}}
}

// Len returns the number of waiting tickets.
func (q *Queue) Len() int { return q.n }

// Waiting returns the number of waiting tickets of a category, designated ones included.
func (q *Queue) Waiting(category string) int {
	n := 0
	if l := q.lanes[category]; l != nil {
		n = len(l.appt) + len(l.prio) + len(l.normal)
	}
	for _, d := range q.designated {
		for _, t := range d {
			if t.Category == category {
				n++
			}
		}
	}
	return n
}

func byPosition(a, b *Ticket) bool { return a.Position < b.Position }
func bySlot(a, b *Ticket) bool {
	if !a.Slot.Equal(b.Slot) {
		return a.Slot.Before(b.Slot)
	}
	return a.Position < b.Position
}
func byWeight(a, b *Ticket) bool {
	if a.Weight != b.Weight {
		return a.Weight > b.Weight
	}
	return a.Position < b.Position
}

// laneOf returns the category lane a ticket that is not designated belongs to, and its order.
func (q *Queue) laneOf(t *Ticket) (*[]*Ticket, func(a, b *Ticket) bool) {
	l := q.lanes[t.Category]
	if l == nil {
		l = &categoryLane{}
		q.lanes[t.Category] = l
	}
	switch t.Class() {
	case ClassAppointment:
		return &l.appt, bySlot
	case ClassPriority:
		return &l.prio, byWeight
	}
	return &l.normal, byPosition
}

// Add puts a waiting ticket in its lane.
func (q *Queue) Add(t *Ticket) {
	if t.Designated != 0 {
		d := q.designated[t.Designated]
		q.designated[t.Designated] = insertSorted(d, t, byPosition)
		q.n++
		return
	}
	lane, less := q.laneOf(t)
	*lane = insertSorted(*lane, t, less)
	q.n++
}

// Remove takes a ticket out of its lane; it reports whether the ticket was there.
func (q *Queue) Remove(t *Ticket) bool {
	if t.Designated != 0 {
		d, ok := removeSorted(q.designated[t.Designated], t, byPosition)
		if !ok {
			return false
		}
		if len(d) == 0 {
			delete(q.designated, t.Designated)
		} else {
			q.designated[t.Designated] = d
		}
		q.n--
		return true
	}
	lane, less := q.laneOf(t)
	s, ok := removeSorted(*lane, t, less)
	if ok {
		*lane = s
		q.n--
	}
	return ok
}

func insertSorted(s []*Ticket, t *Ticket, less func(a, b *Ticket) bool) []*Ticket {
	i := sort.Search(len(s), func(i int) bool { return less(t, s[i]) })
	s = append(s, nil)
	copy(s[i+1:], s[i:])
	s[i] = t
	return s
}

func removeSorted(s []*Ticket, t *Ticket, less func(a, b *Ticket) bool) ([]*Ticket, bool) {
	i := sort.Search(len(s), func(i int) bool { return !less(s[i], t) })
	for ; i < len(s); i++ {
		if s[i] == t || s[i].ID == t.ID {
			copy(s[i:], s[i+1:])
			s[len(s)-1] = nil
			return s[:len(s)-1], true
		}
		if less(t, s[i]) {
			break
		}
	}
	return s, false
}

// Next chooses the ticket window w calls next, or nil when nobody it may serve is waiting.
// The order: tickets transferred to this window; appointment check-ins whose slot has
// begun; an ordinary ticket that has waited longer than MaxWait; an ordinary ticket when
// the window has called Ratio priority tickets in a row; priority tickets by weight; then
// first come, first served. Within a lane the earliest position wins.
func (q *Queue) Next(w *Window, now time.Time, p Policy) (*Ticket, Reason) {
	if d := q.designated[w.Number]; len(d) > 0 {
		return d[0], ReasonDesignated
	}
	appt, prio, normal := q.heads(w, now)
	switch {
	case appt != nil:
		return appt, ReasonAppointment
	case normal != nil && prio != nil && p.MaxWait > 0 && now.Sub(normal.IssuedAt) >= p.MaxWait:
		return normal, ReasonMaxWait
	case normal != nil && prio != nil && p.Ratio > 0 && w.Streak >= p.Ratio:
		return normal, ReasonRatio
	case prio != nil:
		return prio, ReasonPriority
	case normal != nil:
		return normal, ReasonFIFO
	}
	return nil, ""
}

// heads returns the first of each lane among the categories w serves: the appointment
// whose slot began first (of those begun by now), the heaviest priority ticket, and the
// earliest ordinary one.
func (q *Queue) heads(w *Window, now time.Time) (appt, prio, normal *Ticket) {
	for code, l := range q.lanes {
		if !w.Serves(code) {
			continue
		}
		if len(l.appt) > 0 && !l.appt[0].Slot.After(now) && (appt == nil || bySlot(l.appt[0], appt)) {
			appt = l.appt[0]
		}
		if len(l.prio) > 0 && (prio == nil || byWeight(l.prio[0], prio)) {
			prio = l.prio[0]
		}
		if len(l.normal) > 0 && (normal == nil || byPosition(l.normal[0], normal)) {
			normal = l.normal[0]
		}
	}
	return appt, prio, normal
}

// Ahead returns how many waiting tickets would be called before t if every window served
// every category: those in earlier lanes of its category, and those ahead in its own lane.
func (q *Queue) Ahead(t *Ticket) int {
	if t.Designated != 0 {
		return index(q.designated[t.Designated], t, byPosition)
	}
	l := q.lanes[t.Category]
	if l == nil {
		return 0
	}
	switch t.Class() {
	case ClassAppointment:
		return index(l.appt, t, bySlot)
	case ClassPriority:
		return len(l.appt) + index(l.prio, t, byWeight)
	}
	return len(l.appt) + len(l.prio) + index(l.normal, t, byPosition)
}

// index returns the number of tickets before t in a sorted lane.
func index(s []*Ticket, t *Ticket, less func(a, b *Ticket) bool) int {
	return sort.Search(len(s), func(i int) bool { return !less(s[i], t) })
}

// Heads returns up to n waiting numbers of a category in the order the policy would call
// them at a window serving everything, for boards that show who is next.
func (q *Queue) Heads(category string, n int) []string {
	l := q.lanes[category]
	if l == nil || n <= 0 {
		return nil
	}
	var out []string
	for _, lane := range [][]*Ticket{l.appt, l.prio, l.normal} {
		for _, t := range lane {
			if len(out) == n {
				return out
			}
			out = append(out, t.Number)
		}
	}
	return out
}
