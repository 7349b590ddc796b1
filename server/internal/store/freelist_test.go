package store

import (
	"context"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"onedoor/internal/queue"
)

// TestEveryCommitLeavesAFreelist: a start after a crash must read bbolt's freelist, not
// walk the whole file (0.7–1.3 s with a million events), so the file as any commit
// leaves it holds a freelist that bbolt's own check finds consistent. Switching on
// NoFreelistSync for speed fails here.
func TestEveryCommitLeavesAFreelist(t *testing.T) {
	dir := t.TempDir()
	clk := &clock{now: time.Date(2026, 11, 25, 9, 0, 0, 0, shanghai)}
	s := openStore(t, dir, clk)
	ctx := context.Background()
	for round := 1; round <= 3; round++ {
		for i := 0; i < 20; i++ {
			if _, _, err := s.Issue(ctx, queue.IssueCmd{Item: "440199-A-001", Source: "k"}, nil); err != nil {
				t.Fatal(err)
			}
		}
		// Between commits the file is what a crash would leave.
		image := filepath.Join(t.TempDir(), "image.db")
		copyFile(t, filepath.Join(dir, "onedoor.db"), image)
		if !syncedFreelist(t, image) {
			t.Fatalf("round %d: the last commit left no freelist on disk", round)
		}
		db, err := bolt.Open(image, 0o600, &bolt.Options{ReadOnly: true, PreLoadFreelist: true})
		if err != nil {
			t.Fatal(err)
		}
		db.View(func(tx *bolt.Tx) error {
			for err := range tx.Check() {
				t.Errorf("round %d: bbolt check of the crash image: %v", round, err)
			}
			return nil
		})
		db.Close()
	}
}

// syncedFreelist reads the newest of the file's two bbolt meta pages and says whether it
// points at a freelist page (bbolt writes all ones when commits skip it). The layout:
// a 16-byte page header, then magic, version, page size, flags (4 bytes each), the root
// bucket (16), the freelist page id (8), the high-water page id (8), the txid (8).
func syncedFreelist(t *testing.T, path string) bool {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	head := make([]byte, 128)
	if _, err := f.ReadAt(head, 0); err != nil {
		t.Fatal(err)
	}
	le := binary.LittleEndian
	pageSize := int64(le.Uint32(head[16+8:]))
	var best struct{ txid, freelist uint64 }
	for i := int64(0); i < 2; i++ {
		if _, err := f.ReadAt(head, i*pageSize); err != nil {
			t.Fatal(err)
		}
		if le.Uint32(head[16:]) != 0xED0CDAED {
			t.Fatalf("meta page %d: bad magic", i)
		}
		if txid := le.Uint64(head[16+48:]); txid >= best.txid {
			best.txid, best.freelist = txid, le.Uint64(head[16+32:])
		}
	}
	return best.freelist != 0xffffffffffffffff
}
