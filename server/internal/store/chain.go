package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"onedoor/internal/queue"
)

// The tamper-evident log. An event is stored as its JSON with "prev", the hex SHA-256 of
// the event before it, as its first field; its own hash is SHA-256(seq as 8 bytes
// big-endian ‖ those bytes). Personal data rides after them, in a last "pii" field that
// is not hashed, so erasing it (cutting it off) keeps the chain valid. The meta's
// chain_head holds the last seq and its hash.

// eventRecord is an event as the log stores it.
type eventRecord struct {
	Prev string `json:"prev,omitempty"`
	queue.Event
	PII *recordPII `json:"pii,omitempty"`
}

// recordPII is the personal data of an event, outside the hashed bytes.
type recordPII struct {
	// Applicant is the applicant of a ticket.issued, sealed under its day's key.
	Applicant []byte `json:"applicant,omitempty"`
	// BookingIDHash is the keyed hash of the ID number a booking was made with.
	BookingIDHash string `json:"booking_id_hash,omitempty"`
}

func (p *recordPII) empty() bool { return p == nil || len(p.Applicant) == 0 && p.BookingIDHash == "" }

var (
	piiMarker    = []byte(`,"pii":{`)
	keyChainHead = []byte("chain_head") // meta: last seq (8 bytes) ‖ its hash (32 bytes)
)

// chainHead is the last event's seq and hash.
type chainHead struct {
	Seq  uint64
	Hash [32]byte
}

func (h chainHead) bytes() []byte { return append(itob(h.Seq), h.Hash[:]...) }

func readHead(tx *bolt.Tx) (chainHead, error) {
	var h chainHead
	m := tx.Bucket(bucketMeta)
	if m == nil {
		return h, nil
	}
	v := m.Get(keyChainHead)
	if v == nil {
		return h, nil
	}
	if len(v) != 40 {
		return h, fmt.Errorf("chain head: %d bytes, want 40", len(v))
	}
	h.Seq = btoi(v[:8])
	copy(h.Hash[:], v[8:])
	return h, nil
}

// hashedPart returns the bytes of a stored record that its hash covers: all but the pii.
// encodeRecord refuses a body holding the marker, so its first occurrence is the tail's.
func hashedPart(stored []byte) (body []byte, tail bool) {
	if i := bytes.Index(stored, piiMarker); i >= 0 {
		return stored[:i], true
	}
	return stored, false
}

// recordHash is the hash of the stored record of seq.
func recordHash(seq uint64, stored []byte) [32]byte {
	body, tail := hashedPart(stored)
	h := sha256.New()
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], seq)
	h.Write(b[:])
	h.Write(body)
	if tail {
		h.Write([]byte{'}'})
	}
	var out [32]byte
	h.Sum(out[:0])
	return out
}

// encodeRecord makes the stored bytes of ev (its Seq set) after prev, with its personal
// data outside the hashed part, and returns them with the record's hash.
func encodeRecord(prev [32]byte, ev queue.Event, pii *recordPII) ([]byte, [32]byte, error) {
	if ev.Booking != nil && ev.Booking.IDHash != "" {
		b := *ev.Booking
		p := recordPII{BookingIDHash: b.IDHash}
		if pii != nil {
			p.Applicant = pii.Applicant
		}
		pii, b.IDHash, ev.Booking = &p, "", &b
	}
	body, err := json.Marshal(eventRecord{Prev: hex.EncodeToString(prev[:]), Event: ev})
	if err != nil {
		return nil, [32]byte{}, fmt.Errorf("encode event: %w", err)
	}
	if bytes.Contains(body, piiMarker) {
		return nil, [32]byte{}, fmt.Errorf("encode event %d: its text holds the pii marker", ev.Seq)
	}
	sum := recordHash(ev.Seq, body)
	if pii.empty() {
		return body, sum, nil
	}
	p, err := json.Marshal(pii)
	if err != nil {
		return nil, [32]byte{}, fmt.Errorf("encode event: %w", err)
	}
	out := make([]byte, 0, len(body)+len(p)+8)
	out = append(append(append(out, body[:len(body)-1]...), piiMarker[:len(piiMarker)-1]...), p...)
	return append(out, '}'), sum, nil
}

// stripPII returns the stored record without its personal data: what erasure keeps.
func stripPII(stored []byte) []byte {
	body, tail := hashedPart(stored)
	if !tail {
		return stored
	}
	return append(append([]byte(nil), body...), '}')
}

// prevOf reads the "prev" hash a stored record names.
func prevOf(stored []byte) ([32]byte, error) {
	var out [32]byte
	const pre = `{"prev":"`
	if len(stored) < len(pre)+64 || !bytes.HasPrefix(stored, []byte(pre)) {
		return out, errors.New("no prev hash")
	}
	if _, err := hex.Decode(out[:], stored[len(pre):len(pre)+64]); err != nil {
		return out, fmt.Errorf("prev hash: %w", err)
	}
	return out, nil
}

// appendEvent encodes ev after the store's chain head, puts it in the log and moves the
// head (in memory and in the meta). The writer calls it; a failed batch reloads the head.
func (s *Store) appendEvent(btx *bolt.Tx, ev queue.Event, pii *recordPII) error {
	if ev.Seq != s.head.Seq+1 {
		return fmt.Errorf("append event %d: the chain is at %d", ev.Seq, s.head.Seq)
	}
	v, sum, err := encodeRecord(s.head.Hash, ev, pii)
	if err != nil {
		return err
	}
	events := btx.Bucket(bucketEvents)
	events.FillPercent = 1 // append-only: fill pages completely
	if err := events.Put(itob(ev.Seq), v); err != nil {
		return fmt.Errorf("append event: %w", err)
	}
	s.head = chainHead{Seq: ev.Seq, Hash: sum}
	if err := btx.Bucket(bucketMeta).Put(keyChainHead, s.head.bytes()); err != nil {
		return fmt.Errorf("chain head: %w", err)
	}
	return nil
}

// EventHash returns the chain hash of the event at seq (hex), which documents printed
// from the log carry.
func (s *Store) EventHash(seq uint64) (string, error) {
	var out string
	err := s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketEvents).Get(itob(seq))
		if v == nil {
			return queue.Errorf(queue.NotFound, "no event %d", seq)
		}
		h := recordHash(seq, v)
		out = hex.EncodeToString(h[:])
		return nil
	})
	return out, err
}

// UnmarshalJSON decodes a stored record and puts a booking's ID hash, kept outside the
// hashed bytes, back in its event, so readers see the event as it was emitted.
func (r *eventRecord) UnmarshalJSON(b []byte) error {
	type plain eventRecord // without this method
	var p plain
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	if p.PII != nil && p.PII.BookingIDHash != "" && p.Booking != nil {
		bk := *p.Booking
		bk.IDHash = p.PII.BookingIDHash
		p.Booking = &bk
	}
	*r = eventRecord(p)
	return nil
}
