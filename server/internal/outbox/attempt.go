package outbox

import (
	"context"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// outcome is how one attempt ended, reported by attempt to the Run loop.
type outcome struct {
	key     string
	head    entry    // the message as it was when the attempt began
	dl      Delivery // what the Sender was given; zero if the message could not be read
	err     error    // the Sender's answer, or why the message could not be read
	stopped bool     // cancelled because Run is ending: not counted as an attempt
	gone    bool     // no longer on disk
}

// acked reports whether the message leaves the outbox: acknowledged, dropped as
// undeliverable, or already gone.
func (o outcome) acked() bool {
	return o.gone || o.err == nil || errors.Is(o.err, ErrUndeliverable)
}

// attempt sends the message e of lane key once and reports the outcome on results.
func (d *Dispatcher) attempt(ctx context.Context, key string, e entry, results chan<- outcome) {
	out := outcome{key: key, head: e}
	m, ok, err := d.load(e.seq)
	switch {
	case err != nil:
		out.err = err
	case !ok:
		out.gone = true
	default:
		out.dl = Delivery{ID: m.ID, Seq: m.Seq, Dest: m.Dest, Key: m.Key, Body: m.Body, Attempt: e.attempts + 1, Enqueued: m.Enqueued}
		out.err = d.send(ctx, out.dl)
		out.stopped = out.err != nil && ctx.Err() != nil
	}
	results <- out
}

// load reads message seq from disk; ok is false if it is not there.
func (d *Dispatcher) load(seq uint64) (m Message, ok bool, err error) {
	err = d.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketName)
		if b == nil {
			return nil
		}
		k := seqKey(seq)
		v := b.Get(k)
		if v == nil {
			return nil
		}
		m, err = decodeMessage(k, v)
		ok = err == nil
		return err
	})
	return m, ok, err
}

// send hands dl to its destination's Sender, bounded by SendTimeout.
func (d *Dispatcher) send(ctx context.Context, dl Delivery) error {
	s, ok := d.senders[dl.Dest]
	if !ok {
		return fmt.Errorf("outbox: no sender for destination %q", dl.Dest)
	}
	sctx, cancel := context.WithTimeout(ctx, d.opt.SendTimeout)
	defer cancel()
	return s.Send(sctx, dl)
}

// finish records first and every other outcome already waiting on results in one
// write transaction (acknowledged messages deleted, failures rescheduled), then moves
// the lanes on. It returns how many outcomes it recorded.
func (d *Dispatcher) finish(first outcome, results <-chan outcome) int {
	batch := []outcome{first}
	for more := true; more; {
		select {
		case r := <-results:
			batch = append(batch, r)
		default:
			more = false
		}
	}
	now := d.opt.Now()
	for i := range batch {
		if !batch[i].stopped && !batch[i].acked() {
			batch[i].head.attempts++
			batch[i].head.next = now.Add(d.opt.delay(batch[i].head.attempts))
		}
	}
	err := d.db.Update(func(tx *bolt.Tx) error { return record(tx, batch) })
	if err != nil {
		d.opt.Log.Error("outbox: record attempts; the messages will be sent again", "err", err, "n", len(batch))
		for i := range batch {
			batch[i] = outcome{key: batch[i].key, head: batch[i].head, dl: batch[i].dl, err: err}
			batch[i].head.next = now.Add(d.opt.delay(batch[i].head.attempts + 1))
		}
	}
	d.mu.Lock()
	for _, o := range batch {
		d.advance(o)
	}
	d.mu.Unlock()
	for _, o := range batch {
		d.logOutcome(o)
		if d.opt.OnAttempt != nil && !o.stopped && o.dl.ID != "" {
			d.opt.OnAttempt(o.dl, o.err)
		}
	}
	return len(batch)
}

// record writes the outcomes to the bucket: a delete for each message that leaves the
// outbox, the new attempts and next time for each that failed.
func record(tx *bolt.Tx, batch []outcome) error {
	b := tx.Bucket(bucketName)
	if b == nil {
		return nil
	}
	for _, o := range batch {
		k := seqKey(o.head.seq)
		switch {
		case o.stopped:
		case o.acked():
			if err := b.Delete(k); err != nil {
				return fmt.Errorf("outbox: delete message %d: %w", o.head.seq, err)
			}
		default:
			if err := reschedule(b, k, o.head); err != nil {
				return err
			}
		}
	}
	return nil
}

// reschedule stores e's attempts and next attempt time in its message.
func reschedule(b *bolt.Bucket, k []byte, e entry) error {
	v := b.Get(k)
	if v == nil {
		return nil
	}
	m, err := decodeMessage(k, v)
	if err != nil {
		return err
	}
	m.Attempts, m.NextAt = e.attempts, e.next
	return putMessage(b, m)
}

// advance moves lane o.key on after the outcome o; d.mu is held.
func (d *Dispatcher) advance(o outcome) {
	l := d.lanes[o.key]
	if l == nil || len(l.queue) == 0 || l.queue[0].seq != o.head.seq {
		return // cannot happen: a lane's head stays until its attempt is recorded
	}
	l.busy = false
	switch {
	case o.stopped:
	case o.acked():
		l.queue = l.queue[1:]
		if len(l.queue) == 0 {
			delete(d.lanes, o.key)
		}
	default:
		l.queue[0] = o.head
	}
}

// logOutcome logs a dropped message, and failures thinning out as they repeat (at
// attempts 1, 2, 4, 8, …) so a receiver down for a day does not flood the log.
func (d *Dispatcher) logOutcome(o outcome) {
	attrs := []any{"seq", o.head.seq, "dest", o.head.dest, "key", o.key, "delivery", o.dl.ID}
	switch {
	case o.stopped || o.err == nil:
	case o.gone:
	case errors.Is(o.err, ErrUndeliverable):
		d.opt.Log.Warn("outbox: dropped an undeliverable message", append(attrs, "err", o.err)...)
	case o.head.attempts&(o.head.attempts-1) == 0:
		d.opt.Log.Warn("outbox: delivery failed; will retry", append(attrs, "attempts", o.head.attempts, "next", o.head.next.Sub(d.opt.Now()).Round(time.Millisecond), "err", o.err)...)
	default:
		d.opt.Log.Debug("outbox: delivery failed; will retry", append(attrs, "attempts", o.head.attempts, "err", o.err)...)
	}
}
