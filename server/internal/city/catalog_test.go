package city

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"onedoor/assets"
	"onedoor/internal/queue"
)

const testAdmin = "admin-token-of-the-tests"

func call(t *testing.T, method, url, token, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(raw)
}

// districtItem is an item of the sample catalog under a new code and name: a district's own.
func districtItem(t *testing.T, code string) string {
	t.Helper()
	cat, err := queue.ParseCatalog(assets.CatalogJSON)
	if err != nil {
		t.Fatal(err)
	}
	it := cat.Items[0]
	it.Code, it.NameZh, it.NameEn = code, "示例区特色事项", "A district's own item"
	raw, _ := json.Marshal(Addition{Items: []queue.Item{it}})
	return string(raw)
}

// TestCatalogTopDown: the city publishes its catalog, a district adds an item, a street
// center below it fetches the two merged under one version; a new city version changes
// the version; who may publish what, and bad catalogs, are refused with nothing stored.
func TestCatalogTopDown(t *testing.T) {
	s, street := startCity(t)
	ctx := context.Background()
	if _, err := s.Store.AddCenter(ctx, Center{"c0", "示例市中心", "city", ""}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Store.AddCenter(ctx, Center{"d1", "示例区中心", "district", "c0"}); err != nil {
		t.Fatal(err)
	}
	u := s.URL()
	if code, _ := call(t, "GET", u+"/api/v1/catalog", street, ""); code != 404 {
		t.Fatalf("before any catalog: %d, want 404", code)
	}
	steps := []struct {
		name, scope, token, body string
		status                   int
	}{
		{"an addition before the city's catalog", "d1", testAdmin, districtItem(t, "440104-A-901"), 422},
		{"no admin token", "c0", "", string(assets.CatalogJSON), 401},
		{"a center's token", "c0", street, string(assets.CatalogJSON), 401},
		{"not a catalog", "c0", testAdmin, `{"items":`, 422},
		{"the city's catalog", "c0", testAdmin, string(assets.CatalogJSON), 201},
		{"a street publishing", "s1", testAdmin, districtItem(t, "440104-A-902"), 422},
		{"an unknown center", "zz", testAdmin, string(assets.CatalogJSON), 404},
		{"an addition repeating a city item", "d1", testAdmin, districtItem(t, "440199-A-001"), 422},
		{"the district's addition", "d1", testAdmin, districtItem(t, "440104-A-901"), 201},
	}
	for _, st := range steps {
		if code, body := call(t, "PUT", u+"/api/v1/admin/catalog/"+st.scope, st.token, st.body); code != st.status {
			t.Errorf("%s: %d %s, want %d", st.name, code, body, st.status)
		}
	}
	var n int64
	if err := s.Store.pool.QueryRow(ctx, `SELECT count(*) FROM catalogs`).Scan(&n); err != nil || n != 2 {
		t.Fatalf("%d catalog versions stored (%v), want the 2 accepted", n, err)
	}
	code, body := call(t, "GET", u+"/api/v1/catalog", street, "")
	var ans CatalogAnswer
	if err := json.Unmarshal([]byte(body), &ans); code != 200 || err != nil {
		t.Fatalf("fetch: %d %s", code, body)
	}
	cat, err := queue.ParseCatalog(ans.Catalog)
	if err != nil {
		t.Fatal(err)
	}
	_, own := cat.Item("440104-A-901")
	_, city := cat.Item("440199-A-001")
	if ans.Version != "c0@1+d1@1" || !own || !city {
		t.Fatalf("the street's catalog: version %q, %v; want c0@1+d1@1 with the city's items and the district's", ans.Version, err)
	}
	if code, _ := call(t, "GET", u+"/api/v1/catalog?have=c0@1%2Bd1@1", street, ""); code != 304 {
		t.Errorf("fetch with the newest version in hand: %d, want 304", code)
	}
	if code, _ := call(t, "PUT", u+"/api/v1/admin/catalog/c0", testAdmin, string(assets.CatalogJSON)); code != 201 {
		t.Fatalf("the city's second version: %d", code)
	}
	if _, body := call(t, "GET", u+"/api/v1/catalog?have=c0@1%2Bd1@1", street, ""); !strings.Contains(body, `"version":"c0@2+d1@1"`) {
		t.Errorf("after the city's second version: %.100s", body)
	}
}

// TestPutCenter: the admin grows the tree through the API; a center's place must fit the
// levels, and a bad request changes nothing; the token answered uploads.
func TestPutCenter(t *testing.T) {
	s, _ := startCity(t)
	u := s.URL() + "/api/v1/admin/centers/"
	steps := []struct {
		name, code, token, body string
		status                  int
	}{
		{"no admin token", "c0", "", `{"name":"示例市中心","level":"city"}`, 401},
		{"a city", "c0", testAdmin, `{"name":"示例市中心","level":"city"}`, 201},
		{"a district without a parent", "d9", testAdmin, `{"name":"区","level":"district"}`, 422},
		{"an unknown level", "d9", testAdmin, `{"name":"区","level":"province","parent":"c0"}`, 422},
		{"an unknown parent", "d9", testAdmin, `{"name":"区","level":"district","parent":"zz"}`, 422},
		{"a street under a street", "s9", testAdmin, `{"name":"街","level":"street","parent":"s1"}`, 422},
		{"its own parent", "d1", testAdmin, `{"name":"区","level":"district","parent":"d1"}`, 422},
		{"a district that has streets made a street", "d1", testAdmin, `{"name":"区","level":"street","parent":"c0"}`, 422},
		{"an unknown field", "s9", testAdmin, `{"name":"街","level":"street","parent":"d1","token":"x"}`, 400},
		{"no name", "s9", testAdmin, `{"level":"street","parent":"d1"}`, 422},
		{"the district under the city", "d1", testAdmin, `{"name":"示例区中心","level":"district","parent":"c0"}`, 201},
		{"a community under the street", "m1", testAdmin, `{"name":"示例社区","level":"community","parent":"s1"}`, 201},
	}
	var token string
	for _, st := range steps {
		code, body := call(t, "PUT", u+st.code, st.token, st.body)
		if code != st.status {
			t.Errorf("%s: %d %s, want %d", st.name, code, body, st.status)
		}
		if code == 201 {
			var ans map[string]string
			_ = json.Unmarshal([]byte(body), &ans)
			token = ans["token"]
		}
	}
	if n := s.count(t, `SELECT count(*) FROM centers`); n != 4 {
		t.Errorf("%d centers, want c0, d1, s1, m1", n)
	}
	if n := s.count(t, `SELECT count(*) FROM centers WHERE code = 'd1' AND parent = 'c0' AND level = 'district'`); n != 1 {
		t.Error("d1 is not under c0")
	}
	if code, body := call(t, "GET", s.URL()+"/api/v1/upload/mark", token, ""); code != 200 || !strings.Contains(body, `"center":"m1"`) {
		t.Errorf("the community's token: %d %s", code, body)
	}
}
