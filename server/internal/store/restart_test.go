package store

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"onedoor/internal/queue"
)

// TestRestartWithManyEvents builds a log of ONEDOOR_RESTART_EVENTS events (a year of a
// busy district hall: 3,000 visits a day, each issued, called, started and finished) and
// measures how long Open takes before the store serves: three restarts after a clean
// stop, and three from the file as a power cut leaves it (a copy taken before the clean
// stop). It is a measurement for make bench-restart, skipped
// unless the variable is set; the target is ≤ 1 s for 1,000,000. ONEDOOR_RESTART_DIR
// keeps the built log there and reuses it on the next run.
func TestRestartWithManyEvents(t *testing.T) {
	total, _ := strconv.Atoi(os.Getenv("ONEDOOR_RESTART_EVENTS"))
	if total <= 0 {
		t.Skip("set ONEDOOR_RESTART_EVENTS (e.g. 1000000) to measure a restart")
	}
	dir := os.Getenv("ONEDOOR_RESTART_DIR")
	if dir == "" {
		dir = t.TempDir()
	}
	clk := &clock{now: time.Date(2025, 11, 1, 9, 0, 0, 0, shanghai)}
	ctx := context.Background()
	open := func(dir string) *Store {
		s, err := Open(Options{Dir: dir, Catalog: catalog(t), Loc: shanghai, Policy: queue.DefaultPolicy(), Clock: clk.Now})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	s := open(dir)
	if s.LastSeq() < uint64(total) {
		buildLog(t, s, clk, total)
	} else {
		// Reused: go on from the day after its last (the log holds 12,000 events a day).
		clk.Set(clk.Now().AddDate(0, 0, int(s.LastSeq())/12000+1))
		t.Logf("reusing %d events in %s", s.LastSeq(), dir)
	}
	// The crash image: the file after its last commit, before a clean stop.
	crashed := t.TempDir()
	copyFile(t, filepath.Join(dir, "onedoor.db"), filepath.Join(crashed, "image.db"))
	copyFile(t, filepath.Join(dir, "key"), filepath.Join(crashed, "key"))
	s.Close()
	fi, _ := os.Stat(filepath.Join(dir, "onedoor.db"))

	restart := func(dir string) time.Duration {
		start := time.Now()
		s := open(dir)
		if _, _, err := s.Issue(ctx, queue.IssueCmd{Item: "440199-A-001", Source: "k"}, nil); err != nil {
			t.Fatal(err)
		}
		ready := time.Since(start)
		s.Close()
		return ready
	}
	var clean, crash []time.Duration
	for i := 0; i < 3; i++ {
		clean = append(clean, restart(dir))
		copyFile(t, filepath.Join(crashed, "image.db"), filepath.Join(crashed, "onedoor.db"))
		crash = append(crash, restart(crashed))
	}
	t.Logf("restart with %d events (%d MiB file), ready and first ticket issued: after a clean stop %s (median of %v); after a crash %s (median of %v)",
		total, fi.Size()>>20, median(clean), clean, median(crash), crash)
}

// buildLog fills the store with visits up to total events, 500 visits a transaction,
// through the real command path, a day's worth at a time.
func buildLog(t *testing.T, s *Store, clk *clock, total int) {
	ctx := context.Background()
	seedWindows(t, s, 1)
	const perDay = 3000
	built := time.Now()
	visits := 0
	for s.LastSeq() < uint64(total) {
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
}

// copyFile copies a file and syncs it, so that the first commit after it does not pay
// for writing the copy out.
func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(to, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := f.Sync(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2].Round(time.Millisecond)
}
