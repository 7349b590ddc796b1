package app

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"onedoor/internal/client"
	"onedoor/internal/testkit"
	"onedoor/internal/wire"
)

func TestDeriveLimits(t *testing.T) {
	for _, tc := range []struct {
		nofile         uint64
		configured     int
		streams, conns int
	}{
		{256, 0, 192, 224},              // a reserve of 64 for all but streams
		{20000, 0, 18976, 19968},        // the red team's machine: the cap is no longer the limit
		{1 << 20, 0, 20000, 1<<20 - 32}, // plenty: the configured cap
		{1 << 20, 500, 500, 1<<20 - 32},
		{4096, 100000, 3584, 4064},
		{50, 0, 1, 18},
	} {
		l := deriveLimits(tc.nofile, tc.configured)
		if l.streams != tc.streams || l.conns != tc.conns {
			t.Errorf("nofile %d, configured %d: streams %d conns %d, want %d %d", tc.nofile, tc.configured, l.streams, l.conns, tc.streams, tc.conns)
		}
		if l.streams >= l.conns {
			t.Errorf("nofile %d: stream cap %d leaves no connection for kiosks (%d)", tc.nofile, l.streams, l.conns)
		}
	}
}

// TestDescriptorLimitKeepsRoomForKiosks is finding 2: a server started with only 256
// descriptors gets twice its stream cap of websocket attempts; kiosks and /healthz are
// still answered and the server never runs out of descriptors.
func TestDescriptorLimitKeepsRoomForKiosks(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	args, _ := json.Marshal([]string{"-demo", "-addr", "127.0.0.1:0", "-data", t.TempDir()})
	cmd := exec.Command(sh, "-c", `ulimit -n 256 && exec "$0" -test.run='^$'`, os.Args[0])
	cmd.Env = append(os.Environ(), "ONEDOOR_CHILD_ARGS="+string(args))
	stderr := &testkit.Buffer{}
	cmd.Stderr = stderr
	base, token, err := testkit.StartServer(cmd)
	if err != nil {
		t.Fatalf("the child server did not start: %v: %s", err, stderr.String())
	}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	})

	// Twice the cap of anonymous websockets, 32 at a time; those let in stay open.
	const attempts = 2 * 192
	u, _ := url.Parse(base)
	u.Scheme, u.Path = "ws", "/api/v1/stream"
	var mu sync.Mutex
	var open []*websocket.Conn
	var refused, failed atomic.Int64
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < 32; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d := websocket.Dialer{HandshakeTimeout: 5 * time.Second}
			for range next {
				ws, resp, err := d.Dial(u.String(), nil)
				switch {
				case err == nil:
					mu.Lock()
					open = append(open, ws)
					mu.Unlock()
				case resp != nil && resp.StatusCode == http.StatusServiceUnavailable:
					refused.Add(1)
				default:
					failed.Add(1)
				}
			}
		}()
	}
	for i := 0; i < attempts; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
	defer func() {
		for _, ws := range open {
			ws.Close()
		}
	}()
	t.Logf("%d attempts: %d open, %d refused with 503, %d failed", attempts, len(open), refused.Load(), failed.Load())

	// With every stream slot taken, the rest of the hall is still served.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	hc := &http.Client{Timeout: 5 * time.Second}
	resp, err := hc.Get(base + "/healthz")
	if err != nil {
		t.Fatalf("/healthz with the streams full: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("/healthz: %d", resp.StatusCode)
	}
	if _, err := client.New(base, token).Issue(ctx, wire.IssueRequest{Item: "440199-A-001"}, "fd-1"); err != nil {
		t.Fatalf("a kiosk with the streams full: %v", err)
	}
	if text := stderr.String(); strings.Contains(text, "too many open files") {
		t.Fatalf("the server ran out of descriptors: %s", grepLines(text, "too many open files"))
	}
	if len(open) > 192 || refused.Load() == 0 || failed.Load() > 0 {
		t.Fatalf("%d open, %d refused, %d failed: want at most 192 open and the rest refused clearly", len(open), refused.Load(), failed.Load())
	}
	if !strings.Contains(stderr.String(), "max_streams=192") {
		t.Fatalf("the derived caps are not logged as expected: %s", grepLines(stderr.String(), "limit"))
	}
}
