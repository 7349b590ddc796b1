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
	if err := s.resealApplicants(tx, legacy); err != nil {
		return fmt.Errorf("migration 4: %w", err)
	}
	head, err := s.chainLegacyLog(tx, legacy)
	if err != nil {
		return fmt.Errorf("migration 4: %w", err)
	}
	if err := meta.Put(keyChainHead, head.bytes()); err != nil {
		return fmt.Errorf("migration 4: %w", err)
	}
	if err := meta.Put(keyMasterID, []byte(s.keys.id)); err != nil {
		return fmt.Errorf("migration 4: %w", err)
	}
	return meta.Delete(keyUpgrade)
}

// resealApplicants re-seals every record of applicants/ from the legacy master key
// under its day's key.
func (s *Store) resealApplicants(tx *bolt.Tx, legacy *sealer) error {
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
		return err
	}
	for _, e := range resealed {
		if err := apps.Put(e.k, e.v); err != nil {
			return err
		}
	}
	return nil
}

// chainLegacyLog rewrites each event of the log, in order, with its personal data out
// of the hashed bytes (re-sealed under its day's key) and hashed into the chain; it
// returns the chain's head.
func (s *Store) chainLegacyLog(tx *bolt.Tx, legacy *sealer) (chainHead, error) {
	events := tx.Bucket(bucketEvents)
	var head chainHead
	for seq := uint64(1); ; seq++ {
		v := events.Get(itob(seq))
		if v == nil {
			if k, _ := events.Cursor().Last(); k != nil && btoi(k) >= seq {
				return head, fmt.Errorf("the log has no event %d but goes on to %d", seq, btoi(k))
			}
			return head, nil
		}
		nv, sum, err := s.upgradeRecord(tx, legacy, head.Hash, v)
		if err != nil {
			return head, fmt.Errorf("event %d: %w", seq, err)
		}
		if err := events.Put(itob(seq), nv); err != nil {
			return head, fmt.Errorf("event %d: %w", seq, err)
		}
		head = chainHead{Seq: seq, Hash: sum}
	}
}

// upgradeRecord turns one legacy record into a chained one linked to prev.
func (s *Store) upgradeRecord(tx *bolt.Tx, legacy *sealer, prev [32]byte, v []byte) ([]byte, [32]byte, error) {
	var r legacyRecord
	if err := json.Unmarshal(v, &r); err != nil {
		return nil, [32]byte{}, err
	}
	var pii *recordPII
	if len(r.Applicant) > 0 && r.Ticket != nil {
		a, err := legacy.open(r.Ticket.ID, r.Applicant)
		if err != nil {
			return nil, [32]byte{}, err
		}
		sealed, err := s.keys.sealApplicant(tx, r.Ticket.ID, r.Ticket.Day, a)
		if err != nil {
			return nil, [32]byte{}, err
		}
		pii = &recordPII{Applicant: sealed}
	}
	return encodeRecord(prev, r.Event, pii)
}
