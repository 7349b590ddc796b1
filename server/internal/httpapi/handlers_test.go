package httpapi

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"onedoor/internal/queue"
	"onedoor/server/internal/store"
)

// route is one call of the API as the handler tests drive it.
type route struct {
	method, path string
	body         string   // a valid body ("" for none)
	roles        []string // the roles allowed; nil for a public call
	ok           int      // the status of success
	store        bool     // the store's error reaches the answer (the domain error table)
	decodes      bool     // the body is decoded JSON (malformed → 400, oversized → 413)
}

// staff is every staff role; devOrStaff adds the kiosk's.
var (
	staff      = []string{store.RoleClerk, store.RoleSupervisor, store.RoleAdmin}
	backOffice = []string{store.RoleOfficer, store.RoleSupervisor, store.RoleAdmin}
	caseStaff  = []string{store.RoleOfficer, store.RoleSupervisor, store.RoleAdmin, store.RoleClerk}
	managers   = []string{store.RoleSupervisor, store.RoleAdmin}
	devOrStaff = []string{store.RoleDevice, store.RoleClerk, store.RoleSupervisor, store.RoleAdmin}
)

// routes lists every route server.go registers (the nine window actions each), with
// a request that succeeds against the fake store.
var routes = []route{
	{method: "GET", path: "/healthz", ok: 200},
	{method: "GET", path: "/metrics", ok: 200},
	{method: "GET", path: "/api/v1/catalog", ok: 200},
	{method: "GET", path: "/api/v1/queue", ok: 200},
	{method: "GET", path: "/api/v1/waits", ok: 200},
	{method: "POST", path: "/api/v1/tickets", body: `{"item":"X1"}`, roles: devOrStaff, ok: 201, store: true, decodes: true},
	{method: "GET", path: "/api/v1/tickets/t-1", ok: 200, store: true},
	{method: "POST", path: "/api/v1/tickets/t-1/cancel", ok: 200, store: true},
	{method: "POST", path: "/api/v1/tickets/t-1/reinstate", roles: staff, ok: 200, store: true, decodes: true},
	{method: "POST", path: "/api/v1/tickets/t-1/rating", body: `{"level":5}`, ok: 200, store: true, decodes: true},
	{method: "POST", path: "/api/v1/admin/notice", body: `{"text":"午休"}`, roles: managers, ok: 204, store: true, decodes: true},
	{method: "POST", path: "/api/v1/login", body: `{"staff":"c1","pin":"482913"}`, ok: 200, store: true, decodes: true},
	{method: "POST", path: "/api/v1/logout", ok: 204, store: true},
	{method: "GET", path: "/api/v1/windows/1/current", roles: staff, ok: 204},
	{method: "POST", path: "/api/v1/windows/1/reveal", roles: staff, ok: 200, store: true},
	{method: "POST", path: "/api/v1/windows/1/open", roles: staff, ok: 200, store: true, decodes: true},
	{method: "POST", path: "/api/v1/windows/1/close", roles: staff, ok: 200, store: true, decodes: true},
	{method: "POST", path: "/api/v1/windows/1/pause", body: `{"reason":"午休"}`, roles: staff, ok: 200, store: true, decodes: true},
	{method: "POST", path: "/api/v1/windows/1/call", roles: staff, ok: 200, store: true, decodes: true},
	{method: "POST", path: "/api/v1/windows/1/recall", roles: staff, ok: 200, store: true, decodes: true},
	{method: "POST", path: "/api/v1/windows/1/start", roles: staff, ok: 200, store: true, decodes: true},
	{method: "POST", path: "/api/v1/windows/1/no-show", roles: staff, ok: 200, store: true, decodes: true},
	{method: "POST", path: "/api/v1/windows/1/transfer", body: `{"window":2}`, roles: staff, ok: 200, store: true, decodes: true},
	{method: "POST", path: "/api/v1/windows/1/applicant", body: `{"card_type":"passport","id_number":"E12345678","name":"TEST PERSON"}`, roles: staff, ok: 200, store: true, decodes: true},
	{method: "POST", path: "/api/v1/windows/1/priority", body: `{"confirm":true}`, roles: staff, ok: 200, store: true, decodes: true},
	// finish: the status mapping only (its request is changing elsewhere).
	{method: "POST", path: "/api/v1/windows/1/finish", body: `{"outcome":"completed"}`, roles: staff, ok: 200, store: true, decodes: true},
	{method: "POST", path: "/api/v1/devices/status", body: `{"kind":"printer","status":"ok"}`, roles: []string{store.RoleDevice}, ok: 204, store: true, decodes: true},
	{method: "GET", path: "/api/v1/events", roles: managers, ok: 200, store: true},
	// documents: success renders a PDF from a finished visit; only the refusals here.
	{method: "GET", path: "/api/v1/documents/5.pdf", roles: staff, store: true},
	{method: "GET", path: "/api/v1/stream", ok: 204},
	{method: "GET", path: "/api/v1/admin/backup", roles: managers, ok: 200},
	{method: "GET", path: "/api/v1/admin/digests", roles: managers, ok: 200, store: true},
	{method: "GET", path: "/api/v1/stats/priority", roles: managers, ok: 200},
	{method: "GET", path: "/api/v1/stats/estimates", roles: managers, ok: 200},
	{method: "GET", path: "/api/v1/cases?dept=SCJ", roles: backOffice, ok: 200},
	{method: "GET", path: "/api/v1/cases/C-1", roles: caseStaff, ok: 200, store: true},
	{method: "GET", path: "/api/v1/cases/C-1/refusal.pdf", roles: caseStaff, ok: 200, store: true},
	{method: "GET", path: "/api/v1/cases/C-1/events", roles: caseStaff, ok: 200, store: true},
	{method: "GET", path: "/api/v1/cases/C-1/applicant", roles: backOffice, ok: 200, store: true},
	{method: "POST", path: "/api/v1/cases/C-1/reveal", roles: backOffice, ok: 200, store: true},
	{method: "POST", path: "/api/v1/admin/dept-tokens", body: `{"name":"scj-sys","dept":"SCJ"}`, roles: managers, ok: 201, store: true, decodes: true},
	{method: "GET", path: "/api/v1/admin/dept-tokens", roles: managers, ok: 200},
	{method: "POST", path: "/api/v1/admin/dept-tokens/scj-sys/revoke", roles: managers, ok: 200, store: true},
	{method: "GET", path: "/api/v1/web/session", ok: 401},
	{method: "POST", path: "/api/v1/web/logout", ok: 401},
	{method: "POST", path: "/api/v1/cases/C-1/post", body: `{"tracking":"SF1234567890"}`, roles: []string{store.RoleClerk, store.RoleSupervisor, store.RoleAdmin}, ok: 200, store: true, decodes: true},
	{method: "POST", path: "/api/v1/cases/C-1/approve", body: `{}`, roles: backOffice, ok: 200, store: true, decodes: true},
	{method: "POST", path: "/api/v1/pickups", body: `{"case":"C-1"}`, roles: devOrStaff, ok: 201, store: true, decodes: true},
	{method: "POST", path: "/api/v1/admin/officers", body: `{"id":"o2","name":"王五","depts":["SCJ"]}`, roles: []string{store.RoleAdmin}, ok: 201, store: true, decodes: true},
	{method: "POST", path: "/api/v1/admin/windows", body: `{"number":3,"name":"三号窗口","kind":"general"}`, roles: managers, ok: 201, store: true, decodes: true},
	{method: "POST", path: "/api/v1/admin/appointments", body: `{"code":"B1","item":"X1","slot":"2026-03-02T10:00:00Z"}`, roles: managers, ok: 201, store: true, decodes: true},
	{method: "POST", path: "/api/v1/admin/staff/c1/unlock", roles: managers, ok: 204, store: true},
	{method: "GET", path: "/api/v1/admin/devices", roles: managers, ok: 200},
	{method: "POST", path: "/api/v1/admin/devices/kiosk-1/revoke", roles: managers, ok: 200, store: true},
	{method: "POST", path: "/api/v1/admin/devices", body: `{"name":"kiosk-2"}`, roles: managers, ok: 201, store: true, decodes: true},
	{method: "GET", path: "/api/v1/admin/staff", roles: managers, ok: 200},
	{method: "POST", path: "/api/v1/admin/staff", body: `{"id":"c9","name":"王五","role":"clerk"}`, roles: managers, ok: 201, store: true, decodes: true},
	{method: "PUT", path: "/api/v1/admin/catalog", body: `{}`, roles: []string{store.RoleAdmin}, ok: 202, store: true},
	{method: "POST", path: "/api/v1/setup", body: `{"token":"st-1","id":"a1","name":"管理员"}`, ok: 201, store: true, decodes: true},
}

