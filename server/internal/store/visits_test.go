package store

import (
	"context"
	"testing"
	"time"

	"onedoor/internal/queue"
)

// TestVisitsOutliveARestart: how calls ended (a visit, a no-show and the 3 minutes it
// held its window) is kept with the hall, as its service times are, and the log
// replays to it.
func TestVisitsOutliveARestart(t *testing.T) {
	dir := t.TempDir()
	clk := &clock{now: time.Date(2026, 11, 25, 9, 0, 0, 0, shanghai)}
	s := openStore(t, dir, clk)
	ctx := context.Background()
	seedWindows(t, s, 1)
	for range 2 {
		if _, _, err := s.Issue(ctx, queue.IssueCmd{Item: "440199-A-001", Source: "kiosk-1"}, nil); err != nil {
			t.Fatal(err)
		}
	}
	if _, ok, err := s.Call(ctx, 1, "clerk"); !ok || err != nil {
		t.Fatal(ok, err)
	}
	clk.Set(clk.Now().Add(3 * time.Minute))
	if _, err := s.NoShow(ctx, 1, "clerk", queue.Why{}); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := s.Call(ctx, 1, "clerk"); !ok || err != nil {
		t.Fatal(ok, err)
	}
	if _, err := s.Start(ctx, 1, "clerk"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Finish(ctx, 1, "clerk", queue.Finishing{Outcome: queue.Consulted}); err != nil {
		t.Fatal(err)
	}
	var want queue.Visits
	s.Read(func(h *queue.Hall) { want = h.Visits })
	if want.N != 2 || want.NoShowShare != 0.5 || want.NoShowTime.Value() != 3*time.Minute {
		t.Fatalf("visits %+v; want 2 calls, half no-shows, 3 min", want)
	}
	s.Close()
	s2 := openStore(t, dir, clk)
	s2.Read(func(h *queue.Hall) {
		if h.Visits != want {
			t.Fatalf("reopened: visits %+v, want %+v", h.Visits, want)
		}
	})
	if err := s2.VerifyReplay(); err != nil {
		t.Fatal(err)
	}
}
