package app

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"onedoor/internal/wire"
)

// TestHostileInput runs a table of attacks against the real server: each is answered
// with a clear error or harmlessly, the server stays alive and its data intact.
func TestHostileInput(t *testing.T) {
	ts := startServerWith(t, func(c *Config) { c.HeaderTimeout = 300 * time.Millisecond; c.MaxStreams = 200 })
	ctx := context.Background()
	c1 := ts.clerk(1)
	before := ts.issue("440199-A-001")

	t.Run("oversized headers", func(t *testing.T) {
		status, _ := ts.raw("GET", "/api/v1/queue", "", "", "X-Junk", strings.Repeat("a", 64<<10))
		if status != http.StatusRequestHeaderFieldsTooLarge {
			t.Fatalf("status %d", status)
		}
	})
	t.Run("slow loris", func(t *testing.T) {
		var conns []net.Conn
		for i := 0; i < 50; i++ {
			c, err := net.Dial("tcp", ts.Addr())
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(c, "GET /api/v1/queue HTTP/1.1\r\nHost: x\r\nX-a: ") // and never finish
			conns = append(conns, c)
		}
		// Others are served meanwhile.
		if _, err := ts.kiosk.Queue(ctx); err != nil {
			t.Fatalf("a normal request during the attack: %v", err)
		}
		// And the slow ones are cut off after the header timeout.
		for _, c := range conns {
			c.SetReadDeadline(time.Now().Add(5 * time.Second))
			if _, err := io.ReadAll(c); err != nil {
				t.Fatalf("slow connection not closed by the server: %v", err)
			}
			c.Close()
		}
	})
	t.Run("websocket connect flood", func(t *testing.T) {
		u, _ := url.Parse(ts.URL())
		u.Scheme, u.Path = "ws", "/api/v1/stream"
		var open []*websocket.Conn
		refused := 0
		for i := 0; i < 300; i++ {
			c, resp, err := websocket.DefaultDialer.Dial(u.String(), nil)
			if err != nil {
				if resp != nil && resp.StatusCode == http.StatusServiceUnavailable {
					refused++
					continue
				}
				t.Fatalf("dial %d: %v", i, err)
			}
			open = append(open, c)
		}
		if refused == 0 || len(open) > 200 {
			t.Fatalf("%d open, %d refused: the cap of 200 did not hold", len(open), refused)
		}
		if _, err := ts.kiosk.Queue(ctx); err != nil {
			t.Fatalf("server during the flood: %v", err)
		}
		for _, c := range open {
			c.Close()
		}
	})
	t.Run("token guessing", func(t *testing.T) {
		for i := 0; i < 200; i++ {
			b := make([]byte, 32)
			rand.Read(b)
			if status, _ := ts.raw("POST", "/api/v1/windows/1/call", base64.RawURLEncoding.EncodeToString(b), ""); status != 401 {
				t.Fatalf("guess %d: status %d", i, status)
			}
		}
	})
	t.Run("malformed UTF-8", func(t *testing.T) {
		for _, tc := range []struct{ path, token, body string }{
			{"/api/v1/tickets", ts.KioskToken, "\xff\xfe{"},
			{"/api/v1/tickets", ts.KioskToken, `{"item":"440199-A-001","source":"` + "\xc3\x28" + `"}`},
			{"/api/v1/tickets", ts.KioskToken, "{\"item\":\"\xed\xa0\x80\"}"}, // a UTF-8-encoded surrogate
			{"/api/v1/windows/1/pause", c1.Token(), "{\"reason\":\"午休\xff\"}"},
			{"/api/v1/login", "", "{\"staff\":\"demo1\xff\",\"pin\":\"123456\"}"},
		} {
			status, resp := ts.raw("POST", tc.path, tc.token, tc.body)
			if status != 400 || !strings.Contains(resp, "UTF-8") {
				t.Fatalf("%q: %d %s", tc.body, status, resp)
			}
		}
	})
	t.Run("invalid ids and path tricks", func(t *testing.T) {
		for _, p := range []string{
			"/api/v1/tickets/" + strings.Repeat("a", 5000),
			"/api/v1/tickets/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
			"/api/v1/tickets/../../../etc/passwd",
			"/api/v1/windows/99999999999999999999/call",
			"/api/v1/windows/-1/open",
			"/api/v1/tickets/%00",
		} {
			status, body := ts.raw("GET", p, "", "")
			if status == 200 || status >= 500 || strings.Contains(body, "root:") {
				t.Fatalf("%s: %d %s", p, status, body)
			}
		}
	})
	t.Run("markup and SQL in text fields stay text", func(t *testing.T) {
		evil := `<script>alert(1)</script>'; DROP TABLE tickets;--`
		if _, err := c1.WindowState(ctx, 1, "pause", evil); err != nil {
			t.Fatal(err)
		}
		q, err := ts.kiosk.Queue(ctx)
		if err != nil || q.Windows[0].Reason != evil {
			t.Fatalf("reason came back as %q (%v)", q.Windows[0].Reason, err)
		}
		_, raw := ts.raw("GET", "/api/v1/queue", "", "")
		if strings.Contains(raw, "<script>") {
			t.Fatalf("the JSON answer carries raw markup: %s", raw)
		}
		c1.WindowState(ctx, 1, "open", "")
		if _, err := ts.kiosk.Issue(ctx, wire.IssueRequest{Item: evil}, nextKey()); err == nil {
			t.Fatal("an item code of markup was accepted")
		}
	})
	t.Run("request smuggling shapes", func(t *testing.T) {
		c, err := net.Dial("tcp", ts.Addr())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		fmt.Fprintf(c, "POST /api/v1/tickets HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != 400 && resp.StatusCode != 401 {
			t.Fatalf("status %d", resp.StatusCode)
		}
	})
	// Alive, and the data intact.
	if got, err := ts.kiosk.Ticket(ctx, before.ID); err != nil || got.Number != before.Number {
		t.Fatalf("after the attacks: %+v %v", got, err)
	}
	if after := ts.issue("440199-A-001"); after.Number != "A002" {
		t.Fatalf("next number %s, want A002: something was issued by an attack", after.Number)
	}
}