// tokenOf is the fake's token of a role.
func tokenOf(role string) string { return role + "-token" }

// do sends one request to a server over the fakes; the client is not on loopback
// (httptest's 192.0.2.1), so the per-address limits apply.
func do(t *testing.T, s *Server, method, path, token string, body io.Reader) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(method, path, body)
	if token != "" {
		r.Header.Set("Authorization", "Bearer "+token)
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	return w
}

func newFake(st *fakeStore, h *fakeHub) *Server {
	if h == nil {
		h = &fakeHub{}
	}
	return New(st, h, Config{Logger: slog.New(slog.DiscardHandler)})
}

// allowed is the token a route's success and store errors are sent with.
func (rt route) token() string {
	if rt.roles == nil {
		return ""
	}
	return tokenOf(rt.roles[0])
}

func (rt route) name() string { return rt.method + " " + rt.path }

func TestRouteSucceeds(t *testing.T) {
	for _, rt := range routes {
		if rt.ok == 0 {
			continue
		}
		t.Run(rt.name(), func(t *testing.T) {
			for _, tok := range append([]string{rt.token()}, tokensOf(rt.roles)...) {
				s := newFake(&fakeStore{created: true}, nil)
				w := do(t, s, rt.method, rt.path, tok, strings.NewReader(rt.body))
				if w.Code != rt.ok {
					t.Fatalf("as %q: status %d, want %d: %.200s", tok, w.Code, rt.ok, w.Body)
				}
			}
		})
	}
}

