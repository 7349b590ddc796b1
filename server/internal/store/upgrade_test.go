package store

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"onedoor/internal/queue"
)

// downgrade turns a data file into what schema 3 wrote: records without prev, the
// applicant sealed under the master key as applicant_enc, no day keys, chain or digests.
func downgrade(t *testing.T, dir string) {
	t.Helper()
	master, err := os.ReadFile(filepath.Join(dir, "key"))
	if err != nil {
		t.Fatal(err)
	}
	legacy := gcmFrom(t, master)
	seal := func(id string, a *queue.Applicant) []byte {
		plain, _ := json.Marshal(a)
		nonce := make([]byte, 12)
		rand.Read(nonce)
		return legacy.Seal(nonce, nonce, plain, []byte(id))
	}
	s, err := Open(Options{Dir: dir, Catalog: catalog(t), Loc: shanghai, Policy: queue.DefaultPolicy(), ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	apps := map[string]*queue.Applicant{}
	s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketApplicants).ForEach(func(k, v []byte) error {
			a, err := s.keys.openApplicant(tx, string(k), v)
			if err != nil {
				t.Fatal(err)
			}
			apps[string(k)] = a
			return nil
		})
	})
	s.Close()
	db, err := bolt.Open(filepath.Join(dir, "onedoor.db"), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Update(func(tx *bolt.Tx) error {
		for id, a := range apps {
			tx.Bucket(bucketApplicants).Put([]byte(id), seal(id, a))
		}
		ev := tx.Bucket(bucketEvents)
		type kv struct{ k, v []byte }
		var out []kv
		ev.ForEach(func(k, v []byte) error {
			var r eventRecord
			if err := json.Unmarshal(v, &r); err != nil {
				t.Fatal(err)
			}
			lr := legacyRecord{Event: r.Event}
			if r.PII != nil && r.PII.BookingIDHash != "" {
				b := *r.Booking
				b.IDHash = r.PII.BookingIDHash
				lr.Booking = &b
			}
			if r.Ticket != nil && apps[r.Ticket.ID] != nil && r.Type == queue.TicketIssued {
				lr.Applicant = seal(r.Ticket.ID, apps[r.Ticket.ID])
			}
			nv, _ := json.Marshal(lr)
			out = append(out, kv{append([]byte(nil), k...), nv})
			return nil
		})
		for _, e := range out {
			ev.Put(e.k, e.v)
		}
		m := tx.Bucket(bucketMeta)
		m.Delete(keyChainHead)
		m.Delete(keyMasterID)
		m.Put(keySchema, itob(3))
		tx.DeleteBucket(bucketDayKeys)
		tx.DeleteBucket(bucketDigests)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestMigrationFourOnASchemaThreeFile: the applicants are re-sealed under their day's
// key, the existing events hashed into a chain in order, and retention then shreds them.
func TestMigrationFourOnASchemaThreeFile(t *testing.T) {
	dir := t.TempDir()
	clk := &clock{now: time.Date(2026, 10, 1, 9, 0, 0, 0, shanghai)}
	s := openStore(t, dir, clk)
	ctx := context.Background()
	var ids []string
	for i := 0; i < 20; i++ {
		v, _, err := s.Issue(ctx, queue.IssueCmd{Item: "440199-A-001", Source: "k"}, syntheticApplicant(i))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, v.Ticket.ID)
	}
	s.Close()
	downgrade(t, dir)
	raw, _ := os.ReadFile(filepath.Join(dir, "onedoor.db"))
	if !strings.Contains(string(raw), "applicant_enc") {
		t.Fatal("the downgrade did not make a schema 3 file")
	}

	s = openStore(t, dir, clk)
	if err := s.VerifyChain(); err != nil {
		t.Fatal(err)
	}
	if err := s.VerifyReplay(); err != nil {
		t.Fatal(err)
	}
	a, err := s.Applicant(ids[7])
	if err != nil || a == nil || a.Name != "测试人007" {
		t.Fatalf("applicant after migration: %+v %v", a, err)
	}
	if left := liveSealedCopies(t, s, ids); left != len(ids) {
		t.Fatalf("%d of %d log records carry the re-sealed applicant", left, len(ids))
	}
	clk.Set(time.Date(2026, 11, 5, 9, 0, 0, 0, shanghai))
	if n, err := s.ErasePersonalData(ctx, clk.Now().AddDate(0, 0, -30)); err != nil || n != len(ids) {
		t.Fatalf("erased %d (%v)", n, err)
	}
	if err := s.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	raw, _ = os.ReadFile(filepath.Join(dir, "onedoor.db"))
	if got := decryptable(raw, ids, attackerKeys(t, dir, raw)); len(got) != 0 {
		t.Fatalf("%d of %d migrated applicants decryptable after erasure", len(got), len(ids))
	}
	if err := s.VerifyChain(); err != nil {
		t.Fatal(err)
	}
}
