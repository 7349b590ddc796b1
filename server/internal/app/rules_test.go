package app

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"onedoor/internal/client"
	"onedoor/internal/queue"
	"onedoor/internal/wire"
	"onedoor/server/internal/store"
)

// TestEarlierDayRatedOnceUnderConcurrency is finding 5 (and its surviving mutant): a
// visit of an earlier day rated by 20 clients at once is rated exactly once; the other
// 19 are 409. The check is made in the writer against the stored ticket, which the
// first rating of a batch writes back at once.
func TestEarlierDayRatedOnceUnderConcurrency(t *testing.T) {
	ts := startServer(t)
	ctx := context.Background()
	tk := ts.issue("440199-A-001")
	c1 := ts.clerk(1)
	c1.Call(ctx, 1)
	c1.Act(ctx, 1, "start")
	if _, err := c1.Finish(ctx, 1, wire.FinishRequest{Outcome: "consulted"}); err != nil {
		t.Fatal(err)
	}
	ts.clock.Add(24 * time.Hour)
	ts.issue("440199-A-001") // the next day starts: the ticket leaves the hall
	pub := client.New(ts.URL(), "")
	var wg sync.WaitGroup
	var mu sync.Mutex
	statuses := map[int]int{}
	start := make(chan struct{})
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			_, err := pub.Rate(ctx, tk.ID, wire.RatingRequest{Level: 5})
			status := http.StatusOK
			if err != nil {
				status = client.StatusOf(err)
			}
			mu.Lock()
			statuses[status]++
			mu.Unlock()
		}()
	}
	close(start)
	wg.Wait()
	if statuses[http.StatusOK] != 1 || statuses[http.StatusConflict] != 19 {
		t.Fatalf("20 concurrent ratings of yesterday's visit: %v, want 1×200 and 19×409", statuses)
	}
}