func tokensOf(roles []string) []string {
	var out []string
	for _, r := range roles {
		out = append(out, tokenOf(r))
	}
	return out
}

// TestDomainErrorStatus checks, for every route whose store call can fail, that each
// kind of domain error comes back with respond.go's status: the one mapping.
func TestDomainErrorStatus(t *testing.T) {
	kinds := []struct {
		err    error
		status int
	}{
		{queue.Errorf(queue.Invalid, "bad"), 422},
		{queue.Errorf(queue.NotFound, "gone"), 404},
		{queue.Errorf(queue.Conflict, "not now"), 409},
		{queue.Errorf(queue.Unauthorized, "who"), 401},
		{queue.Errorf(queue.Forbidden, "no"), 403},
		{queue.Errorf(queue.Unavailable, "full"), 503},
		{errPlain, 500},
	}
	for _, rt := range routes {
		if !rt.store {
			continue
		}
		for _, k := range kinds {
			t.Run(rt.name()+"/"+string(queue.ErrorCode(k.err)), func(t *testing.T) {
				s := newFake(&fakeStore{fail: k.err, created: true}, nil)
				w := do(t, s, rt.method, rt.path, rt.token(), strings.NewReader(rt.body))
				if w.Code != k.status {
					t.Fatalf("status %d, want %d: %.200s", w.Code, k.status, w.Body)
				}
				if k.status == 500 && strings.Contains(w.Body.String(), errPlain.Error()) {
					t.Fatalf("an internal error's text reached the client: %s", w.Body)
				}
				if got := w.Header().Get("WWW-Authenticate") != ""; got != (k.status == 401) {
					t.Fatalf("WWW-Authenticate set %v on a %d", got, k.status)
				}
			})
		}
	}
}

