package store

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"onedoor/assets"
	"onedoor/internal/queue"
)

var shanghai, _ = time.LoadLocation("Asia/Shanghai")

// clock is an injectable clock tests move by hand.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Set(t time.Time) { c.mu.Lock(); c.now = t; c.mu.Unlock() }

// catalog is the embedded sample catalog.
func catalog(t testing.TB) *queue.Catalog {
	c, err := queue.ParseCatalog(assets.CatalogJSON)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// openStore opens a store in dir and checks the file's consistency when the test ends.
func openStore(t testing.TB, dir string, clk *clock) *Store {
	t.Helper()
	s, err := Open(Options{Dir: dir, Catalog: catalog(t), Loc: shanghai, Policy: queue.DefaultPolicy(), Clock: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		s.Close()
		db, err := bolt.Open(filepath.Join(dir, "onedoor.db"), 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
		if err != nil {
			t.Errorf("reopen for check: %v", err)
			return
		}
		defer db.Close()
		db.View(func(tx *bolt.Tx) error {
			for err := range tx.Check() {
				t.Errorf("bbolt check: %v", err)
			}
			return nil
		})
	})
	return s
}

func seedWindows(t testing.TB, s *Store, ns ...int) {
	ctx := context.Background()
	for _, n := range ns {
		if err := s.CreateWindow(ctx, queue.Window{Number: n, Name: fmt.Sprintf("%d号窗口", n), Kind: queue.Comprehensive}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.WindowCommand(ctx, n, "clerk", "open", ""); err != nil {
			t.Fatal(err)
		}
	}
}

func TestReopenGivesTheSameState(t *testing.T) {
	dir := t.TempDir()
	clk := &clock{now: time.Date(2026, 11, 25, 9, 0, 0, 0, shanghai)}
	s := openStore(t, dir, clk)
	ctx := context.Background()
	seedWindows(t, s, 1, 2)
	var nums []string
	for i := 0; i < 5; i++ {
		v, _, err := s.Issue(ctx, queue.IssueCmd{Item: "440199-A-001", Source: "kiosk-1"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		nums = append(nums, v.Ticket.Number)
	}
	if _, ok, err := s.Call(ctx, 1, "clerk"); !ok || err != nil {
		t.Fatal(ok, err)
	}
	if _, err := s.Start(ctx, 1, "clerk"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Finish(ctx, 1, "clerk", queue.Finishing{Outcome: queue.Accepted, Received: []string{"m1", "m2", "m3"}}); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := s.Call(ctx, 2, "clerk"); !ok || err != nil {
		t.Fatal(ok, err)
	}
	if err := s.VerifyReplay(); err != nil {
		t.Fatal(err)
	}
	var before queue.Hall
	s.Read(func(h *queue.Hall) { before = *h })
	wantWaiting := before.Queue.Len()
	s.Close()

	s2 := openStore(t, dir, clk)
	s2.Read(func(h *queue.Hall) {
		if h.LastSeq != before.LastSeq || h.Queue.Len() != wantWaiting || len(h.Tickets) != 5 || h.Windows[2].Current == "" {
			t.Fatalf("reopened: seq %d waiting %d tickets %d window2 %+v", h.LastSeq, h.Queue.Len(), len(h.Tickets), h.Windows[2])
		}
	})
	v, _, err := s2.Issue(ctx, queue.IssueCmd{Item: "440199-A-001", Source: "kiosk-1"}, nil)
	if err != nil || v.Ticket.Number != "A006" {
		t.Fatalf("next number after reopen = %s (%v), want A006 after %v", v.Ticket.Number, err, nums)
	}
	if err := s2.VerifyReplay(); err != nil {
		t.Fatal(err)
	}
}

func TestConcurrentIssueNeverRepeatsANumber(t *testing.T) {
	clk := &clock{now: time.Date(2026, 11, 25, 9, 0, 0, 0, shanghai)}
	s := openStore(t, t.TempDir(), clk)
	ctx := context.Background()
	const workers, each = 16, 40
	var mu sync.Mutex
	seen := map[string]bool{}
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < each; i++ {
				v, _, err := s.Issue(ctx, queue.IssueCmd{Item: "440199-B-001", Source: fmt.Sprint("kiosk-", w), IdemKey: fmt.Sprint(i)}, nil)
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				if seen[v.Ticket.Number] {
					t.Errorf("number %s issued twice", v.Ticket.Number)
				}
				seen[v.Ticket.Number] = true
				mu.Unlock()
			}
		}(w)
	}
	wg.Wait()
	if len(seen) != workers*each {
		t.Fatalf("%d distinct numbers, want %d", len(seen), workers*each)
	}
	// The same keys again: every retry returns a ticket already issued.
	v, created, err := s.Issue(ctx, queue.IssueCmd{Item: "440199-B-001", Source: "kiosk-3", IdemKey: "7"}, nil)
	if err != nil || created || !seen[v.Ticket.Number] {
		t.Fatalf("retry: %s created=%v %v", v.Ticket.Number, created, err)
	}
	if err := s.VerifyReplay(); err != nil {
		t.Fatal(err)
	}
}

func TestRolloverAtMidnightShanghai(t *testing.T) {
	dir := t.TempDir()
	clk := &clock{now: time.Date(2026, 11, 25, 23, 59, 0, 0, shanghai)}
	s := openStore(t, dir, clk)
	ctx := context.Background()
	seedWindows(t, s, 1)
	late, _, err := s.Issue(ctx, queue.IssueCmd{Item: "440199-A-001", Source: "k"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Issue(ctx, queue.IssueCmd{Item: "440199-A-001", Source: "k"}, nil); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := s.Call(ctx, 1, "c"); !ok || err != nil {
		t.Fatal(ok, err)
	}
	clk.Set(time.Date(2026, 11, 26, 0, 0, 1, 0, shanghai)) // 16:00:01 UTC
	if err := s.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	old, err := s.Ticket(late.Ticket.ID)
	if err != nil || old.Ticket.State != queue.Expired {
		t.Fatalf("yesterday's ticket: %+v %v", old.Ticket.State, err)
	}
	s.Read(func(h *queue.Hall) {
		if h.Day != "2026-11-26" || h.Queue.Len() != 0 || h.Windows[1].State != queue.WinClosed || h.Windows[1].Current != "" {
			t.Fatalf("after midnight: day %s waiting %d window %+v", h.Day, h.Queue.Len(), h.Windows[1])
		}
	})
	v, _, err := s.Issue(ctx, queue.IssueCmd{Item: "440199-A-001", Source: "k"}, nil)
	if err != nil || v.Ticket.Number != "A001" || v.Ticket.Day != "2026-11-26" {
		t.Fatalf("first ticket of the day: %s %s %v", v.Ticket.Number, v.Ticket.Day, err)
	}
	evs, _, _ := s.EventsAfter(0, 1000)
	expired := 0
	for _, ev := range evs {
		if ev.Type == queue.TicketExpired {
			expired++
		}
	}
	if expired != 2 {
		t.Fatalf("%d expiry events, want 2", expired)
	}
	if err := s.VerifyReplay(); err != nil {
		t.Fatal(err)
	}
}

func TestApplicantIsEncryptedAtRest(t *testing.T) {
	dir := t.TempDir()
	clk := &clock{now: time.Date(2026, 11, 25, 9, 0, 0, 0, shanghai)}
	s := openStore(t, dir, clk)
	ctx := context.Background()
	seedWindows(t, s, 1)
	id := "440106199003071239"
	if c, _ := queue.IDCheckDigit(id[:17]); c != id[17] {
		id = id[:17] + string(c)
	}
	a := &queue.Applicant{IDNumber: id, Name: "测试人甲", Address: "广州市示例区测试路1号"}
	v, _, err := s.Issue(ctx, queue.IssueCmd{Item: "440199-A-001", Source: "k"}, a)
	if err != nil {
		t.Fatal(err)
	}
	if !v.Ticket.Applicant {
		t.Fatal("ticket does not know it has an applicant")
	}
	if err := s.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "onedoor.db"))
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{id, "测试人甲", "测试路"} {
		if bytes.Contains(raw, []byte(secret)) {
			t.Fatalf("%q is in the data file in clear", secret)
		}
	}
	fi, _ := os.Stat(filepath.Join(dir, "key"))
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v", fi.Mode().Perm())
	}
	if _, ok, _ := s.Call(ctx, 1, "c"); !ok {
		t.Fatal("no call")
	}
	masked, err := s.Applicant(v.Ticket.ID)
	if err != nil || masked.IDNumber != queue.MaskIDNumber(id) || masked.Name != "测试人甲" {
		t.Fatalf("masked applicant: %+v %v", masked, err)
	}
	full, err := s.RevealApplicant(ctx, 1, "c")
	if err != nil || full.IDNumber != id {
		t.Fatalf("revealed: %+v %v", full, err)
	}
	evs, _, _ := s.EventsAfter(0, 100)
	if last := evs[len(evs)-1]; last.Type != queue.ApplicantRevealed || last.Staff != "c" {
		t.Fatalf("reveal not recorded: %+v", last)
	}
}

func TestMigrations(t *testing.T) {
	dir := t.TempDir()
	db, err := bolt.Open(filepath.Join(dir, "x.db"), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// A new file gets every migration; the first creates the buckets.
	err = db.Update(func(tx *bolt.Tx) error { return migrate(tx, migrations) })
	if err != nil {
		t.Fatal(err)
	}
	db.View(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketMeta, bucketEvents, bucketTickets, bucketApplicants, bucketDays, bucketWindows, bucketStaff, bucketTokens} {
			if tx.Bucket(b) == nil {
				t.Errorf("migration 1 did not create %s", b)
			}
		}
		if tx.Bucket(bucketCases) == nil {
			t.Errorf("migration 2 did not create the cases bucket")
		}
		if v := schemaVersion(tx); v != uint64(len(migrations)) {
			t.Errorf("schema %d", v)
		}
		return nil
	})
	// A later migration runs once, on a file at the earlier version.
	runs := 0
	more := append(append([]migration(nil), migrations...), migration{len(migrations) + 1, "test", func(*bolt.Tx) error { runs++; return nil }})
	for i := 0; i < 2; i++ {
		if err := db.Update(func(tx *bolt.Tx) error { return migrate(tx, more) }); err != nil {
			t.Fatal(err)
		}
	}
	if runs != 1 {
		t.Fatalf("migration ran %d times", runs)
	}
	// A file from a newer program is refused.
	if err := db.Update(func(tx *bolt.Tx) error { return migrate(tx, migrations) }); err == nil {
		t.Fatal("a newer schema was accepted")
	}
}

// TestMigrationTwoOnAVersionOneFile opens a file written at schema 1 (no cases bucket):
// the store migrates it and accepted visits then record their cases.
func TestMigrationTwoOnAVersionOneFile(t *testing.T) {
	dir := t.TempDir()
	db, err := bolt.Open(filepath.Join(dir, "onedoor.db"), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(tx *bolt.Tx) error { return migrate(tx, migrations[:1]) }); err != nil {
		t.Fatal(err)
	}
	db.Close()
	clk := &clock{now: time.Date(2026, 11, 25, 9, 0, 0, 0, shanghai)}
	s := openStore(t, dir, clk)
	ctx := context.Background()
	seedWindows(t, s, 1)
	s.Issue(ctx, queue.IssueCmd{Item: "440199-A-001", Source: "k"}, nil)
	s.Call(ctx, 1, "c")
	s.Start(ctx, 1, "c")
	ev, _, err := s.Finish(ctx, 1, "c", queue.Finishing{Outcome: queue.Accepted, Received: []string{"m1", "m2", "m3"}})
	if err != nil || ev.Case == nil {
		t.Fatalf("finish: %+v %v", ev.Case, err)
	}
	s.db.View(func(tx *bolt.Tx) error {
		if schemaVersion(tx) != uint64(len(migrations)) || tx.Bucket(bucketCases).Get([]byte(ev.Case.No)) == nil {
			t.Errorf("schema %d, case %s not stored", schemaVersion(tx), ev.Case.No)
		}
		return nil
	})
}

func TestBackupIsAUsableCopy(t *testing.T) {
	clk := &clock{now: time.Date(2026, 11, 25, 9, 0, 0, 0, shanghai)}
	s := openStore(t, t.TempDir(), clk)
	ctx := context.Background()
	v, _, err := s.Issue(ctx, queue.IssueCmd{Item: "440199-A-001", Source: "k"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := s.Backup(&buf); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "onedoor.db"), buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	copyKey, _ := os.ReadFile(filepath.Join(s.opts.Dir, "key"))
	os.WriteFile(filepath.Join(dir, "key"), copyKey, 0o600)
	restored := openStore(t, dir, clk)
	got, err := restored.Ticket(v.Ticket.ID)
	if err != nil || got.Ticket.Number != v.Ticket.Number {
		t.Fatalf("restored: %+v %v", got.Ticket, err)
	}
}
