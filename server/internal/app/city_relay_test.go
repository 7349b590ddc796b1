package app

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"onedoor/internal/client"
	"onedoor/internal/pgcluster"
	"onedoor/internal/pgcluster/pgtest"
	"onedoor/internal/queue"
	"onedoor/internal/testkit"
	"onedoor/internal/wire"
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

// cityCall sends a JSON request to the city tier under token and decodes a 200 into out.
func cityCall(t *testing.T, r *cityRig, method, path, token string, body, out any) int {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(method, "http://"+r.addr+path, bytes.NewReader(b))
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if out != nil && res.StatusCode == 200 {
		if err := json.NewDecoder(res.Body).Decode(out); err != nil {
			t.Fatal(err)
		}
	}
	return res.StatusCode
}

// TestCityRelayRoundTrip: a case accepted at the street center whose department sits at
// the district's center goes out, from the routing's commit, through the outbox to the
// city tier, which was down at acceptance; the street restarts while it is down (its
// outbox keeps the message); once the city is back it holds the sub-case exactly once,
// and the district's center pulls it: the case, the item, the materials, no applicant.
// The district's approval comes back (sent twice), the street applies it once, its case
// is ready, and the R ticket is picked up at the street's window 9 with the city cut
// again. No ID number or name reaches PostgreSQL (dumped) or the city tier's log.
// centerStarter returns a start for a center server on cfg that can be called again
// after a Close: the same data folder and clock, so a restart is a real one.
func centerStarter(t *testing.T, cfg Config, clk *fakeClock) func() *testServer {
	return func() *testServer {
		srv, err := Start(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
		if err != nil {
			t.Fatal(err)
		}
		return &testServer{Server: srv, t: t, clock: clk, kiosk: client.New(srv.URL(), srv.KioskToken)}
	}
}

// streetStarter is centerStarter for the street center 440104001 on the city tier r.
func streetStarter(t *testing.T, r *cityRig, cat string) func() *testServer {
	clk := &fakeClock{now: time.Date(2026, 11, 25, 9, 30, 0, 0, shanghai)}
	return centerStarter(t, Config{Addr: "127.0.0.1:0", Data: t.TempDir(), TZ: "Asia/Shanghai", Demo: true, Policy: queue.DefaultPolicy(), Clock: clk.Now,
		Center: "440104001", City: r.uplinkTo("440104001"), CatalogPath: cat}, clk)
}

// pickUpAtWindow9 takes the street's R ticket for case no at its kiosk, calls it at
// window 9 and hands the result over; it returns the case as handed over.
func pickUpAtWindow9(t *testing.T, street *testServer, no string) wire.CaseView {
	t.Helper()
	ctx := context.Background()
	tk, err := street.kiosk.Pickup(ctx, wire.PickupRequest{Case: no}, nextKey())
	if err != nil || tk.Ticket == nil || tk.Ticket.Prefix != "R" || len(tk.Ready) != 1 {
		t.Fatalf("the R ticket at the street: %+v %v", tk, err)
	}
	window9 := street.clerk(9)
	if got, ok, err := window9.Call(ctx, 9); err != nil || !ok || got.ID != tk.Ticket.ID {
		t.Fatalf("window 9 calls %+v %v %v", got, ok, err)
	}
	window9.Act(ctx, 9, "start")
	v, err := window9.CaseAction(ctx, no, "pickup", wire.CaseActionRequest{})
	if err != nil || v.State != queue.CaseClosed || v.Delivery == nil || v.Delivery.Window != 9 {
		t.Fatalf("handed over at window 9: %+v %v", v.Case, err)
	}
	return v
}

// noPersonalDataUpstream checks that none of personal reached PostgreSQL (its dump,
// which must hold case no, or the grep proves nothing) or the city tier's log.
func noPersonalDataUpstream(t *testing.T, pg *pgcluster.Cluster, r *cityRig, no string, personal ...string) {
	t.Helper()
	dump, err := pg.Dump("onedoor")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(dump), no) {
		t.Fatal("the dump does not hold the case: the grep below would prove nothing")
	}
	for _, s := range personal {
		if s != "" && (strings.Contains(string(dump), s) || strings.Contains(r.log.String(), s)) {
			t.Errorf("%q reached PostgreSQL or the city tier's log", s)
		}
	}
}

