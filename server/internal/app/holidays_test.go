package app

import (
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"onedoor/internal/queue"
)

// TestHolidaysMovePromisedDates: with a working calendar (made up here: Thursday and
// Friday off), one working day from Wednesday is the next Monday on the receipt; a
// calendar with a bad date stops the server at start with the file and the date named.
func TestHolidaysMovePromisedDates(t *testing.T) {
	path := filepath.Join(t.TempDir(), "holidays.json")
	if err := os.WriteFile(path, []byte(`{"off":["2026-11-26","2026-11-27"],"work":[]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	ts := startServerWith(t, func(c *Config) { c.HolidaysPath = path }) // Wednesday 2026-11-25
	res := ts.visit(ts.clerk(1), "440199-A-004", acceptAll(ts, "440199-A-004"))
	if res.Document.Promised != "2026-11-30" {
		t.Fatalf("promised %s, want 2026-11-30 (Thursday and Friday off)", res.Document.Promised)
	}

	bad := filepath.Join(t.TempDir(), "bad.json")
	if err := os.WriteFile(bad, []byte(`{"off":["2026-11-31"]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Start(Config{Addr: "127.0.0.1:0", Data: t.TempDir(), TZ: "Asia/Shanghai", Policy: queue.DefaultPolicy(), HolidaysPath: bad},
		slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err == nil || !strings.Contains(err.Error(), bad) || !strings.Contains(err.Error(), "2026-11-31") {
		t.Fatalf("a bad calendar: %v", err)
	}
}
