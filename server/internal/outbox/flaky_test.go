package outbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Phases of the flaky receiver.
const (
	phaseOK       = iota // answers 200
	phaseFailing         // answers 500
	phaseLoseNext        // processes the next new message, then drops the connection unanswered
)

// flakyReceiver is a department's receiver that de-duplicates by delivery id, checks
// the order per key and that a key never has two requests in flight, and counts raw
// duplicates.
type flakyReceiver struct {
	w      *watch
	secret []byte

	mu        sync.Mutex
	phase     int
	failAfter int              // in phaseOK, turn to phaseFailing once this many messages were processed
	failed    int              // 500s answered
	seen      map[string]body  // delivery id → the message it carried
	order     map[string][]int // per key, the n of each message processed, in order
	inflight  map[string]int   // per key, requests being handled
	dups      int              // requests for an id already processed
	problems  []string
}

func newFlakyReceiver(w *watch, secret []byte) *flakyReceiver {
	return &flakyReceiver{w: w, secret: secret, seen: map[string]body{}, order: map[string][]int{}, inflight: map[string]int{}}
}

func (f *flakyReceiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	defer f.w.bump()
	raw, _ := io.ReadAll(r.Body)
	if err := Verify(f.secret, r.Header.Get(HeaderTimestamp), r.Header.Get(HeaderSignature), raw, time.Now(), time.Minute); err != nil {
		f.problem("refused a request: %v", err)
		http.Error(w, "bad signature", http.StatusUnauthorized)
		return
	}
	var b body
	_ = json.Unmarshal(raw, &b)
	id := r.Header.Get(HeaderDelivery)
	f.mu.Lock()
	f.inflight[b.Key]++
	if f.inflight[b.Key] > 1 {
		f.problems = append(f.problems, fmt.Sprintf("key %s: two requests in flight", b.Key))
	}
	status, lose := f.process(id, b)
	f.inflight[b.Key]--
	f.mu.Unlock()
	if lose {
		panic(http.ErrAbortHandler) // processed, but the answer never reaches the sender
	}
	w.WriteHeader(status)
}

// process decides the answer to delivery id carrying b; f.mu is held.
func (f *flakyReceiver) process(id string, b body) (status int, lose bool) {
	if f.phase == phaseFailing {
		f.failed++
		return http.StatusInternalServerError, false
	}
	if prev, ok := f.seen[id]; ok {
		f.dups++
		if prev != b {
			f.problems = append(f.problems, fmt.Sprintf("delivery %s carried %v, then %v", id, prev, b))
		}
		return http.StatusOK, false
	}
	if want := len(f.order[b.Key]) + 1; b.N != want {
		f.problems = append(f.problems, fmt.Sprintf("key %s: got message %d, want %d", b.Key, b.N, want))
	}
	f.seen[id] = b
	f.order[b.Key] = append(f.order[b.Key], b.N)
	if f.phase == phaseOK && f.failAfter > 0 && len(f.seen) >= f.failAfter {
		f.phase, f.failAfter = phaseFailing, 0
	}
	if f.phase == phaseLoseNext {
		f.phase = phaseOK
		return 0, true
	}
	return http.StatusOK, false
}

func (f *flakyReceiver) problem(format string, a ...any) {
	f.mu.Lock()
	f.problems = append(f.problems, fmt.Sprintf(format, a...))
	f.mu.Unlock()
}

func (f *flakyReceiver) setPhase(p int) {
	f.mu.Lock()
	f.phase = p
	f.mu.Unlock()
}

// read returns a value computed under the receiver's lock.
func (f *flakyReceiver) read(fn func() int) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return fn()
}

// attempts counts the dispatcher's recorded attempts by how they ended.
type attempts struct {
	w       *watch
	mu      sync.Mutex
	refused int // connection refused: the receiver is down
}

func (a *attempts) observe(_ Delivery, err error) {
	if errors.Is(err, syscall.ECONNREFUSED) {
		a.mu.Lock()
		a.refused++
		a.mu.Unlock()
	}
	a.w.bump()
}

func (a *attempts) refusedCount() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.refused
}

// TestFlakyReceiverGetsEveryMessageOnceInOrder: a receiver that answers 500 for a while,
// then is down, then comes back (and loses one answer) gets every message exactly once
// and in order per key, with two keys interleaved, across a restart of the dispatcher
// and the db in the middle.
func TestFlakyReceiverGetsEveryMessageOnceInOrder(t *testing.T) {
	secret := []byte("department secret")
	w := newWatch()
	recv := newFlakyReceiver(w, secret)
	recv.failAfter = 4 // up for 4 messages, then failing: messages are left whatever the timing
	srv := httptest.NewServer(recv)
	addr := srv.Listener.Addr().String()
	senders := map[string]Sender{"webhook:tax": &Webhook{URL: srv.URL, Secret: secret, Timeout: 5 * time.Second}}
	seen := &attempts{w: w}
	opt := fastOptions()
	opt.OnAttempt = seen.observe

	db, path := tempDB(t)
	d := New(db, senders, opt)
	stop := run(t, d)
	const first = 10 // per key before the restart
	for n := 1; n <= first; n++ {
		putAll(t, db, msg("webhook:tax", "case-a", n), msg("webhook:tax", "case-b", n))
		d.Notify()
	}

	// up for 4 messages, then failing: 500s
	w.wait(t, "6 answers of 500", func() bool { return recv.read(func() int { return recv.failed }) >= 6 })
	// down: the listener closed
	srv.Close()
	w.wait(t, "3 refused connections", func() bool { return seen.refusedCount() >= 3 })

	// restart: the dispatcher and the db closed and opened again, more messages put
	stop()
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db = openDB(t, path)
	left := stored(t, db)
	retried := 0
	for _, m := range left {
		if m.Attempts > 0 && !m.NextAt.IsZero() {
			retried++
		}
	}
	if retried == 0 {
		t.Errorf("none of the %d messages left kept its attempts across the restart", len(left))
	}
	d = New(db, senders, opt)
	stop = run(t, d)
	const second = 5
	for n := first + 1; n <= first+second; n++ {
		putAll(t, db, msg("webhook:tax", "case-b", n), msg("webhook:tax", "case-a", n))
		d.Notify()
	}
	before := seen.refusedCount()
	w.wait(t, "2 refused connections after the restart", func() bool { return seen.refusedCount() >= before+2 })

	// back: the same address, and the first answer is lost
	recv.setPhase(phaseLoseNext)
	l, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("listen again on %s: %v", addr, err)
	}
	srv2 := &httptest.Server{Listener: l, Config: &http.Server{Handler: recv}}
	srv2.Start()
	defer srv2.Close()

	total := 2 * (first + second)
	w.wait(t, "every message delivered and deleted", func() bool {
		p, err := d.Pending()
		return err == nil && len(p) == 0 && recv.read(func() int { return len(recv.seen) }) == total
	})
	stop()
	if n := len(stored(t, db)); n != 0 {
		t.Errorf("%d messages left in the outbox", n)
	}
	recv.mu.Lock()
	defer recv.mu.Unlock()
	for _, p := range recv.problems {
		t.Error(p)
	}
	for _, key := range []string{"case-a", "case-b"} {
		if got := len(recv.order[key]); got != first+second {
			t.Errorf("key %s: %d messages, want %d", key, got, first+second)
		}
	}
	if recv.dups == 0 {
		t.Error("the message whose answer was lost was not sent again")
	}
	t.Logf("%d messages delivered once each after %d answers of 500, %d refused connections and a restart; %d raw duplicates (de-duplicated by delivery id)",
		len(recv.seen), recv.failed, seen.refusedCount(), recv.dups)
}
