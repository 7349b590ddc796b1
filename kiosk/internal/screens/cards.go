package screens

import (
	"context"
	"time"
)

// startReading waits for cards while s is shown, handing each to s on the UI
// goroutine. A card that arrives after s was left is wiped unseen.
func (k *Kiosk) startReading(s cardScreen) {
	ctx, cancel := context.WithCancel(k.ctx)
	k.stopCards = cancel
	go func() {
		for {
			c, err := k.d.Reader.Next(ctx)
			if ctx.Err() != nil {
				return
			}
			if err != nil {
				// A card that failed to read is retried by the next call: pace the
				// retries so that a bad card does not flood the reader.
				select {
				case <-ctx.Done():
				case <-time.After(300 * time.Millisecond):
				}
			}
			at := time.Now()
			var cd *cardData
			if c != nil {
				cd = newCardData(c, c.Age(k.d.Now()))
			}
			k.d.Do(func() {
				if k.current != s || ctx.Err() != nil {
					if cd != nil {
						cd.wipe()
					}
					return
				}
				k.touch()
				if err != nil {
					k.log.Info("card not read", "err", err)
					s.onCardError(err)
					return
				}
				k.sess.cardAt = at
				s.onCard(cd)
			})
		}
	}()
}

// stopReading stops waiting for cards.
func (k *Kiosk) stopReading() {
	if k.stopCards != nil {
		k.stopCards()
		k.stopCards = nil
	}
}
