package store

import (
	"context"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"onedoor/internal/queue"
)

func TestErasePersonalDataKeepsStatistics(t *testing.T) {
	clk := &clock{now: time.Date(2026, 10, 1, 9, 0, 0, 0, shanghai)}
	s := openStore(t, t.TempDir(), clk)
	ctx := context.Background()
	seedWindows(t, s, 1)
	id := "44010619900307123"
	c, _ := queue.IDCheckDigit(id)
	a := &queue.Applicant{IDNumber: id + string(c), Name: "测试人丙"}
	old, _, err := s.Issue(ctx, queue.IssueCmd{Item: "440199-A-001", Source: "k"}, a)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok, err := s.Call(ctx, 1, "c"); !ok || err != nil {
		t.Fatal(ok, err)
	}
	s.Start(ctx, 1, "c")
	if _, _, err := s.Finish(ctx, 1, "c", queue.Finishing{Outcome: queue.Accepted, Received: []string{"m1", "m2", "m3"}}); err != nil {
		t.Fatal(err)
	}
	clk.Set(time.Date(2026, 10, 20, 9, 0, 0, 0, shanghai))
	recent, _, err := s.Issue(ctx, queue.IssueCmd{Item: "440199-A-001", Source: "k"}, a)
	if err != nil {
		t.Fatal(err)
	}
	evsBefore, lastBefore, _ := s.EventsAfter(0, 10000)

	// 30 days of retention on 2026-11-05: the visit of 1 October goes, 20 October stays.
	cutoff := time.Date(2026, 11, 5, 9, 0, 0, 0, shanghai).AddDate(0, 0, -30)
	n, err := s.ErasePersonalData(ctx, cutoff)
	if err != nil || n != 1 {
		t.Fatalf("erased %d (%v), want 1", n, err)
	}
	if got := s.countApplicants(); got != 1 {
		t.Fatalf("%d applicants left, want 1", got)
	}
	mustGet(t, s, recent.Ticket.ID)
	if a, err := s.Applicant(recent.Ticket.ID); err != nil || a == nil {
		t.Fatalf("the recent applicant was touched: %v", err)
	}
	// The statistics stay: the same events, the old ticket with its outcome.
	evsAfter, lastAfter, _ := s.EventsAfter(0, 10000)
	if len(evsAfter) != len(evsBefore) || lastAfter != lastBefore {
		t.Fatalf("events %d→%d", len(evsBefore), len(evsAfter))
	}
	v, err := s.Ticket(old.Ticket.ID)
	if err != nil || v.Ticket.Outcome != queue.Accepted {
		t.Fatalf("old ticket: %+v %v", v.Ticket, err)
	}
	// Running again erases nothing more.
	if n, err := s.ErasePersonalData(ctx, cutoff); n != 0 || err != nil {
		t.Fatalf("second run erased %d (%v)", n, err)
	}
	if err := s.VerifyReplay(); err != nil {
		t.Fatal(err)
	}
}

func mustGet(t *testing.T, s *Store, id string) []byte {
	t.Helper()
	var out []byte
	s.db.View(func(tx *bolt.Tx) error {
		out = append(out, tx.Bucket(bucketApplicants).Get([]byte(id))...)
		return nil
	})
	if out == nil {
		t.Fatalf("no applicant for %s", id)
	}
	return out
}
