package app

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"onedoor/internal/client"
	"onedoor/internal/queue"
	"onedoor/internal/testkit"
	"onedoor/internal/wire"
)

// TestMain lets the test binary play the server in a child process for the crash test.
func TestMain(m *testing.M) {
	if args := os.Getenv("ONEDOOR_CHILD_ARGS"); args != "" {
		var a []string
		if err := json.Unmarshal([]byte(args), &a); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		os.Exit(Main(a, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// child is a server process.
type child struct {
	cmd   *exec.Cmd
	url   string
	token string
}

// startChild runs the server in a child process on a free loopback port and waits until
// it prints its address and kiosk token.
func startChild(t *testing.T, dir string, extra ...string) *child {
	t.Helper()
	c := launchChild(t, dir, io.Discard, extra...)
	if c == nil {
		t.Fatalf("child server did not start")
	}
	return c
}

// launchChild runs the server in a child process (this test binary, through TestMain)
// on dir with extra flags and its stderr to stderr, and waits until it prints its
// address and kiosk token. A child that ends before it has printed both is reaped and
// launchChild returns nil.
func launchChild(t *testing.T, dir string, stderr io.Writer, extra ...string) *child {
	t.Helper()
	args, _ := json.Marshal(append([]string{"-demo", "-addr", "127.0.0.1:0", "-data", dir}, extra...))
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "ONEDOOR_CHILD_ARGS="+string(args))
	cmd.Stderr = stderr
	url, token, err := testkit.StartServer(cmd)
	if err != nil {
		return nil // the child ended first, and was reaped
	}
	// a test that fails before it stops its server must not leave the server running
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	return &child{cmd: cmd, url: url, token: token}
}

func (c *child) kill() {
	c.cmd.Process.Signal(syscall.SIGKILL)
	c.cmd.Wait()
}

// acked is a ticket a client got a success answer for.
type acked struct {
	key, id, number, day string
}

// issueLoad starts workers kiosks on wg, each issuing tickets through kc one after
// another until ctx ends or an issue fails (the server died under it: that answer never
// came). Worker w's i-th issue has the key keyPrefix+"w<w>-<i>" and the request req(w,
// i), or a plain one for item A when req is nil; record gets each acknowledged ticket,
// from the workers' goroutines.
func issueLoad(ctx context.Context, wg *sync.WaitGroup, kc *client.Client, workers int, keyPrefix string,
	req func(w, i int) wire.IssueRequest, record func(acked)) {
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; ctx.Err() == nil; i++ {
				key := fmt.Sprintf("%sw%d-%d", keyPrefix, w, i)
				r := wire.IssueRequest{Item: "440199-A-001"}
				if req != nil {
					r = req(w, i)
				}
				tk, err := kc.Issue(ctx, r, key)
				if err != nil {
					return
				}
				record(acked{key, tk.ID, tk.Number, tk.IssuedAt.Format("2006-01-02")})
			}
		}(w)
	}
}

// crashRun issues tickets from concurrent kiosks into a server that is killed with
// SIGKILL at random moments and restarted, kills times, then checks that every
// acknowledged ticket is there, no number repeats, and the file is consistent.
//
// Meanwhile window 1 calls and a board follows the board view through every crash on the
// same address, as a hall's would; at the end it must have had every call in the log,
// each once. Window 2 accepts visits of citizens with phones: every case acknowledged
// must reach the department's webhook and the SMS gateway once (crash_notify_test.go).
func crashRun(t *testing.T, kills, workers int, extra ...string) {
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))
	addr := freeAddr(t)
	notices, notifyFlags := newCrashNotices(t)
	extra = append(append([]string{"-addr", addr}, notifyFlags...), extra...)
	var mu sync.Mutex
	var got []acked
	board := newCollector()
	bctx, stopBoard := context.WithCancel(context.Background())
	defer stopBoard()
	var clerk, acceptor *client.Client
	var calls, cases, dups int
	for round := 0; round <= kills; round++ {
		c := startChild(t, dir, extra...)
		kc := client.New(c.url, c.token)
		if round == 0 {
			clerk = childClerk(t, c.url, 1) // its session outlives the crashes, as it is stored
			acceptor = childClerk(t, c.url, 2)
			go client.New(c.url, "").Subscribe(bctx, client.StreamOptions{View: "board", MinBackoff: 20 * time.Millisecond,
				MaxBackoff: 200 * time.Millisecond}, board.add)
		}
		mu.Lock()
		before := len(got) // what earlier rounds acknowledged
		mu.Unlock()
		casesBefore := notices.accepted()
		ctx, stop := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			callWhileAlive(ctx, clerk)
		}()
		wg.Add(1)
		go func() {
			defer wg.Done()
			notices.acceptWhileAlive(ctx, t, acceptor, 2)
		}()
		issueLoad(ctx, &wg, kc, workers, fmt.Sprintf("r%d-", round), nil, func(a acked) { mu.Lock(); got = append(got, a); mu.Unlock() })
		if round < kills {
			time.Sleep(time.Duration(50+rng.IntN(250)) * time.Millisecond) // a random moment to crash at
			c.kill()
			stop()
			wg.Wait()
			continue
		}
		// Last round: once the restarted server has acknowledged a ticket, stop the load,
		// check through the API, then shut down cleanly.
		testkit.Until(t, "a ticket acknowledged after the last restart", 10*time.Second, func() bool {
			mu.Lock()
			defer mu.Unlock()
			return len(got) > before
		})
		testkit.Until(t, "a case accepted after the last restart", 20*time.Second, func() bool { return notices.accepted() > casesBefore })
		stop()
		wg.Wait()
		checkAcked(t, c.url, got)
		calls = checkBoard(t, c.url, board)
		cases, dups = notices.check(t, c.url)
		c.cmd.Process.Signal(syscall.SIGTERM)
		c.cmd.Wait()
	}
	if len(got) == 0 {
		t.Fatal("no ticket was acknowledged")
	}
	checkDataDir(t, dir, "after the kills") // bbolt's check, and the log replays to the stored state
	t.Logf("%d kills, %d tickets acknowledged, %d calls, every one on the board; %d cases accepted, each delivered to the webhook and by SMS under one delivery id (%d raw duplicates)",
		kills, len(got), calls, cases, dups)
}

