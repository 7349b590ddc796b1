package app

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"onedoor/internal/client"
	"onedoor/internal/wire"
)

// TestAdminStaff adds staff through the admin API: a display name that the login
// answer and the staff list carry, weak PINs refused, a generated PIN shown once
// that works, supervisors limited to clerks, duplicates refused.
func TestAdminStaff(t *testing.T) {
	ts := startServer(t)
	sup := ts.supervisor().Token()
	cases := []struct {
		name, body string
		status     int
		want       string
	}{
		{"sequential PIN", `{"id":"wang","name":"王五","role":"clerk","pin":"123456"}`, 422, "run of digits"},
		{"repeated PIN", `{"id":"wang","name":"王五","role":"clerk","pin":"000000"}`, 422, "one digit repeated"},
		{"PIN is the id", `{"id":"583920","name":"王五","role":"clerk","pin":"583920"}`, 422, "staff id"},
		{"short PIN", `{"id":"wang","name":"王五","role":"clerk","pin":"5839"}`, 422, "6 to 12 digits"},
		{"no name", `{"id":"wang","name":" ","role":"clerk","pin":"583920"}`, 422, "display name"},
		{"bidi in name", `{"id":"wang","name":"王\u202e五","role":"clerk","pin":"583920"}`, 422, "text-direction"},
		{"space in id", `{"id":"wa ng","name":"王五","role":"clerk","pin":"583920"}`, 422, "without spaces"},
		{"unknown role", `{"id":"wang","name":"王五","role":"boss","pin":"583920"}`, 403, "only clerks"},
		{"supervisor adds admin", `{"id":"wang","name":"王五","role":"admin","pin":"583920"}`, 403, "only clerks"},
		{"clerk chosen PIN", `{"id":"wang","name":"王五","role":"clerk","pin":"583920"}`, 201, `"name":"王五"`},
		{"duplicate", `{"id":"wang","name":"王六","role":"clerk","pin":"583921"}`, 409, "already exists"},
		{"demo id taken", `{"id":"demo1","name":"王六","role":"clerk","pin":"583921"}`, 409, "already exists"},
	}
	for _, c := range cases {
		status, body := ts.raw("POST", "/api/v1/admin/staff", sup, c.body)
		if status != c.status || !strings.Contains(body, c.want) {
			t.Errorf("%s: %d %s, want %d with %q", c.name, status, body, c.status, c.want)
		}
		if c.status == 201 && strings.Contains(body, `"pin"`) {
			t.Errorf("%s: a chosen PIN came back: %s", c.name, body)
		}
	}
	if status, body := ts.raw("POST", "/api/v1/admin/staff", ts.clerk(1).Token(), `{"id":"li","name":"李","role":"clerk"}`); status != 403 {
		t.Errorf("a clerk added staff: %d %s", status, body)
	}
	status, body := ts.raw("POST", "/api/v1/admin/staff", sup, `{"id":"zhao","name":"赵六","role":"clerk"}`)
	var made wire.StaffCreated
	if status != 201 || json.Unmarshal([]byte(body), &made) != nil || len(made.PIN) != 6 {
		t.Fatalf("generated PIN: %d %s", status, body)
	}
	c := client.New(ts.URL(), "")
	lr, err := c.Login(context.Background(), wire.LoginRequest{Staff: "zhao", PIN: made.PIN, Window: 2})
	if err != nil || lr.Name != "赵六" {
		t.Fatalf("login with the generated PIN: %+v %v", lr, err)
	}
	if lr, err := c.Login(context.Background(), wire.LoginRequest{Staff: "wang", PIN: "583920", Window: 3}); err != nil || lr.Name != "王五" {
		t.Fatalf("login with the chosen PIN: %+v %v", lr, err)
	}
	status, body = ts.raw("GET", "/api/v1/admin/staff", sup, "")
	if status != 200 || !strings.Contains(body, `{"id":"wang","name":"王五","role":"clerk"}`) || strings.Contains(body, "pin") {
		t.Errorf("staff list: %d %s", status, body)
	}
	if got := ts.Store.StaffName("zhao"); got != "赵六" {
		t.Errorf("StaffName = %q", got)
	}
}
