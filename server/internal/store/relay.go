package store

import (
	"context"

	"onedoor/internal/queue"
)

// RelayIn opens the case of a sub-case relayed in from another center (queue.RelayIn)
// and returns it. A case already here is a queue Conflict: the message was taken before.
func (s *Store) RelayIn(ctx context.Context, m queue.RelayMsg) (queue.Case, error) {
	var out queue.Case
	err := s.exec(ctx, func(tx *Tx) error {
		if tx.btx.Bucket(bucketCases).Get([]byte(m.Case)) != nil {
			return queue.Errorf(queue.Conflict, "case %s is here already", m.Case)
		}
		evs, c, err := tx.Hall.RelayIn(m, tx.Now)
		if err != nil {
			return err
		}
		for _, ev := range evs {
			if err := tx.emit(ev, nil); err != nil {
				return err
			}
		}
		out = *c
		return nil
	})
	return out, err
}
