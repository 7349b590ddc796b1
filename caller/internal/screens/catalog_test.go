package screens

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"onedoor/assets"
	"onedoor/internal/client"
	"onedoor/internal/wire"
)

// TestCallerTakesAPublishedCatalog: a supervisor publishes a catalog version without the
// item of the ticket at the window; the caller takes the new catalog from the stream,
// without a restart, and still shows that ticket's materials (its item from the
// version it was issued under); after a rollback the item is in the catalog again.
func TestCallerTakesAPublishedCatalog(t *testing.T) {
	srv, h, m := atDesk(t)
	const gone = "440199-A-006"
	tk := srv.issue(gone)
	h.key(fyne.KeyF1)
	h.state("called")
	if m.cur.ID != tk.ID || len(m.ticket.Checks) != 4 {
		t.Fatalf("called %s with %d materials", m.cur.Number, len(m.ticket.Checks))
	}
	sup := client.New(srv.URL, "")
	if _, err := sup.Login(context.Background(), wire.LoginRequest{Staff: "super", PIN: "123456"}); err != nil {
		t.Fatal(err)
	}
	post := func(path, body string) {
		t.Helper()
		req, _ := http.NewRequest("POST", srv.URL+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+sup.Token())
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if b, _ := io.ReadAll(resp.Body); resp.StatusCode >= 300 {
			t.Fatalf("POST %s: %d %s", path, resp.StatusCode, b)
		}
	}
	var c map[string]any
	if err := json.Unmarshal(assets.CatalogJSON, &c); err != nil {
		t.Fatal(err)
	}
	var kept []any
	for _, it := range c["items"].([]any) {
		if it.(map[string]any)["code"] != gone {
			kept = append(kept, it)
		}
	}
	c["items"] = kept
	draft, _ := json.Marshal(c)
	post("/api/v1/admin/catalog/drafts", string(draft))
	post("/api/v1/admin/catalog/versions/2/publish", `{"note":"test"}`)

	h.wait("the published catalog", func() bool { _, ok := m.d.Catalog.Item(gone); return !ok })
	if _, ok := m.d.Item(gone); !ok {
		t.Fatal("the ticket's item is gone from the caller")
	}
	m.ticket.shownID = "" // draw the ticket again, as a language switch does
	m.refresh()
	if len(m.ticket.Checks) != 4 {
		t.Fatalf("the ticket at the window shows %d materials after the publish, want 4", len(m.ticket.Checks))
	}
	post(fmt.Sprintf("/api/v1/admin/catalog/versions/%d/rollback", 1), `{}`)
	h.wait("the rolled back catalog", func() bool { _, ok := m.d.Catalog.Item(gone); return ok })
}
