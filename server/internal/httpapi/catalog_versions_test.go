package httpapi

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"onedoor/assets"
	"onedoor/internal/queue"
	"onedoor/server/internal/store"
)

// catalogFake is the fake's sessions over a real store in a temporary folder for the
// catalog versions.
type catalogFake struct {
	*fakeStore
	st *store.Store
}

func (f catalogFake) CatalogVersions() ([]store.CatalogVersion, error) { return f.st.CatalogVersions() }
func (f catalogFake) CatalogVersion(n int) (store.CatalogVersion, error) {
	return f.st.CatalogVersion(n)
}
func (f catalogFake) CatalogDiff(a, b int) (queue.CatalogDiff, error) { return f.st.CatalogDiff(a, b) }
func (f catalogFake) SaveDraft(ctx context.Context, d []byte, note, by string) (store.CatalogVersion, error) {
	return f.st.SaveDraft(ctx, d, note, by)
}
func (f catalogFake) PublishCatalog(ctx context.Context, n int, note, by string) (store.CatalogVersion, error) {
	return f.st.PublishCatalog(ctx, n, note, by)
}
func (f catalogFake) RollbackCatalog(ctx context.Context, n int, note, by string) (store.CatalogVersion, error) {
	return f.st.RollbackCatalog(ctx, n, note, by)
}

func newCatalogServer(t *testing.T) (*Server, *store.Store) {
	t.Helper()
	cat, err := queue.ParseCatalog(assets.CatalogJSON)
	if err != nil {
		t.Fatal(err)
	}
	loc, _ := time.LoadLocation("Asia/Shanghai")
	st, err := store.Open(store.Options{Dir: t.TempDir(), Catalog: cat, Loc: loc, Policy: queue.DefaultPolicy()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return newFake(&fakeStore{}, nil).withStore(catalogFake{&fakeStore{}, st}), st
}

// withStore is the server over another store (the same routes).
func (s *Server) withStore(st Store) *Server {
	s.store = st
	return s
}

// sampleWithout is the sample catalog file without one item.
func sampleWithout(t *testing.T, code string) string {
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

func TestCatalogRoutesRoles(t *testing.T) {
	s, _ := newCatalogServer(t)
	paths := []struct{ method, path, body string }{
		{"GET", "/api/v1/admin/catalog/versions", ""},
		{"GET", "/api/v1/admin/catalog/versions/1", ""},
		{"POST", "/api/v1/admin/catalog/drafts", string(assets.CatalogJSON)},
		{"POST", "/api/v1/admin/catalog/versions/1/publish", `{}`},
		{"POST", "/api/v1/admin/catalog/versions/1/rollback", `{}`},
		{"GET", "/api/v1/admin/catalog/diff?from=1&to=1", ""},
		{"GET", "/api/v1/admin/catalog/export", ""},
	}
	for _, p := range paths {
		for _, c := range []struct {
			token string
			want  int
		}{{"", 401}, {tokenOf(store.RoleClerk), 403}, {tokenOf(store.RoleDevice), 403}} {
			if w := do(t, s, p.method, p.path, c.token, strings.NewReader(p.body)); w.Code != c.want {
				t.Errorf("%s %s as %q: %d, want %d", p.method, p.path, c.token, w.Code, c.want)
			}
		}
	}
	if vs, _ := s.store.CatalogVersions(); len(vs) != 1 {
		t.Errorf("refused calls changed the versions: %d", len(vs))
	}
}

func TestCatalogDraftPublishDiffRollback(t *testing.T) {
	s, st := newCatalogServer(t)
	sup, adm := tokenOf(store.RoleSupervisor), tokenOf(store.RoleAdmin)
	const gone = "440199-A-001"
	steps := []struct {
		name, method, path, token, body string
		want                            int
		has                             string // in the answer
	}{
		{"a fault names its path", "POST", "/api/v1/admin/catalog/drafts", sup, `{"center":{},"categories":[{"code":"A"}],"items":[]}`, 422, "categories[0]"},
		{"not JSON", "POST", "/api/v1/admin/catalog/drafts", sup, `{`, 422, "catalog"},
		{"a draft", "POST", "/api/v1/admin/catalog/drafts?note=去掉", sup, sampleWithout(t, gone), 201, `"state":"draft"`},
		{"the draft", "GET", "/api/v1/admin/catalog/versions/2", adm, "", 200, `"catalog":{`},
		{"no version 9", "GET", "/api/v1/admin/catalog/versions/9", adm, "", 404, "version 9"},
		{"a bad number", "GET", "/api/v1/admin/catalog/versions/x", adm, "", 404, "version"},
		{"a bad note", "POST", "/api/v1/admin/catalog/versions/2/publish", sup, `{"note":1}`, 400, ""},
		{"publish", "POST", "/api/v1/admin/catalog/versions/2/publish", sup, `{"note":"移除事项"}`, 200, `"state":"published"`},
		{"publish again", "POST", "/api/v1/admin/catalog/versions/2/publish", sup, `{}`, 409, "roll back"},
		{"the diff", "GET", "/api/v1/admin/catalog/diff?from=1&to=2", sup, "", 200, `"removed":["` + gone + `"]`},
		{"a diff without to", "GET", "/api/v1/admin/catalog/diff?from=1", sup, "", 404, ""},
		{"the list", "GET", "/api/v1/admin/catalog/versions", sup, "", 200, `"current":true`},
		{"rollback", "POST", "/api/v1/admin/catalog/versions/1/rollback", adm, `{}`, 200, `"rollback_of":1`},
	}
	for _, c := range steps {
		w := do(t, s, c.method, c.path, c.token, strings.NewReader(c.body))
		if w.Code != c.want || !strings.Contains(w.Body.String(), c.has) {
			t.Fatalf("%s: %d %s, want %d with %s", c.name, w.Code, w.Body, c.want, c.has)
		}
	}
	if _, ok := st.Catalog().Item(gone); !ok {
		t.Error("the rollback did not put the item back")
	}
	w := do(t, s, "GET", "/api/v1/admin/catalog/export?version=2", sup, nil)
	if w.Code != http.StatusOK || !strings.Contains(w.Header().Get("Content-Disposition"), "catalog-v2.json") {
		t.Fatalf("export: %d %v", w.Code, w.Header())
	}
	cat, err := queue.ParseCatalog(w.Body.Bytes())
	if err != nil {
		t.Fatalf("the export does not load: %v", err)
	}
	if _, ok := cat.Item(gone); ok {
		t.Error("version 2's export has the removed item")
	}
}
