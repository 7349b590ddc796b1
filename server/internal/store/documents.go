package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"onedoor/internal/queue"
)

// DocumentIssued records that a staff member fetched (to show or print) the PDF of a
// uniform document. The document is the finish event itself; this event says who
// produced a copy with the applicant's personal data on it, and when. Its Reason holds
// the document's seq as text and its From the window of the finish.
const DocumentIssued queue.EventType = "document.issued"

// FinishedVisit returns the finish event recorded at seq and the applicant of its
// ticket in full (nil when none was on file or it has been erased), for rendering the
// visit's document. Any other event at seq is not found.
func (s *Store) FinishedVisit(seq uint64) (queue.Event, *queue.Applicant, error) {
	var r eventRecord
	var a *queue.Applicant
	err := s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketEvents).Get(itob(seq))
		if v == nil {
			return queue.Errorf(queue.NotFound, "no such document")
		}
		if err := json.Unmarshal(v, &r); err != nil {
			return fmt.Errorf("decode event %d: %w", seq, err)
		}
		if r.Type != queue.TicketFinished || r.Ticket == nil {
			return queue.Errorf(queue.NotFound, "no such document")
		}
		if b := tx.Bucket(bucketApplicants).Get([]byte(r.Ticket.ID)); b != nil {
			var err error
			if a, err = s.keys.openApplicant(tx, r.Ticket.ID, b); errors.Is(err, errErased) {
				a = nil
			} else if err != nil {
				return fmt.Errorf("document %d: %w", seq, err)
			}
		}
		return nil
	})
	if err != nil {
		return queue.Event{}, nil, err
	}
	return r.Event, a, nil
}

// RecordDocument appends a document.issued event: staff fetched the document of the
// finish event seq, which was recorded at window.
func (s *Store) RecordDocument(ctx context.Context, seq uint64, window int, staff string) error {
	return s.exec(ctx, func(tx *Tx) error {
		return tx.Emit(queue.Event{Type: DocumentIssued, At: tx.Now, Center: tx.Hall.Center, Staff: staff,
			Reason: fmt.Sprint(seq), From: window})
	})
}
