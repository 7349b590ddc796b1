package store

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"onedoor/internal/queue"
)

const forgedReason = "not the applicant in person"

// tamperFixture is a closed store's folder with two service days (so a signed digest of
// the first), the seq of a rejection in the first day and the digests exported then.
type tamperFixture struct {
	dir       string
	rejection uint64
	last      uint64
	digests   DigestExport
}

func newTamperFixture(t *testing.T) tamperFixture {
	t.Helper()
	dir := t.TempDir()
	clk := &clock{now: time.Date(2026, 11, 24, 9, 0, 0, 0, shanghai)}
	s := openStore(t, dir, clk)
	ctx := context.Background()
	seedWindows(t, s, 1)
	var fx tamperFixture
	visit := func(i int, outcome queue.Outcome, reason string) {
		t.Helper()
		if _, _, err := s.Issue(ctx, queue.IssueCmd{Item: "440199-A-001", Source: "k"}, syntheticApplicant(i)); err != nil {
			t.Fatal(err)
		}
		if _, ok, err := s.Call(ctx, 1, "c"); !ok || err != nil {
			t.Fatal(ok, err)
		}
		if _, err := s.Start(ctx, 1, "c"); err != nil {
			t.Fatal(err)
		}
		ev, _, err := s.Finish(ctx, 1, "c", queue.Finishing{Outcome: outcome, Reason: reason, Basis: basisOf(outcome)})
		if err != nil {
			t.Fatal(err)
		}
		if outcome == queue.Rejected {
			fx.rejection = ev.Seq
		}
	}
	for i := 0; i < 5; i++ {
		if i == 2 {
			visit(i, queue.Rejected, forgedReason)
		} else {
			visit(i, queue.Completed, "")
		}
	}
	clk.Set(time.Date(2026, 11, 25, 9, 0, 0, 0, shanghai))
	if _, err := s.WindowCommand(ctx, 1, "c", "open", ""); err != nil {
		t.Fatal(err)
	}
	for i := 5; i < 8; i++ {
		visit(i, queue.Completed, "")
	}
	var err error
	if fx.digests, err = s.Digests(); err != nil || len(fx.digests.Digests) != 1 {
		t.Fatalf("digests: %+v %v", fx.digests, err)
	}
	fx.last = s.LastSeq()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	fx.dir = dir
	return fx
}

