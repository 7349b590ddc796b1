package app

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"onedoor/internal/client"
	"onedoor/internal/queue"
	"onedoor/internal/testkit"
	"onedoor/internal/wire"
)

// visit issues a ticket for item (with a synthetic applicant), has window 1 call,
// start and finish it, and returns the finish answer.
func (ts *testServer) visit(clerk *client.Client, item string, req wire.FinishRequest) wire.FinishResponse {
	ts.t.Helper()
	ctx := context.Background()
	a := &wire.Applicant{CardType: queue.CardResident, IDNumber: validID("44019919900101123"), Name: "测试甲"}
	if _, err := ts.kiosk.Issue(ctx, wire.IssueRequest{Item: item, Applicant: a}, nextKey()); err != nil {
		ts.t.Fatal(err)
	}
	if _, ok, err := clerk.Call(ctx, 1); err != nil || !ok {
		ts.t.Fatalf("call: %v (ticket %v)", err, ok)
	}
	if _, err := clerk.Act(ctx, 1, "start"); err != nil {
		ts.t.Fatal(err)
	}
	res, err := clerk.Finish(ctx, 1, req)
	if err != nil {
		ts.t.Fatal(err)
	}
	return res
}

// fetchPDF gets a document as token and returns the status and body.
func (ts *testServer) fetchPDF(token string, seq uint64) (int, []byte) {
	ts.t.Helper()
	req, _ := http.NewRequest("GET", ts.URL()+"/api/v1/documents/"+strconv.FormatUint(seq, 10)+".pdf", nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		ts.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		ts.t.Fatal(err)
	}
	return resp.StatusCode, b
}

// TestDocuments runs on one server (a demo server takes seconds to seed under -race):
// the document of each outcome, who may fetch it, case numbers and promised dates.
func TestDocuments(t *testing.T) {
	ts := startServer(t)
	clerk, super := ts.clerk(1), ts.supervisor()
	t.Run("each outcome", func(t *testing.T) { testOutcomes(t, ts, clerk, super) })
	t.Run("staff only", func(t *testing.T) { testStaffOnly(t, ts, clerk, super) })
	t.Run("case numbers", func(t *testing.T) { testCaseNumbers(t, ts, clerk) })
	t.Run("promised dates", func(t *testing.T) { testPromisedDates(t, ts) })
}

func testOutcomes(t *testing.T, ts *testServer, clerk, super *client.Client) {
	tests := []struct {
		outcome  string
		received []string
		reason   string
		status   int
		want     func(wire.Document) []string
	}{
		{"accepted", []string{"m1", "m2", "m3"}, "", 200, func(d wire.Document) []string {
			return []string{"受理回执", d.CaseNo, "个体工商户设立登记", "测试甲", validID("44019919900101123"), d.Promised}
		}},
		{"supplement", []string{"m1"}, "", 200, func(d wire.Document) []string {
			return append([]string{"材料补正通知书", "个体工商户设立登记", "需补正材料"}, d.Missing[0].Name, d.Missing[1].Name)
		}},
		{"rejected", nil, "不属于本中心受理范围", 200, func(d wire.Document) []string {
			return []string{"不予受理决定通知书", "不属于本中心受理范围", "60日内", "6个月内", "行政诉讼"}
		}},
		{"completed", []string{"m1", "m2", "m3"}, "", 404, nil},
		{"consulted", nil, "", 404, nil},
	}
	for _, tc := range tests {
		t.Run(tc.outcome, func(t *testing.T) {
			res := ts.visit(clerk, "440199-A-001", wire.FinishRequest{Outcome: tc.outcome, Received: tc.received, Reason: tc.reason, Basis: basisFor(tc.outcome)})
			status, body := ts.fetchPDF(clerk.Token(), res.Document.Seq)
			if status != tc.status {
				t.Fatalf("GET document %d: %d, want %d: %s", res.Document.Seq, status, tc.status, body)
			}
			if tc.want == nil {
				return
			}
			text := testkit.PDFText(t, body)
			for _, w := range tc.want(res.Document) {
				if w == "" || !strings.Contains(text, w) {
					t.Errorf("the %s PDF lacks %q: %s", tc.outcome, w, text)
				}
			}
			evs, err := super.Events(context.Background(), res.Document.Seq, 10)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, ev := range evs.Events {
				found = found || ev.Type == "document.issued" && ev.Reason == strconv.FormatUint(res.Document.Seq, 10) && ev.Staff == "demo1"
			}
			if !found {
				t.Errorf("no document.issued event for document %d in %+v", res.Document.Seq, evs.Events)
			}
		})
	}
}

func testStaffOnly(t *testing.T, ts *testServer, clerk, super *client.Client) {
	res := ts.visit(clerk, "440199-A-001", wire.FinishRequest{Outcome: "rejected", Reason: "test", Basis: testBasis})
	issued := ts.issue("440199-A-001")
	for _, tc := range []struct {
		name, token string
		seq         uint64
		status      int
	}{
		{"no token", "", res.Document.Seq, 401},
		{"a bad token", "x" + clerk.Token(), res.Document.Seq, 401},
		{"kiosk token", ts.KioskToken, res.Document.Seq, 403},
		{"supervisor", super.Token(), res.Document.Seq, 200},
		{"not a finish event", clerk.Token(), res.Document.Seq - 1, 404},
		{"no such event", clerk.Token(), 1 << 40, 404},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if status, body := ts.fetchPDF(tc.token, tc.seq); status != tc.status {
				t.Fatalf("status %d, want %d: %.200s", status, tc.status, body)
			}
		})
	}
	for _, id := range []string{issued.ID + ".pdf", "1", "-1.pdf", "..%2f1.pdf"} {
		if status, _ := ts.raw("GET", "/api/v1/documents/"+id, clerk.Token(), ""); status != 404 {
			t.Errorf("document id %q: %d, want 404", id, status)
		}
	}
}

