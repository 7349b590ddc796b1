package store

import (
	"context"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"onedoor/internal/queue"
)

// A department's own approval system retries what it did not hear the answer to: a case
// action sent with an idempotency key is done once, and a retry with the same key answers
// what the first did (kept with the action, in the same transaction).

// bucketCaseIdem holds the answers of keyed case actions: staff NUL key → caseIdem.
var bucketCaseIdem = []byte("case_idem")

// caseIdem is a keyed case action's request and answer.
type caseIdem struct {
	Case   string           `json:"case"`
	Action queue.CaseAction `json:"action"`
	Answer queue.Case       `json:"answer"`
}

func migrateCaseIdem(tx *bolt.Tx) error {
	_, err := tx.CreateBucketIfNotExists(bucketCaseIdem)
	return err
}

// DecideCaseOnce is DecideCase with an idempotency key: the first request with the key
// (per staff) is done; a retry of the same action on the same case answers the case as
// the first left it; the key used for another action or case is Invalid.
func (s *Store) DecideCaseOnce(ctx context.Context, cmd queue.CaseCmd, key string) (queue.Case, error) {
	if key == "" {
		return s.DecideCase(ctx, cmd)
	}
	if len(key) > queue.MaxKey {
		return queue.Case{}, queue.Errorf(queue.Invalid, "idempotency key is longer than %d characters", queue.MaxKey)
	}
	k := []byte(cmd.Staff + "\x00" + key)
	var out queue.Case
	err := s.exec(ctx, func(tx *Tx) error {
		if v := tx.btx.Bucket(bucketCaseIdem).Get(k); v != nil {
			var prev caseIdem
			if err := json.Unmarshal(v, &prev); err != nil {
				return errStorage{fmt.Errorf("case idempotency: %w", err)}
			}
			if prev.Case != cmd.Case || prev.Action != cmd.Action {
				return queue.Errorf(queue.Invalid, "idempotency key %q was used for %s of %s", key, prev.Action, prev.Case)
			}
			out = prev.Answer
			return nil
		}
		var err error
		if out, err = tx.decideCase(cmd); err != nil {
			return err
		}
		v, _ := json.Marshal(caseIdem{Case: cmd.Case, Action: cmd.Action, Answer: out})
		return tx.put(bucketCaseIdem, k, v) // with the action, or neither
	})
	return out, err
}
