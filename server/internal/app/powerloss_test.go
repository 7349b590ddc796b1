package app

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"onedoor/internal/client"
	"onedoor/internal/testkit"
	"onedoor/internal/testkit/powerfs"
)

// startPowerChild is startChild for the power-loss test: a server that does not come
// up on what survived a cut is an answer, not a harness failure, so it returns the
// child's stderr instead of failing. The child is killed when the test ends, before
// the file system is unmounted.
func startPowerChild(t *testing.T, dir string, extra ...string) (*child, error) {
	t.Helper()
	var stderr testkit.Buffer
	c := launchChild(t, dir, &stderr, extra...)
	if c == nil {
		return nil, fmt.Errorf("the server did not start: %s", strings.TrimSpace(stderr.String()))
	}
	t.Cleanup(c.kill)
	return c, nil
}

// powerCutRun runs the server on a power-cut file system under kiosk load, cuts the
// power cuts times at random moments (SIGKILL, then the file system loses what was not
// synced, alternately all of it and a random subset of pages, then remounts), restarts
// it on what is durable, and checks that every acknowledged ticket is there, no number
// repeats, bbolt's check passes and the log replays.
func powerCutRun(t *testing.T, cuts, workers int, extra ...string) {
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	pfs := powerfs.ForTest(t, seed)
	rng := rand.New(rand.NewPCG(seed, 11))
	dir := filepath.Join(pfs.Dir(), "data")
	extra = append([]string{"-addr", freeAddr(t)}, extra...)
	var mu sync.Mutex
	var got []acked
	var checked int // got[:checked] were found after a restart
	var lost powerfs.Loss
	for round := 0; round <= cuts; round++ {
		c, err := startPowerChild(t, dir, extra...)
		if err != nil {
			t.Fatalf("after %d cuts (%d pages lost): %v", round, lost.Dropped, err)
		}
		if round > 0 { // the tickets acknowledged before this cut, at once: later load must not hide a loss
			mu.Lock()
			checkAcked(t, c.url, got[checked:])
			checked = len(got)
			mu.Unlock()
		}
		kc := client.New(c.url, c.token)
		ctx, stop := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		issueLoad(ctx, &wg, kc, workers, fmt.Sprintf("p%d-", round), nil, func(a acked) { mu.Lock(); got = append(got, a); mu.Unlock() })
		if round < cuts {
			time.Sleep(time.Duration(50+rng.IntN(250)) * time.Millisecond) // a random moment to cut at
			c.kill()
			stop()
			wg.Wait()
			mode := powerfs.Mode(round % 2)
			loss, err := pfs.Cut(mode)
			if err != nil {
				t.Fatal(err)
			}
			lost.Files += loss.Files
			lost.Dropped += loss.Dropped
			lost.Kept += loss.Kept
			t.Logf("cut %d (%v): %d tickets acknowledged so far; %d unsynced pages lost, %d kept", round+1, mode, len(got), loss.Dropped, loss.Kept)
			continue
		}
		// Last round: stop the load, check through the API, then shut down cleanly.
		testkit.Until(t, "a ticket acknowledged after the last restart", 10*time.Second, func() bool {
			mu.Lock()
			defer mu.Unlock()
			return len(got) > checked
		})
		stop()
		wg.Wait()
		checkAcked(t, c.url, got)
		c.cmd.Process.Signal(syscall.SIGTERM)
		c.cmd.Wait()
	}
	if len(got) == 0 {
		t.Fatal("no ticket was acknowledged")
	}
	// The file as it is on the durable side: bbolt's check, and the log replays.
	if err := pfs.Unmount(); err != nil {
		t.Fatal(err)
	}
	checkDataDir(t, filepath.Join(pfs.Backing(), "data"), "after the cuts")
	t.Logf("%d power cuts, %d tickets acknowledged, every one kept; %d unsynced pages lost, %d kept at random",
		cuts, len(got), lost.Dropped, lost.Kept)
}

// TestPowerLossNeverLosesAnAcknowledgedTicket cuts the power ONEDOOR_CUTS times (3 by
// default; 20 for the acceptance run), alternating the two modes.
func TestPowerLossNeverLosesAnAcknowledgedTicket(t *testing.T) {
	if testing.Short() {
		t.Skip("power-loss test skipped in -short mode")
	}
	cuts := 3
	if v := os.Getenv("ONEDOOR_CUTS"); v != "" {
		if _, err := fmt.Sscan(v, &cuts); err != nil || cuts < 1 {
			t.Fatalf("ONEDOOR_CUTS=%q: want a positive number", v)
		}
	}
	powerCutRun(t, cuts, 8)
}

// powerLossSymptoms are the failures the power-loss test reports for a server that does
// not make its answers durable.
var powerLossSymptoms = []string{"is lost", "now has number", "issued twice", "acknowledged", "did not start",
	"the data file after the cuts", "bbolt check after the cuts", "replay after the cuts"}

// TestPowerLossTestCatchesNoSync runs the power-loss test against a server that never
// fsyncs, and expects it to fail: the test can tell a server that loses data at a
// power cut.
func TestPowerLossTestCatchesNoSync(t *testing.T) {
	if testing.Short() {
		t.Skip("power-loss test skipped in -short mode")
	}
	if os.Getenv("ONEDOOR_EXPECT_FAIL") == "1" {
		powerCutRun(t, 3, 8, "-unsafe-no-sync")
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestPowerLossTestCatchesNoSync$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), "ONEDOOR_EXPECT_FAIL=1")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("the power-loss test passed against a server that never fsyncs:\n%s", out)
	}
	caught := firstLine(string(out), "--- FAIL") // the failing line is the one after the logs
	for _, l := range strings.Split(string(out), "\n") {
		if strings.Contains(l, "powerloss_test.go") && !strings.Contains(l, "seed") && !strings.Contains(l, "cut ") {
			caught = strings.TrimSpace(l)
		}
	}
	for _, s := range powerLossSymptoms {
		if strings.Contains(caught, s) {
			t.Logf("caught: %s", caught)
			return
		}
	}
	t.Fatalf("the power-loss test failed for another reason:\n%s", out)
}
