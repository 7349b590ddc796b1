package app

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"

	"onedoor/internal/client"
	"onedoor/internal/wire"
	"onedoor/server/internal/httpapi"
	"onedoor/server/internal/store"
)

// addrClient talks to the server from the loopback address ip (any of 127.0.0.0/8
// reaches the server on 127.0.0.1): another machine in the hall.
type addrClient struct {
	t     *testing.T
	base  string
	hc    *http.Client
	token string
}

func fromAddr(t *testing.T, base, ip string) *addrClient {
	t.Helper()
	tr := &http.Transport{DialContext: (&net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}}).DialContext}
	t.Cleanup(tr.CloseIdleConnections)
	return &addrClient{t: t, base: base, hc: &http.Client{Transport: tr, Timeout: 30 * time.Second}}
}

// do sends a request with the client's token and returns the status and body.
func (c *addrClient) do(method, path, body string) (int, string) {
	c.t.Helper()
	req, _ := http.NewRequest(method, c.base+path, strings.NewReader(body))
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// login logs in and keeps the token; it returns the status and body.
func (c *addrClient) login(staff, pin string, window int) (int, string) {
	c.t.Helper()
	status, body := c.do("POST", "/api/v1/login", fmt.Sprintf(`{"staff":%q,"pin":%q,"window":%d}`, staff, pin, window))
	if status == 200 {
		var res wire.LoginResponse
		if err := json.Unmarshal([]byte(body), &res); err != nil {
			c.t.Fatal(err)
		}
		c.token = res.Token
	}
	return status, body
}

// loginAnswer is what a login tells the caller: the status and the error's message.
func loginAnswer(c *client.Client, staff, pin string, window int) (int, string) {
	_, err := c.Login(context.Background(), wire.LoginRequest{Staff: staff, PIN: pin, Window: window})
	if err == nil {
		return 200, ""
	}
	return client.StatusOf(err), err.Error()
}

// TestLoginRefusalsLookAlike is finding 7's second half: an unknown account, a real one
// with a wrong PIN, and a locked one (with the right PIN too) get the same status and
// message, and take the same time, so that nobody can tell which accounts exist.
func TestLoginRefusalsLookAlike(t *testing.T) {
	ts := startServerWith(t, func(c *Config) { c.Limits = httpapi.Limits{LoginRate: -1} })
	c := client.New(ts.URL(), "")
	cases := []struct{ name, staff, pin string }{
		{"unknown staff", "nobody", "123456"},
		{"wrong PIN", "demo2", "000000"},
		{"locked (right PIN)", "demo3", DemoPIN},
	}
	for i := 0; i < store.MaxFailures; i++ { // lock demo3 for this address
		loginAnswer(c, "demo3", "999999", 3)
	}
	var first string
	for _, tc := range cases {
		status, msg := loginAnswer(c, tc.staff, tc.pin, 2)
		if status != http.StatusUnauthorized {
			t.Errorf("%s: status %d, want 401: %s", tc.name, status, msg)
		}
		if first == "" {
			first = msg
		} else if msg != first {
			t.Errorf("%s: message %q differs from %q", tc.name, msg, first)
		}
	}
	if raceDetector {
		t.Log("timing not compared under -race (bcrypt takes seconds there)")
		return
	}
	// Timing: interleaved tries of each, medians compared. A leak (a refusal that skips
	// the PIN hash) is tens of milliseconds in every round; a machine busy with other
	// work can spread one round's medians as much, so up to three rounds are measured and
	// the refusals must look alike in one of them.
	var spreads [][]time.Duration
	for round := 0; round < 3; round++ {
		med := refusalMedians(c, cases)
		t.Logf("round %d: median login refusal: unknown %v, wrong PIN %v, locked %v", round+1, med[0], med[1], med[2])
		if lo, hi := slicesMinMax(med); hi-lo <= 8*time.Millisecond+lo/20 {
			return
		}
		spreads = append(spreads, med)
	}
	t.Fatalf("refusals can be told apart by time in every round: medians %v", spreads)
}

// refusalMedians times 25 interleaved, shuffled tries of each case and returns each
// case's median.
func refusalMedians(c *client.Client, cases []struct{ name, staff, pin string }) []time.Duration {
	const tries = 25
	times := make([][]time.Duration, len(cases))
	for i := 0; i < tries; i++ {
		for _, j := range rand.Perm(len(cases)) { // shuffled: no order effect
			tc := cases[j]
			t0 := time.Now()
			loginAnswer(c, tc.staff, tc.pin, 2)
			times[j] = append(times[j], time.Since(t0))
		}
	}
	med := make([]time.Duration, len(cases))
	for j := range cases {
		sort.Slice(times[j], func(a, b int) bool { return times[j][a] < times[j][b] })
		med[j] = times[j][tries/2]
	}
	return med
}

func slicesMinMax(d []time.Duration) (time.Duration, time.Duration) {
	lo, hi := d[0], d[0]
	for _, x := range d {
		lo, hi = min(lo, x), max(hi, x)
	}
	return lo, hi
}

// TestLockoutIsPerAddress is finding 7's first half: five wrong PINs from one address
// lock that address out of the account, not the account itself; a clerk at another
// machine still logs in, a supervisor's unlock lifts the lock, and the unlock is in
// the audit trail.
func TestLockoutIsPerAddress(t *testing.T) {
	ts := startServer(t)
	attacker, sup := fromAddr(t, ts.URL(), "127.0.0.3"), fromAddr(t, ts.URL(), "127.0.0.4")
	for i := 0; i < store.MaxFailures; i++ {
		if status, body := attacker.login("super", "000000", 0); status != http.StatusUnauthorized {
			t.Fatalf("wrong PIN %d: %d %s", i+1, status, body)
		}
	}
	if status, body := attacker.login("super", DemoPIN, 0); status != http.StatusUnauthorized {
		t.Fatalf("the attacker's address is not locked out: %d %s", status, body)
	}
	// The supervisor at another machine is not locked out.
	if status, body := sup.login("super", DemoPIN, 0); status != 200 {
		t.Fatalf("supervisor from another address after someone else's wrong PINs: %d %s", status, body)
	}
	// A clerk may not unlock; a supervisor may, and it is recorded.
	clerkTok := ts.clerk(1).Token()
	if status, body := ts.raw("POST", "/api/v1/admin/staff/super/unlock", clerkTok, ""); status != http.StatusForbidden {
		t.Fatalf("a clerk unlocking: %d %s", status, body)
	}
	if status, body := sup.do("POST", "/api/v1/admin/staff/nobody/unlock", ""); status != http.StatusNotFound {
		t.Fatalf("unlocking unknown staff: %d %s", status, body)
	}
	if status, body := sup.do("POST", "/api/v1/admin/staff/super/unlock", ""); status != http.StatusNoContent {
		t.Fatalf("unlock: %d %s", status, body)
	}
	if status, body := attacker.login("super", DemoPIN, 0); status != 200 {
		t.Fatalf("after the unlock, the right PIN from the locked address: %d %s", status, body)
	}
	status, body := sup.do("GET", "/api/v1/events?after=0&limit=1000", "")
	var evs wire.Events
	if err := json.Unmarshal([]byte(body), &evs); status != 200 || err != nil {
		t.Fatalf("audit trail: %d %v", status, err)
	}
	found := false
	for _, ev := range evs.Events {
		if ev.Type == "staff.unlocked" && ev.Reason == "super" && ev.Staff == "super" {
			found = true
		}
	}
	if !found {
		t.Fatal("the unlock is not in the audit trail")
	}
}

// TestLoginAndPublicRateLimits: past the burst, an address gets 429 with Retry-After
// and the usual JSON error; another address is unaffected.
func TestLoginAndPublicRateLimits(t *testing.T) {
	ts := startServerWith(t, func(c *Config) {
		c.Limits = httpapi.Limits{LoginRate: 0.01, LoginBurst: 3, PublicRate: 0.01, PublicBurst: 5, OnLoopback: true}
	})
	for _, tc := range []struct {
		name, method, path, body string
		burst                    int
	}{
		{"login", "POST", "/api/v1/login", `{"staff":"nobody","pin":"123456"}`, 3},
		{"queue", "GET", "/api/v1/queue", "", 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for i := 0; i < tc.burst; i++ {
				if status, body := ts.raw(tc.method, tc.path, "", tc.body); status == http.StatusTooManyRequests {
					t.Fatalf("request %d within the burst: %d %s", i+1, status, body)
				}
			}
			req, _ := http.NewRequest(tc.method, ts.URL()+tc.path, strings.NewReader(tc.body))
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" ||
				!strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
				t.Fatalf("past the burst: %d, Retry-After %q, %s", resp.StatusCode, resp.Header.Get("Retry-After"), resp.Header.Get("Content-Type"))
			}
			if status, body := fromAddr(t, ts.URL(), "127.0.0.5").do(tc.method, tc.path, tc.body); status == http.StatusTooManyRequests {
				t.Fatalf("another address is limited too: %d %s", status, body)
			}
		})
	}
}