// tampered copies the fixture's folder and lets f edit the copy's file with bbolt, as
// someone with the disk would.
func (fx tamperFixture) tampered(t *testing.T, f func(events *bolt.Bucket, meta *bolt.Bucket)) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"onedoor.db", "key", "sign.key"} {
		copyFile(t, filepath.Join(fx.dir, name), filepath.Join(dir, name))
	}
	db, err := bolt.Open(filepath.Join(dir, "onedoor.db"), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Update(func(tx *bolt.Tx) error {
		f(tx.Bucket(bucketEvents), tx.Bucket(bucketMeta))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// wantBreak checks that both Open and VerifyFile refuse dir naming seq.
func wantBreak(t *testing.T, dir string, seq uint64, digests *DigestExport) {
	t.Helper()
	_, err := VerifyFile(filepath.Join(dir, "onedoor.db"), VerifyOptions{Digests: digests, Catalog: catalog(t), Loc: shanghai, Policy: queue.DefaultPolicy()})
	var ce *ChainError
	if !errors.As(err, &ce) || ce.Seq != seq {
		t.Fatalf("verify: %v, want a break at seq %d", err, seq)
	}
	t.Logf("verify: %v", err)
	if digests != nil {
		return // the chain itself is sound: only a digest kept elsewhere tells
	}
	s, err := Open(Options{Dir: dir, Catalog: catalog(t), Loc: shanghai, Policy: queue.DefaultPolicy()})
	if err == nil {
		s.Close()
		t.Fatal("the server started on a broken log")
	}
	if !errors.Is(err, ErrDamaged) || !errors.As(err, &ce) || ce.Seq != seq {
		t.Fatalf("open: %v, want ErrDamaged at seq %d", err, seq)
	}
}

func TestTamperedLogIsCaught(t *testing.T) {
	fx := newTamperFixture(t)
	if _, err := VerifyFile(filepath.Join(fx.dir, "onedoor.db"), VerifyOptions{Digests: &fx.digests, Catalog: catalog(t), Loc: shanghai, Policy: queue.DefaultPolicy()}); err != nil {
		t.Fatalf("the untouched file: %v", err)
	}
	k := fx.rejection
	t.Run("a byte changed", func(t *testing.T) {
		dir := fx.tampered(t, func(ev, _ *bolt.Bucket) {
			v := bytes.Replace(ev.Get(itob(k)), []byte("not the"), []byte("nOt the"), 1)
			ev.Put(itob(k), v)
		})
		wantBreak(t, dir, k, nil)
	})
	t.Run("the last event changed", func(t *testing.T) {
		dir := fx.tampered(t, func(ev, _ *bolt.Bucket) {
			ev.Put(itob(fx.last), bytes.Replace(ev.Get(itob(fx.last)), []byte(`"c"`), []byte(`"x"`), 1))
		})
		wantBreak(t, dir, fx.last, nil)
	})
	t.Run("an event removed", func(t *testing.T) {
		dir := fx.tampered(t, func(ev, _ *bolt.Bucket) { ev.Delete(itob(k)) })
		wantBreak(t, dir, k, nil)
	})
	t.Run("the last event removed", func(t *testing.T) {
		dir := fx.tampered(t, func(ev, _ *bolt.Bucket) { ev.Delete(itob(fx.last)) })
		wantBreak(t, dir, fx.last, nil)
	})
	t.Run("two swapped", func(t *testing.T) {
		dir := fx.tampered(t, func(ev, _ *bolt.Bucket) {
			a := append([]byte(nil), ev.Get(itob(k-1))...)
			b := append([]byte(nil), ev.Get(itob(k))...)
			ev.Put(itob(k-1), b)
			ev.Put(itob(k), a)
		})
		wantBreak(t, dir, k-1, nil)
	})
	t.Run("rewritten with a recomputed chain", func(t *testing.T) {
		dir := fx.tampered(t, func(ev, meta *bolt.Bucket) {
			// The forger edits the reason and re-hashes everything after it, head too,
			// and drops the digests the file holds: the chain is sound again.
			var head chainHead
			head.Hash = recordHash(k-1, ev.Get(itob(k-1)))
			for seq := k; seq <= fx.last; seq++ {
				var r eventRecord
				if err := json.Unmarshal(ev.Get(itob(seq)), &r); err != nil {
					t.Fatal(err)
				}
				if seq == k {
					r.Reason = "forged reason"
				}
				v, sum, err := encodeRecord(head.Hash, r.Event, r.PII)
				if err != nil {
					t.Fatal(err)
				}
				ev.Put(itob(seq), v)
				head = chainHead{Seq: seq, Hash: sum}
			}
			meta.Put(keyChainHead, head.bytes())
			ev.Tx().DeleteBucket(bucketDigests)
			ev.Tx().CreateBucket(bucketDigests)
		})
		if _, err := VerifyFile(filepath.Join(dir, "onedoor.db"), VerifyOptions{}); err != nil {
			t.Fatalf("the forger's chain should be sound on its own: %v", err)
		}
		wantBreak(t, dir, fx.digests.Digests[0].LastSeq, &fx.digests)
	})
}

// TestErasureKeepsTheChain: erasing personal data cuts it off the records, outside the
// hashed bytes, so the whole chain still verifies after it.
func TestErasureKeepsTheChain(t *testing.T) {
	fx := newTamperFixture(t)
	clk := &clock{now: time.Date(2026, 12, 30, 9, 0, 0, 0, shanghai)}
	s := openStore(t, fx.dir, clk)
	n, err := s.ErasePersonalData(context.Background(), clk.Now().AddDate(0, 0, -30))
	if err != nil || n != 8 {
		t.Fatalf("erased %d (%v), want 8", n, err)
	}
	if err := s.VerifyChain(); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := VerifyFile(filepath.Join(fx.dir, "onedoor.db"), VerifyOptions{Digests: &fx.digests}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(fx.dir, "key.next")); err == nil {
		t.Fatal("key.next left behind")
	}
}

// basisOf is a legal basis typed for a rejection, none for other outcomes.
func basisOf(o queue.Outcome) string {
	if o == queue.Rejected {
		return "《中华人民共和国行政许可法》第三十二条"
	}
	return ""
}