// TestAuthStatus checks every route that needs a token: none or an unknown one is
// 401, a role not allowed and an agent's kiosk token are 403.
func TestAuthStatus(t *testing.T) {
	all := []string{store.RoleClerk, store.RoleSupervisor, store.RoleAdmin, store.RoleDevice, store.RoleOfficer}
	for _, rt := range routes {
		if rt.roles == nil {
			continue
		}
		t.Run(rt.name(), func(t *testing.T) {
			cases := map[string]int{"": 401, "forged": 401, "agent-token": 403}
			for _, role := range all {
				if !slices.Contains(rt.roles, role) {
					cases[tokenOf(role)] = 403
				}
			}
			for tok, want := range cases {
				s := newFake(&fakeStore{}, nil)
				w := do(t, s, rt.method, rt.path, tok, strings.NewReader(rt.body))
				if w.Code != want {
					t.Errorf("token %q: status %d, want %d: %.200s", tok, w.Code, want, w.Body)
				}
			}
		})
	}
}

// TestBodyStatus checks every route that decodes JSON: a malformed, empty-when-needed,
// unknown-field or trailing body is 400, and one over MaxBody is 413.
func TestBodyStatus(t *testing.T) {
	big := `{"x":"` + strings.Repeat("a", MaxBody) + `"}`
	for _, rt := range routes {
		if !rt.decodes {
			continue
		}
		t.Run(rt.name(), func(t *testing.T) {
			for body, want := range map[string]int{
				`{"item":`:         400,
				`[1,2]`:            400,
				`{"nope":1}`:       400,
				`{} {}`:            400,
				"{\"a\":\"\xff\"}": 400,
				big:                413,
			} {
				s := newFake(&fakeStore{}, nil)
				w := do(t, s, rt.method, rt.path, rt.token(), strings.NewReader(body))
				if w.Code != want {
					t.Errorf("body %.20q: status %d, want %d: %s", body, w.Code, want, w.Body)
				}
			}
		})
	}
}

