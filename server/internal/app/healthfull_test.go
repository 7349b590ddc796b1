package app

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"onedoor/internal/client"
	"onedoor/internal/queue"
	"onedoor/internal/wire"
)

// TestHealthzSaysStorageFull: while the last commit failed for a full disk, /healthz
// answers 503 "storage full" (it said ok); once space returns and a commit succeeds it
// is ok again. Like TestDiskFull it needs root to mount a small tmpfs.
func TestHealthzSaysStorageFull(t *testing.T) {
	if os.Geteuid() != 0 {
		if os.Getenv("CI") != "" {
			t.Fatal("CI must run as root to mount the small file system this test fills")
		}
		t.Skip("needs root to mount a tmpfs")
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs here: %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", "-l", dir).Run() })
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
	var st syscall.Statfs_t
	syscall.Statfs(dir, &st)
	filler := filepath.Join(dir, "filler")
	if err := os.WriteFile(filler, make([]byte, int64(st.Bavail)*int64(st.Bsize)-256<<10), 0o600); err != nil {
		t.Fatal(err)
	}
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
