// Package feed is the event feed: it turns the store's committed events into the hub's
// messages, in commit order, each encoded once in its public and staff forms, and keeps
// the hall boards' view (window events at once, the waiting counts coalesced). It is
// made before the store, whose OnCommit hands it each committed batch (Enqueue).
package feed

import (
	"encoding/json"
	"maps"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"onedoor/internal/queue"
	"onedoor/internal/wire"
	"onedoor/server/internal/hub"
	"onedoor/server/internal/store"
)

// Publisher is where the feed sends its messages: the hub.
type Publisher interface {
	Publish(msgs ...*hub.Message)
}

// Config is what the feed needs besides its publisher.
type Config struct {
	// Loc is the center's time zone, the events' times are given in.
	Loc *time.Location
	// Clock gives the time of a counts summary; nil means time.Now.
	Clock func() time.Time
	// BoardCountsEvery is how often the board view gets the waiting counts when only
	// they changed; default 1 s.
	BoardCountsEvery time.Duration
}

// Feed publishes committed events. Its methods are safe for concurrent use.
type Feed struct {
	pub    Publisher
	cfg    Config
	issued atomic.Uint64

	q         chan []store.Committed
	done      chan struct{}
	closeOnce sync.Once
	// The counts held back from the board view, and the seq of their event; the
	// publisher goroutine alone touches them.
	pendingCounts map[string]int
	pendingSeq    uint64
	boardCounts   map[string]int // the counts boards were last sent
}

// New starts the feed's publisher goroutine; Close stops it.
func New(p Publisher, cfg Config) *Feed {
	if cfg.Loc == nil {
		cfg.Loc = time.Local
	}
	if cfg.Clock == nil {
		cfg.Clock = time.Now
	}
	if cfg.BoardCountsEvery <= 0 {
		cfg.BoardCountsEvery = time.Second
	}
	f := &Feed{pub: p, cfg: cfg, q: make(chan []store.Committed, 4096), done: make(chan struct{})}
	go f.publisher()
	return f
}

// Enqueue hands a committed batch to the publisher goroutine; the store calls it after
// each commit, from its writer, which thus never waits for the encoding and fan-out.
// It blocks only if the publisher is thousands of batches behind.
func (f *Feed) Enqueue(cs []store.Committed) {
	select {
	case f.q <- cs:
	case <-f.done:
	}
}

// Close stops the publisher after the batches already queued.
func (f *Feed) Close() {
	f.closeOnce.Do(func() { close(f.q) })
	<-f.done
}

// Issued is how many ticket.issued events the feed has published.
func (f *Feed) Issued() uint64 { return f.issued.Load() }

// Collectors are the feed's Prometheus metrics.
func (f *Feed) Collectors() []prometheus.Collector {
	return []prometheus.Collector{prometheus.NewCounterFunc(prometheus.CounterOpts{
		Name: "onedoor_tickets_issued_total", Help: "Tickets issued since the server started.",
	}, func() float64 { return float64(f.Issued()) })}
}

// publisher encodes and publishes the batches in commit order, and sends the boards
// the waiting counts that changed since the last time.
func (f *Feed) publisher() {
	defer close(f.done)
	tick := time.NewTicker(f.cfg.BoardCountsEvery)
	defer tick.Stop()
	for {
		select {
		case cs, ok := <-f.q:
			if !ok {
				return
			}
			f.publish(cs)
		case <-tick.C:
			if f.pendingCounts != nil {
				f.pub.Publish(f.countsMessage())
			}
		}
	}
}

// publish sends committed events to the stream. Count-only events are held back from
// the board view; their counts, when they differ from what boards last got, go out with
// the next event a board sees that carries counts, or before one that does not (so seqs
// stay in order), or at the next tick.
func (f *Feed) publish(cs []store.Committed) {
	msgs := make([]*hub.Message, 0, len(cs)+1)
	for _, c := range cs {
		m := Message(c.Event, c.Waiting, f.cfg.Loc)
		switch {
		case m.Board && c.Waiting != nil:
			f.pendingCounts, f.boardCounts = nil, c.Waiting // this event's counts are newer
		case m.Board && f.pendingCounts != nil:
			msgs = append(msgs, f.countsMessage())
		case !m.Board && c.Waiting != nil && maps.Equal(c.Waiting, f.boardCounts):
			f.pendingCounts = nil // back to what the boards show (a start, a rating)
		case !m.Board && c.Waiting != nil:
			f.pendingCounts, f.pendingSeq = c.Waiting, c.Event.Seq
		}
		msgs = append(msgs, m)
		if c.Event.Type == queue.TicketIssued {
			f.issued.Add(1)
		}
	}
	f.pub.Publish(msgs...)
}

// countsMessage turns the pending counts into a queue.waiting summary for the boards.
func (f *Feed) countsMessage() *hub.Message {
	ev := wire.Event{Seq: f.pendingSeq, Type: wire.QueueWaiting, At: f.cfg.Clock().In(f.cfg.Loc),
		Waiting: f.pendingCounts}
	data, _ := json.Marshal(ev)
	f.pendingCounts, f.boardCounts = nil, ev.Waiting
	return &hub.Message{Seq: ev.Seq, Type: ev.Type, Public: data, Staff: data, Summary: true}
}

// EventLog is where a reconnecting subscriber's missed events are read: the store.
type EventLog interface {
	EventsAfter(after uint64, limit int) ([]queue.Event, uint64, error)
}

// Replay reads a page of missed events from the log for a reconnecting subscriber,
// encoded only in the form it reads.
func Replay(log EventLog, loc *time.Location, after uint64, limit int, staff bool) ([]*hub.Message, uint64, error) {
	evs, last, err := log.EventsAfter(after, limit)
	if err != nil {
		return nil, 0, err
	}
	msgs := make([]*hub.Message, len(evs))
	for i, ev := range evs {
		msgs[i] = ReplayMessage(ev, staff, loc)
	}
	return msgs, last, nil
}
