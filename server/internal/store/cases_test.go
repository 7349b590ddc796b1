package store

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"onedoor/internal/queue"
)

// acceptVisit has window 1 accept a visit of item and returns the case it opened.
func acceptVisit(t *testing.T, s *Store, item string, a *queue.Applicant) string {
	t.Helper()
	ctx := context.Background()
	if _, _, err := s.Issue(ctx, queue.IssueCmd{Item: item, Source: "kiosk-1"}, a); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := s.Call(ctx, 1, "clerk"); !ok || err != nil {
		t.Fatal(ok, err)
	}
	if _, err := s.Start(ctx, 1, "clerk"); err != nil {
		t.Fatal(err)
	}
	ev, _, err := s.Finish(ctx, 1, "clerk", queue.Finishing{Outcome: queue.Accepted, Received: []string{"m1", "m2", "m3"}})
	if err != nil || ev.Case == nil {
		t.Fatalf("finish: %v (case %v)", err, ev.Case)
	}
	return ev.Case.No
}

// TestCasesOutliveARestart: open cases are restored at the next start, at the state
// their last action left them; a handed-over case is not, but is still found; the
// replay of the log agrees with the projection; a proxy's card is sealed, never in the
// log's plain text.
func TestCasesOutliveARestart(t *testing.T) {
	dir := t.TempDir()
	clk := &clock{now: time.Date(2026, 11, 25, 9, 0, 0, 0, shanghai)}
	s := openStore(t, dir, clk)
	ctx := context.Background()
	seedWindows(t, s, 1)
	kept := acceptVisit(t, s, "440199-A-001", nil)
	done := acceptVisit(t, s, "440199-A-001", nil)
	for _, no := range []string{kept, done} {
		// the acceptance routed the case to its item's department at once
		if c, err := s.Case(no); err != nil || c.State != queue.CaseInProgress || len(c.Parts) != 1 || c.Parts[0].State != queue.PartRouted {
			t.Fatalf("case %s after its acceptance: %+v %v", no, c, err)
		}
		if _, err := s.DecideCase(ctx, queue.CaseCmd{Action: queue.CaseClaim, Case: no, Staff: "officer1"}); err != nil {
			t.Fatalf("claim %s: %v", no, err)
		}
	}
	if c, err := s.DecideCase(ctx, queue.CaseCmd{Action: queue.CaseApprove, Case: done, Staff: "officer1"}); err != nil || c.State != queue.CaseResultReady {
		t.Fatalf("approve: %+v %v", c.State, err)
	}
	proxyID := validIDNumber("44010619800101001")
	proxy := &queue.Applicant{CardType: queue.CardResident, IDNumber: proxyID, Name: "代领人丁"}
	c, err := s.DecideCase(ctx, queue.CaseCmd{Action: queue.CaseProxyPickup, Case: done, Staff: "clerk", Window: 9, Proxy: proxy, Authorised: true})
	if err != nil || c.State != queue.CaseClosed {
		t.Fatalf("proxy pickup: %+v %v", c.State, err)
	}
	if err := s.VerifyReplay(); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s = openStore(t, dir, clk)
	var open []string
	s.Read(func(h *queue.Hall) {
		for no := range h.OpenCases {
			open = append(open, no)
		}
	})
	if len(open) != 1 || open[0] != kept {
		t.Fatalf("open cases after a restart %v, want %s", open, kept)
	}
	if c, err := s.Case(kept); err != nil || c.State != queue.CaseInProgress {
		t.Fatalf("the kept case after a restart: %+v %v", c.State, err)
	}
	if c, err := s.Case(done); err != nil || c.State != queue.CaseClosed {
		t.Fatalf("the handed-over case after a restart: %+v %v", c.State, err)
	}
	if _, err := s.Case("nope"); queue.ErrorCode(err) != queue.NotFound {
		t.Fatalf("an unknown case: %v", err)
	}
	if err := s.VerifyReplay(); err != nil {
		t.Fatal(err)
	}
	if lines := s.Inbox(mustDept(t, s, kept)); len(lines) != 1 || lines[0].Case.No != kept {
		t.Fatalf("the department's inbox after a restart: %+v", lines)
	}
	raw := readAll(t, filepath.Join(dir, "onedoor.db"))
	for _, pii := range []string{proxyID, "代领人丁"} {
		if strings.Contains(raw, pii) {
			t.Fatalf("the data file holds %q in plain text", pii)
		}
	}
}

// validIDNumber completes 17 digits with their GB 11643 check character.
func validIDNumber(first17 string) string {
	c, _ := queue.IDCheckDigit(first17)
	return first17 + string(c)
}

// readAll reads a file as a string.
func readAll(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// mustDept returns the department of a routed case's only sub-case.
func mustDept(t *testing.T, s *Store, no string) string {
	t.Helper()
	c, err := s.Case(no)
	if err != nil || len(c.Parts) != 1 {
		t.Fatalf("case %s: %+v %v", no, c.Parts, err)
	}
	return c.Parts[0].Dept
}
