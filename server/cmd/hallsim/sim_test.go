package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"strings"
	"testing"

	"onedoor/internal/queue"
	"onedoor/server/internal/app"
)

// TestShortRun drives a real in-process server for two seconds and checks the report:
// tickets issued and called, every call delivered to every board, no errors.
func TestShortRun(t *testing.T) {
	srv := startHall(t, app.TLSOptions{})
	rep := shortRun(t, srv.URL(), srv.KioskToken)
	if rep.Issued < 40 || rep.Calls == 0 || rep.IssueMs.N != rep.Issued || rep.DeliveryMs.N == 0 {
		t.Fatalf("report: %+v", rep)
	}
	if len(rep.Errors) != 0 || rep.MissedCallsSubs != 0 {
		t.Fatalf("errors %v, %d subscribers missed calls", rep.Errors, rep.MissedCallsSubs)
	}
	if rep.ServerRSSMiB <= 0 {
		t.Fatalf("no RSS read from /metrics")
	}
	var table bytes.Buffer
	rep.Table(&table)
	if !strings.Contains(table.String(), "call → stream delivery") {
		t.Fatalf("table: %s", table.String())
	}
}

// startHall starts a demo server in-process on a free loopback port, serving TLS when
// tls names a certificate; it stops when the test ends.
func startHall(t *testing.T, tls app.TLSOptions) *app.Server {
	t.Helper()
	srv, err := app.Start(app.Config{Addr: "127.0.0.1:0", Data: t.TempDir(), TZ: "Asia/Shanghai", Demo: true,
		Policy: queue.DefaultPolicy(), TLS: tls}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close(context.Background()) })
	return srv
}

// shortRun runs hallsim against url for two seconds (40 tickets a minute, 5 boards, 3
// phones, 3 windows) with the kiosk token, after -server url and extra, and returns
// its JSON report; a non-zero exit or a report that does not parse fails the test.
func shortRun(t *testing.T, url, token string, extra ...string) Report {
	t.Helper()
	args := append(append([]string{"-server", url}, extra...), "-token", token, "-duration", "2s",
		"-rate", "40", "-boards", "5", "-phones", "3", "-windows", "3", "-service", "20ms", "-json")
	var out, errOut bytes.Buffer
	if code := run(context.Background(), args, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s %s", code, errOut.String(), out.String())
	}
	var rep Report
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("report: %v\n%s", err, out.String())
	}
	return rep
}

func TestBadFlags(t *testing.T) {
	for _, args := range [][]string{{"-duration", "0s", "-token", "x"}, {"-windows", "9", "-token", "x"}, {"-token-file", "/nonexistent"}} {
		if code := run(context.Background(), args, io.Discard, io.Discard); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}
