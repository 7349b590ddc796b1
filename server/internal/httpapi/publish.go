package httpapi

import (
	"encoding/json"
	"maps"
	"strings"
	"time"

	"onedoor/internal/queue"
	"onedoor/internal/wire"
	"onedoor/server/internal/hub"
	"onedoor/server/internal/store"
)

// message encodes an event once in both forms for the hub.
func (s *Server) message(ev queue.Event, waiting map[string]int) *hub.Message {
	var pub []byte
	if publicSees(ev) {
		pub, _ = json.Marshal(s.wireEvent(ev, waiting, false))
	}
	stf, _ := json.Marshal(s.wireEvent(ev, waiting, true))
	m := &hub.Message{Seq: ev.Seq, Type: string(ev.Type), Public: pub, Staff: stf, Board: boardSees(ev)}
	if ev.Ticket != nil {
		m.TicketID, m.Category = ev.Ticket.ID, ev.Ticket.Prefix
	}
	return m
}

// boardSees says whether a hall board's view gets the event itself: whatever changes
// what a board shows at a window (calls above all; not a start, which changes nothing
// there), the notice and the day. Ticket events away from a window reach boards only
// through their counts.
func boardSees(ev queue.Event) bool {
	if ev.Type == queue.TicketStarted {
		return false
	}
	return ev.Window != nil || ev.Type == queue.NoticeSet || ev.Type == queue.DayStarted ||
		strings.HasPrefix(string(ev.Type), "window.")
}

// Enqueue hands a committed batch to the publisher goroutine; the store calls it after
// each commit, from its writer, which thus never waits for the encoding and fan-out.
// It blocks only if the publisher is thousands of batches behind.
func (s *Server) Enqueue(cs []store.Committed) {
	select {
	case s.pubq <- cs:
	case <-s.pubDone:
	}
}

// publisher encodes and publishes the batches in commit order, and sends the boards
// the waiting counts that changed since the last time.
func (s *Server) publisher() {
	defer close(s.pubDone)
	tick := time.NewTicker(s.cfg.BoardCountsEvery)
	defer tick.Stop()
	for {
		select {
		case cs, ok := <-s.pubq:
			if !ok {
				return
			}
			s.publish(cs)
		case <-tick.C:
			if s.pendingCounts != nil {
				s.hub.Publish(s.countsMessage())
			}
		}
	}
}

// Close stops the publisher after the batches already queued.
func (s *Server) Close() {
	s.closeOnce.Do(func() { close(s.pubq) })
	<-s.pubDone
}

// publish sends committed events to the stream. Count-only events are held back from
// the board view; their counts, when they differ from what boards last got, go out with
// the next event a board sees that carries counts, or before one that does not (so seqs
// stay in order), or at the next tick.
func (s *Server) publish(cs []store.Committed) {
	msgs := make([]*hub.Message, 0, len(cs)+1)
	for _, c := range cs {
		m := s.message(c.Event, c.Waiting)
		switch {
		case m.Board && c.Waiting != nil:
			s.pendingCounts, s.boardCounts = nil, c.Waiting // this event's counts are newer
		case m.Board && s.pendingCounts != nil:
			msgs = append(msgs, s.countsMessage())
		case !m.Board && c.Waiting != nil && maps.Equal(c.Waiting, s.boardCounts):
			s.pendingCounts = nil // back to what the boards show (a start, a rating)
		case !m.Board && c.Waiting != nil:
			s.pendingCounts, s.pendingSeq = c.Waiting, c.Event.Seq
		}
		msgs = append(msgs, m)
		if c.Event.Type == queue.TicketIssued {
			s.metrics.issued.Inc()
		}
	}
	s.hub.Publish(msgs...)
}

// countsMessage turns the pending counts into a queue.waiting summary for the boards.
func (s *Server) countsMessage() *hub.Message {
	ev := wire.Event{Seq: s.pendingSeq, Type: wire.QueueWaiting, At: s.store.Now().In(s.store.Location()),
		Waiting: s.pendingCounts}
	data, _ := json.Marshal(ev)
	s.pendingCounts, s.boardCounts = nil, ev.Waiting
	return &hub.Message{Seq: ev.Seq, Type: ev.Type, Public: data, Staff: data, Summary: true}
}

// replay reads a page of missed events from the log for a reconnecting subscriber,
// encoded only in the form it reads.
func (s *Server) replay(after uint64, limit int, staff bool) ([]*hub.Message, uint64, error) {
	evs, last, err := s.store.EventsAfter(after, limit)
	if err != nil {
		return nil, 0, err
	}
	msgs := make([]*hub.Message, len(evs))
	for i, ev := range evs {
		msgs[i] = s.replayMessage(ev, staff)
	}
	return msgs, last, nil
}
