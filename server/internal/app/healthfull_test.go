package app

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"onedoor/internal/client"
	"onedoor/internal/queue"
	"onedoor/internal/wire"
)

// TestHealthzSaysStorageFull: while the last commit failed for a full disk, /healthz
// answers 503 "storage full" (it said ok); once space returns and a commit succeeds it
// is ok again. Like TestDiskFull it needs root to mount a small tmpfs.
func TestHealthzSaysStorageFull(t *testing.T) {
	dir := smallTmpfs(t)
	cfg := Config{Addr: "127.0.0.1:0", Data: filepath.Join(dir, "data"), TZ: "Asia/Shanghai", Demo: true, Policy: queue.DefaultPolicy()}
	srv, err := Start(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close(context.Background()) })
	health := func() (int, string) {
		resp, err := http.Get(srv.URL() + "/healthz")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if status, body := health(); status != 200 {
		t.Fatalf("healthz before: %d %s", status, body)
	}
	filler := fillBut(t, dir, 256<<10)
	ctx := context.Background()
	kc := client.New(srv.URL(), srv.KioskToken)
	var refusal *client.Error
	for i := 0; i < 20000 && refusal == nil; i++ {
		if _, err := kc.Issue(ctx, wire.IssueRequest{Item: "440199-A-001"}, nextKey()); err != nil && !errors.As(err, &refusal) {
			t.Fatalf("issue %d: %v", i, err)
		}
	}
	if refusal == nil || refusal.Status != http.StatusServiceUnavailable {
		t.Fatalf("the disk never filled: %v", refusal)
	}
	if status, body := health(); status != http.StatusServiceUnavailable || !strings.Contains(body, "storage full") {
		t.Fatalf("healthz with the disk full: %d %s, want 503 storage full", status, body)
	}
	os.Remove(filler)
	if _, err := kc.Issue(ctx, wire.IssueRequest{Item: "440199-A-001"}, nextKey()); err != nil {
		t.Fatalf("after space returned: %v", err)
	}
	if status, body := health(); status != 200 {
		t.Fatalf("healthz after a commit succeeded: %d %s", status, body)
	}
}
