package app

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"onedoor/display/browsertest"
	"onedoor/internal/queue"
	"onedoor/internal/wire"
)

// getWaits fetches /api/v1/waits, with an ETag to revalidate when given.
func (ts *testServer) getWaits(etag string) (int, wire.Waits, string, []byte) {
	ts.t.Helper()
	req, _ := http.NewRequest("GET", ts.URL()+"/api/v1/waits", nil)
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		ts.t.Fatal(err)
	}
	defer res.Body.Close()
	var raw json.RawMessage
	var w wire.Waits
	if res.StatusCode == 200 {
		if err := json.NewDecoder(res.Body).Decode(&raw); err != nil {
			ts.t.Fatal(err)
		}
		if err := json.Unmarshal(raw, &w); err != nil {
			ts.t.Fatal(err)
		}
	}
	return res.StatusCode, w, res.Header.Get("ETag"), raw
}

// TestWaitsBeforeComing: the public waits say, per category, how many wait and the wait
// a ticket taken now would be quoted — the same range the ticket then gets; the answer is
// served from memory until an event and two seconds, or fifteen seconds, have passed;
// an unchanged answer revalidates as 304; nothing personal is in it.
func TestWaitsBeforeComing(t *testing.T) {
	ts := startServer(t)
	ctx := context.Background()
	a := &wire.Applicant{CardType: queue.CardResident, IDNumber: validID("44010619850101002"), Name: "测试乙"}
	if _, err := ts.kiosk.Issue(ctx, wire.IssueRequest{Item: itemA, Applicant: a}, nextKey()); err != nil {
		t.Fatal(err)
	}
	status, w, etag, raw := ts.getWaits("")
	if status != 200 || len(w.Categories) != 13 || w.Categories[0].Code != "SSDJ" || w.Categories[0].Waiting != 1 || !w.Categories[0].NoWindow {
		t.Fatalf("waits before any window opened: %d %+v", status, w.Categories)
	}
	for _, pii := range []string{a.IDNumber, a.Name} {
		if strings.Contains(string(raw), pii) {
			t.Fatalf("the waits carry %q", pii)
		}
	}
	if st, _, _, _ := ts.getWaits(etag); st != http.StatusNotModified {
		t.Fatalf("revalidation: %d, want 304", st)
	}
	ts.clerk(1) // an event: but within two seconds the answer stands
	if st, _, _, _ := ts.getWaits(etag); st != http.StatusNotModified {
		t.Fatalf("within two seconds of the last answer: %d, want 304", st)
	}
	ts.clock.Add(3 * time.Second)
	_, w, _, _ = ts.getWaits(etag)
	sd := w.Categories[0]
	if sd.NoWindow || sd.Waiting != 1 || sd.WaitMaxS <= sd.WaitMinS {
		t.Fatalf("waits with window 1 open: %+v", sd)
	}
	// the ticket taken now is quoted what the page said
	tk, err := ts.kiosk.Issue(ctx, wire.IssueRequest{Item: itemA}, nextKey())
	if err != nil || tk.EstimatedWaitMinS != sd.WaitMinS || tk.EstimatedWaitMaxS != sd.WaitMaxS {
		t.Fatalf("the page said %d–%d s, the ticket was quoted %d–%d (%v)", sd.WaitMinS, sd.WaitMaxS, tk.EstimatedWaitMinS, tk.EstimatedWaitMaxS, err)
	}
	// fifteen seconds on, even with no event, it is computed again
	_, before, _, _ := ts.getWaits("")
	ts.clock.Add(16 * time.Second)
	_, after, _, _ := ts.getWaits("")
	if !after.At.After(before.At) {
		t.Fatalf("the answer of %v was served again at %v", before.At, after.At)
	}
}

// TestWaitsPageInABrowser: the page lists every category with its waiting count and the
// wait for a ticket taken now, in minutes, or that no window serves it now.
func TestWaitsPageInABrowser(t *testing.T) {
	ts := startServer(t)
	ts.issue(itemA)
	ts.issue(itemA)
	phone := browsertest.Tab(t, 30*time.Second)
	if err := chromedp.Do(phone, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile)); err != nil {
		t.Fatal(err)
	}
	row := func(prefix string) string {
		return browsertest.Eval[string](t, phone, fmt.Sprintf(`document.querySelector('#list li[data-prefix=%q]').textContent`, prefix))
	}
	// no window open yet: every category says so
	browsertest.Open(t, phone, ts.URL()+"/waits", `document.querySelectorAll('#list li').length === 13`)
	if a := row("A"); !strings.Contains(a, "等候 2 人") || !strings.Contains(a, "暂无窗口办理") {
		t.Fatalf("row A before any window opened reads %q", a)
	}
	// window 1 opens (it serves every category): A has 2 waiting and a range of minutes
	ts.clerk(1)
	ts.clock.Add(3 * time.Second)
	browsertest.Open(t, phone, ts.URL()+"/waits", `document.querySelectorAll('#list li').length === 13`)
	if a := row("A"); !strings.Contains(a, "等候 2 人") || !regexp.MustCompile(`\d+–\d+ 分钟`).MatchString(a) {
		t.Fatalf("row A reads %q", a)
	}
}

// TestEstimateMeasuredInMetrics: tickets quoted at issue and called later are measured:
// the supervisors' report and /metrics give the mean absolute error and the share inside
// the quoted range, per category and hour.
func TestEstimateMeasuredInMetrics(t *testing.T) {
	ts := startServer(t)
	ctx := context.Background()
	clerk := ts.clerk(1)
	ts.issue(itemA) // quoted "next, 0–1 min" with window 1 free
	ts.clock.Add(10 * time.Minute)
	if _, _, err := clerk.Call(ctx, 1); err != nil { // called ten minutes later
		t.Fatal(err)
	}
	st, body := ts.raw("GET", "/api/v1/stats/estimates", ts.supervisor().Token(), "")
	var rep struct {
		Estimates []queue.Accuracy `json:"estimates"`
	}
	if st != 200 || json.Unmarshal([]byte(body), &rep) != nil || len(rep.Estimates) != 2 {
		t.Fatalf("the report: %d %s", st, body)
	}
	day := rep.Estimates[0]
	if day.Category != "SSDJ" || day.Hour != -1 || day.N != 1 || day.MAES != 600 || day.InRange != 0 {
		t.Fatalf("the day's line %+v, want one ticket ten minutes off, outside its range", day)
	}
	st, metrics := ts.raw("GET", "/metrics", "", "")
	if st != 200 || !strings.Contains(metrics, `onedoor_wait_estimate_mae_seconds{category="SSDJ",hour="-1"} 600`) {
		t.Fatalf("/metrics lacks the day's error: %d", st)
	}
}
