package app

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"onedoor/display/browsertest"
	"onedoor/internal/queue"
)

// TestCatalogFormMakesADraft: on /console/catalog in headless Chromium against the real
// server, a supervisor edits the catalog with the form — an item renamed, a material
// added to it, a priority group removed — and saves it as a draft; the draft holds
// exactly those changes, and the catalog in force is untouched until it is published.
// A clerk cannot log in to the page. With ONEDOOR_SCREENSHOTS set it saves the form.
func TestCatalogFormMakesADraft(t *testing.T) {
	ts := startServer(t)
	tab := browsertest.Tab(t, 90*time.Second)
	if err := chromedp.Do(tab, chromedp.EmulateViewport(1440, 1100)); err != nil {
		t.Fatal(err)
	}
	browsertest.Open(t, tab, ts.URL()+"/console/catalog", `document.body.dataset.view === 'login'`)
	browsertest.Eval[bool](t, tab, `document.getElementById('staff').value = 'demo1';
		document.getElementById('pin').value = '123456'; document.getElementById('login-form').requestSubmit(); true`)
	browsertest.WaitTrue(t, tab, 10*time.Second, `document.getElementById('login-error').textContent !== ''`)
	browsertest.Eval[bool](t, tab, `document.getElementById('staff').value = 'super';
		document.getElementById('pin').value = '123456'; document.getElementById('login-form').requestSubmit(); true`)
	browsertest.WaitTrue(t, tab, 10*time.Second, `document.body.dataset.view === 'main' && document.querySelector('#form-item') !== null`)

	// The second item: renamed; a material added; the last priority group removed.
	browsertest.Eval[bool](t, tab, `(() => {
		const pick = document.getElementById('form-item');
		pick.value = '1'; pick.dispatchEvent(new Event('change'));
		const name = document.querySelector('.form-item input[data-field=name_zh]');
		name.value = '设立登记（新）'; name.dispatchEvent(new Event('input'));
		document.querySelector('button[data-act=add-material]').click();
		const rows = document.querySelectorAll('.catalog-form table')[1].querySelectorAll('tr');
		const last = rows[rows.length - 1];
		const mz = last.querySelector('input[data-field=name_zh]'); mz.value = '经办人身份证件'; mz.dispatchEvent(new Event('input'));
		const me = last.querySelector('input[data-field=name_en]'); me.value = 'ID of the agent'; me.dispatchEvent(new Event('input'));
		const removes = document.querySelectorAll('button[data-act=remove-group]');
		removes[removes.length - 1].click();
		return true; })()`)
	shoot(t, tab, "console-catalog-form.png")
	browsertest.Eval[bool](t, tab, `document.getElementById('draft-note').value = '表单修改'; document.getElementById('save-draft').click(); true`)
	browsertest.WaitTrue(t, tab, 5*time.Second, `document.querySelector('#versions tr[data-version="2"]') !== null`)

	cv, err := ts.Store.CatalogVersion(2)
	if err != nil {
		t.Fatal(err)
	}
	draft, err := queue.ParseCatalog(cv.Body)
	if err != nil {
		t.Fatalf("the draft does not load: %v", err)
	}
	before := ts.Store.Catalog()
	d := queue.DiffCatalogs(before, draft)
	code := before.Items[1].Code
	if len(d.Items.Changed) != 1 || d.Items.Changed[0].Key != code || len(d.Items.Added)+len(d.Items.Removed) != 0 {
		t.Errorf("items changed: %+v", d.Items)
	}
	if len(d.Materials.Added) != 1 || d.Materials.Added[0] != code+"/经办人身份证件" || len(d.Materials.Removed) != 0 {
		t.Errorf("materials changed: %+v", d.Materials)
	}
	last := before.PriorityGroups[len(before.PriorityGroups)-1].Code
	if len(d.PriorityGroups.Removed) != 1 || d.PriorityGroups.Removed[0] != last {
		t.Errorf("priority groups changed: %+v", d.PriorityGroups)
	}
	if cv.Note != "表单修改" || cv.By != "super" || cv.State != "draft" {
		t.Errorf("the draft: %q by %q, %s", cv.Note, cv.By, cv.State)
	}
	if it, _ := ts.Store.Catalog().Item(code); it.NameZh == "设立登记（新）" {
		t.Error("a draft changed the catalog in force")
	}
}
