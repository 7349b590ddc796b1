package outbox

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"
)

// TestVerify: the receiver's check refuses a tampered body, a changed timestamp,
// another secret and a stale or future timestamp.
func TestVerify(t *testing.T) {
	secret := []byte("s3cret")
	body := []byte(`{"event":"case.approved","case":"C20261207001"}`)
	now := time.Unix(1_800_000_000, 0)
	ts := strconv.FormatInt(now.Unix(), 10)
	sig := Sign(secret, ts, body)
	for _, tc := range []struct {
		name   string
		secret []byte
		ts     string
		sig    string
		body   []byte
		now    time.Time
		want   error
	}{
		{"genuine", secret, ts, sig, body, now, nil},
		{"genuine, within the skew", secret, ts, sig, body, now.Add(4 * time.Minute), nil},
		{"tampered body", secret, ts, sig, []byte(`{"event":"case.refused","case":"C20261207001"}`), now, ErrBadSignature},
		{"another secret", []byte("other"), ts, sig, body, now, ErrBadSignature},
		{"timestamp changed", secret, strconv.FormatInt(now.Unix()+1, 10), sig, body, now, ErrBadSignature},
		{"no signature", secret, ts, "", body, now, ErrBadSignature},
		{"stale", secret, ts, sig, body, now.Add(6 * time.Minute), ErrStale},
		{"from the future", secret, ts, sig, body, now.Add(-6 * time.Minute), ErrStale},
		{"no timestamp", secret, "", sig, body, now, ErrStale},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := Verify(tc.secret, tc.ts, tc.sig, tc.body, tc.now, 5*time.Minute)
			if !errors.Is(err, tc.want) || (tc.want == nil && err != nil) {
				t.Errorf("Verify = %v, want %v", err, tc.want)
			}
		})
	}
}

// TestWebhookRequest: the receiver gets a POST with the JSON body untouched, the
// delivery id and a signature its Verify accepts; the answer's status decides.
func TestWebhookRequest(t *testing.T) {
	secret := []byte("dept-secret")
	type got struct {
		method, ctype, id string
		body              []byte
		verr              error
	}
	reqs := make(chan got, 1)
	status := http.StatusNoContent
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		reqs <- got{r.Method, r.Header.Get("Content-Type"), r.Header.Get(HeaderDelivery), b,
			Verify(secret, r.Header.Get(HeaderTimestamp), r.Header.Get(HeaderSignature), b, time.Now(), time.Minute)}
		w.WriteHeader(status)
	}))
	defer srv.Close()
	wh := &Webhook{URL: srv.URL, Secret: secret}
	d := Delivery{ID: "DELIVERY1", Dest: "webhook:tax", Key: "C1", Body: []byte(`{"case":"C1"}`)}
	for _, tc := range []struct {
		status int
		ack    bool
	}{{204, true}, {200, true}, {500, false}, {409, false}, {302, false}} {
		status = tc.status
		err := wh.Send(context.Background(), d)
		r := <-reqs
		if (err == nil) != tc.ack {
			t.Errorf("answer %d: Send = %v, want acknowledged %v", tc.status, err, tc.ack)
		}
		var se *StatusError
		if !tc.ack && (!errors.As(err, &se) || se.Code != tc.status) {
			t.Errorf("answer %d: error %v does not carry the status", tc.status, err)
		}
		if r.method != http.MethodPost || r.ctype != "application/json" || r.id != "DELIVERY1" || string(r.body) != `{"case":"C1"}` || r.verr != nil {
			t.Errorf("answer %d: receiver got %s %q id %q body %s, verify %v", tc.status, r.method, r.ctype, r.id, r.body, r.verr)
		}
	}
}

// TestWebhookTimeout: a receiver that never answers makes Send fail within its
// timeout, so one hung receiver cannot hold a line forever.
func TestWebhookTimeout(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	wh := &Webhook{URL: srv.URL, Secret: []byte("k"), Timeout: 50 * time.Millisecond}
	start := time.Now()
	err := wh.Send(context.Background(), Delivery{ID: "x", Body: []byte(`{}`)})
	if err == nil {
		t.Fatal("Send to a receiver that never answers succeeded")
	}
	if el := time.Since(start); el > 10*time.Second {
		t.Errorf("Send took %v", el)
	}
}
