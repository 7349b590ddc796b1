package store

import (
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"syscall"
	"testing"
	"time"

	"onedoor/internal/queue"
)

// TestVerifyManyEvents measures VerifyFile (bbolt's check, the whole chain, the digests
// and the replay against every projection) on a log of ONEDOOR_VERIFY_EVENTS events
// built like TestRestartWithManyEvents'; the target is ≤ 10 s for 1,000,000. Skipped
// unless the variable is set; ONEDOOR_RESTART_DIR keeps and reuses the built log;
// ONEDOOR_VERIFY_COLD=1 empties the kernel's page cache before each run (as root), so
// that every run reads the file from the disk, as a verify of a backup does.
func TestVerifyManyEvents(t *testing.T) {
	total, _ := strconv.Atoi(os.Getenv("ONEDOOR_VERIFY_EVENTS"))
	if total <= 0 {
		t.Skip("set ONEDOOR_VERIFY_EVENTS (e.g. 1000000) to measure server verify")
	}
	dir := os.Getenv("ONEDOOR_RESTART_DIR")
	if dir == "" {
		dir = t.TempDir()
	}
	clk := &clock{now: time.Date(2025, 11, 1, 9, 0, 0, 0, shanghai)}
	s, err := Open(Options{Dir: dir, Catalog: catalog(t), Loc: shanghai, Policy: queue.DefaultPolicy(), Clock: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	if s.LastSeq() < uint64(total) {
		buildLog(t, s, clk, total)
	}
	s.Close()
	debug.SetGCPercent(400) // as `server verify` does
	var runs []time.Duration
	n, _ := strconv.Atoi(os.Getenv("ONEDOOR_VERIFY_RUNS"))
	if n <= 0 {
		n = 3
	}
	cold := os.Getenv("ONEDOOR_VERIFY_COLD") == "1"
	for i := 0; i < n; i++ {
		if cold {
			dropPageCache(t)
		}
		start := time.Now()
		rep, err := VerifyFile(filepath.Join(dir, "onedoor.db"), VerifyOptions{Catalog: catalog(t), Loc: shanghai, Policy: queue.DefaultPolicy()})
		if err != nil {
			t.Fatal(err)
		}
		runs = append(runs, time.Since(start))
		t.Logf("verify: %d events, %d digests, %s", rep.Events, rep.Digests, runs[i].Round(time.Millisecond))
	}
	t.Logf("verify of %d events (cold %v): median %s of %v", total, cold, median(runs), runs)
}

// dropPageCache writes the dirty pages out and empties the page cache.
func dropPageCache(t *testing.T) {
	t.Helper()
	syscall.Sync()
	if err := os.WriteFile("/proc/sys/vm/drop_caches", []byte("3"), 0o200); err != nil {
		t.Fatalf("empty the page cache (needs root): %v", err)
	}
}
