package outbox

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// The headers of a webhook request.
const (
	// HeaderDelivery carries the delivery id, the same on every retry of a message.
	HeaderDelivery = "X-Onedoor-Delivery"
	// HeaderTimestamp carries the Unix time of the attempt, in seconds.
	HeaderTimestamp = "X-Onedoor-Timestamp"
	// HeaderSignature carries "sha256=" and the hex HMAC-SHA256 of timestamp "." body.
	HeaderSignature = "X-Onedoor-Signature"
)

// Errors of Verify.
var (
	// ErrBadSignature reports a signature that does not match the body and timestamp.
	ErrBadSignature = errors.New("outbox: bad signature")
	// ErrStale reports a timestamp too far from the receiver's clock: a replay.
	ErrStale = errors.New("outbox: stale timestamp")
)

// Webhook is the Sender of a department's webhook: it POSTs each message's JSON body to
// URL, signed with Secret. A 2xx answer acknowledges the message.
type Webhook struct {
	// URL is where the department's approval system receives events.
	URL string
	// Secret is the department's HMAC key, shared with its receiver.
	Secret []byte
	// Timeout bounds one request; default 10 s.
	Timeout time.Duration
	// Now is the clock of the timestamp; nil means time.Now.
	Now func() time.Time

	once   sync.Once
	client *http.Client
}

// Send POSTs d's body with the delivery id, timestamp and signature headers.
func (w *Webhook) Send(ctx context.Context, d Delivery) error {
	w.once.Do(func() { w.client = newClient(w.Timeout) })
	now := time.Now
	if w.Now != nil {
		now = w.Now
	}
	ts := strconv.FormatInt(now().Unix(), 10)
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set(HeaderDelivery, d.ID)
	h.Set(HeaderTimestamp, ts)
	h.Set(HeaderSignature, Sign(w.Secret, ts, d.Body))
	if err := post(ctx, w.client, w.URL, h, d.Body); err != nil {
		return fmt.Errorf("webhook %s: %w", d.Dest, err)
	}
	return nil
}

// Sign returns the signature header's value for a body sent at timestamp (decimal Unix
// seconds): "sha256=" and the hex HMAC-SHA256, under secret, of timestamp "." body.
func Sign(secret []byte, timestamp string, body []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(timestamp))
	m.Write([]byte{'.'})
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// Verify checks a webhook request as its receiver should: timestamp and signature are
// the values of the X-Onedoor-Timestamp and X-Onedoor-Signature headers, body the raw
// request body. It refuses a timestamp more than skew away from now (ErrStale: an old
// request replayed) and a signature that does not match (ErrBadSignature: a tampered
// body, a changed timestamp or another secret).
func Verify(secret []byte, timestamp, signature string, body []byte, now time.Time, skew time.Duration) error {
	sec, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil {
		return fmt.Errorf("%w: timestamp %q", ErrStale, timestamp)
	}
	if age := now.Sub(time.Unix(sec, 0)); age > skew || age < -skew {
		return fmt.Errorf("%w: %s off", ErrStale, age.Round(time.Second))
	}
	if !hmac.Equal([]byte(signature), []byte(Sign(secret, timestamp, body))) {
		return ErrBadSignature
	}
	return nil
}
