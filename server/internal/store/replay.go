package store

import (
	"encoding/json"
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"

	bolt "go.etcd.io/bbolt"

	"onedoor/internal/queue"
)

// replayBatch is how many events one decoding worker takes at a time.
const replayBatch = 2048

// replayChunk is a run of consecutive log entries and, once decoded, their events.
type replayChunk struct {
	keys, vals [][]byte
	evs        []queue.Event
	err        error
	done       chan struct{}
}

// decode fills evs (straight into the events: prev and pii are not needed to replay); a
// damaged page is an error, not a crash.
func (c *replayChunk) decode() {
	defer close(c.done)
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			c.err = fmt.Errorf("event %d: unreadable (damaged page: %v)", btoi(c.keys[0]), r)
		}
	}()
	c.evs = make([]queue.Event, len(c.vals))
	for i, v := range c.vals {
		if err := json.Unmarshal(v, &c.evs[i]); err != nil {
			c.err = fmt.Errorf("event %d: %w", btoi(c.keys[i]), err)
			return
		}
	}
}

// replayLog applies the whole log to h in order. Decoding the JSON is nearly all the
// work, so workers decode chunks in parallel while this goroutine applies them in
// order; the values are bbolt's mmap, valid while tx is open.
func replayLog(tx *bolt.Tx, h *queue.Hall) error {
	workers := max(1, runtime.GOMAXPROCS(0))
	todo := make(chan *replayChunk, workers)
	ordered := make(chan *replayChunk, 2*workers)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range todo {
				c.decode()
			}
		}()
	}
	var readErr error // written before ordered is closed
	go func() {
		defer close(ordered)
		defer close(todo)
		defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
		defer func() {
			if r := recover(); r != nil {
				readErr = fmt.Errorf("reading the log: unreadable (damaged page: %v)", r)
			}
		}()
		ch := &replayChunk{done: make(chan struct{})}
		send := func() bool {
			select {
			case ordered <- ch:
			case <-stop:
				return false
			}
			select {
			case todo <- ch:
			case <-stop:
				return false
			}
			ch = &replayChunk{done: make(chan struct{})}
			return true
		}
		cur := tx.Bucket(bucketEvents).Cursor()
		for k, v := cur.First(); k != nil; k, v = cur.Next() {
			ch.keys, ch.vals = append(ch.keys, k), append(ch.vals, v)
			if len(ch.vals) == replayBatch && !send() {
				return
			}
		}
		if len(ch.vals) > 0 {
			send()
		}
	}()
	var err error
	for c := range ordered {
		<-c.done
		err = c.err
		for i := 0; err == nil && i < len(c.evs); i++ {
			if ev := c.evs[i]; ev.Seq != h.LastSeq+1 {
				err = fmt.Errorf("event %d follows %d: the log has a gap", ev.Seq, h.LastSeq)
			} else {
				h.Apply(ev)
			}
		}
		if err != nil {
			break
		}
		h.TakeDirty() // the replay writes no projection: drop what it would write
		h.TakeDirtyBookings()
		h.TakeDirtyCases()
	}
	close(stop)
	for range ordered { // let the reader finish
	}
	wg.Wait()
	if err == nil {
		err = readErr
	}
	return err
}
