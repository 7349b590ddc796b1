package store

import (
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// The tests in this file each kill a mutant that survived the package's own tests and
// the app tests make mutate runs for it (internal/tools/mutate); the mutant is named above
// each.

// damage.go readMeta: a bbolt file with the smallest page size, 512 bytes, is a data
// file, not damage (`>= 512` → `>= 513` survived).
func TestDataFileWithSmallestPagesAccepted(t *testing.T) {
	path := filepath.Join(t.TempDir(), "onedoor.db")
	db, err := bolt.Open(path, 0o600, &bolt.Options{PageSize: 512, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("b")); return err }); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if err := checkDataFile(path); err != nil {
		t.Fatalf("a bbolt file of 512-byte pages: %v", err)
	}
}

// store.go Open: a MaxBatch of 0 means the documented default of 1024 (`<= 0` → `< 0`
// left it 0: every command its own transaction and fsync).
func TestMaxBatchDefault(t *testing.T) {
	clk := &clock{now: time.Date(2026, 11, 25, 9, 0, 0, 0, shanghai)}
	s := openStore(t, t.TempDir(), clk)
	if s.opts.MaxBatch != 1024 {
		t.Fatalf("MaxBatch %d after Open with 0, want 1024", s.opts.MaxBatch)
	}
}
