package app

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"onedoor/internal/client"
	"onedoor/internal/pgcluster/pgtest"
	"onedoor/internal/queue"
)

// relayCatalog is the sample catalog with the market regulator (SCJGJ) sitting at the
// district's center (440104), not at the street's.
func relayCatalog(t *testing.T) string {
	return editedCatalog(t, func(cat map[string]any) {
		for _, d := range cat["departments"].([]any) {
			if d := d.(map[string]any); d["code"] == "SCJGJ" {
				d["center"] = "440104"
			}
		}
	})
}

// waitFor polls cond every 20 ms until it holds, failing after within.
func waitFor(t *testing.T, within time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("not within %s: %s", within, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestCityRelayOutboundOnce: a case accepted at the street center whose department sits
// at the district's center goes out, from the routing's commit, through the outbox to
// the city tier, which was down at acceptance: once the city is back it holds the
// sub-case exactly once (the street restarted in between, its outbox resending), and
// the district's center pulls it: the case, the item, the materials, and no applicant
// (PostgreSQL dumped and the city's log grepped).
func TestCityRelayOutboundOnce(t *testing.T) {
	pg := pgtest.Start(t)
	r := startCityTier(t, pg, pg.URL("onedoor"))
	cat := relayCatalog(t)
	r.stopCity() // the link is cut when the case is accepted
	clk := &fakeClock{now: time.Date(2026, 11, 25, 9, 30, 0, 0, shanghai)}
	cfg := Config{Addr: "127.0.0.1:0", Data: t.TempDir(), TZ: "Asia/Shanghai", Demo: true, Policy: queue.DefaultPolicy(), Clock: clk.Now,
		Center: "440104001", City: r.uplinkTo("440104001"), CatalogPath: cat}
	start := func() *testServer {
		srv, err := Start(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
		if err != nil {
			t.Fatal(err)
		}
		return &testServer{Server: srv, t: t, clock: clk, kiosk: client.New(srv.URL(), srv.KioskToken)}
	}
	street := start()
	no := street.acceptCase(street.clerk(1), "440199-A-001")
	c, err := street.Store.Case(no)
	if err != nil || c.State != queue.CaseInProgress {
		t.Fatalf("the street's case %s: %+v %v", no, c, err)
	}
	// the street center restarts while the city is down; its outbox keeps the message
	if err := street.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	street = start()
	t.Cleanup(func() { street.Close(context.Background()) })
	r.startCity()
	held := func() int64 { return r.query(`SELECT count(*) FROM relay WHERE case_no = $1`, no) }
	waitFor(t, 20*time.Second, "the relayed sub-case at the city tier", func() bool { return held() > 0 })
	r.stopCity()
	r.startCity()
	if n := r.query(`SELECT count(*) FROM relay WHERE case_no = $1 AND hop = 'out' AND seq = 1
		AND from_center = '440104001' AND to_center = '440104' AND dept = 'SCJGJ'`, no); n != 1 || held() != 1 {
		t.Fatalf("%d matching relay rows of %d for case %s, want exactly 1", n, held(), no)
	}
	req, _ := http.NewRequest("GET", "http://"+r.addr+"/api/v1/relay", nil)
	req.Header.Set("Authorization", "Bearer "+r.tokens["440104"])
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp, _ := io.ReadAll(res.Body)
	res.Body.Close()
	var got struct{ Messages []queue.RelayMsg }
	if err := json.Unmarshal(resp, &got); err != nil || len(got.Messages) != 1 {
		t.Fatalf("the district pulled %s (%v), want one message", resp, err)
	}
	if m := got.Messages[0]; m.Case != no || m.Item != "440199-A-001" || len(m.Materials) == 0 {
		t.Errorf("the district's message %+v", m)
	}
	dump, err := pg.Dump("onedoor")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(dump), no) {
		t.Fatal("the dump does not hold the case: the grep below would prove nothing")
	}
	for _, s := range []string{validID("44019919900101123"), "测试甲"} {
		if strings.Contains(string(dump), s) || strings.Contains(r.log.String(), s) {
			t.Errorf("%q reached PostgreSQL or the city tier's log", s)
		}
	}
}
