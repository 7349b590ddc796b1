package screens

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"onedoor/assets"
	"onedoor/display/browsertest"
)

// catalogDraft is the sample catalog with the first category renamed, an item removed,
// a material added to another and a priority group's weight changed.
func catalogDraft(t *testing.T, name, gone string) string {
	t.Helper()
	var c map[string]any
	if err := json.Unmarshal(assets.CatalogJSON, &c); err != nil {
		t.Fatal(err)
	}
	c["categories"].([]any)[0].(map[string]any)["name_zh"] = name
	var kept []any
	for _, it := range c["items"].([]any) {
		if it.(map[string]any)["code"] != gone {
			kept = append(kept, it)
		}
	}
	second := kept[0].(map[string]any)
	second["materials"] = append(second["materials"].([]any), map[string]any{"name_zh": "经办人授权委托书",
		"name_en": "Letter of authorisation", "form": "original", "copies": 1, "required": false, "note": ""})
	c["items"] = kept
	c["priority_groups"].([]any)[len(c["priority_groups"].([]any))-1].(map[string]any)["weight"] = 65
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestPublishedCatalogReachesKioskAndBoard: in headless Chromium, a supervisor logs in
// to /console/catalog on the real server, saves a draft (a fault first: shown with its
// path, nothing kept), publishes it; a running kiosk in the middle of a visit finishes
// on the catalog it began with and shows the new one once home, the hall board shows
// the renamed category, both without a restart; the diff is rendered; a rollback
// restores the old catalog on both. With ONEDOOR_SCREENSHOTS set it saves the diff.
func TestPublishedCatalogReachesKioskAndBoard(t *testing.T) {
	r := newRig(t, rigOptions{})
	const oldName, newName, gone = "商事登记", "商事登记（新版）", "440199-A-006"
	categoryName := func() (s string) { r.ui.sync(func() { s = r.k.cat.Categories[0].NameZh }); return }
	if got := categoryName(); got != oldName {
		t.Fatalf("the kiosk starts with %q", got)
	}

	board := browsertest.Tab(t, 120*time.Second)
	browsertest.Open(t, board, r.srv.url+"/board?voice=0", `window.onedoorBoard && window.onedoorBoard.categories.length > 0`)
	boardName := `window.onedoorBoard.categories.find((c) => c.prefix === 'A').name`
	if got := browsertest.Eval[string](t, board, boardName); got != oldName {
		t.Fatalf("the board starts with %q", got)
	}

	page := browsertest.Tab(t, 120*time.Second)
	if err := chromedp.Do(page, chromedp.EmulateViewport(1440, 1100)); err != nil {
		t.Fatal(err)
	}
	browsertest.Open(t, page, r.srv.url+"/console/catalog", `document.body.dataset.view === 'login'`)
	browsertest.Eval[bool](t, page, `document.getElementById('staff').value = 'super';
		document.getElementById('pin').value = '123456'; document.getElementById('login-form').requestSubmit(); true`)
	browsertest.WaitTrue(t, page, 10*time.Second, `document.body.dataset.view === 'main' && document.querySelectorAll('#versions tr').length === 1 && document.getElementById('editor').value.length > 100`)

	// A fault: shown with its path; no version kept.
	browsertest.Eval[bool](t, page, `document.getElementById('editor').value = '{"center":{},"categories":[{"code":"A"}],"items":[]}';
		document.getElementById('save-draft').click(); true`)
	browsertest.WaitTrue(t, page, 5*time.Second, `[...document.querySelectorAll('#faults code')].some((c) => c.textContent.startsWith('categories[0]'))`)

	// The draft, saved and published, while the kiosk is in the middle of a visit.
	r.ui.sync(func() { r.k.openCategory(&r.k.cat.Categories[0]) })
	r.waitScreen("items")
	browsertest.Eval[bool](t, page, fmt.Sprintf(`document.getElementById('editor').value = %q;
		document.getElementById('draft-note').value = '更名并调整材料'; document.getElementById('save-draft').click(); true`, catalogDraft(t, newName, gone)))
	browsertest.WaitTrue(t, page, 5*time.Second, `document.querySelector('#versions tr[data-version="2"] button[data-act=publish]') !== null`)
	clicked := time.Now()
	browsertest.Eval[bool](t, page, `document.querySelector('#versions tr[data-version="2"] .publish-note').value = '2026年12月目录调整';
		document.querySelector('#versions tr[data-version="2"] button[data-act=publish]').click(); true`)
	browsertest.WaitTrue(t, board, 5*time.Second, boardName+` === '`+newName+`' && window.onedoorBoard.catalogVersion === 2`)
	onBoard := time.Since(clicked)
	r.waitFor("the catalog fetched", func() bool { return r.k.next != nil })
	atKiosk := time.Since(clicked)
	t.Logf("publish clicked → board shows it %v, kiosk has it %v (polled every 20 ms and 10 ms)", onBoard, atKiosk)
	browsertest.WaitTrue(t, page, 5*time.Second, `document.querySelector('#versions tr.current').dataset.version === '2'`)
	if got := categoryName(); got != oldName {
		t.Fatalf("the visit under way changed catalog: %q", got)
	}
	r.ui.sync(func() { r.k.goHome() })
	r.waitFor("the new catalog at home", func() bool { return r.k.cat.Categories[0].NameZh == newName })
	r.ui.sync(func() {
		for _, it := range r.k.cat.Items {
			if it.Code == gone {
				t.Errorf("the kiosk still offers %s", gone)
			}
		}
	})

	// The diff, rendered.
	browsertest.Eval[bool](t, page, `document.getElementById('diff-from').value = '1'; document.getElementById('diff-to').value = '2';
		document.getElementById('diff-go').click(); true`)
	browsertest.WaitTrue(t, page, 5*time.Second, `document.querySelector('#diff [data-part=items] li.removed') !== null`)
	for part, want := range map[string]string{"items": "− 删除 " + gone, "categories": "~ 修改 SSDJ", "materials": "+ 新增 440199-A-001/经办人授权委托书", "priority_groups": "~ 修改 green_channel"} {
		got := browsertest.Eval[string](t, page, fmt.Sprintf(`document.querySelector('#diff [data-part=%s] li').firstChild.textContent`, part))
		if got != want {
			t.Errorf("the diff's %s: %q, want %q", part, got, want)
		}
	}
	if dir := os.Getenv("ONEDOOR_SCREENSHOTS"); dir != "" {
		browsertest.WaitTrue(t, page, 5*time.Second, `document.fonts.status === 'loaded'`)
		png, err := chromedp.Run(page, chromedp.Screenshot(`#diff-card`))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "console-catalog-diff.png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	// Rollback to version 1: a new version 3, the old catalog on the board and the kiosk.
	browsertest.Eval[bool](t, page, `document.querySelector('#versions tr[data-version="1"] button[data-act=rollback]').click(); true`)
	browsertest.WaitTrue(t, page, 5*time.Second, `document.querySelector('#versions tr.current') && document.querySelector('#versions tr.current').dataset.version === '3'`)
	browsertest.WaitTrue(t, board, 5*time.Second, boardName+` === '`+oldName+`' && window.onedoorBoard.catalogVersion === 3`)
	r.waitFor("the old catalog back at home", func() bool { return r.k.cat.Categories[0].NameZh == oldName })
}
