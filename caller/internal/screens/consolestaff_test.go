package screens

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"onedoor/internal/wire"
)

// consoleCreateClerk does what the console's staff form does: a supervisor logs in on
// the web (session cookie and CSRF token) and adds a clerk; it returns the one-time PIN
// the server generated.
func consoleCreateClerk(t *testing.T, srv *server, id, name string) string {
	t.Helper()
	resp, err := http.Post(srv.URL+"/api/v1/web/login", "application/json", strings.NewReader(`{"staff":"super","pin":"123456"}`))
	if err != nil {
		t.Fatal(err)
	}
	var login struct {
		CSRF string `json:"csrf"`
	}
	err = json.NewDecoder(resp.Body).Decode(&login)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK || len(resp.Cookies()) != 1 || login.CSRF == "" {
		t.Fatalf("web login: %d %v", resp.StatusCode, err)
	}
	body, _ := json.Marshal(wire.StaffCreateRequest{ID: id, Name: name, Role: "clerk"})
	req, _ := http.NewRequest("POST", srv.URL+"/api/v1/admin/staff", strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", login.CSRF)
	req.AddCookie(resp.Cookies()[0])
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out wire.StaffCreated
	if resp.StatusCode != http.StatusCreated || json.Unmarshal(raw, &out) != nil || out.PIN == "" {
		t.Fatalf("create %s: %d %s", id, resp.StatusCode, raw)
	}
	return out.PIN
}

// TestStaffCreatedInTheConsoleLogsIn: a clerk a supervisor adds in the console (its web
// session, as the page does) logs in at the real caller with the PIN shown once — not
// with the demo's PIN — and calls a ticket, recorded under the new id.
func TestStaffCreatedInTheConsoleLogsIn(t *testing.T) {
	srv := startServer(t)
	pin := consoleCreateClerk(t, srv, "clerk88", "测试新员")
	tk := srv.issue("440199-A-001")
	h := newHarness(t, srv, Zh)
	l := h.app.Login
	l.Staff.SetText("clerk88")
	l.Window.SetText("1")
	l.PIN.SetText("123456") // the demo's PIN is not the new clerk's
	test.Tap(l.Submit)
	h.wait("the refusal", func() bool { return l.status.Text != "" })
	if h.app.Main != nil {
		t.Fatal("the new clerk logged in with the demo PIN")
	}
	l.PIN.SetText(pin)
	m := h.login("clerk88", 1)
	h.key(fyne.KeyF1)
	h.state("called")
	if m.cur.Number != tk.Number {
		t.Fatalf("called %s, want %s", m.cur.Number, tk.Number)
	}
	called := srv.eventsOf("ticket.called")
	if len(called) != 1 || called[0].Staff != "clerk88" || called[0].Ticket.Number != tk.Number {
		t.Fatalf("ticket.called events: %+v", called)
	}
}
