package idcard

import (
	"context"
	"errors"
	"fmt"
)

// Next polls for a card and returns it once per placement: after a successful read
// (or a card whose data is invalid) the card must leave the reader before it is
// returned again. Readers enforce this themselves by answering "no card" to find until
// the card is lifted; for readers that do not, Next also remembers the card it read
// and ignores it until a poll finds the field empty. A different card put down in the
// meantime (the reader finds it: a new placement) is read and returned.
//
// Faults of the device (port gone, silence, SAM failure) are retried here, reported
// through Config.OnHealth (called with the reader's lock held: it must not call the
// Reader) and logged; Next returns them only when ctx ends. Errors
// about a placed card (select or read failure, bad data) are returned; calling Next
// again retries a card that failed to read.
func (r *Reader) Next(ctx context.Context) (*Card, error) {
	var lastFault error
	for first := true; ; first = false {
		if !first {
			if err := sleep(ctx, r.cfg.PollInterval); err != nil {
				return nil, nextEnded(err, lastFault)
			}
		}
		card, fault, err := r.poll(ctx)
		if fault != nil {
			lastFault = fault
		}
		if card != nil || err != nil {
			return card, err
		}
	}
}

// poll makes one find attempt and, for a new card, reads it. It returns the card, or a
// device fault to retry, or an error that ends Next. The lock is not held between polls,
// so Close does not wait for a card.
func (r *Reader) poll(ctx context.Context) (card *Card, fault, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	err = r.with(ctx, func(c *Client) error { return c.FindCard(ctx) })
	switch {
	case errors.Is(err, ErrClosed):
		return nil, nil, err
	case ctx.Err() != nil:
		return nil, nil, nextEnded(ctx.Err(), nil)
	case errors.Is(err, ErrNoCard):
		r.health(nil)
		r.mustLeave = false
		return nil, nil, nil
	case err != nil:
		r.health(err)
		return nil, err, nil
	}
	r.health(nil)
	card, err = r.selectAndRead(ctx)
	id := identity(card, err)
	if r.mustLeave && (id == r.lastRead || (err != nil && !errors.Is(err, ErrInvalidCard))) {
		return nil, nil, nil // the card already read is still there
	}
	if err == nil || errors.Is(err, ErrInvalidCard) {
		r.mustLeave, r.lastRead = true, id
	}
	if err != nil {
		r.log.Warn("card read failed", "err", err)
	}
	return card, nil, err
}

// identity tells placements apart when the reader never reported the card gone: the
// card type and number, or one value for every card with invalid data. It stays in
// memory only.
func identity(c *Card, err error) string {
	if err != nil || c == nil {
		return "invalid"
	}
	return c.Type.String() + ":" + c.IDNumber
}

func (r *Reader) selectAndRead(ctx context.Context) (*Card, error) {
	var card *Card
	err := r.with(ctx, func(c *Client) (err error) {
		if err = c.SelectCard(ctx); err != nil {
			return err
		}
		card, err = c.ReadBase(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read card: %w", err)
	}
	return card, nil
}

// health reports a change of device state to OnHealth, and logs it.
func (r *Reader) health(err error) {
	same := r.healthSet && ((err == nil) == (r.healthErr == nil))
	if same && (err == nil || err.Error() == r.healthErr.Error()) {
		return
	}
	r.healthErr, r.healthSet = err, true
	if err != nil {
		r.log.Warn("reader fault", "err", err)
	} else {
		r.log.Info("reader ready")
	}
	if r.cfg.OnHealth != nil {
		r.cfg.OnHealth(err)
	}
}

// nextEnded is Next's error when ctx ends: the context error, with the device fault
// that kept it from reading, if any.
func nextEnded(ctxErr, fault error) error {
	if fault != nil {
		return fmt.Errorf("wait for card: %w (last reader fault: %w)", ctxErr, fault)
	}
	return fmt.Errorf("wait for card: %w", ctxErr)
}
