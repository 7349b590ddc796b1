package outbox

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Bucket is the name of the outbox's bbolt bucket. The bucket must never be deleted:
// the Dispatcher reads new messages by their sequence numbers, which a new bucket would
// start again.
const Bucket = "outbox"

var bucketName = []byte(Bucket)

// ErrInvalid reports a message Put refuses: no destination, or a body that is not JSON.
var ErrInvalid = errors.New("outbox: invalid message")

// Message is one message waiting in the outbox.
type Message struct {
	// Seq is the message's key in the bucket, in the order messages were enqueued. Put
	// assigns it.
	Seq uint64 `json:"-"`
	// ID is the delivery id, random, assigned by Put and sent with every attempt.
	ID string `json:"id"`
	// Dest names the Sender that delivers the message (a key of the senders map).
	Dest string `json:"dest"`
	// Key orders messages: those with the same key are delivered in order, one at a time.
	Key string `json:"key"`
	// Body is the JSON sent (webhooks) or read by the Sender (a Notice for SMS).
	Body json.RawMessage `json:"body"`
	// Attempts counts the failed attempts so far.
	Attempts int `json:"attempts,omitempty"`
	// NextAt is when the next attempt may start, after a failure; zero means at once.
	NextAt time.Time `json:"next_at,omitzero"`
	// Enqueued is when the message was put; Put fills it with the time now if zero.
	Enqueued time.Time `json:"enqueued"`
}

// Put adds m to the outbox inside the caller's write transaction, so the message
// commits with the event that caused it or not at all, and returns its sequence
// number. Put assigns m's Seq and ID and clears Attempts and NextAt: a message is due at
// once. Call Dispatcher.Notify after the commit so it is sent without waiting for a poll.
func Put(tx *bolt.Tx, m Message) (uint64, error) {
	if m.Dest == "" {
		return 0, fmt.Errorf("%w: no destination", ErrInvalid)
	}
	if !json.Valid(m.Body) {
		return 0, fmt.Errorf("%w: the body is not JSON", ErrInvalid)
	}
	b, err := tx.CreateBucketIfNotExists(bucketName)
	if err != nil {
		return 0, fmt.Errorf("outbox: bucket: %w", err)
	}
	seq, err := b.NextSequence()
	if err != nil {
		return 0, fmt.Errorf("outbox: sequence: %w", err)
	}
	m.Seq, m.ID, m.Attempts, m.NextAt = seq, rand.Text(), 0, time.Time{}
	if m.Enqueued.IsZero() {
		m.Enqueued = time.Now()
	}
	if err := putMessage(b, m); err != nil {
		return 0, err
	}
	return seq, nil
}

// putMessage writes m under its Seq.
func putMessage(b *bolt.Bucket, m Message) error {
	v, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("outbox: encode message %d: %w", m.Seq, err)
	}
	if err := b.Put(seqKey(m.Seq), v); err != nil {
		return fmt.Errorf("outbox: put message %d: %w", m.Seq, err)
	}
	return nil
}

// decodeMessage reads the message stored under key k.
func decodeMessage(k, v []byte) (Message, error) {
	var m Message
	if len(k) != 8 {
		return m, fmt.Errorf("outbox: a key of %d bytes", len(k))
	}
	if err := json.Unmarshal(v, &m); err != nil {
		return m, fmt.Errorf("outbox: decode message %d: %w", binary.BigEndian.Uint64(k), err)
	}
	m.Seq = binary.BigEndian.Uint64(k)
	return m, nil
}

// seqKey is the bucket key of a sequence number: big-endian, so keys sort by seq.
func seqKey(seq uint64) []byte {
	var k [8]byte
	binary.BigEndian.PutUint64(k[:], seq)
	return k[:]
}
