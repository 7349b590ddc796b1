package outbox

import (
	"context"
	"errors"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
)

// ErrUndeliverable is what a Sender returns, wrapped, for a message that can never be
// delivered (the citizen has no phone or was erased, a body that cannot be read): the
// Dispatcher drops it instead of retrying.
var ErrUndeliverable = errors.New("outbox: undeliverable")

// Delivery is one attempt to deliver a message, as a Sender sees it.
type Delivery struct {
	// ID is the delivery id, the same on every attempt: receivers de-duplicate on it.
	ID string
	// Seq is the message's sequence number in the outbox.
	Seq uint64
	// Dest is the destination name the Sender was chosen by.
	Dest string
	// Key is the ordering key (a case number).
	Key string
	// Body is the message's JSON body.
	Body []byte
	// Attempt counts this attempt, 1 for the first.
	Attempt int
	// Enqueued is when the message was put.
	Enqueued time.Time
}

// Sender delivers messages of one destination. Send returns nil only when the receiver
// acknowledged the message; an error wrapping ErrUndeliverable drops the message, any
// other error has it retried later. Send may be called concurrently for different keys.
type Sender interface {
	Send(ctx context.Context, d Delivery) error
}

// Dispatcher sends the outbox's messages after their commits, in order per key, and
// retries until each is acknowledged. Create it with New; one Run at a time.
type Dispatcher struct {
	db      *bolt.DB
	senders map[string]Sender
	opt     Options
	wake    chan struct{}

	mu    sync.Mutex
	last  uint64           // the highest seq read from the bucket
	lanes map[string]*lane // by ordering key: the messages waiting, in order
}

// entry is what the Dispatcher keeps in memory of a waiting message; the body stays on
// disk until it is sent.
type entry struct {
	seq      uint64
	dest     string
	attempts int
	next     time.Time
	enqueued time.Time
}

// lane holds the waiting messages of one ordering key; only the first is ever sent.
type lane struct {
	key   string
	queue []entry
	busy  bool // the head is being sent
}

// New returns a Dispatcher for the outbox in db, delivering each message with the
// Sender named by its destination. A message whose destination has no Sender waits,
// retried with backoff, until a Dispatcher with one runs.
func New(db *bolt.DB, senders map[string]Sender, opt Options) *Dispatcher {
	return &Dispatcher{
		db:      db,
		senders: senders,
		opt:     opt.withDefaults(),
		wake:    make(chan struct{}, 1),
		lanes:   make(map[string]*lane),
	}
}

// Notify wakes the Dispatcher to read new messages: call it after a commit that put
// some. It never blocks.
func (d *Dispatcher) Notify() {
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

// Run delivers messages until ctx ends. It then stops starting attempts, lets those in
// flight end (their context is cancelled; a cancelled attempt is not counted), records
// their outcomes and returns, so the caller may close the db after Run returned.
func (d *Dispatcher) Run(ctx context.Context) {
	results := make(chan outcome, d.opt.Parallel)
	timer := time.NewTimer(0)
	defer timer.Stop()
	inflight, refresh := 0, true
	for {
		if refresh {
			if err := d.refresh(); err != nil {
				d.opt.Log.Error("outbox: read new messages", "err", err)
			}
		}
		inflight += d.start(ctx, d.opt.Parallel-inflight, results)
		if inflight < d.opt.Parallel {
			timer.Reset(d.untilNext())
		} else {
			timer.Reset(d.opt.Poll) // every slot busy: a result wakes the loop
		}
		refresh = false
		select {
		case <-ctx.Done():
			d.drain(results, inflight)
			return
		case r := <-results:
			inflight -= d.finish(r, results)
		case <-d.wake:
			refresh = true
		case <-timer.C:
			refresh = true
		}
	}
}

// drain waits for the n attempts in flight and records their outcomes.
func (d *Dispatcher) drain(results chan outcome, n int) {
	for n > 0 {
		n -= d.finish(<-results, results)
	}
}

// start begins attempts for up to free lanes whose head is due and returns how many.
func (d *Dispatcher) start(ctx context.Context, free int, results chan<- outcome) int {
	if free <= 0 {
		return 0
	}
	now := d.opt.Now()
	d.mu.Lock()
	defer d.mu.Unlock()
	started := 0
	for _, l := range d.lanes {
		if started == free {
			break
		}
		if l.busy || len(l.queue) == 0 || d.dueIn(l.queue[0], now) > 0 {
			continue
		}
		l.busy = true
		started++
		go d.attempt(ctx, l.key, l.queue[0], results)
	}
	return started
}

// untilNext is how long until the earliest idle lane's head is due, at most Poll.
func (d *Dispatcher) untilNext() time.Duration {
	now := d.opt.Now()
	wait := d.opt.Poll
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, l := range d.lanes {
		if l.busy || len(l.queue) == 0 {
			continue
		}
		wait = min(wait, d.dueIn(l.queue[0], now))
	}
	return wait
}

// dueIn is how long until e may be sent, 0 if it may now. A next attempt further away
// than MaxDelay was set before the clock was put back: it is due now rather than after
// the hours the clock lost.
func (d *Dispatcher) dueIn(e entry, now time.Time) time.Duration {
	w := e.next.Sub(now)
	if w <= 0 || w > d.opt.MaxDelay {
		return 0
	}
	return w
}
