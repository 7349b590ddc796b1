package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"onedoor/internal/queue"
)

// Cases: every case is kept in the cases bucket as it stands after its last event (the
// emit of an event that carries a case writes it); open_cases indexes those not yet
// handed over, so a start restores them without reading every case ever accepted.

// bucketOpenCases holds the numbers of the cases not closed: number → nothing;
// bucketTicketCases the case each accepted ticket opened: ticket id → case number.
var (
	bucketOpenCases   = []byte("open_cases")
	bucketTicketCases = []byte("ticket_cases")
)

// migrateTicketCases creates the ticket → case index from the cases kept so far.
func migrateTicketCases(tx *bolt.Tx) error {
	idx, err := tx.CreateBucketIfNotExists(bucketTicketCases)
	if err != nil {
		return fmt.Errorf("create bucket %s: %w", bucketTicketCases, err)
	}
	return tx.Bucket(bucketCases).ForEach(func(k, v []byte) error {
		var c queue.Case
		if err := json.Unmarshal(v, &c); err != nil {
			return fmt.Errorf("case %s: %w", k, err)
		}
		return idx.Put([]byte(c.Ticket), k)
	})
}

// CaseOfTicket returns the case a ticket's acceptance opened, as it stands; false for
// a ticket that opened none.
func (s *Store) CaseOfTicket(id string) (queue.Case, bool) {
	var c queue.Case
	found := false
	s.db.View(func(tx *bolt.Tx) error {
		no := tx.Bucket(bucketTicketCases).Get([]byte(id))
		if no == nil {
			return nil
		}
		if v := tx.Bucket(bucketCases).Get(no); v != nil && json.Unmarshal(v, &c) == nil {
			found = true
		}
		return nil
	})
	return c, found
}

// migrateOpenCases creates the open-cases index from the cases kept so far.
func migrateOpenCases(tx *bolt.Tx) error {
	open, err := tx.CreateBucketIfNotExists(bucketOpenCases)
	if err != nil {
		return fmt.Errorf("create bucket %s: %w", bucketOpenCases, err)
	}
	return tx.Bucket(bucketCases).ForEach(func(k, v []byte) error {
		var c queue.Case
		if err := json.Unmarshal(v, &c); err != nil {
			return fmt.Errorf("case %s: %w", k, err)
		}
		if c.State == queue.CaseClosed {
			return nil
		}
		return open.Put(k, nil)
	})
}

// indexCases keeps the open-cases index in step with the cases the hall changed.
func (s *Store) indexCases(btx *bolt.Tx) error {
	open := btx.Bucket(bucketOpenCases)
	for _, c := range s.hall.TakeDirtyCases() {
		var err error
		if c.State == queue.CaseClosed {
			err = open.Delete([]byte(c.No))
		} else {
			err = open.Put([]byte(c.No), nil)
		}
		if err != nil {
			return fmt.Errorf("index case %s: %w", c.No, err)
		}
	}
	return nil
}

// loadCases restores the open cases into h.
func loadCases(tx *bolt.Tx, h *queue.Hall) error {
	cases := tx.Bucket(bucketCases)
	return tx.Bucket(bucketOpenCases).ForEach(func(k, _ []byte) error {
		var c queue.Case
		if err := json.Unmarshal(cases.Get(k), &c); err != nil {
			return fmt.Errorf("load case %s: %w", k, err)
		}
		h.RestoreCase(&c)
		return nil
	})
}

// DecideCase runs a case action (route, claim, approve, refuse, supplement, transfer,
// suspend, pick up …) and returns the case as it stands after it. A proxy who collects
// a result is sealed like an applicant, beside the event, never in it.
func (s *Store) DecideCase(ctx context.Context, cmd queue.CaseCmd) (queue.Case, error) {
	var out queue.Case
	err := s.exec(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.decideCase(cmd)
		return err
	})
	return out, err
}

// decideCase decides and records a case action in tx and returns the case after it.
func (tx *Tx) decideCase(cmd queue.CaseCmd) (queue.Case, error) {
	evs, c, err := tx.Hall.DecideCase(cmd, tx.Now)
	if err != nil {
		return queue.Case{}, err
	}
	var pii *recordPII
	if cmd.Proxy != nil {
		sealed, err := tx.s.keys.sealApplicant(tx.btx, "proxy/"+c.No, tx.Hall.Day, cmd.Proxy)
		if err != nil {
			return queue.Case{}, errStorage{err}
		}
		if err := tx.put(bucketApplicants, []byte("proxy/"+c.No), sealed); err != nil {
			return queue.Case{}, err
		}
		pii = &recordPII{Applicant: sealed}
	}
	for i, ev := range evs {
		p := pii // the proxy goes beside the action's own event, the first
		if i > 0 {
			p = nil
		}
		if err := tx.emit(ev, p); err != nil {
			return queue.Case{}, err
		}
	}
	if now, ok := tx.Hall.Case(c.No); ok {
		return *now, nil
	}
	return *c, nil // closed: no longer in memory
}

// Case returns an open case by number, or the last state kept of a closed one.
func (s *Store) Case(no string) (queue.Case, error) {
	var c queue.Case
	found := false
	s.Read(func(h *queue.Hall) {
		if oc, ok := h.Case(no); ok {
			c, found = *oc, true
		}
	})
	if found {
		return c, nil
	}
	err := s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketCases).Get([]byte(no))
		if v == nil {
			return queue.Errorf(queue.NotFound, "no case %s", no)
		}
		return json.Unmarshal(v, &c)
	})
	return c, err
}

// Inbox returns the first limit of a department's undecided sub-cases (queue.AllDepts:
// every department's), by deadline, as copies, and how many there are.
func (s *Store) Inbox(dept string, limit int) ([]queue.InboxLine, int) {
	var out []queue.InboxLine
	total := 0
	s.Read(func(h *queue.Hall) {
		lines := h.Inbox(dept)
		total = len(lines)
		for _, l := range lines[:min(limit, len(lines))] {
			c, p := *l.Case, *l.Part
			c.Parts = append([]queue.Part(nil), l.Case.Parts...)
			out = append(out, queue.InboxLine{Case: &c, Part: &p})
		}
	})
	return out, total
}

// CaseApplicant returns the applicant of the ticket a case was accepted from, unmasked,
// for the documents of the case; nil when none was on file or it was erased.
func (s *Store) CaseApplicant(ticket string) (*queue.Applicant, error) {
	var a *queue.Applicant
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketApplicants).Get([]byte(ticket))
		if b == nil {
			return nil
		}
		var err error
		if a, err = s.keys.openApplicant(tx, ticket, b); errors.Is(err, errErased) {
			a, err = nil, nil
		}
		return err
	})
	return a, err
}

// Calendar returns the working-day calendar in force (nil: Monday to Friday): the
// -holidays file's, with the years set in the console in place of its own.
func (s *Store) Calendar() *queue.Calendar {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.hall.Calendar
}
