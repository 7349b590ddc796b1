package outbox

import (
	"errors"
	"sync/atomic"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// TestPutCommitsWithTheTransaction: a message put in a transaction that rolls back (by
// an error or by Rollback) is not there; one that commits is, with its fields.
func TestPutCommitsWithTheTransaction(t *testing.T) {
	db, _ := tempDB(t)
	boom := errors.New("the event was refused")
	err := db.Update(func(tx *bolt.Tx) error {
		if _, err := Put(tx, msg("sms", "case-1", 1)); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Update = %v, want the refusal", err)
	}
	tx, err := db.Begin(true)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Put(tx, msg("sms", "case-1", 2)); err != nil {
		t.Fatal(err)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	d := New(db, nil, Options{})
	if p, err := d.Pending(); err != nil || len(p) != 0 {
		t.Fatalf("after rollbacks Pending = %v, %v; want nothing", p, err)
	}
	if got := stored(t, db); len(got) != 0 {
		t.Fatalf("after rollbacks the outbox holds %d messages", len(got))
	}

	at := time.Date(2026, 12, 7, 9, 30, 0, 0, time.UTC)
	m := msg("webhook:tax", "case-2", 1)
	m.Enqueued, m.Attempts = at, 7
	seqs := putAll(t, db, m, msg("webhook:tax", "case-2", 2))
	got := stored(t, db)
	if len(got) != 2 || got[0].Seq != seqs[0] || got[1].Seq != seqs[1] || seqs[0] >= seqs[1] {
		t.Fatalf("stored %+v for seqs %v", got, seqs)
	}
	g := got[0]
	if g.Dest != "webhook:tax" || g.Key != "case-2" || string(g.Body) != string(m.Body) || !g.Enqueued.Equal(at) || g.Attempts != 0 || len(g.ID) < 20 {
		t.Errorf("stored %+v, want the message put with a delivery id and no attempts", g)
	}
	if got[0].ID == got[1].ID {
		t.Errorf("two messages share the delivery id %s", g.ID)
	}
}

// TestPutRefuses: no destination, or a body that is not JSON.
func TestPutRefuses(t *testing.T) {
	db, _ := tempDB(t)
	for _, tc := range []struct {
		name string
		m    Message
	}{
		{"no destination", Message{Key: "k", Body: []byte(`{}`)}},
		{"no body", Message{Dest: "sms", Key: "k"}},
		{"not JSON", Message{Dest: "sms", Key: "k", Body: []byte(`{"a":`)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := db.Update(func(tx *bolt.Tx) error {
				_, err := Put(tx, tc.m)
				return err
			})
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("Put = %v, want ErrInvalid", err)
			}
		})
	}
	if got := stored(t, db); len(got) != 0 {
		t.Errorf("refused messages stored: %d", len(got))
	}
}

// TestPendingCountsPerDestination: counts and the oldest age per destination, read
// from the file without Run; a destination without a Sender keeps its messages.
func TestPendingCountsPerDestination(t *testing.T) {
	db, _ := tempDB(t)
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	old := msg("webhook:tax", "case-1", 1)
	old.Enqueued = now.Add(-90 * time.Minute)
	newer := msg("webhook:tax", "case-2", 1)
	newer.Enqueued = now.Add(-time.Minute)
	sms := msg("sms", "T1", 1)
	sms.Enqueued = now.Add(-5 * time.Minute)
	putAll(t, db, old, newer, sms)

	w := newWatch()
	opt := fastOptions()
	opt.Now = func() time.Time { return now }
	var tries atomic.Int32
	opt.OnAttempt = func(_ Delivery, err error) {
		if err != nil {
			tries.Add(1)
		}
		w.bump()
	}
	d := New(db, map[string]Sender{}, opt)
	want := map[string]Backlog{
		"webhook:tax": {Count: 2, Oldest: 90 * time.Minute},
		"sms":         {Count: 1, Oldest: 5 * time.Minute},
	}
	check := func(when string) {
		t.Helper()
		got, err := d.Pending()
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) || got["webhook:tax"] != want["webhook:tax"] || got["sms"] != want["sms"] {
			t.Errorf("%s: Pending = %v, want %v", when, got, want)
		}
	}
	check("before Run")
	stop := run(t, d)
	// the clock stands still: each message is tried once, then waits for its next time
	w.wait(t, "attempts without a sender", func() bool { return tries.Load() >= 3 })
	stop()
	check("after attempts with no sender")
	for _, m := range stored(t, db) {
		if m.Attempts == 0 {
			t.Errorf("message %d without a sender: no attempt recorded", m.Seq)
		}
	}
}

// TestNotifyNeverBlocks: many Notify calls with no Run return.
func TestNotifyNeverBlocks(t *testing.T) {
	db, _ := tempDB(t)
	d := New(db, nil, Options{})
	for range 1000 {
		d.Notify()
	}
}