// checkAcked verifies every acknowledged ticket through the API and that no number was
// issued twice on a day.
func checkAcked(t *testing.T, url string, got []acked) {
	t.Helper()
	ctx := context.Background()
	pub := client.New(url, "")
	for _, a := range got {
		tk, err := pub.Ticket(ctx, a.id)
		if err != nil {
			t.Fatalf("acknowledged ticket %s (%s) is lost: %v", a.number, a.key, err)
		}
		if tk.Number != a.number {
			t.Fatalf("ticket %s now has number %s, the citizen was told %s", a.id, tk.Number, a.number)
		}
	}
	seen := map[string]string{}
	for _, ev := range auditTrail(t, url) {
		if ev.Type == "ticket.issued" {
			k := ev.At.Format("2006-01-02") + "/" + ev.Ticket.Number
			if prev, dup := seen[k]; dup {
				t.Fatalf("number %s issued twice (%s and %s)", k, prev, ev.Ticket.ID)
			}
			seen[k] = ev.Ticket.ID
		}
	}
	if len(seen) < len(got) {
		t.Fatalf("%d tickets in the log, %d acknowledged", len(seen), len(got))
	}
}

// callWhileAlive has window 1 call the next ticket and mark it a no-show, over and
// over, until ctx ends; a visit left open by a crash is closed the same way.
func callWhileAlive(ctx context.Context, clerk *client.Client) {
	for ctx.Err() == nil {
		_, ok, err := clerk.Call(ctx, 1)
		switch {
		case err != nil:
			clerk.Act(ctx, 1, "no-show") // still serving one from before the crash
			sleep(ctx, 5*time.Millisecond)
		case !ok:
			sleep(ctx, 5*time.Millisecond)
		default:
			clerk.Act(ctx, 1, "no-show")
		}
	}
}

