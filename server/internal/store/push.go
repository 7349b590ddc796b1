package store

import (
	"context"
	"errors"
	"fmt"
	"net/url"

	bolt "go.etcd.io/bbolt"

	"onedoor/internal/queue"
	"onedoor/server/internal/outbox"
)

// Web Push subscriptions of tracking pages: one per ticket, sealed under the day key of
// the ticket's day (an endpoint names one browser), deleted with the day's personal data.

var bucketPush = []byte("push") // ticket id → day (10 bytes) ‖ sealed subscription

// PushSubscription is a browser's push subscription, as PushManager.subscribe gives it.
type PushSubscription struct {
	Endpoint string   `json:"endpoint"`
	Keys     PushKeys `json:"keys"`
}

// PushKeys are the subscription's public key and auth secret, base64url.
type PushKeys struct {
	P256dh string `json:"p256dh"`
	Auth   string `json:"auth"`
}

// Check refuses a subscription that is not one: an endpoint not an absolute https URL
// (http only to a loopback host, for tests), keys missing or too long.
func (p PushSubscription) Check() error {
	u, err := url.Parse(p.Endpoint)
	loop := err == nil && (u.Hostname() == "127.0.0.1" || u.Hostname() == "localhost")
	switch {
	case err != nil || len(p.Endpoint) > 1024 || u.Host == "" || !(u.Scheme == "https" || u.Scheme == "http" && loop):
		return queue.Errorf(queue.Invalid, "endpoint: an https URL of a push service")
	case p.Keys.P256dh == "" || p.Keys.Auth == "" || len(p.Keys.P256dh) > 200 || len(p.Keys.Auth) > 100:
		return queue.Errorf(queue.Invalid, "keys: p256dh and auth of the subscription")
	}
	return nil
}

// Subscribe keeps sub for the messages of ticket id (waiting or called today); a later
// subscription replaces it.
func (s *Store) Subscribe(ctx context.Context, id string, sub PushSubscription) error {
	if err := sub.Check(); err != nil {
		return err
	}
	return s.exec(ctx, func(tx *Tx) error {
		t, ok := tx.Hall.Tickets[id]
		if !ok {
			return queue.Errorf(queue.NotFound, "no ticket %q today", id)
		}
		if t.State != queue.Waiting && t.State != queue.Called {
			return queue.Errorf(queue.Conflict, "ticket %s is %s: nothing more to tell", t.Number, t.State)
		}
		blob, err := tx.s.keys.sealBytes(tx.btx, id, t.Day, sub)
		if err != nil {
			return errStorage{err}
		}
		return tx.put(bucketPush, []byte(id), blob)
	})
}

// HasPush reports whether ticket id has a push subscription.
func (c OutboxContext) HasPush(id string) bool {
	return c.btx.Bucket(bucketPush).Get([]byte(id)) != nil
}

// PushSubscriptionOf opens the push subscription of ticket id, for the push sender at
// send time: an error wrapping outbox.ErrErased when there is none (any more).
func (s *Store) PushSubscriptionOf(_ context.Context, id string) (PushSubscription, error) {
	var sub PushSubscription
	err := s.db.View(func(tx *bolt.Tx) error {
		blob := tx.Bucket(bucketPush).Get([]byte(id))
		if blob == nil {
			return fmt.Errorf("push of %s: %w", id, outbox.ErrErased)
		}
		err := s.keys.openBytes(tx, id, blob, &sub)
		if errors.Is(err, errErased) {
			return fmt.Errorf("push of %s: %w", id, outbox.ErrErased)
		}
		return err
	})
	return sub, err
}
