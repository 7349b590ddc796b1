package store

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"onedoor/internal/queue"
)

// TestInterruptedKeyRotation: a crash between writing key.next and committing the
// re-wrapped day keys leaves the old key in force (key.next dropped); a crash after the
// commit but before the rename makes Open finish the rename. Either way the applicants
// of the days kept still open.
func TestInterruptedKeyRotation(t *testing.T) {
	for _, committed := range []bool{false, true} {
		name := map[bool]string{false: "before the commit", true: "after the commit"}[committed]
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			clk := &clock{now: time.Date(2026, 11, 25, 9, 0, 0, 0, shanghai)}
			s, err := Open(Options{Dir: dir, Catalog: catalog(t), Loc: shanghai, Policy: queue.DefaultPolicy(), Clock: clk.Now})
			if err != nil {
				t.Fatal(err)
			}
			v, _, err := s.Issue(context.Background(), queue.IssueCmd{Item: "440199-A-001", Source: "k"}, syntheticApplicant(1))
			if err != nil {
				t.Fatal(err)
			}
			s.Close()
			// What shredDays does, stopped at the crash.
			raw, _ := randomBytes(32)
			next, _ := newAEAD(raw)
			if err := writeKeyFile(filepath.Join(dir, "key.next"), raw); err != nil {
				t.Fatal(err)
			}
			if committed {
				old, _ := os.ReadFile(filepath.Join(dir, "key"))
				master, _ := newAEAD(old)
				db, err := bolt.Open(filepath.Join(dir, "onedoor.db"), 0o600, nil)
				if err != nil {
					t.Fatal(err)
				}
				db.Update(func(tx *bolt.Tx) error {
					b := tx.Bucket(bucketDayKeys)
					var days []string
					b.ForEach(func(k, _ []byte) error { days = append(days, string(k)); return nil })
					for _, d := range days {
						plain, err := unwrap(master, d, b.Get([]byte(d)))
						if err != nil {
							t.Fatal(err)
						}
						w, _ := wrap(next, d, plain)
						b.Put([]byte(d), w)
					}
					return tx.Bucket(bucketMeta).Put(keyMasterID, []byte(masterID(raw)))
				})
				db.Close()
			}
			s, err = Open(Options{Dir: dir, Catalog: catalog(t), Loc: shanghai, Policy: queue.DefaultPolicy(), Clock: clk.Now})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if a, err := s.Applicant(v.Ticket.ID); err != nil || a == nil {
				t.Fatalf("applicant after the restart: %+v %v", a, err)
			}
			if _, err := os.Stat(filepath.Join(dir, "key.next")); err == nil {
				t.Fatal("key.next is still there")
			}
			key, _ := os.ReadFile(filepath.Join(dir, "key"))
			if (string(key) == string(raw)) != committed {
				t.Fatalf("key file is the new key: %v, want %v", string(key) == string(raw), committed)
			}
		})
	}
}
