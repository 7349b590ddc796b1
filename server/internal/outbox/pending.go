package outbox

import (
	"encoding/binary"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Backlog is what waits for one destination.
type Backlog struct {
	// Count is how many messages wait.
	Count int
	// Oldest is how long the oldest of them has waited since it was enqueued.
	Oldest time.Duration
}

// Pending returns the messages waiting per destination, for metrics and alarms (a
// receiver down shows as a growing Oldest). It reads new messages first, so it is right
// whether Run is running or not. Do not call it inside a bbolt transaction.
func (d *Dispatcher) Pending() (map[string]Backlog, error) {
	if err := d.refresh(); err != nil {
		return nil, err
	}
	now := d.opt.Now()
	out := make(map[string]Backlog)
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, l := range d.lanes {
		for _, e := range l.queue {
			b := out[e.dest]
			b.Count++
			b.Oldest = max(b.Oldest, now.Sub(e.enqueued))
			out[e.dest] = b
		}
	}
	return out, nil
}

// refresh reads the messages put since the last refresh into their lanes. Sequence
// numbers only grow and bbolt has one writer at a time, so every message committed
// after the last read has a higher seq than any read before.
func (d *Dispatcher) refresh() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketName)
		if b == nil {
			return nil
		}
		c := b.Cursor()
		for k, v := c.Seek(seqKey(d.last + 1)); k != nil; k, v = c.Next() {
			m, err := decodeMessage(k, v)
			if err != nil {
				// kept on disk for an operator to look at, but it must not stop the rest
				d.opt.Log.Error("outbox: skipped a message that cannot be read", "err", err)
				d.last = max(d.last, btoi(k))
				continue
			}
			d.add(m)
		}
		return nil
	})
}

// add appends m to the lane of its key; d.mu is held.
func (d *Dispatcher) add(m Message) {
	d.last = max(d.last, m.Seq)
	l := d.lanes[m.Key]
	if l == nil {
		l = &lane{key: m.Key}
		d.lanes[m.Key] = l
	}
	l.queue = append(l.queue, entry{seq: m.Seq, dest: m.Dest, attempts: m.Attempts, next: m.NextAt, enqueued: m.Enqueued})
}

// btoi reads a big-endian sequence number, 0 for a key of the wrong length.
func btoi(k []byte) uint64 {
	if len(k) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(k)
}
