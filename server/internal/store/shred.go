package store

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"
)

// shredDays destroys the day keys of every service day before cutoff and, when it
// destroyed one or force is set, replaces the master key: the keys left are re-wrapped
// under a new one and the old key file is replaced, so day keys wrapped by the old
// master that bbolt left in free pages (or that a later backup copies) open nothing.
//
// The new master is written to key.next first; the transaction that re-wraps the day
// keys records its id; then key.next replaces key. Open finishes or drops an interrupted
// rotation by that id (settleKeys).
func (s *Store) shredDays(ctx context.Context, cutoff string, force bool) error {
	var old []string
	err := s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketDayKeys).Cursor()
		for k, _ := c.First(); k != nil && bytes.Compare(k, []byte(cutoff)) < 0; k, _ = c.Next() {
			old = append(old, string(k))
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("shred: %w", err)
	}
	if len(old) == 0 && !force {
		return nil
	}
	raw, err := randomBytes(32)
	if err != nil {
		return err
	}
	next, err := newAEAD(raw)
	if err != nil {
		return err
	}
	nextPath, keyPath := filepath.Join(s.opts.Dir, "key.next"), filepath.Join(s.opts.Dir, "key")
	if err := writeKeyFile(nextPath, raw); err != nil {
		return fmt.Errorf("shred: %w", err)
	}
	s.keys.mu.Lock()
	prevMaster, prevID := s.keys.master, s.keys.id
	s.keys.mu.Unlock()
	err = s.exec(ctx, func(tx *Tx) error {
		b := tx.btx.Bucket(bucketDayKeys)
		for _, d := range old {
			if err := b.Delete([]byte(d)); err != nil {
				return errStorage{fmt.Errorf("shred day key %s: %w", d, err)}
			}
		}
		type kv struct{ k, v []byte }
		var rewrapped []kv
		err := b.ForEach(func(k, v []byte) error {
			day := string(k)
			plain, err := unwrap(s.keys.master, day, v)
			if err != nil {
				return err
			}
			w, err := wrap(next, day, plain)
			if err != nil {
				return err
			}
			rewrapped = append(rewrapped, kv{append([]byte(nil), k...), w})
			return nil
		})
		if err != nil {
			return errStorage{fmt.Errorf("re-wrap day keys: %w", err)}
		}
		for _, e := range rewrapped {
			if err := b.Put(e.k, e.v); err != nil {
				return errStorage{fmt.Errorf("re-wrap day keys: %w", err)}
			}
		}
		if err := tx.put(bucketMeta, keyMasterID, []byte(masterID(raw))); err != nil {
			return err
		}
		// From here on (this batch and the next) new day keys are wrapped by the new
		// master; a failed commit reloads and Open settles the key files.
		s.keys.mu.Lock()
		s.keys.master, s.keys.id = next, masterID(raw)
		s.keys.mu.Unlock()
		s.keys.forget(old...)
		return nil
	})
	if err != nil {
		s.keys.mu.Lock()
		s.keys.master, s.keys.id = prevMaster, prevID
		s.keys.mu.Unlock()
		os.Remove(nextPath)
		return fmt.Errorf("shred: %w", err)
	}
	if err := os.Rename(nextPath, keyPath); err != nil {
		return fmt.Errorf("shred: replace the key file: %w", err)
	}
	if err := SyncDir(s.opts.Dir); err != nil {
		return fmt.Errorf("shred: %w", err)
	}
	s.log.Info("destroyed day keys past retention and replaced the master key", "days", len(old))
	return nil
}
