package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"syscall"
	"time"

	bolt "go.etcd.io/bbolt"

	"onedoor/internal/queue"
)

// op is one command waiting for the writer.
type op struct {
	fn   func(*Tx) error
	err  error
	done chan struct{}
}

// errStorage marks an error of the file itself: it aborts the whole batch.
type errStorage struct{ err error }

func (e errStorage) Error() string { return e.err.Error() }
func (e errStorage) Unwrap() error { return e.err }

// ErrClosed is returned for commands submitted after Close.
var ErrClosed = queue.Errorf(queue.Unavailable, "the server is shutting down")

// exec submits fn to the writer and waits until its batch is committed (or failed).
func (s *Store) exec(ctx context.Context, fn func(*Tx) error) error {
	if s.opts.ReadOnly {
		return ErrReadOnly
	}
	o := &op{fn: fn, done: make(chan struct{})}
	select {
	case s.ops <- o:
	case <-s.quit:
		return ErrClosed
	case <-ctx.Done():
		return ctx.Err()
	}
	// Once queued the command will run; wait for it even if ctx ends, so the caller
	// never reports failure for something that happened.
	<-o.done
	return o.err
}

// writer is the single goroutine that changes the store.
func (s *Store) writer() {
	defer close(s.done)
	batch := make([]*op, 0, s.opts.MaxBatch)
	auto := s.newAutoTimer()
	defer auto.Stop()
	for {
		var first *op
		select {
		case first = <-s.ops:
		case <-auto.C:
			first = &op{fn: func(*Tx) error { return nil }, done: make(chan struct{})} // the auto calls due
		case <-s.quit:
			// drain what was queued before Close
			for {
				select {
				case o := <-s.ops:
					s.run([]*op{o})
				default:
					return
				}
			}
		}
		batch = append(batch[:0], first)
	fill:
		for len(batch) < s.opts.MaxBatch {
			select {
			case o := <-s.ops:
				batch = append(batch, o)
			default:
				break fill
			}
		}
		s.run(batch)
		s.armAutoTimer(auto)
	}
}

// run executes one batch in one transaction and answers its commands after the commit.
func (s *Store) run(batch []*op) {
	s.mu.Lock()
	var committed []Committed
	queued := 0
	err := s.db.Update(func(btx *bolt.Tx) error {
		for _, o := range batch {
			tx := &Tx{s: s, btx: btx, Hall: s.hall, Now: s.opts.Clock()}
			s.noteClock(tx.Now)
			if evs := s.hall.Rollover(tx.Now); len(evs) > 0 {
				if err := tx.Emit(evs...); err != nil {
					return err
				}
			}
			o.err = o.fn(tx)
			var se errStorage
			if errors.As(o.err, &se) {
				return se.err
			}
			committed = append(committed, tx.committed...)
			if s.opts.UnsafeAnswerEarly {
				close(o.done)
			}
		}
		auto, err := s.batchEnd(btx)
		if err != nil {
			return err
		}
		committed = append(committed, auto...)
		if s.opts.UnsafeAnswerEarly {
			time.Sleep(20 * time.Millisecond)
		}
		if queued, err = s.putOutbox(btx, committed); err != nil {
			return err
		}
		return s.writeProjections(btx)
	})
	if s.opts.UnsafeAnswerEarly {
		s.mu.Unlock()
		return
	}
	s.full.Store(err != nil && errors.Is(err, syscall.ENOSPC))
	if err != nil {
		s.log.Error("commit failed; reloading state from the file", "err", err, "batch", len(batch))
		s.resetReports()
		if rerr := s.db.View(s.load); rerr != nil {
			s.log.Error("reload after a failed commit", "err", rerr)
		}
		s.mu.Unlock()
		for _, o := range batch {
			o.err = queue.Errorf(queue.Unavailable, "the server could not save this (%s); nothing was changed, please try again", storageProblem(err))
			close(o.done)
		}
		return
	}
	s.mu.Unlock()
	if queued > 0 {
		s.notifyOutbox()
	}
	if len(committed) > 0 && s.opts.OnCommit != nil {
		s.opts.OnCommit(committed)
	}
	for _, o := range batch {
		close(o.done)
	}
}

// writeProjections writes what the batch changed in the hall: tickets, windows, meta.
func (s *Store) writeProjections(btx *bolt.Tx) error {
	tickets, windows, meta := s.hall.TakeDirty()
	tb := btx.Bucket(bucketTickets)
	tb.FillPercent = 0.9 // ids start with the issue time: mostly appends
	for _, t := range tickets {
		v, err := json.Marshal(t)
		if err != nil {
			return fmt.Errorf("encode ticket: %w", err)
		}
		if err := tb.Put([]byte(t.ID), v); err != nil {
			return fmt.Errorf("put ticket: %w", err)
		}
	}
	wb := btx.Bucket(bucketWindows)
	for _, w := range windows {
		v, err := json.Marshal(w)
		if err != nil {
			return fmt.Errorf("encode window: %w", err)
		}
		if err := wb.Put(itob(uint64(w.Number)), v); err != nil {
			return fmt.Errorf("put window: %w", err)
		}
	}
	if err := s.indexCases(btx); err != nil {
		return err
	}
	if err := s.flushReports(btx); err != nil {
		return err
	}
	bb := btx.Bucket(bucketBookings)
	for _, b := range s.hall.TakeDirtyBookings() {
		v, err := json.Marshal(b)
		if err != nil {
			return fmt.Errorf("encode booking: %w", err)
		}
		if err := bb.Put(bookingKey(b, s.opts.Loc), v); err != nil {
			return fmt.Errorf("put booking: %w", err)
		}
	}
	if !meta {
		return nil
	}
	h := s.hall
	v, err := json.Marshal(hallMeta{Day: h.Day, Counters: h.Counters, LastPosition: h.LastPosition, LastSeq: h.LastSeq, Stats: h.Stats, Pauses: h.Pauses, Visits: h.Visits, Notice: h.Notice, Cases: h.Cases, Recent: h.Recent, Calendar: h.CalendarYears})
	if err != nil {
		return fmt.Errorf("encode hall: %w", err)
	}
	if err := btx.Bucket(bucketMeta).Put(keyHall, v); err != nil {
		return fmt.Errorf("put hall: %w", err)
	}
	return nil
}

