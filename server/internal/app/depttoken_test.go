package app

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"onedoor/internal/queue"
	"onedoor/internal/wire"
)

// TestDeptTokenActsForItsDepartmentOnly: a supervisor issues a token for the market
// regulator's own system, shown once and stored only hashed; with it the system lists
// the regulator's inbox and claims and approves a case over v1, a retry with the same
// Idempotency-Key answering the same case and doing nothing twice; the bureau's inbox
// and cases answer 403; an officer may not issue tokens. Listed by name only, revoked, it
// answers 401.
func TestDeptTokenActsForItsDepartmentOnly(t *testing.T) {
	ts := startServer(t)
	clerk := ts.clerk(1)
	mine := ts.acceptCase(clerk, "440199-A-001")
	other := ts.acceptCase(clerk, "440199-C-003")
	sup := ts.supervisor()

	if st, body := ts.raw("POST", "/api/v1/admin/dept-tokens", ts.officer("scj1").Token(), `{"name":"scj-approval","dept":"SCJGJ"}`); st != http.StatusForbidden {
		t.Fatalf("an officer issues a department token: %d %s", st, body)
	}
	for _, bad := range []string{`{"name":"x","dept":"NOPE"}`, `{"name":"","dept":"SCJGJ"}`, `{"name":"x","dept":"SCJGJ","extra":1}`} {
		if st, body := ts.raw("POST", "/api/v1/admin/dept-tokens", sup.Token(), bad); st < 400 || st >= 500 {
			t.Errorf("token request %s: %d %s", bad, st, body)
		}
	}
	st, body := ts.raw("POST", "/api/v1/admin/dept-tokens", sup.Token(), `{"name":"scj-approval","dept":"SCJGJ"}`)
	var issued wire.DeptTokenResponse
	if st != http.StatusCreated || json.Unmarshal([]byte(body), &issued) != nil || issued.Token == "" {
		t.Fatalf("issue a department token: %d %s", st, body)
	}
	tok := issued.Token

	// The regulator's inbox, with and without ?dept=.
	for _, path := range []string{"/api/v1/cases?dept=SCJGJ", "/api/v1/cases"} {
		st, body := ts.raw("GET", path, tok, "")
		var in wire.Inbox
		if st != 200 || json.Unmarshal([]byte(body), &in) != nil || len(in.Cases) != 1 || in.Cases[0].Case.No != mine {
			t.Fatalf("GET %s with the department token: %d %s", path, st, body)
		}
	}
	// Claim and approve, each retried with its key.
	for _, step := range []struct{ action, key, body string }{
		{"claim", "sys-claim-1", `{}`},
		{"approve", "sys-approve-1", `{"result":"pickup"}`},
	} {
		var first string
		for try := 0; try < 2; try++ {
			st, body := ts.raw("POST", "/api/v1/cases/"+mine+"/"+step.action, tok, step.body, "Idempotency-Key", step.key)
			if st != 200 {
				t.Fatalf("%s try %d: %d %s", step.action, try, st, body)
			}
			if try == 0 {
				first = body
			} else if body != first {
				t.Fatalf("the retried %s answered\n%s\nnot\n%s", step.action, body, first)
			}
		}
	}
	c, err := ts.Store.Case(mine)
	if err != nil || c.State != queue.CaseResultReady || c.Parts[0].Officer != "dept:scj-approval" {
		t.Fatalf("the case after the system's approval: %+v %v", c, err)
	}
	evs, err := ts.Store.CaseEvents(mine)
	if err != nil {
		t.Fatal(err)
	}
	counts := map[queue.EventType]int{}
	for _, ev := range evs {
		counts[ev.Type]++
	}
	if counts[queue.CaseClaimed] != 1 || counts[queue.CaseApproved] != 1 {
		t.Fatalf("events of the case: %v", counts)
	}

	// Another department: 403 everywhere.
	for _, req := range []struct{ method, path string }{
		{"GET", "/api/v1/cases?dept=RSJ"}, {"GET", "/api/v1/cases/" + other},
		{"POST", "/api/v1/cases/" + other + "/claim"}, {"GET", "/api/v1/cases/" + other + "/events"},
	} {
		body := ""
		if req.method == "POST" {
			body = `{}`
		}
		if st, b := ts.raw(req.method, req.path, tok, body, "Idempotency-Key", "sys-other"); st != http.StatusForbidden {
			t.Errorf("%s %s with the regulator's token: %d %s", req.method, req.path, st, b)
		}
	}
	// Nor does a department's system see the applicant, or act as a window or supervisor.
	for _, req := range []struct{ method, path, body string }{
		{"GET", "/api/v1/cases/" + mine + "/applicant", ""},
		{"POST", "/api/v1/cases/" + mine + "/reveal", ""},
		{"POST", "/api/v1/cases/" + mine + "/pickup", `{}`},
		{"POST", "/api/v1/cases/" + mine + "/reassign", `{"officer":"scj1","reason":"x"}`},
		{"GET", "/api/v1/events", ""},
	} {
		if st, b := ts.raw(req.method, req.path, tok, req.body); st != http.StatusForbidden {
			t.Errorf("%s %s with a department token: %d %s", req.method, req.path, st, b)
		}
	}
	// Shown once: the file holds no trace of the token itself.
	ts.Store.Wait(t.Context())
	data, err := os.ReadFile(filepath.Join(ts.cfg.Data, "onedoor.db"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), tok) {
		t.Fatal("the department token is stored in the clear")
	}
	// Listed by name, never the token; revoked, it works no more.
	if st, body := ts.raw("GET", "/api/v1/admin/dept-tokens", sup.Token(), ""); st != 200 || !strings.Contains(body, `"name":"scj-approval","dept":"SCJGJ"`) || strings.Contains(body, tok) {
		t.Fatalf("the list of department tokens: %d %s", st, body)
	}
	if st, body := ts.raw("POST", "/api/v1/admin/dept-tokens/scj-approval/revoke", sup.Token(), ""); st != 200 || !strings.Contains(body, `"revoked":1`) {
		t.Fatalf("revoke: %d %s", st, body)
	}
	if st, body := ts.raw("GET", "/api/v1/cases?dept=SCJGJ", tok, ""); st != http.StatusUnauthorized {
		t.Fatalf("a revoked department token: %d %s", st, body)
	}
	if st, _ := ts.raw("POST", "/api/v1/admin/dept-tokens/scj-approval/revoke", sup.Token(), ""); st != http.StatusNotFound {
		t.Fatalf("revoking it again: %d", st)
	}
}
