package app

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"onedoor/internal/client"
	"onedoor/internal/wire"
)

// simWindow is a window the day's simulation drives.
type simWindow struct {
	c      *client.Client
	n      int
	ticket string // the ticket at the window
	state  string // idle, called, serving, paused
}

// simDay drives the demo hall through a working day on the test's clock: tickets of
// several categories arrive, four windows call, serve (accepted, supplement,
// consulted), mark no-shows and pause; citizens cancel and rate, some badly. It returns
// the tickets as the kiosk was answered at issue (with the wait quoted), by id.
func simDay(t *testing.T, ts *testServer, seed uint64) map[string]wire.Ticket {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(seed, 3))
	var wins []*simWindow
	for n := 1; n <= 4; n++ {
		wins = append(wins, &simWindow{c: ts.clerk(n), n: n, state: "idle"})
	}
	items := []string{"440199-A-001", "440199-A-001", "440199-B-002", "440199-C-001", "440199-E-002"}
	var waiting []string
	issued := map[string]wire.Ticket{}
	end := ts.clock.Now().Add(7 * time.Hour)
	for ts.clock.Now().Before(end) {
		ts.clock.Add(time.Duration(5+rng.IntN(55))*time.Second + time.Duration(rng.IntN(1000))*time.Millisecond)
		if rng.IntN(3) > 0 {
			tk, err := ts.kiosk.Issue(ctx, wire.IssueRequest{Item: items[rng.IntN(len(items))]}, nextKey())
			if err != nil {
				t.Fatal(err)
			}
			waiting = append(waiting, tk.ID)
			issued[tk.ID] = tk
		}
		if len(waiting) > 0 && rng.IntN(40) == 0 {
			i := rng.IntN(len(waiting))
			ts.kiosk.Cancel(ctx, waiting[i]) // it may have been called: a refusal is fine
			waiting = append(waiting[:i], waiting[i+1:]...)
		}
		w := wins[rng.IntN(len(wins))]
		w.step(t, ts, rng)
	}
	return issued
}

// step moves one window on by one action.
func (w *simWindow) step(t *testing.T, ts *testServer, rng *rand.Rand) {
	ctx := context.Background()
	var err error
	switch w.state {
	case "idle":
		if rng.IntN(15) == 0 {
			_, err = w.c.WindowState(ctx, w.n, "pause", "休息")
			w.state = "paused"
			break
		}
		var tk wire.StaffTicket
		var ok bool
		if tk, ok, err = w.c.Call(ctx, w.n); ok {
			w.ticket, w.state = tk.ID, "called"
		}
	case "paused":
		_, err = w.c.WindowState(ctx, w.n, "open", "")
		w.state = "idle"
	case "called":
		if rng.IntN(8) == 0 {
			_, err = w.c.Act(ctx, w.n, "no-show")
			w.state = "idle"
		} else {
			_, err = w.c.Act(ctx, w.n, "start")
			w.state = "serving"
		}
	case "serving":
		err = w.finish(ctx, ts, rng)
		w.state = "idle"
	}
	if err != nil {
		t.Fatalf("window %d (%s): %v", w.n, w.state, err)
	}
}

// finish ends the visit with an outcome its item allows, and the citizen may rate it.
func (w *simWindow) finish(ctx context.Context, ts *testServer, rng *rand.Rand) error {
	req := wire.FinishRequest{Outcome: "consulted"}
	tk, _, err := w.c.Current(ctx, w.n)
	if err != nil {
		return err
	}
	if tk.Item == "440199-A-001" {
		req = [2]wire.FinishRequest{{Outcome: "accepted", Received: []string{"m1", "m2", "m3"}},
			{Outcome: "supplement", Received: []string{"m1"}}}[rng.IntN(2)]
	}
	if _, err := w.c.Finish(ctx, w.n, req); err != nil {
		return err
	}
	if rng.IntN(3) == 0 {
		level := 1 + rng.IntN(5)
		r := wire.RatingRequest{Level: level}
		if level <= 2 {
			r.Reasons = []string{"等候时间长"}
		}
		if _, err := ts.kiosk.Rate(ctx, w.ticket, r); err != nil {
			return fmt.Errorf("rate: %w", err)
		}
	}
	return nil
}

