package store

import (
	"context"
	"errors"
	"fmt"
	"strings"

	bolt "go.etcd.io/bbolt"

	"onedoor/internal/queue"
	"onedoor/server/internal/outbox"
)

// The outbox: messages to the outside world (SMS notices, department webhooks) are put in
// the same write transaction as the events that cause them, so a crash loses none and a
// command rolled back sends none; a Dispatcher sends them after the commit.

// Producer turns one committed event into the outbox messages it causes (none for most).
// It runs in the writer, inside the write transaction, after every command of the batch:
// it must be quick and must not keep c past its return.
type Producer func(c OutboxContext, ev queue.Event) ([]outbox.Message, error)

// OutboxContext is what a Producer may look at inside the write transaction.
type OutboxContext struct {
	s   *Store
	btx *bolt.Tx
}

// Catalog is the catalog the hall runs.
func (c OutboxContext) Catalog() *queue.Catalog { return c.s.hall.Catalog }

// CaseNoOfTicket is the number of the case the acceptance of ticket id opened, "" for
// none.
func (c OutboxContext) CaseNoOfTicket(id string) string {
	return string(c.btx.Bucket(bucketTicketCases).Get([]byte(id)))
}

// HasPhone reports whether the sealed applicant of ticket id gave a phone number: false
// when the ticket has no applicant or it was erased. The number itself stays sealed.
func (c OutboxContext) HasPhone(id string) (bool, error) {
	a, err := c.s.openApplicantIn(c.btx, id)
	if errors.Is(err, outbox.ErrNoPhone) || errors.Is(err, outbox.ErrErased) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return a.Phone != "", nil
}

// putOutbox hands each event of a batch to the producer and puts the messages it
// returns, inside btx; it returns how many it put. A failure aborts the batch.
func (s *Store) putOutbox(btx *bolt.Tx, committed []Committed) (int, error) {
	if s.opts.Outbox == nil {
		return 0, nil
	}
	c := OutboxContext{s: s, btx: btx}
	n := 0
	for _, ev := range committed {
		msgs, err := s.opts.Outbox(c, ev.Event)
		if err != nil {
			return n, fmt.Errorf("outbox: messages of event %d: %w", ev.Event.Seq, err)
		}
		for _, m := range msgs {
			if _, err := outbox.Put(btx, m); err != nil {
				return n, err
			}
			n++
		}
	}
	return n, nil
}

// notifyOutbox wakes the Dispatcher after a commit that put messages.
func (s *Store) notifyOutbox() {
	if d := s.dispatcher.Load(); d != nil {
		d.Notify()
	}
}

// Outbox returns a Dispatcher of the store's outbox with the senders given, and has every
// later commit that puts messages wake it. Run it after Open and end its Run before
// Close. A store opened read-only has none to give: nil.
func (s *Store) Outbox(senders map[string]outbox.Sender, opt outbox.Options) *outbox.Dispatcher {
	if s.opts.ReadOnly {
		return nil
	}
	d := outbox.New(s.db, senders, opt)
	s.dispatcher.Store(d)
	return d
}

// Phone opens the sealed applicant of a ticket (ref is a ticket id) and returns the
// phone number they gave, for the SMS sender at send time. It returns an error wrapping
// outbox.ErrNoPhone when there is none, outbox.ErrErased when the applicant was erased;
// its errors never hold personal data. Store is an outbox.PhoneResolver.
func (s *Store) Phone(_ context.Context, ref string) (string, error) {
	var phone string
	err := s.db.View(func(tx *bolt.Tx) error {
		if strings.HasPrefix(ref, codeRefPrefix) {
			var err error
			phone, err = s.codePhone(tx, ref)
			return err
		}
		a, err := s.openApplicantIn(tx, ref)
		if err != nil {
			return err
		}
		if a.Phone == "" {
			return fmt.Errorf("ticket %s: %w", ref, outbox.ErrNoPhone)
		}
		phone = a.Phone
		return nil
	})
	return phone, err
}

// openApplicantIn opens the sealed applicant of ticket id inside tx: an error wrapping
// outbox.ErrNoPhone when none is on file (never entered, or its record erased) and
// outbox.ErrErased when its day key is gone.
func (s *Store) openApplicantIn(tx *bolt.Tx, id string) (*queue.Applicant, error) {
	blob := tx.Bucket(bucketApplicants).Get([]byte(id))
	if blob == nil {
		return nil, fmt.Errorf("ticket %s: no applicant on file: %w", id, outbox.ErrNoPhone)
	}
	a, err := s.keys.openApplicant(tx, id, blob)
	if errors.Is(err, errErased) {
		return nil, fmt.Errorf("ticket %s: %w", id, outbox.ErrErased)
	}
	if err != nil {
		return nil, fmt.Errorf("ticket %s: %w", id, err)
	}
	return a, nil
}
