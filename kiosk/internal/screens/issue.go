package screens

import (
	"crypto/rand"
	"encoding/hex"
	"time"

	"onedoor/internal/queue"
	"onedoor/internal/wire"
)

// issueTimeout bounds one ticket request (issueRetrying bounds them all).
const issueTimeout = 10 * time.Second

// issue asks the server for a ticket in the background and shows it; failed is called
// on the UI goroutine when the server refuses or cannot be reached (the same
// idempotency key is reused on a retry, so a lost answer never makes two tickets). For
// an appointment check-in it is nil and booking the code (or "" to check in by card):
// the server takes the item from the booking.
func (k *Kiosk) issue(it *queue.Item, priority, booking string, c *cardData, failed func(error)) {
	req := wire.IssueRequest{Priority: priority, Source: k.cfg.KioskID, Booking: booking, AgentToken: k.agentToken()}
	if it != nil {
		req.Item = it.Code
	}
	if c != nil {
		a := c.applicant
		req.Applicant = &a
	}
	if k.sess.key == "" {
		k.sess.key = newKey(k.cfg.KioskID)
	}
	key, cardAt, ctx, visit := k.sess.key, k.sess.cardAt, k.ctx, k.ops.visit.Load()
	go func() {
		start := time.Now()
		var t wire.Ticket
		var err error
		if it != nil && it.Category == pickupCategory && req.Applicant != nil {
			t, err = k.pickupTicket(ctx, req, key) // only a ready result gets a ticket
		} else {
			t, err = k.issueRetrying(ctx, req, key, visit)
		}
		serverTime := time.Since(start)
		req.Applicant = nil
		k.d.Do(func() {
			if k.ops.visit.Load() != visit { // the citizen has gone (an idle reset while waiting)
				k.log.Warn("ticket answer after the visit ended: not shown", "number", t.Number, "err", err)
				return
			}
			if err != nil {
				k.log.Warn("issue ticket", "item", req.Item, "booking", booking != "", "err", err)
				failed(err)
				return
			}
			k.sess.ticket = &t
			ts := &ticketScreen{k: k, t: t}
			k.show(ts)
			attrs := []any{"number", t.Number, "item", t.Item, "priority", t.Priority,
				"server_ms", serverTime.Milliseconds()}
			if !cardAt.IsZero() {
				k.cardToScreen = time.Since(cardAt)
				attrs = append(attrs, "card_to_screen_ms", float64(k.cardToScreen.Microseconds())/1000)
			}
			k.log.Info("ticket issued", attrs...)
			ts.print()
		})
	}()
}

// newKey returns a fresh idempotency key for one visit.
func newKey(kiosk string) string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return kiosk + "-" + hex.EncodeToString(b[:])
}
