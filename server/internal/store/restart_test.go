package store

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"onedoor/internal/queue"
)

// TestRestartWithManyEvents builds a log of ONEDOOR_RESTART_EVENTS events (a year of a
// busy district hall: 3,000 visits a day, each issued, called, started and finished) and
// measures how long Open takes before the store serves. It is a measurement for make
// bench-restart, skipped unless the variable is set; the target is ≤ 1 s for 1,000,000.
func TestRestartWithManyEvents(t *testing.T) {
	total, _ := strconv.Atoi(os.Getenv("ONEDOOR_RESTART_EVENTS"))
	if total <= 0 {
		t.Skip("set ONEDOOR_RESTART_EVENTS (e.g. 1000000) to measure a restart")
	}
	dir := t.TempDir()
	clk := &clock{now: time.Date(2025, 11, 1, 9, 0, 0, 0, shanghai)}
	s := openStore(t, dir, clk)
	ctx := context.Background()
	seedWindows(t, s, 1)
	const perDay = 3000
	built := time.Now()
	visits := 0
	for s.LastSeq() < uint64(total) {
		// One transaction per 500 visits, built through the real command path.
		err := s.exec(ctx, func(tx *Tx) error {
			for i := 0; i < 500; i++ {
				id, _ := NewTicketID(tx.Now)
				evs, _, err := tx.Hall.Issue(queue.IssueCmd{ID: id, Item: "440199-A-001", Source: "k"}, tx.Now)
				if err != nil {
					return err
				}
				if err := tx.Emit(evs...); err != nil {
					return err
				}
				for _, step := range []func() ([]queue.Event, error){
					func() ([]queue.Event, error) { return tx.Hall.Call(1, "c", tx.Now) },
					func() ([]queue.Event, error) { return tx.Hall.Start(1, "c", tx.Now) },
					func() ([]queue.Event, error) {
						return tx.Hall.Finish(1, "c", queue.Completed, nil, "", tx.Now)
					},
				} {
					evs, err := step()
					if err != nil {
						return err
					}
					if err := tx.Emit(evs...); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if visits += 500; visits%perDay == 0 { // next day: roll over, open the window again
			clk.Set(clk.Now().AddDate(0, 0, 1))
			s.Tick(ctx)
			if _, err := s.WindowCommand(ctx, 1, "c", "open", ""); err != nil {
				t.Fatal(err)
			}
		}
	}
	t.Logf("built %d events in %s", s.LastSeq(), time.Since(built).Round(time.Second))
	s.Close()
	fi, _ := os.Stat(dir + "/onedoor.db")
	start := time.Now()
	s2, err := Open(Options{Dir: dir, Catalog: catalog(t), Loc: shanghai, Policy: queue.DefaultPolicy(), Clock: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s2.Issue(ctx, queue.IssueCmd{Item: "440199-A-001", Source: "k"}, nil); err != nil {
		t.Fatal(err)
	}
	ready := time.Since(start)
	s2.Close()
	t.Logf("restart with %d events (%d MiB file): ready and first ticket issued in %s", total, fi.Size()>>20, ready.Round(time.Millisecond))
}
