package app

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"onedoor/assets"
	"onedoor/internal/client"
	"onedoor/internal/queue"
	"onedoor/internal/wire"
)

// catalogWithout is the sample catalog file without one item.
func catalogWithout(t *testing.T, code string) string {
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
	b, _ := json.Marshal(m)
	return string(b)
}

// TestCatalogPublishOverTheRealServer: a supervisor saves a draft and publishes it on
// the real server; the public catalog changes at once, the item removed issues no more,
// while the ticket issued under the earlier version is still called and served; the
// audit trail has catalog.published with its version and note; a clerk may not publish;
// after a restart the published version is still the one in force (no new version);
// a rollback brings the item back.
func TestCatalogPublishOverTheRealServer(t *testing.T) {
	dir := t.TempDir()
	clk := &fakeClock{now: time.Date(2026, 11, 25, 9, 30, 0, 0, shanghai)}
	cfg := Config{Addr: "127.0.0.1:0", Data: dir, TZ: "Asia/Shanghai", Demo: true, Policy: queue.DefaultPolicy(), Clock: clk.Now}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv, err := Start(cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	ts := &testServer{Server: srv, t: t, clock: clk, kiosk: client.New(srv.URL(), srv.KioskToken)}
	const gone = "440199-A-006"
	before := ts.issue(gone)
	sup := ts.supervisor().Token()
	clerk := ts.clerk(1)

	if st, body := ts.raw("POST", "/api/v1/admin/catalog/drafts?note=draft", clerk.Token(), catalogWithout(t, gone)); st != http.StatusForbidden {
		t.Fatalf("a clerk's draft: %d %s", st, body)
	}
	st, body := ts.raw("POST", "/api/v1/admin/catalog/drafts?note=draft", sup, catalogWithout(t, gone))
	if st != http.StatusCreated || !strings.Contains(body, `"version":2`) {
		t.Fatalf("draft: %d %s", st, body)
	}
	if st, body := ts.raw("POST", "/api/v1/admin/catalog/versions/2/publish", clerk.Token(), `{}`); st != http.StatusForbidden {
		t.Fatalf("a clerk's publish: %d %s", st, body)
	}
	if st, body := ts.raw("POST", "/api/v1/admin/catalog/versions/2/publish", sup, `{"note":"去掉简易注销"}`); st != http.StatusOK {
		t.Fatalf("publish: %d %s", st, body)
	}
	if cat, err := ts.kiosk.Catalog(context.Background()); err != nil {
		t.Fatal(err)
	} else if _, ok := cat.Item(gone); ok {
		t.Fatal("the public catalog still lists the removed item")
	}
	if _, err := ts.kiosk.Issue(context.Background(), wire.IssueRequest{Item: gone}, nextKey()); err == nil {
		t.Fatal("the removed item still issues")
	}
	called, ok, err := clerk.Call(context.Background(), 1)
	if err != nil || !ok || called.ID != before.ID {
		t.Fatalf("the ticket of the removed item: %+v %v %v", called, ok, err)
	}
	served, err := clerk.Act(context.Background(), 1, "start")
	if err != nil || served.ItemName != "企业简易注销登记" {
		t.Fatalf("start serving it: %q %v, want its item's name from version 1", served.ItemName, err)
	}
	_, events := ts.raw("GET", "/api/v1/events?after=0&limit=1000", sup, "")
	if !strings.Contains(events, `"type":"catalog.published"`) || !strings.Contains(events, `"catalog_version":2`) || !strings.Contains(events, "去掉简易注销") {
		t.Fatalf("no catalog.published 2 in the audit trail: %.600s", events)
	}
	if err := srv.Store.VerifyReplay(); err != nil {
		t.Fatalf("replay after a publish: %v", err)
	}
	cctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Close(cctx); err != nil {
		t.Fatal(err)
	}

	second, err := Start(cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { second.Close(context.Background()) })
	ts = &testServer{Server: second, t: t, clock: clk, kiosk: client.New(second.URL(), second.KioskToken)}
	sup = ts.supervisor().Token()
	_, list := ts.raw("GET", "/api/v1/admin/catalog/versions", sup, "")
	var vs struct {
		Versions []struct {
			Version int  `json:"version"`
			Current bool `json:"current"`
		} `json:"versions"`
	}
	if err := json.Unmarshal([]byte(list), &vs); err != nil || len(vs.Versions) != 2 || vs.Versions[0].Version != 2 || !vs.Versions[0].Current {
		t.Fatalf("versions after a restart: %s %v", list, err)
	}
	if _, ok := second.Store.Catalog().Item(gone); ok {
		t.Fatal("the restart went back to the catalog before the publish")
	}
	if st, body := ts.raw("POST", "/api/v1/admin/catalog/versions/1/rollback", sup, `{}`); st != http.StatusOK || !strings.Contains(body, `"version":3`) {
		t.Fatalf("rollback: %d %s", st, body)
	}
	ts.issue(gone)
}
