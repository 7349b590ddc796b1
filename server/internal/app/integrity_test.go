package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"onedoor/internal/client"
	"onedoor/internal/queue"
	"onedoor/internal/wire"
)

// TestTamperedLogRefusedVerifiedAndReadOnly: a notice edited in the data file (as the
// red team edited a rejection's reason) stops the next start naming the event's seq;
// -read-only starts anyway for investigation (reads answer, commands 503); `server
// verify` names the seq; the day's digest is exported to supervisors only.
func TestTamperedLogRefusedVerifiedAndReadOnly(t *testing.T) {
	dir := t.TempDir()
	clk := &fakeClock{now: time.Date(2026, 11, 25, 9, 30, 0, 0, shanghai)}
	cfg := Config{Addr: "127.0.0.1:0", Data: dir, TZ: "Asia/Shanghai", Demo: true, Policy: queue.DefaultPolicy(), Clock: clk.Now}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	ctx := context.Background()
	stop := func(srv *Server) {
		t.Helper()
		cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		if err := srv.Close(cctx); err != nil {
			t.Fatal(err)
		}
	}
	srv, err := Start(cfg, quiet)
	if err != nil {
		t.Fatal(err)
	}
	ts := &testServer{Server: srv, t: t, clock: clk, kiosk: client.New(srv.URL(), srv.KioskToken)}
	sup := ts.supervisor()
	if err := sup.SetNotice(ctx, "INTEGRITY-NOTICE-ORIGINAL"); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		ts.issue("440199-A-001")
	}
	evs, err := sup.Events(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var noticeSeq uint64
	for _, ev := range evs.Events {
		if ev.Type == string(queue.NoticeSet) {
			noticeSeq = ev.Seq
		}
	}
	clk.Set(time.Date(2026, 11, 26, 9, 30, 0, 0, shanghai))
	if err := srv.Store.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	sup = ts.supervisor() // a new day: log in again
	code, body := ts.raw("GET", "/api/v1/admin/digests", sup.Token(), "")
	var dg wire.Digests
	if code != http.StatusOK || json.Unmarshal([]byte(body), &dg) != nil || len(dg.Digests) != 1 || dg.PublicKey == "" ||
		dg.Digests[0].Day != "2026-11-25" || dg.Digests[0].Tickets["A"] != 3 || dg.Digests[0].Signature == "" {
		t.Fatalf("digests: %d %s", code, body)
	}
	if code, _ := ts.raw("GET", "/api/v1/admin/digests", ts.clerk(1).Token(), ""); code != http.StatusForbidden {
		t.Fatalf("a clerk got the digests: %d", code)
	}
	if code, _ := ts.raw("GET", "/api/v1/admin/digests", "", ""); code != http.StatusUnauthorized {
		t.Fatalf("anyone got the digests: %d", code)
	}
	kioskToken := srv.KioskToken
	stop(srv)
	digests := filepath.Join(t.TempDir(), "digests.json")
	if err := os.WriteFile(digests, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if rc := Main([]string{"verify", "-data", dir, "-digests", digests}, &out, &errb); rc != 0 || !strings.HasPrefix(out.String(), "ok: ") {
		t.Fatalf("verify of the untouched file: %d %s %s", rc, out.String(), errb.String())
	}

	// Edit the notice in the file's bytes, event and projection alike.
	path := filepath.Join(dir, "onedoor.db")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	forged := bytes.ReplaceAll(raw, []byte("NOTICE-ORIGINAL"), []byte("NOTICE-FORGED!!"))
	if bytes.Equal(forged, raw) {
		t.Fatal("the notice is not in the file")
	}
	if err := os.WriteFile(path, forged, 0o600); err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("broken at seq %d", noticeSeq)
	if srv, err := Start(cfg, quiet); err == nil {
		stop(srv)
		t.Fatal("the server started on a forged log")
	} else if !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "-read-only") {
		t.Fatalf("start: %v, want %q", err, want)
	}
	out.Reset()
	errb.Reset()
	if rc := Main([]string{"verify", "-data", dir}, &out, &errb); rc != 1 || !strings.Contains(errb.String(), want) {
		t.Fatalf("verify: %d %q %q, want %q", rc, out.String(), errb.String(), want)
	}

	ro := cfg
	ro.ReadOnly = true
	srv, err = Start(ro, quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer stop(srv)
	ts = &testServer{Server: srv, t: t, clock: clk, kiosk: client.New(srv.URL(), kioskToken)}
	if code, body := ts.raw("GET", "/api/v1/queue", "", ""); code != http.StatusOK || !strings.Contains(body, "NOTICE-FORGED") {
		t.Fatalf("read-only queue: %d %s", code, body)
	}
	if code, body := ts.raw("POST", "/api/v1/tickets", kioskToken, `{"item":"440199-A-001"}`); code != http.StatusServiceUnavailable {
		t.Fatalf("read-only issue: %d %s", code, body)
	}
}