func sleep(ctx context.Context, d time.Duration) {
	select {
	case <-time.After(d):
	case <-ctx.Done():
	}
}

// checkBoard waits for the board to reach the log's last call, then requires that it
// got every call in the log exactly once; it returns how many there were.
func checkBoard(t *testing.T, url string, board *collector) int {
	t.Helper()
	calls := callSeqs(auditTrail(t, url))
	if len(calls) == 0 {
		t.Fatal("window 1 called nobody")
	}
	board.waitSeq(t, calls[len(calls)-1])
	if seen := callSeqs(board.events()); !slices.Equal(seen, calls) {
		t.Fatalf("the board got %d calls, the log holds %d: every call must reach it once, in order", len(seen), len(calls))
	}
	return len(calls)
}

// callSeqs returns the seqs of the ticket.called events among evs.
func callSeqs(evs []wire.Event) []uint64 {
	var out []uint64
	for _, ev := range evs {
		if ev.Type == "ticket.called" {
			out = append(out, ev.Seq)
		}
	}
	return out
}

// auditTrail reads the whole event log through the API, as the supervisor.
func auditTrail(t *testing.T, url string) []wire.Event {
	t.Helper()
	ctx := context.Background()
	sup := client.New(url, "")
	if _, err := sup.Login(ctx, wire.LoginRequest{Staff: "super", PIN: DemoPIN}); err != nil {
		t.Fatal(err)
	}
	var all []wire.Event
	var after uint64
	for {
		page, err := sup.Events(ctx, after, 1000)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, page.Events...)
		if len(page.Events) == 0 {
			return all
		}
		after = page.Events[len(page.Events)-1].Seq
		if after >= page.Last {
			return all
		}
	}
}

// mustCatalog is the built-in sample catalog the demo server runs.
func mustCatalog(t *testing.T) *queue.Catalog {
	c, err := loadCatalog("")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestCrashNeverLosesAnAcknowledgedTicket is the short version run by make test; the
// soak (make soak) runs it with ONEDOOR_KILLS=50.
func TestCrashNeverLosesAnAcknowledgedTicket(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test skipped in -short mode")
	}
	kills := 5
	if v := os.Getenv("ONEDOOR_KILLS"); v != "" {
		fmt.Sscan(v, &kills)
	}
	crashRun(t, kills, 8)
}

// TestCrashTestCatchesAnEarlyAnswer runs the crash test against a server that answers
// before its commit, and expects it to fail: the test can tell a broken server.
func TestCrashTestCatchesAnEarlyAnswer(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test skipped in -short mode")
	}
	if os.Getenv("ONEDOOR_EXPECT_FAIL") == "1" {
		crashRun(t, 5, 8, "-unsafe-answer-early")
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashTestCatchesAnEarlyAnswer$", "-test.count=1")
	cmd.Env = append(os.Environ(), "ONEDOOR_EXPECT_FAIL=1")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("the crash test passed against a server that answers before committing:\n%s", out)
	}
	if !strings.Contains(string(out), "is lost") && !strings.Contains(string(out), "now has number") {
		t.Fatalf("the crash test failed for another reason:\n%s", out)
	}
	t.Logf("caught: %s", firstLine(string(out), "is lost", "now has number"))
}

func firstLine(s string, subs ...string) string {
	for _, l := range strings.Split(s, "\n") {
		for _, sub := range subs {
			if strings.Contains(l, sub) {
				return strings.TrimSpace(l)
			}
		}
	}
	return ""
}

// TestChildServerEndsWithItsTest: a test that ends before it stops its child server (a
// failure, as the crash test's expected one, or a skip) leaves no server running.
func TestChildServerEndsWithItsTest(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server process")
	}
	var c *child
	t.Run("ends early", func(t *testing.T) {
		c = startChild(t, t.TempDir())
		t.Skip("the test ends here, its server still up")
	})
	if err := c.cmd.Process.Signal(syscall.Signal(0)); err == nil {
		c.kill()
		t.Fatal("the child server outlived the test that started it")
	}
}
