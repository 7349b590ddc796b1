package main

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"onedoor/internal/certs/certstest"
	"onedoor/server/internal/app"
)

// TestShortRunOverTLS drives a TLS server with -ca for two seconds: kiosks, windows,
// boards and phones all over HTTPS and WSS, every call delivered, no errors.
func TestShortRunOverTLS(t *testing.T) {
	p := certstest.New(t, "127.0.0.1")
	srv := startHall(t, app.TLSOptions{CertFile: p.Cert, KeyFile: p.Key})
	if !strings.HasPrefix(srv.URL(), "https://") {
		t.Fatalf("server URL %s", srv.URL())
	}
	rep := shortRun(t, srv.URL(), srv.KioskToken, "-ca", p.CA)
	if rep.Issued < 40 || rep.Calls == 0 || rep.DeliveryMs.N == 0 || len(rep.Errors) != 0 || rep.MissedCallsSubs != 0 {
		t.Fatalf("report: %+v", rep)
	}
	if rep.ServerRSSMiB <= 0 {
		t.Fatal("no RSS read from /metrics over TLS")
	}
	// Without -ca the same run is refused: exit 1, nothing issued.
	var errOut bytes.Buffer
	if code := run(context.Background(), []string{"-server", srv.URL(), "-token", srv.KioskToken, "-duration", "1s", "-windows", "0", "-boards", "0", "-phones", "0", "-json"}, io.Discard, &errOut); code == 0 {
		t.Fatal("a run without the CA succeeded")
	}
	// -ca for a plain-HTTP server is a flag error.
	if code := run(context.Background(), []string{"-server", "http://127.0.0.1:1", "-ca", p.CA, "-token", "x"}, io.Discard, io.Discard); code != 2 {
		t.Fatalf("-ca with http: exit %d, want 2", code)
	}
}
