package app

import (
	"errors"
	"io"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"

	"onedoor/server/internal/outbox"
)

// receiver is a real HTTP receiver on loopback for the outbox's messages (a department's
// webhook, or an SMS gateway). It answers a status the test sets, can go down and come
// back on the same address, and keeps every raw body and the delivery ids it
// acknowledged.
type receiver struct {
	t      *testing.T
	addr   string
	check  func(r *http.Request, body []byte) error // nil: accept every request
	mu     sync.Mutex
	srv    *http.Server
	status int
	raw    [][]byte          // every body received, in arrival order
	first  map[string][]byte // the body of each delivery id first acknowledged
	order  []string          // delivery ids in the order first acknowledged
	acks   map[string]int    // 2xx answers per delivery id
	fails  int               // requests answered with a failure
	lose   int               // acknowledgements still to lose: processed, connection cut
	bad    []string          // requests refused by check
}

// newReceiver starts a receiver answering status.
func newReceiver(t *testing.T, status int, check func(*http.Request, []byte) error) *receiver {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r := &receiver{t: t, addr: ln.Addr().String(), check: check, status: status, first: map[string][]byte{}, acks: map[string]int{}}
	r.serve(ln)
	t.Cleanup(r.down)
	return r
}

func (r *receiver) url() string { return "http://" + r.addr + "/" }

func (r *receiver) serve(ln net.Listener) {
	srv := &http.Server{Handler: r, ReadHeaderTimeout: 5 * time.Second}
	r.mu.Lock()
	r.srv = srv
	r.mu.Unlock()
	go srv.Serve(ln)
}

// ServeHTTP records the request and answers the status set.
func (r *receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, err := io.ReadAll(req.Body)
	if err != nil {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.raw = append(r.raw, body)
	if r.check != nil {
		if err := r.check(req, body); err != nil {
			r.bad = append(r.bad, err.Error())
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
	}
	if r.status/100 != 2 {
		r.fails++
		w.WriteHeader(r.status)
		return
	}
	id := req.Header.Get(outbox.HeaderDelivery)
	if r.acks[id] == 0 {
		r.first[id] = body
		r.order = append(r.order, id)
	}
	r.acks[id]++
	if r.lose > 0 {
		r.lose--
		if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
			conn.Close() // processed, but the answer never reaches the sender
			return
		}
	}
	w.WriteHeader(r.status)
}

// loseAnswers has the receiver process the next n messages it acknowledges but cut the
// connection instead of answering, as a network that drops the answer would.
func (r *receiver) loseAnswers(n int) {
	r.mu.Lock()
	r.lose = n
	r.mu.Unlock()
}

// setStatus changes the answer.
func (r *receiver) setStatus(code int) {
	r.mu.Lock()
	r.status = code
	r.mu.Unlock()
}

// down closes the receiver: connections are refused until up.
func (r *receiver) down() {
	r.mu.Lock()
	srv := r.srv
	r.mu.Unlock()
	if srv != nil {
		srv.Close()
	}
}

// up listens again on the same address.
func (r *receiver) up() {
	r.t.Helper()
	var ln net.Listener
	var err error
	for range 100 { // the port may linger a moment after the close
		if ln, err = net.Listen("tcp", r.addr); err == nil {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err != nil {
		r.t.Fatal(err)
	}
	r.serve(ln)
}

// snapshot returns copies of what the receiver got.
func (r *receiver) snapshot() (first map[string][]byte, order []string, dups, fails int, raw [][]byte, bad []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	first = make(map[string][]byte, len(r.first))
	for k, v := range r.first {
		first[k] = v
	}
	for _, n := range r.acks {
		dups += n - 1
	}
	return first, append([]string(nil), r.order...), dups, r.fails, append([][]byte(nil), r.raw...), append([]string(nil), r.bad...)
}

// delivered is how many distinct delivery ids were acknowledged.
func (r *receiver) delivered() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.first)
}

// failed is how many requests were answered with a failure status.
func (r *receiver) failed() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.fails
}

// checkWebhook verifies a webhook request's signature with secret, as a department's
// receiver should.
func checkWebhook(secret string) func(*http.Request, []byte) error {
	return func(req *http.Request, body []byte) error {
		if req.Header.Get(outbox.HeaderDelivery) == "" {
			return errors.New("no delivery id")
		}
		return outbox.Verify([]byte(secret), req.Header.Get(outbox.HeaderTimestamp), req.Header.Get(outbox.HeaderSignature), body, time.Now(), 5*time.Minute)
	}
}

// checkSMS requires the gateway's key header and a delivery id.
func checkSMS(key string) func(*http.Request, []byte) error {
	return func(req *http.Request, _ []byte) error {
		if req.Header.Get("X-Api-Key") != key {
			return errors.New("wrong API key")
		}
		if req.Header.Get(outbox.HeaderDelivery) == "" {
			return errors.New("no delivery id")
		}
		return nil
	}
}