// getReport fetches a report as JSON, CSV or XLSX bytes.
func (ts *testServer) getReport(token, query string) (int, []byte) {
	ts.t.Helper()
	req, _ := http.NewRequest("GET", ts.URL()+"/api/v1/reports?"+query, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		ts.t.Fatal(err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(resp.Body)
	return resp.StatusCode, b.Bytes()
}

// TestReportsAgreeWithTheLog drives a hall through a day, then recomputes every figure
// of the reports by every dimension from GET /api/v1/events and compares; the CSV and
// the XLSX (read back with excelize) hold the same numbers.
func TestReportsAgreeWithTheLog(t *testing.T) {
	ts := startServer(t)
	quotes := simDay(t, ts, 7)
	sup := ts.supervisor()
	day := ts.clock.Now().In(shanghai).Format("2006-01-02")
	m := newMirror(shanghai)
	m.quotes = quotes
	for _, ev := range auditTrail(t, ts.URL()) {
		m.add(ev)
	}
	center := ts.Store.Catalog().Center.Code
	for _, by := range []string{"center", "day", "category", "item", "window", "clerk"} {
		status, body := ts.getReport(sup.Token(), "from="+day+"&to="+day+"&by="+by)
		if status != 200 {
			t.Fatalf("by %s: %d %s", by, status, body)
		}
		var rep wire.Report
		if err := json.Unmarshal(body, &rep); err != nil {
			t.Fatal(err)
		}
		want := m.group(by, center)
		if len(rep.Rows) != len(want) {
			t.Fatalf("by %s: %d rows, the log gives %d", by, len(rep.Rows), len(want))
		}
		for _, row := range rep.Rows {
			compareRow(t, by, row, want[row.Key])
		}
		if by == "center" {
			r := rep.Rows[0]
			t.Logf("the day: %d issued, %d served, %d missed, %d cancelled; wait p50 %d s p90 %d s max %d s; idle %d s, paused %d s; %d ratings, %d bad; %d quoted waits, error %.0f s, %.0f %% within 5 min",
				r.Issued, r.Served, r.Missed, r.Cancelled, r.Wait.P50S, r.Wait.P90S, r.Wait.MaxS, r.IdleS, r.PausedS, r.RatingN, r.Bad,
				r.Quoted, r.QuoteMAES, 100*r.QuoteWithin5)
			if r.Served < 50 || r.Missed == 0 || r.Cancelled == 0 || r.Bad == 0 || r.PausedS == 0 || r.Quoted == 0 {
				t.Fatalf("the simulated day is too thin to test: %+v", r)
			}
		}
	}
	checkExports(t, ts, sup.Token(), day)
	// the aggregates rebuilt from the log are the ones kept as events committed
	before := map[string]string{}
	for _, by := range []string{"center", "window", "clerk", "item"} {
		_, b := ts.getReport(sup.Token(), "from="+day+"&to="+day+"&by="+by)
		before[by] = string(b)
	}
	if _, err := ts.Store.RebuildReports(); err != nil {
		t.Fatal(err)
	}
	for by, was := range before {
		if _, b := ts.getReport(sup.Token(), "from="+day+"&to="+day+"&by="+by); string(b) != was {
			t.Fatalf("by %s: rebuilt from the log\n%s\nkept as events committed\n%s", by, b, was)
		}
	}
}

// compareRow requires a report row to hold the figures recomputed from the log.
func compareRow(t *testing.T, by string, row wire.ReportRow, want *mirrorCell) {
	t.Helper()
	if want == nil {
		t.Fatalf("by %s: row %q is not in the log", by, row.Key)
	}
	got := []int64{row.Issued, row.Called, row.Served, row.Missed, row.Cancelled, row.IdleS, row.PausedS, row.Bad,
		row.Outcomes["accepted"], row.Outcomes["supplement"], row.Outcomes["consulted"], row.Quoted}
	exp := []int64{want.issued, want.called, want.served, want.missed, want.cancelled, want.idle, want.paused, want.bad,
		want.outcomes["accepted"], want.outcomes["supplement"], want.outcomes["consulted"], want.quoted}
	for l := 1; l <= 5; l++ {
		got, exp = append(got, row.Ratings[strconv.Itoa(l)]), append(exp, want.ratings[strconv.Itoa(l)])
	}
	wn, wmean, w50, w90, wmax := summary(want.waits)
	sn, smean, s50, s90, smax := summary(want.services)
	got = append(got, row.Wait.N, row.Wait.P50S, row.Wait.P90S, row.Wait.MaxS, row.Service.N, row.Service.P50S, row.Service.P90S, row.Service.MaxS)
	exp = append(exp, wn, w50, w90, wmax, sn, s50, s90, smax)
	for i := range got {
		if got[i] != exp[i] {
			t.Fatalf("by %s, row %q: figure %d is %d, the log gives %d\nrow %+v", by, row.Key, i, got[i], exp[i], row)
		}
	}
	if math.Abs(row.Wait.MeanS-wmean) > 1e-6 || math.Abs(row.Service.MeanS-smean) > 1e-6 {
		t.Fatalf("by %s, row %q: means %v %v, the log gives %v %v", by, row.Key, row.Wait.MeanS, row.Service.MeanS, wmean, smean)
	}
	if want.quoted > 0 && (math.Abs(row.QuoteMAES-float64(want.quoteErr)/float64(want.quoted)) > 1e-9 ||
		math.Abs(row.QuoteWithin5-float64(want.within5)/float64(want.quoted)) > 1e-9) {
		t.Fatalf("by %s, row %q: quoted waits' error %v s, %v within 5 min; the kiosk's answers give %v s, %v", by, row.Key,
			row.QuoteMAES, row.QuoteWithin5, float64(want.quoteErr)/float64(want.quoted), float64(want.within5)/float64(want.quoted))
	}
}

// checkExports requires the CSV and the XLSX of the report by window to hold the JSON's
// numbers, cell by cell for the columns they share.
func checkExports(t *testing.T, ts *testServer, token, day string) {
	q := "from=" + day + "&to=" + day + "&by=window"
	_, body := ts.getReport(token, q)
	var rep wire.Report
	if err := json.Unmarshal(body, &rep); err != nil {
		t.Fatal(err)
	}
	status, csvBody := ts.getReport(token, q+"&format=csv")
	if status != 200 {
		t.Fatalf("csv: %d %s", status, csvBody)
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(csvBody, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	status, xlsxBody := ts.getReport(token, q+"&format=xlsx")
	if status != 200 {
		t.Fatalf("xlsx: %d", status)
	}
	f, err := excelize.OpenReader(bytes.NewReader(xlsxBody))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	xrows, err := f.GetRows(sheets[0])
	if err != nil {
		t.Fatal(err)
	}
	for name, table := range map[string][][]string{"csv": recs, "xlsx": xrows} {
		if len(table) != len(rep.Rows)+1 {
			t.Fatalf("%s: %d lines for %d rows", name, len(table), len(rep.Rows))
		}
		col := map[string]int{}
		for i, h := range table[0] {
			col[h] = i
		}
		for i, row := range rep.Rows {
			line := table[i+1]
			for head, want := range map[string]int64{"分组 Key": atoi(row.Key), "取号 Issued": row.Issued, "办结 Served": row.Served,
				"过号 Missed": row.Missed, "等候P90(秒) Wait p90 s": row.Wait.P90S, "办理最长(秒) Service max s": row.Service.MaxS,
				"空闲(秒) Idle s": row.IdleS, "暂停(秒) Paused s": row.PausedS, "差评 Bad": row.Bad, "补正 Supplement": row.Outcomes["supplement"]} {
				j, ok := col[head]
				if !ok {
					t.Fatalf("%s: no column %q in %v", name, head, table[0])
				}
				if got := atoi(line[j]); got != want {
					t.Fatalf("%s: window %s, %s is %q, the report says %d", name, row.Key, head, line[j], want)
				}
			}
		}
	}
}

func atoi(s string) int64 {
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}

// TestReportsRefuse: only supervisors and admins read reports; bad parameters get a
// clear 4xx.
func TestReportsRefuse(t *testing.T) {
	ts := startServer(t)
	clerk := ts.clerk(1)
	sup := ts.supervisor()
	for _, tc := range []struct {
		name, token, query string
		status             int
	}{
		{"a clerk", clerk.Token(), "from=2026-11-01&to=2026-11-30", http.StatusForbidden},
		{"a kiosk", ts.KioskToken, "from=2026-11-01&to=2026-11-30", http.StatusForbidden},
		{"no token", "", "from=2026-11-01&to=2026-11-30", http.StatusUnauthorized},
		{"no dates", sup.Token(), "by=window", http.StatusUnprocessableEntity},
		{"not a date", sup.Token(), "from=2026-11-31&to=2026-12-01", http.StatusUnprocessableEntity},
		{"backwards", sup.Token(), "from=2026-11-30&to=2026-11-01", http.StatusUnprocessableEntity},
		{"over a year", sup.Token(), "from=2025-01-01&to=2026-11-30", http.StatusUnprocessableEntity},
		{"unknown by", sup.Token(), "from=2026-11-01&to=2026-11-30&by=hour", http.StatusUnprocessableEntity},
		{"unknown format", sup.Token(), "from=2026-11-01&to=2026-11-30&format=pdf", http.StatusUnprocessableEntity},
		{"unknown parameter", sup.Token(), "from=2026-11-01&to=2026-11-30&center=x", http.StatusBadRequest},
		{"a month", sup.Token(), "from=2026-11-01&to=2026-11-30&by=clerk", http.StatusOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if status, body := ts.getReport(tc.token, tc.query); status != tc.status {
				t.Fatalf("status %d, want %d: %s", status, tc.status, body)
			}
		})
	}
}
