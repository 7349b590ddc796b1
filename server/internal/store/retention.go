package store

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"onedoor/internal/queue"
)

// keyErased is the meta key holding the seq up to which personal data was erased.
var keyErased = []byte("erased_seq")

// eraseChunk is how many log entries one erasing transaction looks at, so that the
// erasure never holds the writer for long.
const eraseChunk = 5000

// ErasePersonalData erases the applicants of every visit recorded before the instant
// before: the sealed applicant in the log and in the applicants bucket, and the hash of
// the ID number a booking was made with; then it destroys the day keys of the days
// before before's and replaces the master key (shred.go), so that no leftover copy in
// free pages or in a later backup can be opened. Tickets,
// outcomes, ratings and every other event stay, so the statistics are unchanged. It
// works through the log in short transactions and remembers how far it got; it returns
// how many applicants it erased.
func (s *Store) ErasePersonalData(ctx context.Context, before time.Time) (int, error) {
	if s.opts.ReadOnly {
		return 0, nil // a file opened to investigate it is not changed
	}
	total := 0
	for {
		n, more, err := s.eraseChunk(ctx, before)
		total += n
		if err != nil {
			return total, err
		}
		if !more {
			break
		}
	}
	if err := s.eraseBookingHashes(ctx, before); err != nil {
		return total, err
	}
	if err := s.eraseRemote(ctx, before); err != nil {
		return total, err
	}
	if err := s.shredDays(ctx, queue.ServiceDay(before, s.opts.Loc), total > 0); err != nil {
		return total, err
	}
	return total, nil
}

// eraseBookingHashes drops the ID hash of the bookings whose day is before the cutoff's.
func (s *Store) eraseBookingHashes(ctx context.Context, before time.Time) error {
	cutoff := []byte(queue.ServiceDay(before, s.opts.Loc))
	return s.exec(ctx, func(tx *Tx) error {
		b := tx.btx.Bucket(bucketBookings)
		var keep [][2][]byte
		c := b.Cursor()
		for k, v := c.First(); k != nil && bytes.Compare(k, cutoff) < 0; k, v = c.Next() {
			var bk queue.Booking
			if err := json.Unmarshal(v, &bk); err != nil {
				return errStorage{fmt.Errorf("erase: booking %s: %w", k, err)}
			}
			if bk.IDHash == "" {
				continue
			}
			bk.IDHash = ""
			nv, err := json.Marshal(bk)
			if err != nil {
				return errStorage{err}
			}
			keep = append(keep, [2][]byte{append([]byte(nil), k...), nv})
		}
		for _, kv := range keep {
			if err := b.Put(kv[0], kv[1]); err != nil {
				return errStorage{fmt.Errorf("erase: %w", err)}
			}
		}
		return nil
	})
}

func (s *Store) eraseChunk(ctx context.Context, before time.Time) (erased int, more bool, err error) {
	err = s.exec(ctx, func(tx *Tx) error {
		meta := tx.btx.Bucket(bucketMeta)
		var from uint64
		if v := meta.Get(keyErased); len(v) == 8 {
			from = btoi(v)
		}
		events := tx.btx.Bucket(bucketEvents)
		apps := tx.btx.Bucket(bucketApplicants)
		c := events.Cursor()
		last, seen := from, 0
		type rewrite struct {
			key, val []byte
		}
		var rewrites []rewrite
		var drop [][]byte
		for k, v := c.Seek(itob(from + 1)); k != nil; k, v = c.Next() {
			if seen == eraseChunk {
				more = true
				break
			}
			seen++
			var r eventRecord
			if err := json.Unmarshal(v, &r); err != nil {
				return errStorage{fmt.Errorf("erase: event %d: %w", btoi(k), err)}
			}
			if !r.At.Before(before) {
				break
			}
			last = btoi(k)
			if r.PII.empty() {
				continue
			}
			// The personal data (the sealed applicant, a booking's ID hash) rides outside
			// the hashed bytes: cutting it off keeps the chain valid.
			if len(r.PII.Applicant) > 0 {
				erased++
				if r.Ticket != nil {
					drop = append(drop, []byte(r.Ticket.ID))
				}
			}
			rewrites = append(rewrites, rewrite{append([]byte(nil), k...), stripPII(v)})
		}
		for _, rw := range rewrites {
			if err := events.Put(rw.key, rw.val); err != nil {
				return errStorage{fmt.Errorf("erase: %w", err)}
			}
		}
		for _, id := range drop {
			if err := apps.Delete(id); err != nil {
				return errStorage{fmt.Errorf("erase: %w", err)}
			}
		}
		return tx.put(bucketMeta, keyErased, itob(last))
	})
	return erased, more, err
}

// countApplicants returns how many sealed applicants the file holds (for tests).
func (s *Store) countApplicants() int {
	n := 0
	s.db.View(func(tx *bolt.Tx) error {
		n = tx.Bucket(bucketApplicants).Stats().KeyN
		return nil
	})
	return n
}
