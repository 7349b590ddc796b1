package app

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"onedoor/internal/client"
	"onedoor/internal/queue"
	"onedoor/internal/wire"
	"onedoor/server/internal/store"
)

// fakeClock is an injectable clock.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *fakeClock) Set(t time.Time)     { c.mu.Lock(); c.now = t; c.mu.Unlock() }
func (c *fakeClock) Add(d time.Duration) { c.mu.Lock(); c.now = c.now.Add(d); c.mu.Unlock() }

var shanghai, _ = time.LoadLocation("Asia/Shanghai")

// testServer is a real demo server on a loopback port with a kiosk client.
type testServer struct {
	*Server
	t     *testing.T
	clock *fakeClock
	kiosk *client.Client
}

func startServer(t *testing.T) *testServer { return startServerWith(t, nil) }

// startServerWith starts a demo server after letting tune change its configuration.
func startServerWith(t *testing.T, tune func(*Config)) *testServer {
	t.Helper()
	clk := &fakeClock{now: time.Date(2026, 11, 25, 9, 30, 0, 0, shanghai)}
	cfg := Config{Addr: "127.0.0.1:0", Data: t.TempDir(), TZ: "Asia/Shanghai", Demo: true,
		Policy: queue.DefaultPolicy(), Clock: clk.Now}
	if tune != nil {
		tune(&cfg)
	}
	srv, err := Start(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		// net/http's Shutdown counts a connection that never sent a request as active
		// for its first 5 s; tests with many clients at once leave such connections, so
		// allow more than that.
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		if err := srv.Close(ctx); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	ts := &testServer{Server: srv, t: t, clock: clk, kiosk: client.New(srv.URL(), srv.KioskToken)}
	checkStoreAtEnd(t, srv, "")
	return ts
}

// checkStoreAtEnd has the test, when it ends, require bbolt's check of srv's store to
// pass and its log to replay to the stored state; who names the server in the failure.
func checkStoreAtEnd(t *testing.T, srv *Server, who string) {
	t.Cleanup(func() {
		if err := srv.Store.Check(); err != nil {
			t.Errorf("%sstore check: %v", who, err)
		}
		if err := srv.Store.VerifyReplay(); err != nil {
			t.Errorf("%sreplay: %v", who, err)
		}
	})
}

// clerk logs clerk demo<n> in to window n and opens it; past the demo's six clerks it
// first adds demo<n> (a clerk holds one window at a time).
func (ts *testServer) clerk(n int) *client.Client {
	ts.t.Helper()
	c := client.New(ts.URL(), "")
	staff := fmt.Sprintf("demo%d", n)
	if err := ts.Store.EnsureStaff(context.Background(), staff, fmt.Sprintf("示例窗口员%d", n), store.RoleClerk, DemoPIN); err != nil {
		ts.t.Fatal(err)
	}
	if _, err := c.Login(context.Background(), wire.LoginRequest{Staff: staff, PIN: DemoPIN, Window: n}); err != nil {
		ts.t.Fatal(err)
	}
	if _, err := c.WindowState(context.Background(), n, "open", ""); err != nil {
		ts.t.Fatal(err)
	}
	return c
}

func (ts *testServer) supervisor() *client.Client {
	ts.t.Helper()
	c := client.New(ts.URL(), "")
	if _, err := c.Login(context.Background(), wire.LoginRequest{Staff: "super", PIN: DemoPIN}); err != nil {
		ts.t.Fatal(err)
	}
	return c
}

var keyN struct {
	sync.Mutex
	n int
}

func nextKey() string {
	keyN.Lock()
	defer keyN.Unlock()
	keyN.n++
	return fmt.Sprintf("key-%d", keyN.n)
}

func (ts *testServer) issue(item string) wire.Ticket {
	ts.t.Helper()
	tk, err := ts.kiosk.Issue(context.Background(), wire.IssueRequest{Item: item}, nextKey())
	if err != nil {
		ts.t.Fatal(err)
	}
	return tk
}

// raw sends a request with a raw body and returns the status and body.
func (ts *testServer) raw(method, path, token, body string, hdr ...string) (int, string) {
	ts.t.Helper()
	req, err := http.NewRequest(method, ts.URL()+path, strings.NewReader(body))
	if err != nil {
		ts.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		ts.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// validID completes 17 digits with their GB 11643 check character.
func validID(first17 string) string {
	c, _ := queue.IDCheckDigit(first17)
	return first17 + string(c)
}

// checkDataDir opens the data folder dir the way the server does, after a test's server
// has stopped, and requires bbolt's check to pass and the log to replay to the stored
// state; when says after what, for the failure.
func checkDataDir(t *testing.T, dir, when string) {
	t.Helper()
	st, err := store.Open(store.Options{Dir: dir, Catalog: mustCatalog(t), Loc: shanghai, Policy: queue.DefaultPolicy(),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatalf("the data file %s: %v", when, err)
	}
	defer st.Close()
	if err := st.Check(); err != nil {
		t.Fatalf("bbolt check %s: %v", when, err)
	}
	if err := st.VerifyReplay(); err != nil {
		t.Fatalf("replay %s: %v", when, err)
	}
}
