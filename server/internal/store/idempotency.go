package store

import (
	"errors"

	"onedoor/internal/queue"
)

// sameRequest checks that a retry with an idempotency key already used asks for what
// the first request did: the same item, booking, priority and applicant (a retry may
// leave the applicant out, as the existing clients' retries do). Another request
// under the same key is refused (422) instead of being answered the first ticket.
func (tx *Tx) sameRequest(t *queue.Ticket, c queue.IssueCmd, a *queue.Applicant) error {
	differs := func(what string) error {
		return queue.Errorf(queue.Invalid, "the idempotency key was used for another request (%s differs): use a new key", what)
	}
	if c.Item != "" && c.Item != t.Item {
		return differs("item")
	}
	if c.Booking != t.Booking {
		return differs("booking")
	}
	if agent := agentID(c.Agent); agent != t.Agent {
		return differs("agent")
	}
	switch c.Priority {
	case "", queue.PriorityNormal:
		// the hall may have given the elderly priority by age, or a booking's
		if t.Priority != queue.PriorityNormal && t.Priority != queue.PriorityElderly && t.Booking == "" {
			return differs("priority")
		}
	default:
		if c.Priority != t.Priority {
			return differs("priority")
		}
	}
	if a == nil {
		return nil // a retry may leave the applicant out; it may not bring another
	}
	if !t.Applicant {
		return differs("applicant")
	}
	blob := tx.btx.Bucket(bucketApplicants).Get([]byte(t.ID))
	if blob == nil {
		return nil // erased since: nothing left to compare
	}
	first, err := tx.s.keys.openApplicant(tx.btx, t.ID, blob)
	if errors.Is(err, errErased) {
		return nil
	}
	if err != nil {
		return err
	}
	if first.IDNumber != a.IDNumber {
		return differs("applicant")
	}
	return nil
}
