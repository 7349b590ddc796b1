package app

import (
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
)

// TestDebugListenerIsLoopbackOnly: the profiler shows the server's memory, so only a
// loopback address is accepted; there it serves the pprof index.
func TestDebugListenerIsLoopbackOnly(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	for _, addr := range []string{"0.0.0.0:0", ":0", "192.0.2.1:0", "example.com:0", "nonsense"} {
		if srv, _, err := startDebug(addr, log); err == nil {
			srv.Close()
			t.Errorf("debug address %q accepted", addr)
		}
	}
	srv, addr, err := startDebug("127.0.0.1:0", log)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	resp, err := http.Get("http://" + addr + "/debug/pprof/")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || !strings.Contains(string(body), "goroutine") {
		t.Fatalf("pprof index: %d %.200s", resp.StatusCode, body)
	}
}
