package store

import (
	"context"
	"errors"
	"strings"

	bolt "go.etcd.io/bbolt"

	"onedoor/internal/queue"
)

// The applicant of a ticket: entered at a window, revealed to its clerk, shown masked.

// EnterApplicant records the applicant of window n's current ticket as the clerk entered
// or completed it, sealed like the kiosk's (a later entry replaces the earlier one).
func (s *Store) EnterApplicant(ctx context.Context, n int, staff string, a *queue.Applicant) (TicketView, error) {
	var v TicketView
	err := s.exec(ctx, func(tx *Tx) error {
		evs, err := tx.Hall.EnterApplicant(n, staff, tx.Now)
		if err != nil {
			return err
		}
		t := evs[0].Ticket
		a = tx.keepVerifiedPhone(t, a)
		sealed, err := tx.s.keys.sealApplicant(tx.btx, t.ID, t.Day, a)
		if err != nil {
			return errStorage{err}
		}
		if err := tx.put(bucketApplicants, []byte(t.ID), sealed); err != nil {
			return err
		}
		if err := tx.emit(evs[0], &recordPII{Applicant: sealed}); err != nil {
			return err
		}
		v = view(tx.Hall, tx.Hall.Tickets[t.ID], tx.Now)
		return nil
	})
	return v, err
}

// RevealApplicant returns the applicant of window n's current ticket for its clerk and
// records that the clerk looked: revealing personal data is an audited act.
func (s *Store) RevealApplicant(ctx context.Context, n int, staff string) (*queue.Applicant, error) {
	var a *queue.Applicant
	err := s.exec(ctx, func(tx *Tx) error {
		w, ok := tx.Hall.Windows[n]
		if !ok {
			return queue.Errorf(queue.NotFound, "no window %d", n)
		}
		t, ok := tx.Hall.Tickets[w.Current]
		if w.Current == "" || !ok {
			return queue.Errorf(queue.Conflict, "window %d has no current ticket", n)
		}
		if !t.Applicant {
			return queue.Errorf(queue.NotFound, "ticket %s has no applicant on file", t.Number)
		}
		blob := tx.btx.Bucket(bucketApplicants).Get([]byte(t.ID))
		if blob == nil {
			return queue.Errorf(queue.NotFound, "the applicant of ticket %s was erased", t.Number)
		}
		var err error
		if a, err = tx.s.keys.openApplicant(tx.btx, t.ID, blob); errors.Is(err, errErased) {
			return queue.Errorf(queue.NotFound, "the applicant of ticket %s was erased", t.Number)
		} else if err != nil {
			return err
		}
		c := *t
		return tx.Emit(queue.Event{Type: queue.ApplicantRevealed, At: tx.Now, Center: tx.Hall.Center, Staff: staff, Ticket: &c, Window: copyWin(w)})
	})
	return a, err
}

// Applicant returns the applicant of a ticket, masked: for the clerk's screen before
// they choose to reveal it.
func (s *Store) Applicant(id string) (*queue.Applicant, error) {
	var a *queue.Applicant
	err := s.db.View(func(tx *bolt.Tx) error {
		blob := tx.Bucket(bucketApplicants).Get([]byte(id))
		if blob == nil {
			return nil
		}
		var err error
		if a, err = s.keys.openApplicant(tx, id, blob); errors.Is(err, errErased) {
			a, err = nil, nil
		}
		return err
	})
	if err != nil || a == nil {
		return nil, err
	}
	a.IDNumber = queue.MaskIDNumber(a.IDNumber)
	a.Address = maskAddress(a.Address)
	return a, nil
}

// maskAddress keeps the first six characters of an address (the district, roughly).
func maskAddress(s string) string {
	r := []rune(s)
	if len(r) <= 6 {
		return s
	}
	return string(r[:6]) + strings.Repeat("*", 4)
}
