package outbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// senderFunc is a Sender made of a function.
type senderFunc func(ctx context.Context, d Delivery) error

func (f senderFunc) Send(ctx context.Context, d Delivery) error { return f(ctx, d) }

// TestOneAtATimePerKey: while the first message of key a hangs at its receiver, key b's
// messages all go through, and neither a's first message again nor a's second is sent;
// once a's first fails and then succeeds, a's second follows.
func TestOneAtATimePerKey(t *testing.T) {
	db, _ := tempDB(t)
	w := newWatch()
	release := make(chan struct{})
	var mu sync.Mutex
	var log []string // "a1", "b2", … in the order sends began
	inflight := map[string]int{}
	failedOnce := false
	s := senderFunc(func(ctx context.Context, d Delivery) error {
		var b body
		_ = json.Unmarshal(d.Body, &b)
		name := fmt.Sprint(b.Key, b.N)
		mu.Lock()
		log = append(log, name)
		inflight[b.Key]++
		if inflight[b.Key] > 1 {
			t.Errorf("key %s: two sends at once (%s)", b.Key, name)
		}
		mu.Unlock()
		w.bump()
		defer func() {
			mu.Lock()
			inflight[b.Key]--
			mu.Unlock()
		}()
		if name != "a1" {
			return nil
		}
		mu.Lock()
		first := !failedOnce
		failedOnce = true
		mu.Unlock()
		if first {
			select {
			case <-release:
			case <-ctx.Done():
			}
			return errors.New("a1's receiver gave up")
		}
		return nil
	})
	opt := fastOptions()
	opt.OnAttempt = func(Delivery, error) { w.bump() }
	d := New(db, map[string]Sender{"x": s}, opt)
	putAll(t, db, msg("x", "a", 1), msg("x", "a", 2), msg("x", "b", 1), msg("x", "b", 2), msg("x", "b", 3))
	run(t, d)
	count := func(name string) int {
		mu.Lock()
		defer mu.Unlock()
		n := 0
		for _, l := range log {
			if l == name {
				n++
			}
		}
		return n
	}
	w.wait(t, "b's messages delivered while a1 hangs", func() bool { return count("b3") >= 1 })
	if n, n2 := count("a1"), count("a2"); n != 1 || n2 != 0 {
		t.Fatalf("while a1 hangs: a1 sent %d times, a2 %d times; want 1 and 0", n, n2)
	}
	close(release)
	w.wait(t, "a2 delivered", func() bool {
		p, err := d.Pending()
		return err == nil && len(p) == 0
	})
	mu.Lock()
	defer mu.Unlock()
	var a []string
	for _, l := range log {
		if l[0] == 'a' {
			a = append(a, l)
		}
	}
	if fmt.Sprint(a) != "[a1 a1 a2]" {
		t.Errorf("key a was sent %v, want [a1 a1 a2]", a)
	}
}

// TestClockPutBack: a next attempt far beyond MaxDelay (written before the clock was
// put back an hour) does not hold the message for that hour.
func TestClockPutBack(t *testing.T) {
	db, _ := tempDB(t)
	seq := putAll(t, db, msg("x", "a", 1))[0]
	err := db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketName)
		m, err := decodeMessage(seqKey(seq), b.Get(seqKey(seq)))
		if err != nil {
			return err
		}
		m.Attempts, m.NextAt = 3, time.Now().Add(time.Hour)
		return putMessage(b, m)
	})
	if err != nil {
		t.Fatal(err)
	}
	sent := make(chan Delivery, 1)
	d := New(db, map[string]Sender{"x": senderFunc(func(_ context.Context, dl Delivery) error {
		sent <- dl
		return nil
	})}, fastOptions())
	run(t, d)
	select {
	case dl := <-sent:
		if dl.Attempt != 4 {
			t.Errorf("attempt %d, want 4", dl.Attempt)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the message waits for the hour the clock lost")
	}
}
