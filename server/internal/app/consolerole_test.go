package app

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"onedoor/display/browsertest"
	"onedoor/internal/client"
	"onedoor/internal/wire"
	"onedoor/server/internal/store"
)

// TestConsoleStaffRole: only an admin changes a member of staff's role; a supervisor
// gets 403 (neither making admins nor anything else), a change without the CSRF token
// 403; an unknown role, an officer's role, one's own role 422, an unknown member 404,
// the same role again 409, and none of these change anything. A clerk made supervisor
// loses the clerk's session at once and then logs in as a supervisor
// (staff.role_set in the log, by the admin); in headless Chromium the admin sets the
// role back from the staff list.
func TestConsoleStaffRole(t *testing.T) {
	ts := consoleServer(t, 0, 0)
	ctx := context.Background()
	if err := ts.Store.CreateStaff(ctx, "boss", "测试管理员", store.RoleAdmin, DemoPIN); err != nil {
		t.Fatal(err)
	}
	clerk2 := ts.clerk(2)
	sup, supCSRF := webCookie(t, ts, "super")
	adm, csrf := webCookie(t, ts, "boss")
	path := "/api/v1/admin/staff/demo2/role"
	for _, tc := range []struct {
		name       string
		ck         *http.Cookie
		csrf, path string
		body       string
		status     int
	}{
		{"a supervisor makes an admin", sup, supCSRF, path, `{"role":"admin"}`, http.StatusForbidden},
		{"a supervisor makes a supervisor", sup, supCSRF, path, `{"role":"supervisor"}`, http.StatusForbidden},
		{"no CSRF token", adm, "", path, `{"role":"supervisor"}`, http.StatusForbidden},
		{"an unknown role", adm, csrf, path, `{"role":"root"}`, http.StatusUnprocessableEntity},
		{"to officer", adm, csrf, path, `{"role":"officer"}`, http.StatusUnprocessableEntity},
		{"an unknown field", adm, csrf, path, `{"role":"admin","x":1}`, http.StatusBadRequest},
		{"an officer", adm, csrf, "/api/v1/admin/staff/scj1/role", `{"role":"clerk"}`, http.StatusUnprocessableEntity},
		{"oneself", adm, csrf, "/api/v1/admin/staff/boss/role", `{"role":"clerk"}`, http.StatusUnprocessableEntity},
		{"nobody", adm, csrf, "/api/v1/admin/staff/nobody/role", `{"role":"clerk"}`, http.StatusNotFound},
		{"the same role", adm, csrf, path, `{"role":"clerk"}`, http.StatusConflict},
	} {
		if status, body := cookieDo(t, ts, "POST", tc.path, tc.ck, tc.csrf, tc.body); status != tc.status {
			t.Errorf("%s: %d %s, want %d", tc.name, status, body, tc.status)
		}
	}
	if role, _ := ts.Store.StaffRole("demo2"); role != store.RoleClerk || eventRecorded(t, ts, func(ev wire.Event) bool { return ev.Type == "staff.role_set" }) {
		t.Fatalf("a refused change changed demo2's role to %s, or was recorded", role)
	}

	if status, body := cookieDo(t, ts, "POST", path, adm, csrf, `{"role":"supervisor"}`); status != 200 {
		t.Fatalf("make demo2 a supervisor: %d %s", status, body)
	}
	if _, _, err := clerk2.Call(ctx, 2); err == nil || !strings.Contains(err.Error(), "401") {
		t.Errorf("the clerk's session calls after the change: %v, want 401", err)
	}
	c := client.New(ts.URL(), "")
	if _, err := c.Login(ctx, wire.LoginRequest{Staff: "demo2", PIN: DemoPIN}); err != nil {
		t.Fatalf("demo2 logs in as a supervisor: %v", err)
	}
	if status, body := ts.raw("GET", "/api/v1/console/hall", c.Token(), ""); status != 200 {
		t.Errorf("demo2, supervisor, on the console's hall: %d %.80s", status, body)
	}
	if !eventRecorded(t, ts, func(ev wire.Event) bool {
		return ev.Type == "staff.role_set" && ev.Staff == "boss" && ev.Reason == "demo2:supervisor"
	}) {
		t.Fatal("no staff.role_set of demo2 by boss in the log")
	}

	tab := browsertest.Tab(t, 60*time.Second)
	if err := chromedp.Do(tab, chromedp.EmulateViewport(1440, 900)); err != nil {
		t.Fatal(err)
	}
	consoleLogin(t, tab, ts.URL(), "boss")
	browsertest.Eval[bool](t, tab, `location.hash = '#admin'; true`)
	browsertest.WaitTrue(t, tab, 5*time.Second, `document.querySelector('#staff-list tr[data-staff="demo2"] button.set-role') !== null`)
	browsertest.Eval[bool](t, tab, `const tr = document.querySelector('#staff-list tr[data-staff="demo2"]');
		tr.querySelector('select.role-pick').value = 'clerk'; tr.querySelector('button.set-role').click(); true`)
	browsertest.WaitTrue(t, tab, 5*time.Second, `document.querySelector('#staff-list tr[data-staff="demo2"]').children[2].textContent.startsWith('clerk')`)
	if role, _ := ts.Store.StaffRole("demo2"); role != store.RoleClerk {
		t.Fatalf("demo2 is %s after the console set clerk", role)
	}
}
