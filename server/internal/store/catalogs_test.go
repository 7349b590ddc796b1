package store

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"onedoor/assets"
	"onedoor/internal/queue"
)

// withoutItem is the sample catalog in the file format without the item code.
func withoutItem(t *testing.T, code string) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(assets.CatalogJSON, &m); err != nil {
		t.Fatal(err)
	}
	var kept []any
	for _, it := range m["items"].([]any) {
		if it.(map[string]any)["code"] != code {
			kept = append(kept, it)
		}
	}
	m["items"] = kept
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestCatalogVersionsPublishAndRollback(t *testing.T) {
	dir := t.TempDir()
	clk := &clock{now: time.Date(2026, 11, 25, 9, 0, 0, 0, shanghai)}
	s := openStore(t, dir, clk)
	ctx := context.Background()
	seedWindows(t, s, 1)
	vs, err := s.CatalogVersions()
	if err != nil || len(vs) != 1 || !vs[0].Current || vs[0].State != VersionPublished {
		t.Fatalf("at start: %+v %v", vs, err)
	}
	const gone = "440199-A-001"
	before, _, err := s.Issue(ctx, queue.IssueCmd{Item: gone, Source: "kiosk-1"}, nil)
	if err != nil || before.Ticket.CatalogVersion != 1 {
		t.Fatalf("issue: %v version %d", err, before.Ticket.CatalogVersion)
	}

	_, err = s.SaveDraft(ctx, []byte(`{"center":{},"categories":[{"code":"A"}],"items":[]}`), "", "sup")
	if queue.ErrorCode(err) != queue.Invalid || !strings.Contains(err.Error(), "categories[0]") {
		t.Fatalf("a bad draft: %v, want invalid naming categories[0]", err)
	}
	if vs, _ := s.CatalogVersions(); len(vs) != 1 {
		t.Fatalf("a bad draft was kept: %d versions", len(vs))
	}
	draft, err := s.SaveDraft(ctx, withoutItem(t, gone), "去掉一个事项", "sup")
	if err != nil || draft.N != 2 || draft.State != VersionDraft {
		t.Fatalf("draft: %+v %v", draft, err)
	}
	if _, ok := s.Catalog().Item(gone); !ok {
		t.Fatal("a draft changed the catalog in force")
	}
	pub, err := s.PublishCatalog(ctx, 2, "移除 remove", "sup")
	if err != nil || pub.State != VersionPublished {
		t.Fatalf("publish: %+v %v", pub, err)
	}
	if _, ok := s.Catalog().Item(gone); ok {
		t.Fatal("the published catalog is not in force")
	}
	if _, err := s.PublishCatalog(ctx, 2, "", "sup"); queue.ErrorCode(err) != queue.Conflict {
		t.Errorf("publish twice: %v, want conflict", err)
	}
	if _, _, err := s.Issue(ctx, queue.IssueCmd{Item: gone, Source: "kiosk-1"}, nil); err == nil {
		t.Error("a removed item still issues")
	}
	called, ok, err := s.Call(ctx, 1, "clerk")
	if err != nil || !ok || called.Ticket.ID != before.Ticket.ID || called.Ticket.CatalogVersion != 1 {
		t.Fatalf("the ticket of a removed item: %v %v %+v", err, ok, called.Ticket)
	}
	if _, err := s.Start(ctx, 1, "clerk"); err != nil {
		t.Fatal(err)
	}
	all := []string{"m1", "m2", "m3", "m4", "m5"}
	fin, _, err := s.Finish(ctx, 1, "clerk", queue.Finishing{Outcome: queue.Accepted, Received: all})
	if err != nil || fin.Case == nil || fin.Case.CatalogVersion != 1 {
		t.Fatalf("accepting the ticket of a removed item: %v %+v", err, fin.Case)
	}
	evs, _, err := s.EventsAfter(0, 1000)
	if err != nil || !publishedIn(evs, 2, "移除 remove") {
		t.Fatalf("no catalog.published 2 with its note: %v", err)
	}

	d, err := s.CatalogDiff(1, 2)
	if err != nil || len(d.Items.Removed) != 1 || d.Items.Removed[0] != gone || len(d.Items.Added) != 0 {
		t.Fatalf("diff 1→2: %+v %v", d.Items, err)
	}
	rb, err := s.RollbackCatalog(ctx, 1, "", "sup")
	if err != nil || rb.N != 3 || rb.RollbackOf != 1 {
		t.Fatalf("rollback: %+v %v", rb, err)
	}
	if _, ok := s.Catalog().Item(gone); !ok {
		t.Fatal("the rollback did not restore the item")
	}
	if d, _ := s.CatalogDiff(1, 3); len(d.Items.Added)+len(d.Items.Removed)+len(d.Items.Changed) != 0 {
		t.Errorf("a rollback differs from what it copied: %+v", d.Items)
	}
	issued, _, err := s.Issue(ctx, queue.IssueCmd{Item: gone, Source: "kiosk-1"}, nil)
	if err != nil || issued.Ticket.CatalogVersion != 3 {
		t.Fatalf("after rollback: %v version %d", err, issued.Ticket.CatalogVersion)
	}
	if _, err := s.CatalogVersion(99); queue.ErrorCode(err) != queue.NotFound {
		t.Errorf("version 99: %v", err)
	}
}

// publishedIn reports whether evs hold catalog.published of version n with the note.
func publishedIn(evs []queue.Event, n int, note string) bool {
	for _, ev := range evs {
		if ev.Type == queue.CatalogPublished && ev.CatalogVersion == n && ev.Reason == note {
			return true
		}
	}
	return false
}

func TestCatalogVersionKeptAcrossRestart(t *testing.T) {
	dir := t.TempDir()
	clk := &clock{now: time.Date(2026, 11, 25, 9, 0, 0, 0, shanghai)}
	s := openStore(t, dir, clk)
	seedWindows(t, s, 1)
	before, _, err := s.Issue(context.Background(), queue.IssueCmd{Item: "440199-A-001", Source: "kiosk-1"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveDraft(context.Background(), withoutItem(t, "440199-A-001"), "", "sup"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PublishCatalog(context.Background(), 2, "", "sup"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	cat, err := queue.ParseCatalog(withoutItem(t, "440199-A-001"))
	if err != nil {
		t.Fatal(err)
	}
	s2, err := Open(Options{Dir: dir, Catalog: cat, Loc: shanghai, Policy: queue.DefaultPolicy(), Clock: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	vs, _ := s2.CatalogVersions()
	if len(vs) != 2 || !vs[0].Current || vs[0].N != 2 {
		t.Fatalf("the same catalog at restart made a version: %+v", vs)
	}
	var v int
	s2.Read(func(h *queue.Hall) { v = h.CatalogVersion })
	if v != 2 {
		t.Errorf("hall version %d after restart, want 2", v)
	}
	// The ticket issued under version 1, whose item version 2 removed, is served after the restart.
	ctx := context.Background()
	if tv, ok, err := s2.Call(ctx, 1, "clerk"); err != nil || !ok || tv.Ticket.ID != before.Ticket.ID {
		t.Fatalf("call after restart: %v %v", ok, err)
	}
	if _, err := s2.Start(ctx, 1, "clerk"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s2.Finish(ctx, 1, "clerk", queue.Finishing{Outcome: queue.Accepted, Received: []string{"m1", "m2", "m3", "m4", "m5"}}); err != nil {
		t.Fatalf("accept after restart: %v", err)
	}
	if err := s2.VerifyReplay(); err != nil {
		t.Errorf("replay: %v", err)
	}
}
