package outbox

import (
	"io"
	"log/slog"
	"math/rand/v2"
	"time"
)

// Options tune a Dispatcher. The zero value gives the defaults.
type Options struct {
	// BaseDelay is the wait after the first failed attempt; it doubles with each
	// further failure. Default 1 s.
	BaseDelay time.Duration
	// MaxDelay caps the wait between attempts. Default 5 min.
	MaxDelay time.Duration
	// Jitter is the share of each wait drawn at random (0.25: a wait of 4 s becomes
	// 3–4 s), so the lines of one receiver do not all retry at the same instant after
	// it comes back. Zero means the default 0.25; a negative value means none.
	Jitter float64
	// Parallel is how many messages (of different keys) are sent at once. Default 8.
	Parallel int
	// SendTimeout bounds one attempt, whatever the Sender does. Default 30 s.
	SendTimeout time.Duration
	// Poll is how often the outbox is read for new messages without a Notify, in case
	// one was missed. Default 30 s.
	Poll time.Duration
	// Log receives the dispatcher's records; nil discards them.
	Log *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// OnAttempt, if set, is called once the outcome of an attempt is recorded, with the
	// delivery and the Sender's answer (nil: acknowledged and deleted), for metrics.
	// Attempts cut short by the end of Run are not reported. It must not block.
	OnAttempt func(d Delivery, err error)
}

// withDefaults returns o with every zero field set to its default.
func (o Options) withDefaults() Options {
	if o.BaseDelay <= 0 {
		o.BaseDelay = time.Second
	}
	if o.MaxDelay <= 0 {
		o.MaxDelay = 5 * time.Minute
	}
	if o.MaxDelay < o.BaseDelay {
		o.MaxDelay = o.BaseDelay
	}
	if o.Jitter == 0 {
		o.Jitter = 0.25
	}
	o.Jitter = min(max(o.Jitter, 0), 1)
	if o.Parallel <= 0 {
		o.Parallel = 8
	}
	if o.SendTimeout <= 0 {
		o.SendTimeout = 30 * time.Second
	}
	if o.Poll <= 0 {
		o.Poll = 30 * time.Second
	}
	if o.Log == nil {
		o.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// Delay is the backoff schedule: the wait after the given number of failed attempts
// (1 after the first failure), base·2^(failures−1) capped at max, then shortened by
// up to the jitter share: r, in [0, 1), is the random draw. The result is never above
// max and never below (1−jitter)·min(base, max).
func Delay(failures int, base, maxDelay time.Duration, jitter, r float64) time.Duration {
	d := base
	for i := 1; i < failures && d < maxDelay; i++ {
		d *= 2
	}
	d = min(d, maxDelay)
	jitter = min(max(jitter, 0), 1)
	r = min(max(r, 0), 1)
	return d - time.Duration(float64(d)*jitter*r)
}

// delay is Delay with the options' schedule and a random draw.
func (o Options) delay(failures int) time.Duration {
	return Delay(failures, o.BaseDelay, o.MaxDelay, o.Jitter, rand.Float64())
}

// discard is a logger that drops everything, for senders without one.
func discard() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }
