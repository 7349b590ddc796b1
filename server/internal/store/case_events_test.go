package store

import (
	"context"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"onedoor/internal/queue"
)

// acceptOne has window 1 accept a visit of 440199-A-001 with an applicant and returns
// its case number.
func acceptOne(t *testing.T, s *Store) string {
	t.Helper()
	ctx := context.Background()
	a := &queue.Applicant{IDNumber: "440106198001010010", Name: "测试甲"}
	if c, _ := queue.IDCheckDigit(a.IDNumber[:17]); c != 0 {
		a.IDNumber = a.IDNumber[:17] + string(c)
	}
	if _, _, err := s.Issue(ctx, queue.IssueCmd{Item: "440199-A-001", Source: "k"}, a); err != nil {
		t.Fatal(err)
	}
	s.Call(ctx, 1, "c")
	s.Start(ctx, 1, "c")
	ev, _, err := s.Finish(ctx, 1, "c", queue.Finishing{Outcome: queue.Accepted, Received: []string{"m1", "m2", "m3"}})
	if err != nil || ev.Case == nil {
		t.Fatalf("finish: %+v %v", ev.Case, err)
	}
	return ev.Case.No
}

// types lists the types of events.
func types(evs []queue.Event) []queue.EventType {
	out := make([]queue.EventType, len(evs))
	for i, ev := range evs {
		out[i] = ev.Type
	}
	return out
}

// TestCaseEventsTimeline: a case's timeline holds its acceptance, a reveal of its
// applicant (which answers the applicant unmasked) and its actions, in order, and
// nothing of another case.
func TestCaseEventsTimeline(t *testing.T) {
	clk := &clock{now: time.Date(2026, 11, 25, 9, 0, 0, 0, shanghai)}
	s := openStore(t, t.TempDir(), clk)
	seedWindows(t, s, 1)
	no := acceptOne(t, s)
	acceptOne(t, s)
	a, err := s.RevealCaseApplicant(context.Background(), no, "o1")
	if err != nil || a == nil || a.Name != "测试甲" {
		t.Fatalf("reveal: %+v %v", a, err)
	}
	evs, err := s.CaseEvents(no)
	if err != nil {
		t.Fatal(err)
	}
	got := types(evs)
	if len(got) < 2 || got[0] != queue.TicketFinished || got[len(got)-1] != queue.ApplicantRevealed || evs[len(evs)-1].Staff != "o1" {
		t.Fatalf("the timeline of %s: %v", no, got)
	}
	for _, ev := range evs {
		if ev.Case == nil || ev.Case.No != no {
			t.Fatalf("an event of another case in the timeline of %s: %+v", no, ev)
		}
	}
	if _, err := s.RevealCaseApplicant(context.Background(), "no-such-case", "o1"); queue.ErrorCode(err) != queue.NotFound {
		t.Fatalf("reveal of no case: %v", err)
	}
}

// TestMigrationNineIndexesCaseEvents: a file at the schema before (no case_events bucket) with a
// case in its log gets the index built from the log when opened.
func TestMigrationNineIndexesCaseEvents(t *testing.T) {
	dir := t.TempDir()
	clk := &clock{now: time.Date(2026, 11, 25, 9, 0, 0, 0, shanghai)}
	s := openStore(t, dir, clk)
	seedWindows(t, s, 1)
	no := acceptOne(t, s)
	want, err := s.CaseEvents(no)
	if err != nil || len(want) == 0 {
		t.Fatalf("case events before: %v %v", want, err)
	}
	s.Close()
	before := 0 // the version before this migration, whatever number it has at merge
	for _, m := range migrations {
		if m.name == "index the events of each case" {
			before = m.version - 1
		}
	}
	db, err := bolt.Open(dir+"/onedoor.db", 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error { // back to schema 8, as an older program left it
		if err := tx.DeleteBucket(bucketCaseEvents); err != nil {
			return err
		}
		return tx.Bucket(bucketMeta).Put(keySchema, itob(uint64(before)))
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	s = openStore(t, dir, clk)
	got, err := s.CaseEvents(no)
	if err != nil || len(got) != len(want) {
		t.Fatalf("case events after the migration: %v %v, want %v", types(got), err, types(want))
	}
	for i := range got {
		if got[i].Seq != want[i].Seq {
			t.Fatalf("event %d: seq %d, want %d", i, got[i].Seq, want[i].Seq)
		}
	}
}
