package app

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"onedoor/assets"
	"onedoor/internal/client"
	"onedoor/internal/pgcluster/pgtest"
	"onedoor/internal/queue"
	"onedoor/internal/testkit"
	"onedoor/internal/wire"
	"onedoor/server/internal/city"
)

// publish PUTs a catalog (or a district's addition) for scope at the city tier.
func (r *cityRig) publish(scope string, body []byte) {
	r.t.Helper()
	req, _ := http.NewRequest("PUT", r.cityURL()+"/api/v1/admin/catalog/"+scope, strings.NewReader(string(body)))
	req.Header.Set("Authorization", "Bearer "+cityAdmin)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		r.t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		r.t.Fatalf("publish %s: %s %s", scope, resp.Status, raw)
	}
}

// cityCatalogJSON is the sample catalog with item 440199-A-001 renamed name.
func cityCatalogJSON(t *testing.T, name string) []byte {
	t.Helper()
	cat, err := queue.ParseCatalog(assets.CatalogJSON)
	if err != nil {
		t.Fatal(err)
	}
	for i := range cat.Items {
		if cat.Items[i].Code == "440199-A-001" {
			cat.Items[i].NameZh = name
		}
	}
	raw, err := json.Marshal(cat)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// TestCityCatalogReachesTheStreet: the city publishes its catalog and the district adds
// an item of its own; the street center below them keeps the merged version, and at its
// next start its kiosks see both and issue the district's item; restarted while the
// city tier is down it keeps serving the last version; the city's next version reaches
// it when the link is back.
func TestCityCatalogReachesTheStreet(t *testing.T) {
	pg := pgtest.Start(t)
	r := startCityTier(t, pg, pg.URL("onedoor"))
	ctx := context.Background()
	dir := t.TempDir()
	var srv *Server
	start := func() {
		t.Helper()
		var err error
		srv, err = Start(Config{Addr: "127.0.0.1:0", Data: dir, TZ: "Asia/Shanghai", Demo: true, Policy: queue.DefaultPolicy(),
			Center: "440104001", City: r.uplinkTo("440104001")}, slog.New(slog.NewTextHandler(io.Discard, nil)))
		if err != nil {
			t.Fatal(err)
		}
	}
	stop := func() {
		t.Helper()
		if err := srv.Close(ctx); err != nil {
			t.Fatal(err)
		}
		srv = nil
	}
	t.Cleanup(func() {
		if srv != nil {
			stop()
		}
	})
	kept := func() string {
		v, _ := os.ReadFile(filepath.Join(dir, cityCatalogVersion))
		return strings.TrimSpace(string(v))
	}
	// kiosk checks the kiosks' catalog: the city item's name and the district's item
	kiosk := func(name string) {
		t.Helper()
		kc := client.New(srv.URL(), srv.KioskToken)
		cat, err := kc.Catalog(ctx)
		if err != nil {
			t.Fatal(err)
		}
		it, ok := cat.Item("440199-A-001")
		_, own := cat.Item("440104-A-901")
		if !ok || it.NameZh != name || !own || cat.Center.Code != "440104001" {
			t.Fatalf("the kiosks' catalog: item A-001 %q (want %q), the district's item %v, center %s", it.NameZh, name, own, cat.Center.Code)
		}
		if _, err := kc.Issue(ctx, wire.IssueRequest{Item: "440104-A-901"}, nextKey()); err != nil {
			t.Fatalf("a ticket for the district's item: %v", err)
		}
	}

	start()
	r.publish("440100", cityCatalogJSON(t, "市级目录第一版事项"))
	item := cityCatalogItem(t, "440104-A-901", "越秀区自有事项")
	r.publish("440104", item)
	testkit.Until(t, "the street to keep the city's and the district's catalog", 20*time.Second, func() bool { return kept() == "440100@1+440104@1" })
	stop()
	start()
	kiosk("市级目录第一版事项")

	// cut off: the city tier down, the center restarted, still on the last version
	r.stopCity()
	stop()
	start()
	kiosk("市级目录第一版事项")

	// back: the city's second version reaches the street
	r.startCity()
	r.publish("440100", cityCatalogJSON(t, "市级目录第二版事项"))
	testkit.Until(t, "the street to keep the city's second version", 20*time.Second, func() bool { return kept() == "440100@2+440104@1" })
	kiosk("市级目录第二版事项") // published at once: no restart needed
	stop()
	start()
	kiosk("市级目录第二版事项")
}

// cityCatalogItem is a district's addition: the sample's first item under code and name.
func cityCatalogItem(t *testing.T, code, name string) []byte {
	t.Helper()
	cat, err := queue.ParseCatalog(assets.CatalogJSON)
	if err != nil {
		t.Fatal(err)
	}
	it := cat.Items[0]
	it.Code, it.NameZh, it.NameEn = code, name, "The district's own item"
	raw, err := json.Marshal(city.Addition{Items: []queue.Item{it}})
	if err != nil {
		t.Fatal(err)
	}
	return raw
}
