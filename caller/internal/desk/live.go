package desk

import (
	"context"
	"sync"

	"onedoor/internal/client"
	"onedoor/internal/queue"
	"onedoor/internal/wire"
)

// Tally is the window's count for the day, from the stream since the session began
// plus the server's served count.
type Tally struct {
	Served   int
	Outcomes map[string]int
	NoShows  int
}

// Missed is a ticket this hall marked as a no-show, which may be reinstated.
type Missed struct {
	ID     string
	Number string
	Seq    uint64
}

// Live keeps the state the stream tells: events are applied in order, and OnChange
// is called (from the stream goroutine) after each.
type Live struct {
	mu     sync.Mutex
	window int
	up     bool
	seq    uint64
	tally  Tally
	missed []Missed
	// OnChange is told that something changed: the event, or nil for a connection change.
	OnChange func(ev *wire.Event)
}

// NewLive starts from the seq the hall's state was read at.
func NewLive(window int, after uint64) *Live {
	return &Live{window: window, seq: after, tally: Tally{Outcomes: map[string]int{}}}
}

// Run follows the stream until ctx ends; it resumes by seq after every drop.
func (l *Live) Run(ctx context.Context, c *client.Client) error {
	return c.Subscribe(ctx, client.StreamOptions{After: l.Seq(), OnState: l.setUp}, l.Apply)
}

func (l *Live) setUp(up bool) {
	l.mu.Lock()
	l.up = up
	l.mu.Unlock()
	if l.OnChange != nil {
		l.OnChange(nil)
	}
}

// Apply takes one event into the state.
func (l *Live) Apply(ev wire.Event) {
	l.mu.Lock()
	if ev.Seq > l.seq {
		l.seq = ev.Seq
	}
	mine := ev.Window != nil && ev.Window.Number == l.window
	switch {
	case ev.Type == string(queue.TicketFinished) && mine:
		l.tally.Outcomes[ev.Outcome]++
	case ev.Type == string(queue.TicketNoShow) && ev.Ticket != nil:
		if mine {
			l.tally.NoShows++
		}
		l.missed = append(l.missed, Missed{ID: ev.Ticket.ID, Number: ev.Ticket.Number, Seq: ev.Seq})
	case ev.Type == string(queue.TicketReinstated) && ev.Ticket != nil:
		for i, m := range l.missed {
			if m.ID == ev.Ticket.ID {
				l.missed = append(l.missed[:i:i], l.missed[i+1:]...)
				break
			}
		}
	}
	l.mu.Unlock()
	if l.OnChange != nil {
		l.OnChange(&ev)
	}
}

// Up reports whether the stream is connected.
func (l *Live) Up() bool { l.mu.Lock(); defer l.mu.Unlock(); return l.up }

// Seq is the last event applied.
func (l *Live) Seq() uint64 { l.mu.Lock(); defer l.mu.Unlock(); return l.seq }

// Tally returns a copy of the day's count at this window.
func (l *Live) Tally() Tally {
	l.mu.Lock()
	defer l.mu.Unlock()
	t := l.tally
	t.Outcomes = make(map[string]int, len(l.tally.Outcomes))
	for k, v := range l.tally.Outcomes {
		t.Outcomes[k] = v
	}
	return t
}

// Missed returns the tickets missed and not reinstated, newest first.
func (l *Live) Missed() []Missed {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]Missed, len(l.missed))
	for i, m := range l.missed {
		out[len(out)-1-i] = m
	}
	return out
}
