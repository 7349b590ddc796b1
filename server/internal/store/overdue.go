package store

import (
	"context"

	"onedoor/internal/queue"
)

// OverdueStaff is who marks cases overdue in the audit trail: the server's clock.
const OverdueStaff = "system"

// MarkOverdue records case.overdue for every open case newly past its promised date with
// a sub-case undecided (queue.Hall.DecideOverdue), so that its applicant is sent an
// apology once; it returns how many. It writes only when there is one to mark.
func (s *Store) MarkOverdue(ctx context.Context) (int, error) {
	if s.opts.ReadOnly {
		return 0, nil
	}
	now := s.Now()
	found := false
	s.Read(func(h *queue.Hall) { found = len(h.DecideOverdue(now, OverdueStaff)) > 0 })
	if !found {
		return 0, nil
	}
	n := 0
	err := s.exec(ctx, func(tx *Tx) error {
		evs := tx.Hall.DecideOverdue(tx.Now, OverdueStaff)
		n = len(evs)
		return tx.Emit(evs...)
	})
	return n, err
}