// TestIssueRules holds the low findings about issuing, one server for all.
func TestIssueRules(t *testing.T) {
	ts := startServer(t)
	ctx := context.Background()
	clerk := ts.clerk(1)

	t.Run("source comes from the token", func(t *testing.T) {
		// A clerk's ticket cannot pass as a kiosk's in the audit trail.
		status, body := ts.raw("POST", "/api/v1/tickets", clerk.Token(), `{"item":"440199-A-001","source":"kiosk-1"}`, "Idempotency-Key", "src-1")
		if status != http.StatusUnprocessableEntity {
			t.Fatalf("a clerk naming a kiosk as source: %d %s", status, body)
		}
		if _, err := clerk.Issue(ctx, wire.IssueRequest{Item: "440199-A-001"}, "src-2"); err != nil {
			t.Fatal(err)
		}
		evs, err := ts.supervisor().Events(ctx, 0, 1000)
		if err != nil {
			t.Fatal(err)
		}
		var last wire.Event
		for _, ev := range evs.Events {
			if ev.Type == "ticket.issued" {
				last = ev
			}
		}
		if last.Staff != "staff:demo1" {
			t.Fatalf("a clerk's ticket recorded as from %q, want staff:demo1", last.Staff)
		}
	})

	t.Run("same key, another body", func(t *testing.T) {
		first, err := ts.kiosk.Issue(ctx, wire.IssueRequest{Item: "440199-A-001"}, "idem-1")
		if err != nil {
			t.Fatal(err)
		}
		again, err := ts.kiosk.Issue(ctx, wire.IssueRequest{Item: "440199-A-001"}, "idem-1")
		if err != nil || again.ID != first.ID {
			t.Fatalf("a true retry: %v %v", again.ID, err)
		}
		if _, err := ts.kiosk.Issue(ctx, wire.IssueRequest{Item: "440199-B-001"}, "idem-1"); client.StatusOf(err) != http.StatusUnprocessableEntity {
			t.Fatalf("the same key for another item: %v, want 422", err)
		}
		a := &wire.Applicant{IDNumber: validID("44010619800101123")}
		if _, err := ts.kiosk.Issue(ctx, wire.IssueRequest{Item: "440199-A-001", Applicant: a}, "idem-1"); client.StatusOf(err) != http.StatusUnprocessableEntity {
			t.Fatalf("the same key with an applicant added: %v, want 422", err)
		}
	})

	t.Run("strict JSON keys", func(t *testing.T) {
		for _, body := range []string{
			`{"item":"440199-A-001","item":"440199-B-001"}`,
			`{"Item":"440199-A-001"}`,
			`{"ITEM":"440199-A-001"}`,
			"{\"item\":\"440199-A-001\",\"applicant\":{\"id_number\":\"x\",\"id_number\":\"y\"}}",
			"{\"item\":\"440199-A-001\",\"\u017fource\":\"kiosk-9\"}", // long s folds to s
		} {
			if status, resp := ts.raw("POST", "/api/v1/tickets", ts.KioskToken, body, "Idempotency-Key", nextKey()); status != http.StatusBadRequest {
				t.Errorf("%s: %d %s, want 400", body, status, resp)
			}
		}
		if status, resp := ts.raw("POST", "/api/v1/login", "", `{"staff":"demo1","PIN":"123456","window":1}`); status != http.StatusBadRequest {
			t.Errorf("login with PIN in capitals: %d %s", status, resp)
		}
	})

	t.Run("control and direction characters", func(t *testing.T) {
		sup := ts.supervisor()
		rlo := "\u202e"
		for _, tc := range []struct{ name, method, path, token, body string }{
			{"notice", "POST", "/api/v1/admin/notice", sup.Token(), `{"text":"请到` + rlo + `1号窗口"}`},
			{"notice bell", "POST", "/api/v1/admin/notice", sup.Token(), `{"text":"a\u0007b"}`},
			{"notice C1", "POST", "/api/v1/admin/notice", sup.Token(), `{"text":"a\u0085b"}`},
			{"pause reason", "POST", "/api/v1/windows/1/pause", clerk.Token(), `{"reason":"lunch\u2066x"}`},
			{"window name", "POST", "/api/v1/admin/windows", sup.Token(), `{"number":30,"name":"窗` + rlo + `口","kind":"comprehensive"}`},
			{"applicant name", "POST", "/api/v1/tickets", ts.KioskToken, `{"item":"440199-A-001","applicant":{"id_number":"` + validID("44010619800101123") + `","name":"张` + rlo + `三"}}`},
		} {
			if status, resp := ts.raw(tc.method, tc.path, tc.token, tc.body, "Idempotency-Key", nextKey()); status != http.StatusUnprocessableEntity {
				t.Errorf("%s: %d %s, want 422", tc.name, status, resp)
			}
		}
	})

	t.Run("birth dates", func(t *testing.T) {
		for _, id := range []string{validID("44010618000101123"), validID("44010620990101123")} {
			a := &wire.Applicant{IDNumber: id}
			if _, err := ts.kiosk.Issue(ctx, wire.IssueRequest{Item: "440199-A-001", Applicant: a}, nextKey()); client.StatusOf(err) != http.StatusUnprocessableEntity {
				t.Errorf("ID number born %s: %v, want 422", id[6:14], err)
			}
		}
		a := &wire.Applicant{IDNumber: validID("44010619800101123"), BirthDate: "1800-01-01"}
		if _, err := ts.kiosk.Issue(ctx, wire.IssueRequest{Item: "440199-A-001", Applicant: a}, nextKey()); client.StatusOf(err) != http.StatusUnprocessableEntity {
			t.Errorf("birth_date 1800: %v, want 422", err)
		}
	})

	t.Run("an expired token", func(t *testing.T) {
		c := client.New(ts.URL(), "")
		if _, err := c.Login(ctx, wire.LoginRequest{Staff: "demo2", PIN: DemoPIN, Window: 2}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := c.Current(ctx, 2); err != nil {
			t.Fatalf("a fresh token: %v", err)
		}
		ts.clock.Add(store.StaffTTL + time.Second)
		if _, _, err := c.Current(ctx, 2); client.StatusOf(err) != http.StatusUnauthorized {
			t.Fatalf("a token past its expiry: %v, want 401", err)
		}
	})
}

// TestIdempotencyKeySurvivesRestart kills the mutant that forgets idempotency keys at
// restart: a kiosk's retry after the server restarted answers the ticket it was given.
func TestIdempotencyKeySurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	clk := &fakeClock{now: time.Date(2026, 11, 25, 9, 30, 0, 0, shanghai)}
	cfg := Config{Addr: "127.0.0.1:0", Data: dir, TZ: "Asia/Shanghai", Demo: true, Policy: queue.DefaultPolicy(), Clock: clk.Now}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	first, err := Start(cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	kc := client.New(first.URL(), first.KioskToken)
	tk, err := kc.Issue(ctx, wire.IssueRequest{Item: "440199-A-001"}, "restart-1")
	if err != nil {
		t.Fatal(err)
	}
	cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := first.Close(cctx); err != nil {
		t.Fatal(err)
	}
	second, err := Start(cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { second.Close(context.Background()) })
	again, err := client.New(second.URL(), first.KioskToken).Issue(ctx, wire.IssueRequest{Item: "440199-A-001"}, "restart-1")
	if err != nil || again.ID != tk.ID || !strings.EqualFold(again.Number, tk.Number) {
		t.Fatalf("retry after a restart: %s %s %v, want the first ticket %s %s", again.ID, again.Number, err, tk.ID, tk.Number)
	}
}
