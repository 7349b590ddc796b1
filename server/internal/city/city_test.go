package city

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"onedoor/internal/pgcluster/pgtest"
	"onedoor/server/internal/upload"
)

var t0 = time.Date(2026, 11, 25, 1, 30, 0, 0, time.UTC) // 09:30 in Guangzhou

// startCity starts the city tier on its own PostgreSQL with a street center under a
// district, and returns it and the street's token.
func startCity(t *testing.T) (*Server, string) {
	t.Helper()
	pg := pgtest.Start(t)
	ctx := context.Background()
	s, err := Start(ctx, Config{Addr: "127.0.0.1:0", DB: pg.URL("onedoor"), Clock: func() time.Time { return t0.Add(time.Hour) },
		Options: Options{Root: "d1", AdminToken: testAdmin, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close(context.Background()) })
	if _, err := s.Store.AddCenter(ctx, Center{"d1", "示例区中心", "district", ""}); err != nil {
		t.Fatal(err)
	}
	tok, err := s.Store.AddCenter(ctx, Center{"s1", "示例街中心", "street", "d1"})
	if err != nil {
		t.Fatal(err)
	}
	return s, tok
}

// issued makes events from..to: each a ticket issued, every third called after 2 min.
func events(from, to uint64) []upload.Event {
	var out []upload.Event
	for seq := from; seq <= to; seq++ {
		e := upload.Event{Seq: seq, Type: "ticket.issued", At: t0, Ticket: fmt.Sprint("t", seq), Category: "A", State: "waiting", IssuedAt: t0}
		if seq%3 == 0 {
			e.Type, e.State, e.Ticket, e.CalledAt, e.At = "ticket.called", "called", fmt.Sprint("t", seq-1), t0.Add(2*time.Minute), t0.Add(2*time.Minute)
		}
		out = append(out, e)
	}
	return out
}

func (s *Server) count(t *testing.T, q string, args ...any) int {
	t.Helper()
	var n int
	if err := s.Store.pool.QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestIngestIsExactlyOnce: a batch sent twice, and one overlapping the last, store each
// event once and count it once in the aggregates; a batch past the mark is refused.
func TestIngestIsExactlyOnce(t *testing.T) {
	s, _ := startCity(t)
	ctx := context.Background()
	steps := []struct {
		name  string
		after uint64
		evs   []upload.Event
		mark  uint64
		gap   bool
	}{
		{"first", 0, events(1, 5), 5, false},
		{"the same again (a lost answer)", 0, events(1, 5), 5, false},
		{"overlapping", 3, events(4, 9), 9, false},
		{"a heartbeat", 9, nil, 9, false},
		{"past the mark", 12, events(13, 14), 9, true},
	}
	for _, st := range steps {
		mark, err := s.Store.Ingest(ctx, &upload.Batch{Center: "s1", After: st.after, Events: st.evs})
		var gap *GapError
		if st.gap {
			if !errors.As(err, &gap) || gap.Mark != st.mark {
				t.Fatalf("%s: err %v, want a gap at %d", st.name, err, st.mark)
			}
			continue
		}
		if err != nil || mark != st.mark {
			t.Fatalf("%s: mark %d, %v; want %d", st.name, mark, err, st.mark)
		}
	}
	if n := s.count(t, `SELECT count(*) FROM events WHERE center = 's1'`); n != 9 {
		t.Errorf("%d events stored, want 9", n)
	}
	// seqs 1..9: 3, 6, 9 are calls, the other six issues
	if n := s.count(t, `SELECT sum(issued) FROM hourly WHERE center = 's1'`); n != 6 {
		t.Errorf("issued %d in the aggregates, want 6", n)
	}
	if n := s.count(t, `SELECT sum(called) FROM hourly WHERE center = 's1'`); n != 3 {
		t.Errorf("called %d in the aggregates, want 3", n)
	}
	if n := s.count(t, `SELECT count(*) FROM live_tickets WHERE center = 's1' AND state = 'waiting'`); n != 3 {
		t.Errorf("%d waiting, want 3", n)
	}
	v, err := s.Store.Dashboard(ctx, "d1", time.UTC, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if f := v.Node.Total; f.Today != 6 || f.Waiting != 3 || f.MeanS != 120 || f.Longest != 3600 || f.Stale != 1 {
		t.Errorf("district figures %+v: want 6 today, 3 waiting, mean 120 s, longest 3600 s, the district itself stale", f)
	}
}

// TestUploadRefusesBadInput: each bad request gets its 4xx in the JSON error shape and
// stores nothing.
func TestUploadRefusesBadInput(t *testing.T) {
	s, tok := startCity(t)
	good := `{"center":"s1","after":0,"events":[{"seq":1,"type":"ticket.issued","at":"2026-11-25T01:30:00Z"}]}`
	tests := []struct {
		name, token, body string
		status            int
	}{
		{"no token", "", good, 401},
		{"unknown token", "nope", good, 401},
		{"another center's code", tok, strings.Replace(good, `"s1"`, `"d1"`, 1), 403},
		{"not JSON", tok, `{"center":`, 400},
		{"unknown field", tok, `{"center":"s1","name":"测试甲乙","events":[]}`, 400},
		{"seqs falling", tok, `{"center":"s1","events":[{"seq":2,"type":"x","at":"2026-11-25T01:30:00Z"},{"seq":1,"type":"x","at":"2026-11-25T01:30:00Z"}]}`, 400},
		{"no time", tok, `{"center":"s1","events":[{"seq":1,"type":"x"}]}`, 400},
	}
	for _, tc := range tests {
		req, _ := http.NewRequest("POST", s.URL()+"/api/v1/upload", strings.NewReader(tc.body))
		if tc.token != "" {
			req.Header.Set("Authorization", "Bearer "+tc.token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.status || !strings.Contains(string(body), `"error":{"code"`) {
			t.Errorf("%s: %d %s, want %d with the error shape", tc.name, resp.StatusCode, body, tc.status)
		}
	}
	if n := s.count(t, `SELECT count(*) FROM events`); n != 0 {
		t.Errorf("%d events stored by bad requests", n)
	}
	if n := s.count(t, `SELECT mark FROM centers WHERE code = 's1'`); n != 0 {
		t.Errorf("mark %d after bad requests", n)
	}
}

// TestCasesOverdueCounted: open cases are kept by their last state; one found overdue
// is counted on the dashboard until it closes, in the same batch or a later one.
func TestCasesOverdueCounted(t *testing.T) {
	s, _ := startCity(t)
	ctx := context.Background()
	ev := func(seq uint64, no, state string, overdue bool) upload.Event {
		return upload.Event{Seq: seq, Type: "case.x", At: t0, CaseNo: no, CaseState: state, CaseOverdue: overdue}
	}
	batches := [][]upload.Event{
		{ev(1, "N1", "accepted", false), ev(2, "N2", "accepted", false), ev(3, "N3", "accepted", false)},
		{ev(4, "N1", "in_progress", false), ev(5, "N2", "in_progress", true), ev(6, "N3", "in_progress", true), ev(7, "N3", "closed", true)},
		{ev(8, "N2", "ready", false)}, // still overdue: once found, until closed
	}
	var after uint64
	for _, b := range batches {
		mark, err := s.Store.Ingest(ctx, &upload.Batch{Center: "s1", After: after, Events: b})
		if err != nil {
			t.Fatal(err)
		}
		after = mark
	}
	if n := s.count(t, `SELECT count(*) FROM open_cases`); n != 2 {
		t.Errorf("%d open cases, want N1 and N2", n)
	}
	v, err := s.Store.Dashboard(ctx, "d1", time.UTC, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if v.Node.Total.Overdue != 1 || v.Node.Children[0].Own.Overdue != 1 {
		t.Errorf("overdue %d at the district, %d at the street; want 1 (N2)", v.Node.Total.Overdue, v.Node.Children[0].Own.Overdue)
	}
}
