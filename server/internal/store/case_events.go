package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"onedoor/internal/queue"
)

// The timeline of a case: case_events indexes every event that carries a case by its
// number, so the workbench shows a case's history without reading the whole log.

// bucketCaseEvents holds case number NUL seq (8 bytes) → nothing.
var bucketCaseEvents = []byte("case_events")

// caseEventKey is the index key of event seq of case no.
func caseEventKey(no string, seq uint64) []byte {
	return append([]byte(no+"\x00"), itob(seq)...)
}

// migrateCaseEvents creates the case → events index from the log kept so far.
func migrateCaseEvents(tx *bolt.Tx) error {
	idx, err := tx.CreateBucketIfNotExists(bucketCaseEvents)
	if err != nil {
		return fmt.Errorf("create bucket %s: %w", bucketCaseEvents, err)
	}
	return tx.Bucket(bucketEvents).ForEach(func(k, v []byte) error {
		var r eventRecord
		if err := json.Unmarshal(v, &r); err != nil {
			return fmt.Errorf("event %d: %w", btoi(k), err)
		}
		if r.Case == nil {
			return nil
		}
		return idx.Put(caseEventKey(r.Case.No, btoi(k)), nil)
	})
}

// indexCaseEvent files an event that carries a case under the case's number.
func (tx *Tx) indexCaseEvent(ev queue.Event) error {
	if ev.Case == nil {
		return nil
	}
	if err := tx.btx.Bucket(bucketCaseEvents).Put(caseEventKey(ev.Case.No, ev.Seq), nil); err != nil {
		return errStorage{fmt.Errorf("index case event: %w", err)}
	}
	return nil
}

// MaxCaseEvents is the most events CaseEvents returns of one case.
const MaxCaseEvents = 500

// CaseEvents returns the events of a case, oldest first (at most MaxCaseEvents): its
// acceptance, every action on it, every reveal of its applicant.
func (s *Store) CaseEvents(no string) ([]queue.Event, error) {
	var out []queue.Event
	prefix := []byte(no + "\x00")
	err := s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketCaseEvents).Cursor()
		events := tx.Bucket(bucketEvents)
		for k, _ := c.Seek(prefix); k != nil && len(k) == len(prefix)+8 && string(k[:len(prefix)]) == string(prefix) && len(out) < MaxCaseEvents; k, _ = c.Next() {
			v := events.Get(k[len(prefix):])
			if v == nil {
				continue
			}
			var r eventRecord
			if err := json.Unmarshal(v, &r); err != nil {
				return fmt.Errorf("case %s: event %d: %w", no, btoi(k[len(prefix):]), err)
			}
			out = append(out, r.Event)
		}
		return nil
	})
	return out, err
}

// RevealCaseApplicant returns the applicant of case no unmasked, for an officer who
// presses reveal on the workbench, and records that they did (an applicant.revealed
// event carrying the case, in its timeline). A case whose applicant was not entered or
// was erased is NotFound.
func (s *Store) RevealCaseApplicant(ctx context.Context, no, staff string) (*queue.Applicant, error) {
	c, err := s.Case(no)
	if err != nil {
		return nil, err
	}
	var a *queue.Applicant
	err = s.exec(ctx, func(tx *Tx) error {
		blob := tx.btx.Bucket(bucketApplicants).Get([]byte(c.Ticket))
		if blob == nil {
			return queue.Errorf(queue.NotFound, "case %s has no applicant on file", no)
		}
		var err error
		if a, err = tx.s.keys.openApplicant(tx.btx, c.Ticket, blob); errors.Is(err, errErased) {
			return queue.Errorf(queue.NotFound, "the applicant of case %s was erased", no)
		} else if err != nil {
			return err
		}
		cur := c
		if open, ok := tx.Hall.Case(no); ok {
			cur = *open
		}
		return tx.Emit(queue.Event{Type: queue.ApplicantRevealed, At: tx.Now, Center: tx.Hall.Center, Staff: staff, Case: &cur})
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}