// TestRouteSpecialStatus covers the statuses particular to one route.
func TestRouteSpecialStatus(t *testing.T) {
	cases := []struct {
		name         string
		st           *fakeStore
		h            *fakeHub
		method, path string
		token, body  string
		want         int
	}{
		{"storage full", &fakeStore{full: true}, nil, "GET", "/healthz", "", "", 503},
		{"replayed issue", &fakeStore{created: false}, nil, "POST", "/api/v1/tickets", "device-token", `{"item":"X1"}`, 200},
		{"issue without item", &fakeStore{}, nil, "POST", "/api/v1/tickets", "device-token", `{}`, 422},
		{"staff sends agent token", &fakeStore{}, nil, "POST", "/api/v1/tickets", "clerk-token", `{"item":"X1","agent_token":"agent-token"}`, 403},
		{"kiosk's agent token forged", &fakeStore{}, nil, "POST", "/api/v1/tickets", "device-token", `{"item":"X1","agent_token":"forged"}`, 403},
		{"junk ticket id", &fakeStore{}, nil, "GET", "/api/v1/tickets/A%20B", "", "", 404},
		{"nobody waiting", &fakeStore{noCall: true}, nil, "POST", "/api/v1/windows/1/call", "clerk-token", "", 204},
		{"clerk calls out of order", &fakeStore{}, nil, "POST", "/api/v1/windows/1/call", "clerk-token", `{"ticket":"t-1"}`, 403},
		{"supervisor calls out of order", &fakeStore{}, nil, "POST", "/api/v1/windows/1/call", "supervisor-token", `{"ticket":"t-1"}`, 200},
		{"clerk at another window", &fakeStore{}, nil, "POST", "/api/v1/windows/2/start", "clerk-token", "", 403},
		{"window not a number", &fakeStore{}, nil, "POST", "/api/v1/windows/x/start", "clerk-token", "", 404},
		{"unknown window action", &fakeStore{}, nil, "POST", "/api/v1/windows/1/dance", "clerk-token", "", 404},
		{"transfer to both", &fakeStore{}, nil, "POST", "/api/v1/windows/1/transfer", "clerk-token", `{"window":2,"category":"A"}`, 422},
		{"applicant with a broken credit code", &fakeStore{}, nil, "POST", "/api/v1/windows/1/applicant", "clerk-token", `{"card_type":"uscc","id_number":"91350100M000100Y44","name":"示例公司"}`, 422},
		{"priority check without confirm", &fakeStore{}, nil, "POST", "/api/v1/windows/1/priority", "clerk-token", `{"reason":"x"}`, 400},
		{"finish unknown outcome", &fakeStore{}, nil, "POST", "/api/v1/windows/1/finish", "clerk-token", `{"outcome":"maybe"}`, 422},
		{"device kind unknown", &fakeStore{}, nil, "POST", "/api/v1/devices/status", "device-token", `{"kind":"toaster","status":"ok"}`, 422},
		{"events limit 0", &fakeStore{}, nil, "GET", "/api/v1/events?limit=0", "supervisor-token", "", 400},
		{"events after junk", &fakeStore{}, nil, "GET", "/api/v1/events?after=x", "supervisor-token", "", 400},
		{"document not a seq", &fakeStore{}, nil, "GET", "/api/v1/documents/x.pdf", "supervisor-token", "", 404},
		{"streams full", &fakeStore{}, &fakeHub{full: true}, "GET", "/api/v1/stream", "", "", 503},
		{"stream forged token", &fakeStore{}, nil, "GET", "/api/v1/stream?token=forged", "", "", 401},
		{"stream bad after", &fakeStore{}, nil, "GET", "/api/v1/stream?after=x", "", "", 400},
		{"stream bad view", &fakeStore{}, nil, "GET", "/api/v1/stream?view=wall", "", "", 400},
		{"stream unknown ticket", &fakeStore{fail: queue.Errorf(queue.NotFound, "gone")}, nil, "GET", "/api/v1/stream?ticket=t-9", "", "", 404},
		{"current ticket", &fakeStore{serving: true}, nil, "GET", "/api/v1/windows/1/current", "clerk-token", "", 200},
		{"document of the clerk's visit", &fakeStore{visit: visit(queue.Accepted, "c1", "")}, nil, "GET", "/api/v1/documents/5.pdf", "clerk-token", "", 200},
		{"document of another clerk's visit", &fakeStore{visit: visit(queue.Accepted, "c7", "")}, nil, "GET", "/api/v1/documents/5.pdf", "clerk-token", "", 404},
		{"document of another center", &fakeStore{visit: visit(queue.Accepted, "c1", "440100")}, nil, "GET", "/api/v1/documents/5.pdf", "supervisor-token", "", 403},
		{"a completed visit has no document", &fakeStore{}, nil, "GET", "/api/v1/documents/5.pdf", "supervisor-token", "", 404},
		{"window name empty", &fakeStore{}, nil, "POST", "/api/v1/admin/windows", "supervisor-token", `{"number":3,"name":""}`, 422},
		{"supervisor adds an admin", &fakeStore{}, nil, "POST", "/api/v1/admin/staff", "supervisor-token", `{"id":"a9","name":"赵六","role":"admin"}`, 403},
		{"weak PIN", &fakeStore{}, nil, "POST", "/api/v1/admin/staff", "admin-token", `{"id":"c9","name":"王五","role":"clerk","pin":"c9"}`, 422},
		{"device name with a slash", &fakeStore{}, nil, "POST", "/api/v1/admin/devices", "admin-token", `{"name":"a/b"}`, 422},
		{"catalog over 4 MiB", &fakeStore{}, nil, "PUT", "/api/v1/admin/catalog", "admin-token", strings.Repeat(" ", maxCatalog+1), 413},
		{"setup without token", &fakeStore{}, nil, "POST", "/api/v1/setup", "", `{"id":"a1","name":"管理员"}`, 401},
		{"login PIN too short", &fakeStore{}, nil, "POST", "/api/v1/login", "", `{"staff":"c1","pin":"1"}`, 400},
		{"login window out of range", &fakeStore{}, nil, "POST", "/api/v1/login", "", `{"staff":"c1","pin":"482913","window":1000}`, 422},
		{"no such API call", &fakeStore{}, nil, "GET", "/api/v1/nothing", "", "", 404},
		{"wrong method: the /api/ catch-all", &fakeStore{}, nil, "DELETE", "/api/v1/catalog", "", "", 404},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := do(t, newFake(c.st, c.h), c.method, c.path, c.token, strings.NewReader(c.body))
			if w.Code != c.want {
				t.Fatalf("status %d, want %d: %.200s", w.Code, c.want, w.Body)
			}
		})
	}
}

