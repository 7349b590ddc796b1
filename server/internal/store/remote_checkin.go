package store

import (
	"context"
	"errors"
	"strings"

	"onedoor/internal/queue"
	"onedoor/server/internal/outbox"
)

// CheckInByPhone checks in the phone ticket a citizen names at a kiosk by the digits of
// its number and the last four digits of the phone it was taken with. None matching is
// NotFound; two matching (the same digits in two categories and the same last four) is
// a Conflict to settle at the guide desk. The phone never leaves the store.
func (s *Store) CheckInByPhone(ctx context.Context, digits, last4 string) (TicketView, error) {
	var v TicketView
	err := s.exec(ctx, func(tx *Tx) error {
		var match *queue.Ticket
		for _, t := range tx.Hall.RemoteByDigits(digits) {
			a, err := s.openApplicantIn(tx.btx, t.ID)
			if errors.Is(err, outbox.ErrNoPhone) || errors.Is(err, outbox.ErrErased) {
				continue
			}
			if err != nil {
				return errStorage{err}
			}
			if len(a.Phone) < 4 || !strings.HasSuffix(a.Phone, last4) {
				continue
			}
			if match != nil {
				return queue.Errorf(queue.Conflict, "有两张票符合,请到导办台签到 (two tickets match: please check in at the guide desk)")
			}
			match = t
		}
		if match == nil {
			return queue.Errorf(queue.NotFound, "没有号码和手机尾号都相符的手机取号,请核对 (no phone ticket with this number and these last four digits)")
		}
		evs, t, err := tx.Hall.CheckIn(match.ID, tx.Now)
		if err != nil {
			return err
		}
		if err := tx.Emit(evs...); err != nil {
			return err
		}
		v = view(tx.Hall, tx.Hall.Tickets[t.ID], tx.Now)
		return nil
	})
	return v, err
}
