package app

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"

	"onedoor/internal/queue"
	"onedoor/server/internal/store"
)

// TestReportsRebuildCommand: `server reports-rebuild` on a stopped server's data makes
// the cells again; the same figures answer after it.
func TestReportsRebuildCommand(t *testing.T) {
	dir := t.TempDir()
	open := func() *store.Store {
		st, err := store.Open(store.Options{Dir: dir, Catalog: mustCatalog(t), Loc: shanghai, Policy: queue.DefaultPolicy(),
			Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	st := open()
	for range 3 {
		if _, _, err := st.Issue(context.Background(), queue.IssueCmd{Item: "440199-A-001", Source: "kiosk-1"}, nil); err != nil {
			t.Fatal(err)
		}
	}
	day := queue.ServiceDay(st.Now(), shanghai)
	before, err := st.Report(day, day, "item")
	st.Close()
	if err != nil || len(before) != 1 || before[0].Cell.Issued != 3 {
		t.Fatalf("report before: %+v %v", before, err)
	}
	var out, errOut bytes.Buffer
	if code := RebuildReports([]string{"-data", dir}, &out, &errOut); code != 0 || !strings.Contains(out.String(), "1 cells") {
		t.Fatalf("exit %d: %s %s", code, out.String(), errOut.String())
	}
	st = open()
	defer st.Close()
	after, err := st.Report(day, day, "item")
	if err != nil || len(after) != 1 || after[0].Cell.Issued != 3 {
		t.Fatalf("report after: %+v %v", after, err)
	}
	if code := RebuildReports([]string{"-data", dir, "-tz", "Mars/Base"}, io.Discard, io.Discard); code == 0 {
		t.Fatal("a bad zone was accepted")
	}
}
