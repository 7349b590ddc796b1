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
	"syscall"
	"testing"

	"onedoor/internal/client"
	"onedoor/internal/queue"
	"onedoor/internal/wire"
	"onedoor/server/internal/store"
)

// smallTmpfs mounts an 8 MiB tmpfs on a folder of the test's own, unmounted when the
// test ends. Mounting needs root: without it the test is skipped, or fails under CI,
// which runs as root.
func smallTmpfs(t *testing.T) string {
	t.Helper()
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
	return dir
}

// fillBut fills the file system dir is on but for room bytes, and returns the filler
// file: removing it gives the space back.
func fillBut(t *testing.T, dir string, room int64) string {
	t.Helper()
	var st syscall.Statfs_t
	syscall.Statfs(dir, &st)
	filler := filepath.Join(dir, "filler")
	if err := os.WriteFile(filler, make([]byte, int64(st.Bavail)*int64(st.Bsize)-room), 0o600); err != nil {
		t.Fatal(err)
	}
	return filler
}

// TestDiskFull fills the data folder's file system (a small tmpfs): the server refuses new
// tickets with a clear 503, loses nothing it acknowledged, never repeats a number, and
// issues again once space returns. It needs root to mount; CI runs as root.
func TestDiskFull(t *testing.T) {
	dir := smallTmpfs(t)
	data := filepath.Join(dir, "data")
	cfg := Config{Addr: "127.0.0.1:0", Data: data, TZ: "Asia/Shanghai", Demo: true, Policy: queue.DefaultPolicy()}
	srv, err := Start(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	kc := client.New(srv.URL(), srv.KioskToken)

	filler := fillBut(t, dir, 256<<10) // the disk full but for a little room
	var acked []wire.Ticket
	var refusal *client.Error
	for i := 0; i < 20000 && refusal == nil; i++ {
		tk, err := kc.Issue(ctx, wire.IssueRequest{Item: "440199-A-001"}, nextKey())
		if err != nil {
			if !errors.As(err, &refusal) {
				t.Fatalf("issue %d: %v", i, err)
			}
			break
		}
		acked = append(acked, tk)
	}
	if refusal == nil {
		t.Fatal("the disk never filled")
	}
	if refusal.Status != http.StatusServiceUnavailable || refusal.Code != "unavailable" {
		t.Fatalf("refusal %+v, want 503 unavailable", refusal)
	}
	t.Logf("disk full after %d tickets: %q", len(acked), refusal.Message)
	// Still alive, and everything acknowledged is there.
	if _, err := kc.Queue(ctx); err != nil {
		t.Fatalf("server after the refusal: %v", err)
	}
	for _, tk := range acked {
		if got, err := kc.Ticket(ctx, tk.ID); err != nil || got.Number != tk.Number {
			t.Fatalf("acknowledged %s: %+v %v", tk.Number, got, err)
		}
	}
	// Space returns: issuing goes on with the next number.
	os.Remove(filler)
	tk, err := kc.Issue(ctx, wire.IssueRequest{Item: "440199-A-001"}, nextKey())
	if err != nil {
		t.Fatalf("after space returned: %v", err)
	}
	if want := queue.FormatNumber("A", len(acked)+1); tk.Number != want {
		t.Fatalf("next number %s, want %s", tk.Number, want)
	}
	if err := srv.Close(ctx); err != nil {
		t.Fatal(err)
	}
	s, err := store.Open(store.Options{Dir: data, Catalog: mustCatalog(t), Loc: shanghai, Policy: queue.DefaultPolicy()})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
	if err := s.VerifyReplay(); err != nil {
		t.Fatal(err)
	}
}