// TestRateLimitStatus: past the per-address burst, a public call and a login are 429.
func TestRateLimitStatus(t *testing.T) {
	for _, path := range []string{"/api/v1/catalog", "/api/v1/login"} {
		t.Run(path, func(t *testing.T) {
			s := New(&fakeStore{}, &fakeHub{}, Config{Logger: slog.New(slog.DiscardHandler),
				Limits: Limits{LoginRate: 0.001, LoginBurst: 1, PublicRate: 0.001, PublicBurst: 1}})
			method, body := "GET", ""
			if strings.HasSuffix(path, "login") {
				method, body = "POST", `{"staff":"c1","pin":"482913"}`
			}
			if w := do(t, s, method, path, "", strings.NewReader(body)); w.Code != 200 {
				t.Fatalf("first call: status %d: %s", w.Code, w.Body)
			}
			if w := do(t, s, method, path, "", strings.NewReader(body)); w.Code != http.StatusTooManyRequests {
				t.Fatalf("second call: status %d, want 429: %s", w.Code, w.Body)
			}
		})
	}
}

// visit is a finished visit's event for the documents route.
func visit(o queue.Outcome, clerk, center string) *queue.Event {
	t := view().Ticket
	t.State, t.Outcome, t.Window, t.Staff = queue.Done, o, 1, clerk
	return &queue.Event{Seq: 5, Center: center, Staff: clerk, Ticket: &t, At: fakeNow}
}

// TestPagesOutsideAPI: with Pages set, a path outside /api/ reaches them and an
// unknown API call still does not.
func TestPagesOutsideAPI(t *testing.T) {
	pages := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusTeapot) })
	s := New(&fakeStore{}, &fakeHub{}, Config{Logger: slog.New(slog.DiscardHandler), Pages: pages})
	for path, want := range map[string]int{"/board": http.StatusTeapot, "/api/v1/nothing": 404} {
		if w := do(t, s, "GET", path, "", nil); w.Code != want {
			t.Errorf("%s: status %d, want %d", path, w.Code, want)
		}
	}
}

// TestRoutesTableIsComplete reads the patterns server.go registers and fails when one
// has no entry in routes: a new route comes with its status tests.
func TestRoutesTableIsComplete(t *testing.T) {
	src, err := os.ReadFile("server.go")
	if err != nil {
		t.Fatal(err)
	}
	registered := regexp.MustCompile(`m\.Handle(?:Func)?\("([A-Z]+ /[^"]*)"`).FindAllStringSubmatch(string(src), -1)
	if len(registered) < 30 {
		t.Fatalf("found %d route patterns in server.go: has the registration moved?", len(registered))
	}
	s := newFake(&fakeStore{}, nil)
	covered := map[string]bool{}
	for _, rt := range routes {
		_, pattern := s.mux.Handler(httptest.NewRequest(rt.method, rt.path, nil))
		covered[pattern] = true
	}
	for _, m := range registered {
		if !covered[m[1]] {
			t.Errorf("route %q has no entry in the handler tests' routes", m[1])
		}
	}
	for action := range windowActions {
		if !slices.ContainsFunc(routes, func(rt route) bool { return rt.path == "/api/v1/windows/1/"+action }) {
			t.Errorf("window action %q has no entry in the handler tests' routes", action)
		}
	}
}

// BenchmarkWaitsCached is what one phone's poll of /api/v1/waits costs the server's
// handler once the answer is cached (the network's share comes on top).
func BenchmarkWaitsCached(b *testing.B) {
	s := New(&fakeStore{}, &fakeHub{}, Config{})
	req := httptest.NewRequest("GET", "/api/v1/waits", nil)
	s.ServeHTTP(httptest.NewRecorder(), req)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			w := httptest.NewRecorder()
			s.ServeHTTP(w, req)
			if w.Code != 200 {
				b.Fatalf("status %d", w.Code)
			}
		}
	})
}