func TestCityRelayRoundTrip(t *testing.T) {
	pg := pgtest.Start(t)
	r := startCityTier(t, pg, pg.URL("onedoor"))
	cat := relayCatalog(t)
	r.stopCity() // the link is cut when the case is accepted
	start := streetStarter(t, r, cat)
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
	checkStoreAtEnd(t, street.Server, "street ")
	r.startCity()
	held := func() int64 { return r.query(`SELECT count(*) FROM relay WHERE case_no = $1`, no) }
	testkit.Until(t, "the relayed sub-case at the city tier", 20*time.Second, func() bool { return held() > 0 })
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

	// The way back. The district's back office is stood in for by its center token at
	// the city tier (the deciding center's intake is not built yet): it answers approved,
	// twice (a lost answer), and acknowledges the sub-case it took.
	back := queue.RelayMsg{Case: no, Hop: queue.HopBack, Seq: 1, From: "440104", To: "440104001", Dept: "SCJGJ", Decision: queue.PartApproved, Result: queue.ResultPickup}
	for range 2 {
		if st := cityCall(t, r, "POST", "/api/v1/relay", r.tokens["440104"], back, nil); st != 200 {
			t.Fatalf("the district's decision: %d", st)
		}
	}
	if st := cityCall(t, r, "POST", "/api/v1/relay/ack", r.tokens["440104"], map[string]any{"case": no, "dept": "SCJGJ", "hop": "out", "last": 1}, nil); st != 204 {
		t.Fatalf("the district's ack: %d", st)
	}
	ready := func() bool { c, err := street.Store.Case(no); return err == nil && c.State == queue.CaseResultReady }
	testkit.Until(t, "the street's case ready", 20*time.Second, ready)
	testkit.Until(t, "the decision acknowledged", 20*time.Second, func() bool { return r.query(`SELECT count(*) FROM relay WHERE taken_at IS NULL`) == 0 })
	r.stopCity() // cut again: the street has what it needs
	v := pickUpAtWindow9(t, street, no)
	approvals := 0
	for _, pt := range v.Parts {
		if pt.Dept == "SCJGJ" && pt.State == queue.PartApproved && pt.Officer == "relay:440104" {
			approvals++
		}
	}
	if approvals != 1 {
		t.Errorf("the street's sub-case %+v, want approved once by the relay", v.Parts)
	}
	r.startCity()
	noPersonalDataUpstream(t, pg, r, no, validID("44019919900101123"), "测试甲")
}

// TestCityRelayThroughTheDistrict: the whole way with two real centers. A case accepted
// at the street goes out through the city tier to the district's center, where it opens
// in the market regulator's inbox without the applicant; with the city tier stopped,
// the district's officer claims and approves it over the district's API; the city comes
// back, the street restarts, and the decision reaches the street exactly once: its case
// is ready and the R ticket is picked up at its window 9. Each hop is stored once.
func TestCityRelayThroughTheDistrict(t *testing.T) {
	pg := pgtest.Start(t)
	r := startCityTier(t, pg, pg.URL("onedoor"))
	cat := relayCatalog(t)
	start := streetStarter(t, r, cat)
	district := startServerWith(t, func(c *Config) { c.Center, c.City, c.CatalogPath = "440104", r.uplinkTo("440104"), cat })
	street := start()
	ctx := context.Background()
	no := street.acceptCase(street.clerk(1), "440199-A-001")
	local := street.officer("scj1")
	if in, err := local.Inbox(ctx, "SCJGJ"); err != nil || len(in.Cases) != 0 {
		t.Fatalf("the street regulator's inbox holds the relayed sub-case: %+v %v", in, err)
	}
	if _, err := local.CaseAction(ctx, no, "claim", wire.CaseActionRequest{}); !isStatus(err, 409) {
		t.Fatalf("the street's officer claims a sub-case decided at the district: %v, want 409", err)
	}
	testkit.Until(t, "the case at the district", 20*time.Second, func() bool { _, err := district.Store.Case(no); return err == nil })
	r.stopCity()
	scj := district.officer("scj1")
	in, err := scj.Inbox(ctx, "SCJGJ")
	if err != nil || len(in.Cases) != 1 || in.Cases[0].Case.No != no {
		t.Fatalf("the district regulator's inbox: %+v %v", in, err)
	}
	if _, err := scj.CaseAction(ctx, no, "claim", wire.CaseActionRequest{}); err != nil {
		t.Fatal(err)
	}
	v, err := scj.CaseAction(ctx, no, "approve", wire.CaseActionRequest{})
	if err != nil || v.State != queue.CaseClosed || v.Delivery == nil || v.Delivery.Method != queue.DeliverRelay {
		t.Fatalf("approved at the district: %+v %v", v.Case, err)
	}
	if err := street.Close(ctx); err != nil {
		t.Fatal(err)
	}
	street = start()
	t.Cleanup(func() { street.Close(context.Background()) })
	checkStoreAtEnd(t, street.Server, "street ")
	r.startCity()
	testkit.Until(t, "the street's case ready", 20*time.Second, func() bool {
		c, err := street.Store.Case(no)
		return err == nil && c.State == queue.CaseResultReady
	})
	testkit.Until(t, "every relay message acknowledged", 20*time.Second, func() bool {
		return r.query(`SELECT count(*) FROM relay WHERE taken_at IS NULL`) == 0
	})
	if n := r.query(`SELECT count(*) FROM relay WHERE case_no = $1`, no); n != 2 {
		t.Errorf("%d relay rows for the case, want 2: one out, one back", n)
	}
	pickUpAtWindow9(t, street, no)
	noPersonalDataUpstream(t, pg, r, no, validID("44019919900101123"), "测试甲")
}
