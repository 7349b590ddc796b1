package store

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// keyErased is the meta key holding the seq up to which personal data was erased.
var keyErased = []byte("erased_seq")

// eraseChunk is how many log entries one erasing transaction looks at, so that the
// erasure never holds the writer for long.
const eraseChunk = 5000

// ErasePersonalData erases the applicants of every visit recorded before the instant
// before: the sealed applicant in the log and in the applicants bucket. Tickets,
// outcomes, ratings and every other event stay, so the statistics are unchanged. It
// works through the log in short transactions and remembers how far it got; it returns
// how many applicants it erased.
func (s *Store) ErasePersonalData(ctx context.Context, before time.Time) (int, error) {
	total := 0
	for {
		n, more, err := s.eraseChunk(ctx, before)
		total += n
		if err != nil || !more {
			return total, err
		}
	}
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
			if len(r.Applicant) == 0 || !bytes.Contains(v, []byte(`"applicant_enc"`)) {
				continue
			}
			r.Applicant = nil
			nv, err := json.Marshal(r)
			if err != nil {
				return errStorage{err}
			}
			rewrites = append(rewrites, rewrite{append([]byte(nil), k...), nv})
			if r.Ticket != nil {
				drop = append(drop, []byte(r.Ticket.ID))
			}
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
		erased = len(rewrites)
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
