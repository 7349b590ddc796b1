package outbox

import (
	"context"
	"encoding/json"
	"path/filepath"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// openDB opens (or reopens) the bbolt file at path and closes it at the end of the test.
func openDB(t testing.TB, path string) *bolt.DB {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// tempDB opens a new bbolt file in the test's directory and returns it and its path.
func tempDB(t testing.TB) (*bolt.DB, string) {
	path := filepath.Join(t.TempDir(), "onedoor.db")
	return openDB(t, path), path
}

// putAll puts the messages in one write transaction, as the store's writer would with
// the events that caused them, and returns their sequence numbers.
func putAll(t testing.TB, db *bolt.DB, msgs ...Message) []uint64 {
	t.Helper()
	var seqs []uint64
	err := db.Update(func(tx *bolt.Tx) error {
		for _, m := range msgs {
			seq, err := Put(tx, m)
			if err != nil {
				return err
			}
			seqs = append(seqs, seq)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return seqs
}

// stored returns every message in the bucket, in order, and checks the file.
func stored(t testing.TB, db *bolt.DB) []Message {
	t.Helper()
	var out []Message
	err := db.View(func(tx *bolt.Tx) error {
		var bad error
		for err := range tx.Check() { // read to the end: Check's goroutine uses tx
			bad = err
		}
		if bad != nil {
			return bad
		}
		b := tx.Bucket(bucketName)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			m, err := decodeMessage(k, v)
			out = append(out, m)
			return err
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// body is the JSON of a test message: its key and its place in the key's order.
type body struct {
	Key string `json:"key"`
	N   int    `json:"n"`
}

// msg is the n-th message of key for dest.
func msg(dest, key string, n int) Message {
	b, _ := json.Marshal(body{Key: key, N: n})
	return Message{Dest: dest, Key: key, Body: b}
}

// run starts d.Run and returns a stop that cancels it and waits until it returned.
func run(t testing.TB, d *Dispatcher) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		d.Run(ctx)
	}()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			<-done
		})
	}
	t.Cleanup(stop)
	return stop
}

// watch lets a test wait for a condition that other goroutines change, without sleeps:
// every change closes the current channel.
type watch struct {
	mu sync.Mutex
	ch chan struct{}
}

func newWatch() *watch { return &watch{ch: make(chan struct{})} }

// bump tells the waiters something changed.
func (w *watch) bump() {
	w.mu.Lock()
	close(w.ch)
	w.ch = make(chan struct{})
	w.mu.Unlock()
}

// wait returns once cond holds, failing the test after a generous timeout.
func (w *watch) wait(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		w.mu.Lock()
		ch := w.ch
		w.mu.Unlock()
		if cond() {
			return
		}
		select {
		case <-ch:
		case <-deadline:
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// fastOptions retry within milliseconds, for tests.
func fastOptions() Options {
	return Options{BaseDelay: time.Millisecond, MaxDelay: 8 * time.Millisecond, Parallel: 4}
}
