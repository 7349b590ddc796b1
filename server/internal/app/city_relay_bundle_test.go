package app

import (
	"context"
	"testing"
	"time"

	"onedoor/internal/client"
	"onedoor/internal/pgcluster/pgtest"
	"onedoor/internal/queue"
	"onedoor/internal/testkit"
	"onedoor/internal/wire"
)

// relayBundleCatalog is the sample catalog with the "one thing" of bundleCatalog
// (SCJGJ, WJJ and SWJ decide its items) and the departments placed at the centers of at:
// department code → center code.
func relayBundleCatalog(t *testing.T, at map[string]string) string {
	return editedCatalog(t, func(cat map[string]any) {
		addBundle(cat)
		for _, d := range cat["departments"].([]any) {
			d := d.(map[string]any)
			if c, ok := at[d["code"].(string)]; ok {
				d["center"] = c
			}
		}
	})
}

// walkRelayedBundle: a bundle accepted at the street with its SCJGJ sub-case decided at
// the center at["SCJGJ"], its WJJ one at at["WJJ"] (the district, the city center, or
// the district for both) and its SWJ one at the street. Each is decided at its center,
// SCJGJ's and SWJ's approved and WJJ's refused, the local one first; the street's case
// becomes ready only when the last relayed decision arrives, and the R ticket is called
// and picked up at the street's window 9. Exactly one out and one back row per relayed
// sub-case, each seq 1, all acknowledged; every store passes Check and replay.
func walkRelayedBundle(t *testing.T, at map[string]string) {
	pg := pgtest.Start(t)
	r := startCityTier(t, pg, pg.URL("onedoor"))
	cat := relayBundleCatalog(t, at)
	centers := map[string]*testServer{}
	for _, code := range []string{"440104001", at["SCJGJ"], at["WJJ"]} {
		if centers[code] == nil {
			centers[code] = startServerWith(t, func(c *Config) { c.Center, c.City, c.CatalogPath = code, r.uplinkTo(code), cat })
		}
	}
	street := centers["440104001"]
	ctx := context.Background()
	officers := map[string]*client.Client{"SCJGJ": centers[at["SCJGJ"]].officer("scj1")}
	for dept, ts := range map[string]*testServer{"WJJ": centers[at["WJJ"]], "SWJ": street} {
		id := map[string]string{"WJJ": "wjj1", "SWJ": "swj1"}[dept]
		if err := ts.Store.AddOfficer(ctx, id, "审批员 "+dept, DemoPIN, []string{dept}); err != nil {
			t.Fatal(err)
		}
		officers[dept] = ts.officer(id)
	}
	no := street.acceptCase(street.clerk(1), "440199-A-901")
	for dept, code := range at {
		ts := centers[code]
		testkit.Until(t, dept+"'s sub-case at "+code, 20*time.Second, func() bool {
			c, err := ts.Store.Case(no)
			_, ok := c.RelayPart(dept)
			return err == nil && ok
		})
		in, err := officers[dept].Inbox(ctx, dept)
		if err != nil || len(in.Cases) != 1 || in.Cases[0].Case.No != no || in.Cases[0].Part.Dept != dept {
			t.Fatalf("%s's inbox at %s: %+v %v", dept, code, in, err)
		}
	}
	decide := func(dept string, refuse bool) {
		t.Helper()
		o := officers[dept]
		if _, err := o.CaseAction(ctx, no, "claim", wire.CaseActionRequest{Dept: dept}); err != nil {
			t.Fatalf("%s claims: %v", dept, err)
		}
		req := wire.CaseActionRequest{Dept: dept}
		action := "approve"
		if refuse {
			action, req.Refusal = "refuse", &queue.Refusal{Reasons: []string{"申请材料经核查不符合法定条件"}, Basis: "《中华人民共和国行政许可法》第三十八条第二款"}
		}
		if _, err := o.CaseAction(ctx, no, action, req); err != nil {
			t.Fatalf("%s %s: %v", dept, action, err)
		}
	}
	streetPart := func(dept string) queue.PartState {
		c, err := street.Store.Case(no)
		if err != nil {
			return ""
		}
		p, _ := c.Part(dept)
		return p.State
	}
	decide("SWJ", false)
	decide("SCJGJ", false)
	testkit.Until(t, "SCJGJ's approval at the street", 20*time.Second, func() bool { return streetPart("SCJGJ") == queue.PartApproved })
	if c, err := street.Store.Case(no); err != nil || c.State != queue.CaseInProgress {
		t.Fatalf("the street's case with WJJ's sub-case undecided: %s %v, want in progress", c.State, err)
	}
	if c, err := centers[at["WJJ"]].Store.Case(no); err != nil || c.State == queue.CaseClosed {
		t.Fatalf("the case at %s closed with WJJ's sub-case undecided: %+v %v", at["WJJ"], c, err)
	}
	decide("WJJ", true)
	testkit.Until(t, "the street's case ready", 20*time.Second, func() bool {
		c, err := street.Store.Case(no)
		return err == nil && c.State == queue.CaseResultReady
	})
	c, _ := street.Store.Case(no)
	for _, p := range c.Parts {
		want := map[string]struct {
			state   queue.PartState
			officer string
		}{"SCJGJ": {queue.PartApproved, queue.RelayStaff(at["SCJGJ"])}, "WJJ": {queue.PartRefused, queue.RelayStaff(at["WJJ"])}, "SWJ": {queue.PartApproved, "swj1"}}[p.Dept]
		if p.State != want.state || p.Officer != want.officer || p.At != at[p.Dept] {
			t.Errorf("the street's sub-case %s: %s by %q at %q, want %s by %q", p.Dept, p.State, p.Officer, p.At, want.state, want.officer)
		}
	}
	for dept, code := range at {
		dc, err := centers[code].Store.Case(no)
		if p, ok := dc.RelayPart(dept); err != nil || !ok || !p.State.Decided() || dc.State != queue.CaseClosed || dc.Delivery.Method != queue.DeliverRelay {
			t.Errorf("the case at %s: %+v %v, want closed with %s decided", code, dc, err, dept)
		}
	}
	testkit.Until(t, "every relay message acknowledged", 20*time.Second, func() bool {
		return r.query(`SELECT count(*) FROM relay WHERE taken_at IS NULL`) == 0
	})
	for dept, code := range at {
		if n := r.query(`SELECT count(*) FROM relay WHERE case_no = $1 AND dept = $2 AND seq = 1 AND
			((hop = 'out' AND from_center = '440104001' AND to_center = $3) OR (hop = 'back' AND from_center = $3 AND to_center = '440104001'))`,
			no, dept, code); n != 2 {
			t.Errorf("%d relay rows of %s's sub-case, want 2: out and back, seq 1", n, dept)
		}
	}
	if n := r.query(`SELECT count(*) FROM relay`); n != 4 {
		t.Errorf("%d relay rows, want 4", n)
	}
	pickUpAtWindow9(t, street, no)
}

// TestCityRelayBundleToTwoCenters: the bundle's SCJGJ sub-case is decided at the
// district, its WJJ one at the city's center (a third center server), its SWJ one at
// the street: two relayed streams of one case, each delivered once.
func TestCityRelayBundleToTwoCenters(t *testing.T) {
	walkRelayedBundle(t, map[string]string{"SCJGJ": "440104", "WJJ": "440100"})
}

// TestCityRelayBundleTwoPartsOneCenter: the bundle's SCJGJ and WJJ sub-cases are both
// decided at the district, where they join one case as two parts (closed there only
// once both are decided); its SWJ one at the street.
func TestCityRelayBundleTwoPartsOneCenter(t *testing.T) {
	walkRelayedBundle(t, map[string]string{"SCJGJ": "440104", "WJJ": "440104"})
}
