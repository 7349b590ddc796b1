package store

import (
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"onedoor/internal/queue"
)

// keyUpgrade marks a file whose records migration 4 still has to rewrite; Open does it
// in the same transaction, with the keys at hand (a migration sees only the file).
var keyUpgrade = []byte("upgrade_records")

// migrateChain is migration 4: the day keys and digests buckets, and the mark that makes
// Open rewrite the log's records (upgradeRecords).
func migrateChain(tx *bolt.Tx) error {
	for _, b := range [][]byte{bucketDayKeys, bucketDigests} {
		if _, err := tx.CreateBucketIfNotExists(b); err != nil {
			return fmt.Errorf("create bucket %s: %w", b, err)
		}
	}
	return tx.Bucket(bucketMeta).Put(keyUpgrade, []byte{1})
}

// legacyRecord is an event as schema 3 stored it: the applicant sealed under the master
// key, a booking's ID hash inside the event.
type legacyRecord struct {
	queue.Event
	Applicant []byte `json:"applicant_enc,omitempty"`
}

// upgradeRecords finishes migration 4: it re-seals every applicant under its day's key
// (in applicants/ and in the log), moves the personal data of each event out of its
// hashed bytes and hashes the existing events, in order, into the chain. The ID hashes of
// bookings imported before stay keyed by the master key: those bookings check in by
// code after the first erasure replaces it.
func (s *Store) upgradeRecords(tx *bolt.Tx) error {
	meta := tx.Bucket(bucketMeta)
	if meta.Get(keyUpgrade) == nil {
		return nil
	}
	legacy := &sealer{aead: s.keys.master}
	tickets, apps := tx.Bucket(bucketTickets), tx.Bucket(bucketApplicants)
	type kv struct{ k, v []byte }
	var resealed []kv
	err := apps.ForEach(func(k, v []byte) error {
		var t queue.Ticket
		if err := json.Unmarshal(tickets.Get(k), &t); err != nil {
			return fmt.Errorf("applicant of %s: its ticket: %w", k, err)
		}
		a, err := legacy.open(string(k), v)
		if err != nil {
			return fmt.Errorf("applicant of %s: %w", k, err)
		}
		nv, err := s.keys.sealApplicant(tx, string(k), t.Day, a)
		if err != nil {
			return err
		}
		resealed = append(resealed, kv{append([]byte(nil), k...), nv})
		return nil
	})
	if err != nil {
		return fmt.Errorf("migration 4: %w", err)
	}
	for _, e := range resealed {
		if err := apps.Put(e.k, e.v); err != nil {
			return fmt.Errorf("migration 4: %w", err)
		}
	}
	events := tx.Bucket(bucketEvents)
	var head chainHead
	for seq := uint64(1); ; seq++ {
		v := events.Get(itob(seq))
		if v == nil {
			if k, _ := events.Cursor().Last(); k != nil && btoi(k) >= seq {
				return fmt.Errorf("migration 4: the log has no event %d but goes on to %d", seq, btoi(k))
			}
			break
		}
		var r legacyRecord
		if err := json.Unmarshal(v, &r); err != nil {
			return fmt.Errorf("migration 4: event %d: %w", seq, err)
		}
		var pii *recordPII
		if len(r.Applicant) > 0 && r.Ticket != nil {
			a, err := legacy.open(r.Ticket.ID, r.Applicant)
			if err != nil {
				return fmt.Errorf("migration 4: event %d: %w", seq, err)
			}
			sealed, err := s.keys.sealApplicant(tx, r.Ticket.ID, r.Ticket.Day, a)
			if err != nil {
				return fmt.Errorf("migration 4: event %d: %w", seq, err)
			}
			pii = &recordPII{Applicant: sealed}
		}
		nv, sum, err := encodeRecord(head.Hash, r.Event, pii)
		if err != nil {
			return fmt.Errorf("migration 4: %w", err)
		}
		if err := events.Put(itob(seq), nv); err != nil {
			return fmt.Errorf("migration 4: event %d: %w", seq, err)
		}
		head = chainHead{Seq: seq, Hash: sum}
	}
	if err := meta.Put(keyChainHead, head.bytes()); err != nil {
		return fmt.Errorf("migration 4: %w", err)
	}
	if err := meta.Put(keyMasterID, []byte(s.keys.id)); err != nil {
		return fmt.Errorf("migration 4: %w", err)
	}
	return meta.Delete(keyUpgrade)
}