// testCaseNumbers checks the day's cases are numbered 1, 2, 3 with no gap for a visit
// that opened none, and that the next day starts again at 1.
func testCaseNumbers(t *testing.T, ts *testServer, clerk *client.Client) {
	accept := func() string {
		return ts.visit(clerk, "440199-A-001", wire.FinishRequest{Outcome: "accepted", Received: []string{"m1", "m2", "m3"}}).Document.CaseNo
	}
	first := accept()
	n, err := strconv.Atoi(first[len(first)-4:])
	if err != nil || !strings.HasPrefix(first, "440199-ZWFW-001-20261125-") {
		t.Fatalf("case number %q", first)
	}
	if no := ts.visit(clerk, "440199-A-001", wire.FinishRequest{Outcome: "supplement", Received: []string{"m1"}}).Document.CaseNo; no != "" {
		t.Fatalf("a notice to supplement opened case %q", no)
	}
	seen := map[string]bool{first: true}
	for i := 1; i <= 2; i++ {
		no := accept()
		if want := "440199-ZWFW-001-20261125-" + fmt.Sprintf("%04d", n+i); no != want || seen[no] {
			t.Fatalf("case %d of the day: %q, want %q", n+i, no, want)
		}
		seen[no] = true
	}
	ts.clock.Set(time.Date(2026, 11, 26, 9, 0, 0, 0, shanghai))
	clerk = ts.clerk(1) // tokens last 12 hours; the window opens again on a new day
	if got, want := accept(), "440199-ZWFW-001-20261126-0001"; got != want {
		t.Fatalf("first case of the next day: %q, want %q", got, want)
	}
}

// testPromisedDates runs from Thursday 2026-11-26 on: the clock only moves forward.
func testPromisedDates(t *testing.T, ts *testServer) {
	clerk := client.New(ts.URL(), "")
	if _, err := clerk.Login(context.Background(), wire.LoginRequest{Staff: "demo1", PIN: DemoPIN, Window: 1}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, item string
		day        time.Time
		want       string
	}{
		{"5 working days from a Thursday skip the weekend", "440199-B-001", time.Date(2026, 11, 26, 10, 0, 0, 0, shanghai), "2026-12-03"},
		{"10 calendar days may end on a Sunday", "440199-E-005", time.Date(2026, 11, 26, 10, 5, 0, 0, shanghai), "2026-12-06"},
		{"即办 is the same day", "440199-A-001", time.Date(2026, 11, 26, 10, 10, 0, 0, shanghai), "2026-11-26"},
		{"1 working day from a Friday is Monday", "440199-A-004", time.Date(2026, 11, 27, 10, 0, 0, 0, shanghai), "2026-11-30"},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.day.Day() != ts.clock.Now().Day() {
				ts.clock.Set(tc.day)
				clerk = ts.clerk(1)
			}
			ts.clock.Set(tc.day)
			res := ts.visit(clerk, tc.item, acceptAll(ts, tc.item))
			if res.Document.Promised != tc.want {
				t.Fatalf("promised %s, want %s", res.Document.Promised, tc.want)
			}
			if i > 0 {
				return // rendering is slow under -race: read one receipt
			}
			status, pdf := ts.fetchPDF(clerk.Token(), res.Document.Seq)
			if status != 200 {
				t.Fatalf("GET document: %d", status)
			}
			if text := testkit.PDFText(t, pdf); !strings.Contains(text, tc.want) {
				t.Errorf("the receipt lacks the promised date %s", tc.want)
			}
		})
	}
}

func TestDocumentOfAnotherCenterIsRefused(t *testing.T) {
	dir := t.TempDir()
	clk := &fakeClock{now: time.Date(2026, 11, 25, 9, 30, 0, 0, shanghai)}
	first, err := Start(Config{Addr: "127.0.0.1:0", Data: dir, TZ: "Asia/Shanghai", Demo: true,
		Policy: queue.DefaultPolicy(), Clock: clk.Now}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ts1 := &testServer{Server: first, t: t, clock: clk, kiosk: client.New(first.URL(), first.KioskToken)}
	res := ts1.visit(ts1.clerk(1), "440199-A-001", wire.FinishRequest{Outcome: "accepted", Received: []string{"m1", "m2", "m3"}})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := first.Close(ctx); err != nil {
		t.Fatal(err)
	}
	// The same file served as another center: its clerks may not read the first's documents.
	ts := startServerWith(t, func(c *Config) { c.Data, c.Center = dir, "440100-ZWFW-009" })
	other := client.New(ts.URL(), "")
	if _, err := other.Login(context.Background(), wire.LoginRequest{Staff: "demo1", PIN: DemoPIN, Window: 1}); err != nil {
		t.Fatal(err)
	}
	if status, body := ts.fetchPDF(other.Token(), res.Document.Seq); status != 403 {
		t.Fatalf("another center's document: %d, want 403: %s", status, body)
	}
	if status, body := ts.fetchPDF(ts.supervisor().Token(), res.Document.Seq); status != 403 {
		t.Fatalf("another center's document to a supervisor: %d, want 403: %s", status, body)
	}
}

// testBasis is a legal basis typed for a rejection, as the server requires one.
const testBasis = "《中华人民共和国行政许可法》第三十二条第一款第（二）项"

// basisFor is testBasis for a rejection and nothing for the other outcomes.
func basisFor(outcome string) string {
	if outcome == "rejected" {
		return testBasis
	}
	return ""
}