// bookingKey files a booking under its slot's service day, so a start reads only the
// bookings from today on.
func bookingKey(b *queue.Booking, loc *time.Location) []byte {
	return []byte(queue.ServiceDay(b.Slot, loc) + "/" + b.Code)
}

// Tx is what a command sees inside the writer: the hall, the bbolt transaction, and the
// time of the command.
type Tx struct {
	s         *Store
	btx       *bolt.Tx
	Hall      *queue.Hall
	Now       time.Time
	committed []Committed
}

// Emit appends events to the log and applies them to the hall. A failure is a storage
// error that aborts the batch.
func (tx *Tx) Emit(evs ...queue.Event) error {
	for _, ev := range evs {
		if err := tx.emit(ev, nil); err != nil {
			return err
		}
	}
	return nil
}

func (tx *Tx) emit(ev queue.Event, pii *recordPII) error {
	ev.Seq = tx.Hall.LastSeq + 1
	if ev.Type == queue.DayStarted {
		if err := tx.closeDay(); err != nil {
			return err
		}
	}
	if err := tx.s.appendEvent(tx.btx, ev, pii); err != nil {
		return errStorage{err}
	}
	if ev.Type == queue.TicketIssued {
		day, err := tx.btx.Bucket(bucketDays).CreateBucketIfNotExists([]byte(ev.Ticket.Day))
		if err != nil {
			return errStorage{fmt.Errorf("day index: %w", err)}
		}
		day.FillPercent = 1
		if err := day.Put(itob(ev.Ticket.Position), []byte(ev.Ticket.ID)); err != nil {
			return errStorage{fmt.Errorf("day index: %w", err)}
		}
	}
	if ev.Type == queue.TicketReinstated && ev.Ticket != nil {
		// a ticket put at the back gets a new position: move it in the day's index
		old, ok := tx.Hall.Tickets[ev.Ticket.ID]
		day := tx.btx.Bucket(bucketDays).Bucket([]byte(ev.Ticket.Day))
		if ok && day != nil && old.Position != ev.Ticket.Position {
			if err := day.Delete(itob(old.Position)); err != nil {
				return errStorage{fmt.Errorf("day index: %w", err)}
			}
			if err := day.Put(itob(ev.Ticket.Position), []byte(ev.Ticket.ID)); err != nil {
				return errStorage{fmt.Errorf("day index: %w", err)}
			}
		}
	}
	if err := tx.putCase(ev); err != nil {
		return err
	}
	if err := tx.noteReport(ev); err != nil {
		return err
	}
	tx.Hall.Apply(ev)
	c := Committed{Event: ev}
	if ev.Ticket != nil {
		c.Waiting = waitingByPrefix(tx.Hall)
	}
	tx.committed = append(tx.committed, c)
	return tx.followUp(ev)
}

// putCase keeps the case an event carries as it stands after it, and the case an
// acceptance opened under its ticket.
func (tx *Tx) putCase(ev queue.Event) error {
	if ev.Case == nil {
		return nil
	}
	if err := tx.indexCaseEvent(ev); err != nil {
		return err
	}
	cv, err := json.Marshal(ev.Case)
	if err != nil {
		return errStorage{err}
	}
	if err := tx.btx.Bucket(bucketCases).Put([]byte(ev.Case.No), cv); err != nil {
		return errStorage{fmt.Errorf("put case: %w", err)}
	}
	if ev.Type == queue.TicketFinished && ev.Case.Ticket != "" {
		if err := tx.btx.Bucket(bucketTicketCases).Put([]byte(ev.Case.Ticket), []byte(ev.Case.No)); err != nil {
			return errStorage{fmt.Errorf("index case: %w", err)}
		}
	}
	return nil
}

func waitingByPrefix(h *queue.Hall) map[string]int {
	m := make(map[string]int, len(h.Catalog.Categories))
	for _, c := range h.Catalog.Categories {
		m[c.PrefixLetter] = h.Queue.Waiting(c.Code)
	}
	return m
}

// put stores a value in a bucket, as a storage error on failure.
func (tx *Tx) put(bucket, key, value []byte) error {
	if err := tx.btx.Bucket(bucket).Put(key, value); err != nil {
		return errStorage{fmt.Errorf("put %s: %w", bucket, err)}
	}
	return nil
}

// storageProblem names a commit failure for the client without the file's path; the log
// has the details.
func storageProblem(err error) string {
	if errors.Is(err, syscall.ENOSPC) {
		return "storage full"
	}
	return "storage failure"
}
