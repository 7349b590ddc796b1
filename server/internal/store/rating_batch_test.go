package store

import (
	"context"
	"sync"
	"testing"
	"time"

	"onedoor/internal/queue"
	"onedoor/internal/testkit"
)

// TestEarlierDayRatingsInOneBatch rates yesterday's finished visit 20 times within one
// group commit (the writer is held until all 20 are queued): exactly one is accepted.
// The re-read of the stored ticket happens inside the writer, and the first rating
// writes the ticket back at once, so the second sees it rated even in the same batch.
func TestEarlierDayRatingsInOneBatch(t *testing.T) {
	clk := &clock{now: time.Date(2026, 11, 25, 10, 0, 0, 0, shanghai)}
	s := openStore(t, t.TempDir(), clk)
	ctx := context.Background()
	seedWindows(t, s, 1)
	v, _, err := s.Issue(ctx, queue.IssueCmd{Item: "440199-A-001", Source: "k"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok, err := s.Call(ctx, 1, "c"); !ok || err != nil {
		t.Fatal(ok, err)
	}
	if _, err := s.Start(ctx, 1, "c"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Finish(ctx, 1, "c", queue.Finishing{Outcome: queue.Consulted}); err != nil {
		t.Fatal(err)
	}
	clk.Set(time.Date(2026, 11, 26, 10, 0, 0, 0, shanghai))
	if err := s.Tick(ctx); err != nil {
		t.Fatal(err)
	}

	// Hold the writer, queue 20 ratings behind it, then let it take them as one batch.
	hold, held := make(chan struct{}), make(chan struct{})
	go s.exec(ctx, func(*Tx) error { close(held); <-hold; return nil })
	<-held
	const n = 20
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := s.Rate(ctx, v.Ticket.ID, 5, nil, "")
			errs <- err
		}()
	}
	// All twenty must wait in the queue behind the held command, to share one batch;
	// if they never do, the test would not test what it says.
	testkit.Until(t, "the 20 ratings queued behind the held command", 5*time.Second, func() bool { return len(s.ops) >= n })
	close(hold)
	wg.Wait()
	close(errs)
	accepted, conflicts := 0, 0
	for err := range errs {
		switch {
		case err == nil:
			accepted++
		case queue.ErrorCode(err) == queue.Conflict:
			conflicts++
		default:
			t.Errorf("rating: %v", err)
		}
	}
	if accepted != 1 || conflicts != n-1 {
		t.Fatalf("%d ratings of yesterday's visit in one batch: %d accepted, %d conflicts; want 1 and %d", n, accepted, conflicts, n-1)
	}
	if err := s.VerifyReplay(); err != nil {
		t.Fatal(err)
	}
}
