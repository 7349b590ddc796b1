package store

import (
	"context"
	"encoding/json"
	"fmt"

	"onedoor/internal/queue"
)

// RelayIn takes a sub-case relayed in from another center (queue.RelayIn): it opens its
// case, or joins the case of the same number here as another part (reopened if it had
// closed), and returns the case. A sub-case the case holds already was taken before:
// nothing changes and no error.
func (s *Store) RelayIn(ctx context.Context, m queue.RelayMsg) (queue.Case, error) {
	var out queue.Case
	err := s.exec(ctx, func(tx *Tx) error {
		var here *queue.Case
		if b := tx.btx.Bucket(bucketCases).Get([]byte(m.Case)); b != nil {
			here = &queue.Case{}
			if err := json.Unmarshal(b, here); err != nil {
				return fmt.Errorf("relay in: case %s: %w", m.Case, err)
			}
		}
		evs, c, err := tx.Hall.RelayIn(m, here, tx.Now)
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
