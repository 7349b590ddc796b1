package store

import (
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"slices"

	bolt "go.etcd.io/bbolt"

	"onedoor/internal/queue"
)

// Ticket returns a ticket by id with its estimate: today's from the hall, older ones
// from the projection.
func (s *Store) Ticket(id string) (TicketView, error) {
	var v TicketView
	found := false
	now := s.Now()
	s.Read(func(h *queue.Hall) {
		if t, ok := h.Tickets[id]; ok {
			v, found = view(h, t, now), true
		}
	})
	if found {
		return v, nil
	}
	err := s.db.View(func(tx *bolt.Tx) error {
		raw := tx.Bucket(bucketTickets).Get([]byte(id))
		if raw == nil {
			return queue.Errorf(queue.NotFound, "no such ticket")
		}
		return json.Unmarshal(raw, &v.Ticket)
	})
	return v, err
}

// EventsAfter returns up to limit events with seq > after, in order, and the newest seq.
func (s *Store) EventsAfter(after uint64, limit int) ([]queue.Event, uint64, error) {
	var out []queue.Event
	var last uint64
	err := s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketEvents).Cursor()
		if k, _ := c.Last(); k != nil {
			last = btoi(k)
		}
		for k, v := c.Seek(itob(after + 1)); k != nil && len(out) < limit; k, v = c.Next() {
			var r eventRecord
			if err := json.Unmarshal(v, &r); err != nil {
				return fmt.Errorf("decode event %d: %w", btoi(k), err)
			}
			out = append(out, r.Event)
		}
		return nil
	})
	return out, last, err
}

// LastSeq returns the seq of the newest committed event.
func (s *Store) LastSeq() uint64 {
	var seq uint64
	s.Read(func(h *queue.Hall) { seq = h.LastSeq })
	return seq
}

// Backup writes a consistent copy of the whole file to w while the store keeps working.
func (s *Store) Backup(w io.Writer) (int64, error) {
	var n int64
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	if err != nil {
		return n, fmt.Errorf("backup: %w", err)
	}
	return n, nil
}

// VerifyReplay replays the whole event log into a fresh hall and compares it with the
// state loaded from the projections: the log must be the truth. It reads the file as it
// is on disk.
func (s *Store) VerifyReplay() error {
	return s.db.View(s.verifyReplay)
}

func (s *Store) verifyReplay(tx *bolt.Tx) error {
	replayed := queue.NewHall(s.opts.Catalog, s.opts.Loc, s.opts.Policy)
	if err := replayLog(tx, replayed); err != nil {
		return fmt.Errorf("replay: %w", err)
	}
	loaded := &Store{opts: s.opts}
	if err := loaded.load(tx); err != nil {
		return fmt.Errorf("replay: %w", err)
	}
	return compareHalls(replayed, loaded.hall)
}

// compareHalls says where the replayed hall a and the stored projection b differ:
// first their sizes and scalars, then each booking, ticket and window.
func compareHalls(a, b *queue.Hall) error {
	if err := compareScalars(a, b); err != nil {
		return err
	}
	if err := compareCalendars(a, b); err != nil {
		return err
	}
	return compareEntries(a, b)
}

// compareCalendars says whether the years of the working calendar set in the console
// differ between the replayed hall a and the projection b.
func compareCalendars(a, b *queue.Hall) error {
	if len(a.CalendarYears) != len(b.CalendarYears) {
		return fmt.Errorf("replay: %d calendar years set, projection %d", len(a.CalendarYears), len(b.CalendarYears))
	}
	for year, y := range a.CalendarYears {
		z := b.CalendarYears[year]
		if !slices.Equal(y.Off, z.Off) || !slices.Equal(y.Work, z.Work) || y.SetBy != z.SetBy || !y.SetAt.Equal(z.SetAt) {
			return fmt.Errorf("replay: calendar %d %+v, projection %+v", year, y, z)
		}
	}
	return nil
}

func compareScalars(a, b *queue.Hall) error {
	switch {
	case a.LastSeq != b.LastSeq:
		return fmt.Errorf("replay: last seq %d, projection %d", a.LastSeq, b.LastSeq)
	case a.Day != b.Day:
		return fmt.Errorf("replay: day %q, projection %q", a.Day, b.Day)
	case !reflect.DeepEqual(a.Counters, b.Counters):
		return fmt.Errorf("replay: counters %v, projection %v", a.Counters, b.Counters)
	case len(a.Recent) != len(b.Recent) || len(a.Recent) > 0 && a.Recent[len(a.Recent)-1].Seq != b.Recent[len(b.Recent)-1].Seq:
		return fmt.Errorf("replay: %d recent calls, projection %d", len(a.Recent), len(b.Recent))
	case a.Cases != b.Cases:
		return fmt.Errorf("replay: %d cases today, projection %d", a.Cases, b.Cases)
	case len(a.OpenCases) != len(b.OpenCases):
		return fmt.Errorf("replay: %d open cases, projection %d", len(a.OpenCases), len(b.OpenCases))
	case a.Notice != b.Notice:
		return fmt.Errorf("replay: notice %q, projection %q", a.Notice, b.Notice)
	case a.LastPosition != b.LastPosition:
		return fmt.Errorf("replay: last position %d, projection %d", a.LastPosition, b.LastPosition)
	case len(a.Tickets) != len(b.Tickets):
		return fmt.Errorf("replay: %d tickets today, projection %d", len(a.Tickets), len(b.Tickets))
	case a.Queue.Len() != b.Queue.Len():
		return fmt.Errorf("replay: %d waiting, projection %d", a.Queue.Len(), b.Queue.Len())
	case len(a.Windows) != len(b.Windows):
		return fmt.Errorf("replay: %d windows, projection %d", len(a.Windows), len(b.Windows))
	case len(a.Bookings) != len(b.Bookings):
		return fmt.Errorf("replay: %d bookings from today on, projection %d", len(a.Bookings), len(b.Bookings))
	}
	return nil
}

func compareEntries(a, b *queue.Hall) error {
	for code, x := range a.Bookings {
		// (not the ID hash: retention erases it from the log and the projection apart)
		if y, ok := b.Bookings[code]; !ok || !x.Slot.Equal(y.Slot) || x.Item != y.Item || x.Ticket != y.Ticket {
			return fmt.Errorf("replay: booking %s differs: %+v vs %+v", code, *x, b.Bookings[code])
		}
	}
	for id, t := range a.Tickets {
		if u, ok := b.Tickets[id]; !ok || !reflect.DeepEqual(norm(*t), norm(*u)) {
			return fmt.Errorf("replay: ticket %s differs: %+v vs %+v", t.Number, *t, b.Tickets[id])
		}
	}
	for n, w := range a.Windows {
		if u, ok := b.Windows[n]; !ok || !reflect.DeepEqual(*w, *u) {
			return fmt.Errorf("replay: window %d differs: %+v vs %+v", n, *w, b.Windows[n])
		}
	}
	return nil
}

// norm puts times in one zone so that they compare by instant.
func norm(t queue.Ticket) queue.Ticket {
	t.IssuedAt, t.CalledAt, t.StartedAt, t.FinishedAt, t.Slot = t.IssuedAt.UTC(), t.CalledAt.UTC(), t.StartedAt.UTC(), t.FinishedAt.UTC(), t.Slot.UTC()
	return t
}
