package app

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"sync"
	"syscall"
	"testing"
	"time"

	"onedoor/internal/client"
	"onedoor/internal/testkit"
	"onedoor/internal/wire"
)

// serveWhileAlive has the clerk of window n start and finish whatever the server calls
// to it until ctx ends, riding out the server's crashes; it never asks for a call.
func serveWhileAlive(ctx context.Context, c *client.Client, n int) {
	for ctx.Err() == nil {
		tk, ok, err := c.Current(ctx, n)
		if err != nil || !ok {
			sleep(ctx, 2*time.Millisecond)
			continue
		}
		if tk.State == "called" {
			if _, err := c.Act(ctx, n, "start"); err != nil {
				continue
			}
		}
		c.Finish(ctx, n, wire.FinishRequest{Outcome: "consulted"})
	}
}

// TestCrashAutoCallLosesAndRepeatsNothing: windows 3 and 4 in auto mode (a 20 ms pause)
// serve a stream of tickets from kiosks while the server is killed with SIGKILL at
// random moments and restarted. No acknowledged ticket is lost, no number repeats, every
// ticket is called once, by the server, to a window that was free, and after the last
// restart the auto windows call every ticket left waiting.
func TestCrashAutoCallLosesAndRepeatsNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test skipped in -short mode")
	}
	kills := 4
	if v := os.Getenv("ONEDOOR_KILLS"); v != "" {
		fmt.Sscan(v, &kills)
	}
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 11))
	extra := []string{"-addr", freeAddr(t), "-auto-pause", "20ms"}
	var mu sync.Mutex
	var got []acked
	clerks := map[int]*client.Client{}
	var last *child
	for round := 0; round <= kills; round++ {
		c := startChild(t, dir, extra...)
		last = c
		if round == 0 {
			sup := client.New(c.url, "")
			if _, err := sup.Login(context.Background(), wire.LoginRequest{Staff: "super", PIN: DemoPIN}); err != nil {
				t.Fatal(err)
			}
			for _, n := range []int{3, 4} {
				clerks[n] = childClerk(t, c.url, n)
				if _, err := sup.SetWindowMode(context.Background(), n, "auto"); err != nil {
					t.Fatal(err)
				}
			}
		}
		ctx, stop := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		for n, clerk := range clerks {
			wg.Add(1)
			go func() { defer wg.Done(); serveWhileAlive(ctx, clerk, n) }()
		}
		var load sync.WaitGroup
		lctx, stopLoad := context.WithCancel(ctx)
		issueLoad(lctx, &load, client.New(c.url, c.token), 4, fmt.Sprintf("auto-r%d-", round), nil,
			func(a acked) { mu.Lock(); got = append(got, a); mu.Unlock() })
		time.Sleep(time.Duration(100+rng.IntN(300)) * time.Millisecond) // a random moment to crash at
		if round < kills {
			c.kill()
			stopLoad()
			stop()
			load.Wait()
			wg.Wait()
			continue
		}
		stopLoad()
		load.Wait()
		testkit.Until(t, "every ticket left waiting called and served", 30*time.Second, func() bool {
			q, err := client.New(c.url, "").Queue(ctx)
			if err != nil {
				return false
			}
			for _, cq := range q.Categories {
				if cq.Waiting > 0 {
					return false
				}
			}
			return true
		})
		stop()
		wg.Wait()
	}
	if len(got) == 0 {
		t.Fatal("no ticket was acknowledged")
	}
	checkAcked(t, last.url, got)
	evs := auditTrail(t, last.url)
	issued := map[string]bool{}
	for _, ev := range evs {
		if ev.Type == "ticket.issued" {
			issued[ev.Ticket.ID] = true
		}
	}
	checkCallsOnce(t, evs, issued, map[int]bool{3: true, 4: true})
	calls := len(callSeqs(evs))
	last.cmd.Process.Signal(syscall.SIGTERM)
	last.cmd.Wait()
	checkDataDir(t, dir, "after the kills")
	t.Logf("%d kills, %d tickets acknowledged, %d auto calls, each ticket called once", kills, len(got), calls)
}
