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
	"onedoor/internal/testkit"
)

// TestFreelistWrittenWhenQuiet: commits leave bbolt's freelist out (for speed); once the
// store falls quiet it writes it, so a start after a crash at that moment reads it
// instead of walking the file. The file as a crash would leave it then holds a freelist
// that bbolt's own check finds consistent; during a commit burst it holds none.
func TestFreelistWrittenWhenQuiet(t *testing.T) {
	dir := t.TempDir()
	clk := &clock{now: time.Date(2026, 11, 25, 9, 0, 0, 0, shanghai)}
	s, err := Open(Options{Dir: dir, Catalog: catalog(t), Loc: shanghai, Policy: queue.DefaultPolicy(), Clock: clk.Now,
		FreelistQuiet: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	for round := int64(1); round <= 2; round++ {
		before := s.freelistSyncs.Load()
		if _, _, err := s.Issue(ctx, queue.IssueCmd{Item: "440199-A-001", Source: "k"}, nil); err != nil {
			t.Fatal(err)
		}
		if synced := syncedFreelist(t, filepath.Join(dir, "onedoor.db")); synced && s.freelistSyncs.Load() == before {
			t.Fatalf("round %d: the commit wrote the freelist", round)
		}
		testkit.Until(t, "the freelist written while quiet", 5*time.Second, func() bool { return s.freelistSyncs.Load() > before })
		// Quiet now: the file is what a crash would leave.
		image := filepath.Join(t.TempDir(), "image.db")
		data, err := os.ReadFile(filepath.Join(dir, "onedoor.db"))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(image, data, 0o600); err != nil {
			t.Fatal(err)
		}
		if !syncedFreelist(t, image) {
			t.Fatalf("round %d: no freelist on disk after the store fell quiet", round)
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
