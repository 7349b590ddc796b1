// Package hub fans committed events out to websocket subscribers: hall boards, window
// displays, tracking pages, kiosks and callers.
//
// Publish never blocks. Each subscriber has a small buffered channel, drained by a
// writer goroutine that runs only while there is something to write (an idle board
// costs one goroutine, its reader); a subscriber whose buffer is full is dropped, and it
// reconnects with after=SEQ to replay what it missed from the log, so a stalled screen
// can never slow the others down or lose an event.
package hub

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// Message is one event encoded for the stream, in its public form (no ticket ids) and
// its staff form.
type Message struct {
	Seq      uint64
	Type     string
	Category string // the ticket's category prefix, for filtered subscribers
	TicketID string
	Public   []byte
	Staff    []byte
	// Board says a hall board's view receives the message: calls and everything else
	// that has a window, notices, the day. Ticket events without a window (an issue, a
	// cancel) reach boards only as a Summary of the waiting counts.
	Board bool
	// Summary marks a coalesced count update (queue.waiting), for the board view only.
	Summary bool

	pub, stf *websocket.PreparedMessage
}

// prepare frames the message once for every subscriber.
func (m *Message) prepare() {
	if m.pub == nil && m.Public != nil {
		m.pub, _ = websocket.NewPreparedMessage(websocket.TextMessage, m.Public)
	}
	if m.stf == nil && m.Staff != nil {
		m.stf, _ = websocket.NewPreparedMessage(websocket.TextMessage, m.Staff)
	}
}

// Filter narrows what a subscriber receives. The zero Filter receives every event.
type Filter struct {
	// Ticket receives the events of one ticket (a tracking page) ...
	Ticket string
	// ... and, with Category, those of its category, which move its place in the queue.
	Category string
	// Board is a hall board's view: only Board and Summary messages.
	Board bool
}

func (f Filter) match(m *Message) bool {
	switch {
	case m.Summary && !f.Board:
		return false // the other views get every count-changing event itself
	case f.Board && !m.Board && !m.Summary:
		return false
	}
	if f.Ticket == "" && f.Category == "" {
		return true
	}
	if m.TicketID == "" && m.Category == "" {
		return true // window and day events concern every screen
	}
	return (f.Ticket != "" && m.TicketID == f.Ticket) || (f.Category != "" && m.Category == f.Category)
}

// Sub is one subscriber.
type Sub struct {
	C      chan *Message
	Staff  bool
	Filter Filter
	gone   chan struct{}
	once   sync.Once
	// wake, when set, is called after a message, a ping or the drop is due.
	wake    func()
	pingDue atomic.Bool
}

// Gone is closed when the hub dropped the subscriber (too slow) or closed.
func (s *Sub) Gone() <-chan struct{} { return s.gone }

func (s *Sub) drop() {
	s.once.Do(func() { close(s.gone) })
	s.poke()
}

func (s *Sub) poke() {
	if s.wake != nil {
		s.wake()
	}
}

// Hub is the set of subscribers.
type Hub struct {
	mu      sync.Mutex
	subs    map[*Sub]struct{}
	closed  bool
	buffer  int
	dropped uint64
	stop    chan struct{} // ends the pinger
	linger  time.Duration // how long an idle writer waits before it ends
	writers atomic.Int64  // writer goroutines running
	lim     limiter
	panics  atomic.Uint64 // connections ended by a recovered panic
	busy    atomic.Uint64 // connections turned away for want of a replay turn
	// overlaps counts two writers found writing one connection at once: never, while
	// the writing turn holds.
	overlaps atomic.Uint64
}

// New returns a hub whose subscribers buffer up to buffer messages each.
func New(buffer int) *Hub {
	return newHub(buffer, pingPeriod, writerLinger)
}

func newHub(buffer int, ping, linger time.Duration) *Hub {
	if buffer <= 0 {
		buffer = 64
	}
	h := &Hub{subs: map[*Sub]struct{}{}, buffer: buffer, stop: make(chan struct{}), linger: linger}
	go h.pinger(ping)
	return h
}

// pinger marks a ping due on every connection each period: one ticker for the hub
// instead of one per connection.
func (h *Hub) pinger(every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-t.C:
		case <-h.stop:
			return
		}
		h.mu.Lock()
		due := make([]*Sub, 0, len(h.subs))
		for s := range h.subs {
			if s.wake != nil {
				s.pingDue.Store(true)
				due = append(due, s)
			}
		}
		h.mu.Unlock()
		for _, s := range due {
			s.poke()
		}
	}
}

// Subscribe adds a subscriber. It returns nil after Close.
func (h *Hub) Subscribe(staff bool, f Filter) *Sub {
	return h.subscribe(staff, f, nil)
}

func (h *Hub) subscribe(staff bool, f Filter, wake func()) *Sub {
	s := &Sub{C: make(chan *Message, h.buffer), Staff: staff, Filter: f, gone: make(chan struct{}), wake: wake}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil
	}
	h.subs[s] = struct{}{}
	return s
}

// Unsubscribe removes a subscriber.
func (h *Hub) Unsubscribe(s *Sub) {
	h.mu.Lock()
	delete(h.subs, s)
	h.mu.Unlock()
	s.drop()
}

// Publish hands messages to every subscriber without waiting: a subscriber whose buffer
// is full is dropped.
func (h *Hub) Publish(msgs ...*Message) {
	for _, m := range msgs {
		m.prepare()
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	for s := range h.subs {
		switch queued, full := s.offer(msgs); {
		case full:
			delete(h.subs, s)
			h.dropped++
			s.drop() // which wakes the writer to tell the client
		case queued:
			s.poke()
		}
	}
}

// offer queues the messages s wants; full says its buffer ran over.
func (s *Sub) offer(msgs []*Message) (queued, full bool) {
	for _, m := range msgs {
		if !s.Filter.match(m) {
			continue
		}
		if m.Public == nil && !s.Staff {
			continue // staff only
		}
		select {
		case s.C <- m:
			queued = true
		default:
			return queued, true
		}
	}
	return queued, false
}

// Count returns the number of subscribers.
func (h *Hub) Count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.subs)
}

// Writers returns how many connections have a writer goroutine running: those with
// messages in the last few seconds. An idle connection has none.
func (h *Hub) Writers() int64 { return h.writers.Load() }

// Dropped returns how many subscribers were dropped for being too slow.
func (h *Hub) Dropped() uint64 {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.dropped
}

// Close drops every subscriber; their connections close with a going-away message.
func (h *Hub) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.closed {
		close(h.stop)
	}
	h.closed = true
	for s := range h.subs {
		delete(h.subs, s)
		s.drop()
	}
}
