package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sort"

	bolt "go.etcd.io/bbolt"

	"onedoor/internal/queue"
)

// Picking results up by ID card: at acceptance a case is indexed under the keyed hash of
// its applicant's ID number, keyed with the acceptance day's key (so erasing that day's
// key erases the index's use too); at the kiosk the card's number is hashed under the key
// of each day an open case was accepted on, and the index says which cases are theirs.

// bucketCaseHolders indexes cases by holder: hash "/" case number → nothing.
var bucketCaseHolders = []byte("case_holders")

// migrateCaseHolders creates the holders' index (cases accepted before it are found by
// their number only).
func migrateCaseHolders(tx *bolt.Tx) error {
	_, err := tx.CreateBucketIfNotExists(bucketCaseHolders)
	return err
}

// indexHolder files the case an acceptance opened under its applicant, when the ticket
// has one on file.
func (tx *Tx) indexHolder(c *queue.Case) error {
	blob := tx.btx.Bucket(bucketApplicants).Get([]byte(c.Ticket))
	if blob == nil {
		return nil
	}
	a, err := tx.s.keys.openApplicant(tx.btx, c.Ticket, blob)
	if errors.Is(err, errErased) || a == nil || a.IDNumber == "" {
		return nil
	}
	if err != nil {
		return errStorage{fmt.Errorf("index holder: %w", err)}
	}
	day := queue.ServiceDay(c.AcceptedAt, tx.s.opts.Loc)
	h, err := tx.s.keys.hashID(tx.btx, day, a.IDNumber)
	if err != nil {
		return errStorage{err}
	}
	return tx.put(bucketCaseHolders, []byte(h+"/"+c.No), nil)
}

// Holdings are a person's open cases: those ready for pickup and those still pending.
type Holdings struct {
	Ready, Pending []queue.Case
}

// CasesOf finds the open cases of the holder of idNumber (or the one case numbered
// caseNo, when given), by readiness.
func (s *Store) CasesOf(ctx context.Context, idNumber, caseNo string) (Holdings, error) {
	var out Holdings
	err := s.exec(ctx, func(tx *Tx) error {
		nos := map[string]bool{}
		if caseNo != "" {
			nos[caseNo] = true
		}
		if idNumber != "" {
			if err := tx.holderCases(idNumber, nos); err != nil {
				return err
			}
		}
		for no := range nos {
			c, ok := tx.Hall.Case(no)
			if !ok {
				continue
			}
			if c.State == queue.CaseResultReady {
				out.Ready = append(out.Ready, *c)
			} else {
				out.Pending = append(out.Pending, *c)
			}
		}
		return nil
	})
	for _, l := range [][]queue.Case{out.Ready, out.Pending} {
		sort.Slice(l, func(i, j int) bool { return l[i].No < l[j].No })
	}
	return out, err
}

// holderCases adds to nos the open cases filed under the holder of idNumber.
func (tx *Tx) holderCases(idNumber string, nos map[string]bool) error {
	days := map[string]bool{}
	for _, c := range tx.Hall.OpenCases {
		days[queue.ServiceDay(c.AcceptedAt, tx.s.opts.Loc)] = true
	}
	idx := tx.btx.Bucket(bucketCaseHolders).Cursor()
	for day := range days {
		dk, err := tx.s.keys.day(tx.btx, day, false)
		if err != nil {
			return errStorage{err}
		}
		if dk == nil {
			continue // erased, or no applicant that day
		}
		h, err := tx.s.keys.hashID(tx.btx, day, idNumber)
		if err != nil {
			return errStorage{err}
		}
		prefix := []byte(h + "/")
		for k, _ := idx.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = idx.Next() {
			nos[string(k[len(prefix):])] = true
		}
	}
	return nil
}
