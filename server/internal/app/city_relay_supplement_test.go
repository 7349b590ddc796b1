package app

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"onedoor/internal/pgcluster"
	"onedoor/internal/pgcluster/pgtest"
	"onedoor/internal/queue"
	"onedoor/internal/testkit"
	"onedoor/internal/wire"
	"onedoor/server/internal/outbox"
)

// relayPair is the street center (which accepts, and texts its citizens) and the
// district center (whose market regulator decides), linked by a city tier on a real
// PostgreSQL. Either center can be restarted on its own data.
type relayPair struct {
	r        *cityRig
	pg       *pgcluster.Cluster
	sms      *receiver
	street   *testServer
	district *testServer
	restart  func(ts **testServer)
}

func startRelayPair(t *testing.T) *relayPair {
	pg := pgtest.Start(t)
	r := startCityTier(t, pg, pg.URL("onedoor"))
	cat := relayCatalog(t)
	sms := newReceiver(t, 200, checkSMS(testSMSKey))
	cfgs := map[**testServer]Config{}
	clocks := map[**testServer]*fakeClock{}
	p := &relayPair{r: r, pg: pg, sms: sms}
	for ts, center := range map[**testServer]string{&p.street: "440104001", &p.district: "440104"} {
		clocks[ts] = &fakeClock{now: time.Date(2026, 11, 25, 9, 30, 0, 0, shanghai)}
		cfgs[ts] = Config{Addr: "127.0.0.1:0", Data: t.TempDir(), TZ: "Asia/Shanghai", Demo: true, Policy: queue.DefaultPolicy(), Clock: clocks[ts].Now,
			Center: center, City: r.uplinkTo(center), CatalogPath: cat}
	}
	cfg := cfgs[&p.street] // the street texts its citizens
	cfg.Notify = NotifyConfig{SMSURL: sms.url(), SMSKey: testSMSKey, SMSKeyHeader: "X-Api-Key", SMSSign: "示例政务", SMSTemplates: testTemplates,
		Outbox: outbox.Options{BaseDelay: 5 * time.Millisecond, MaxDelay: 40 * time.Millisecond}}
	cfgs[&p.street] = cfg
	start := func(ts **testServer) { *ts = centerStarter(t, cfgs[ts], clocks[ts])() }
	start(&p.district)
	start(&p.street)
	p.restart = func(ts **testServer) {
		if err := (*ts).Close(context.Background()); err != nil {
			t.Fatal(err)
		}
		start(ts)
	}
	t.Cleanup(func() { p.street.Close(context.Background()); p.district.Close(context.Background()) })
	return p
}

// part returns a center's sub-case of the market regulator for case no, or nil.
func relayPart(ts *testServer, no string) *queue.Part {
	c, err := ts.Store.Case(no)
	if err != nil {
		return nil
	}
	p, _ := c.Part("SCJGJ")
	return p
}

// texts are the params of the distinct texts of template tpl the gateway took for
// case no.
func (p *relayPair) texts(no, tpl string) []map[string]string {
	first, _, _, _, _, _ := p.sms.snapshot()
	var out []map[string]string
	for _, b := range first {
		var req struct {
			TemplateID string            `json:"template_id"`
			Params     map[string]string `json:"params"`
		}
		if json.Unmarshal(b, &req) == nil && req.TemplateID == tpl && req.Params["case_no"] == no {
			out = append(out, req.Params)
		}
	}
	return out
}

// TestCityRelaySupplementRoundTrip: what the deciding center does between intake and
// decision travels back. The district's officer suspends (an inspection) and resumes:
// the street's case shows each, and so does its citizen's stage. With the city tier
// stopped the district asks for a supplement; the street restarts, the city comes
// back: the street's case is in supplement with the same list, its clock stopped, and
// the citizen is texted once naming the material. The district's window cannot record
// the supplement (409: the citizen is at the street). Both centers restart; a day later
// the citizen brings the material to the street, whose clerk records it: the district's
// case resumes, both clocks moved on by the same day, and is approved; the street's R
// ticket is picked up. Each hop's messages are stored once, in order, all acknowledged;
// nothing personal at the city.
func TestCityRelaySupplementRoundTrip(t *testing.T) {
	p := startRelayPair(t)
	ctx := context.Background()
	v := &visit{item: "440199-A-001", a: person(0, true), outcome: "accepted"}
	serve(t, p.street, p.street.clerk(1), 1, v)
	no := v.caseNo
	testkit.Until(t, "the case at the district", 20*time.Second, func() bool { return relayPart(p.district, no) != nil })
	due := relayPart(p.street, no).Due
	scj := p.district.officer("scj1")
	act := func(action string, req wire.CaseActionRequest) {
		t.Helper()
		if _, err := scj.CaseAction(ctx, no, action, req); err != nil {
			t.Fatalf("%s at the district: %v", action, err)
		}
	}
	act("claim", wire.CaseActionRequest{})
	act("suspend", wire.CaseActionRequest{Hold: "inspection", Reason: "需现场检验经营场所"})
	testkit.Until(t, "the street's case suspended", 20*time.Second, func() bool {
		pt := relayPart(p.street, no)
		return pt != nil && pt.State == queue.PartSuspended && pt.Hold == "inspection" && pt.StoppedOn != ""
	})
	if c, _ := p.street.Store.Case(no); c.Stage() != queue.StageSuspended {
		t.Errorf("the citizen's stage at the street: %s, want %s", c.Stage(), queue.StageSuspended)
	}
	act("resume", wire.CaseActionRequest{Reason: "检验完成"})
	testkit.Until(t, "the street's case resumed", 20*time.Second, func() bool {
		pt := relayPart(p.street, no)
		return pt != nil && pt.State == queue.PartClaimed && pt.StoppedOn == ""
	})

	p.r.stopCity()
	needed := []queue.CaseMaterial{{Item: "440199-A-001", Code: "m2", Note: "复印件不清晰"}}
	act("supplement", wire.CaseActionRequest{Needed: needed})
	_, err := p.district.clerk(1).CaseAction(ctx, no, "supply", wire.CaseActionRequest{Supplied: needed})
	if !isStatus(err, 409) || !strings.Contains(err.Error(), "补正材料由受理中心窗口接收") {
		t.Fatalf("the district records the supplement of a relayed-in case: %v, want 409 naming the accepting center", err)
	}
	p.restart(&p.street)
	p.r.startCity()
	testkit.Until(t, "the street's case in supplement", 20*time.Second, func() bool {
		pt := relayPart(p.street, no)
		return pt != nil && pt.State == queue.PartSupplement && len(pt.Needed) == 1 && pt.Needed[0] == needed[0] && pt.StoppedOn != ""
	})
	if c, _ := p.street.Store.Case(no); c.Stage() != queue.StageSupplement {
		t.Errorf("the citizen's stage at the street: %s, want %s", c.Stage(), queue.StageSupplement)
	}
	testkit.Until(t, "the citizen texted", 20*time.Second, func() bool { return len(p.texts(no, "SMS_SUP")) > 0 })

	p.street.clock.Add(24 * time.Hour) // the citizen comes back the next working day
	p.district.clock.Add(24 * time.Hour)
	p.restart(&p.street)
	p.restart(&p.district)
	if _, err := p.street.clerk(2).CaseAction(ctx, no, "supply", wire.CaseActionRequest{Supplied: needed}); err != nil {
		t.Fatalf("the street records the supplement: %v", err)
	}
	testkit.Until(t, "the district's case resumed", 20*time.Second, func() bool {
		pt := relayPart(p.district, no)
		return pt != nil && pt.State == queue.PartClaimed && pt.StoppedOn == "" && len(pt.Needed) == 0
	})
	st, dt := relayPart(p.street, no), relayPart(p.district, no)
	if st.Due != dt.Due || st.Due <= due || st.StoppedDays != 1 || dt.StoppedDays != 1 {
		t.Errorf("the clocks: street due %s (stood %d days), district due %s (%d), first due %s", st.Due, st.StoppedDays, dt.Due, dt.StoppedDays, due)
	}
	checkStoreAtEnd(t, p.street.Server, "street ")
	checkStoreAtEnd(t, p.district.Server, "district ")
	scj = p.district.officer("scj1") // restarted and a day later: logged in again
	act("approve", wire.CaseActionRequest{})
	testkit.Until(t, "the street's case ready", 20*time.Second, func() bool {
		c, err := p.street.Store.Case(no)
		return err == nil && c.State == queue.CaseResultReady
	})
	testkit.Until(t, "every relay message acknowledged", 20*time.Second, func() bool {
		return p.r.query(`SELECT count(*) FROM relay WHERE taken_at IS NULL`) == 0
	})
	for hop, want := range map[string]int64{"out": 2, "back": 4} {
		if n := p.r.query(`SELECT count(*) FROM relay WHERE case_no = $1 AND hop = $2 AND seq BETWEEN 1 AND $3`, no, hop, want); n != want ||
			p.r.query(`SELECT count(*) FROM relay WHERE case_no = $1 AND hop = $2`, no, hop) != want {
			t.Errorf("%d %s messages of seq 1..%d, want exactly %d", n, hop, want, want)
		}
	}
	pickUpAtWindow9(t, p.street, no)
	it, _ := p.street.Store.Catalog().Item("440199-A-001")
	if sup := p.texts(no, "SMS_SUP"); len(sup) != 1 || it.Materials[1].Code != "m2" || sup[0]["materials"] != it.Materials[1].NameZh {
		t.Errorf("the citizen's supplement texts %v, want one naming %s", sup, it.Materials[1].NameZh)
	}
	noPersonalDataUpstream(t, p.pg, p.r, no, v.a.IDNumber, v.a.Name, v.a.Phone, v.a.Address)
}

// TestCityRelayRefusal: a relayed refusal, end to end. The district's regulator
// transfers the sub-case to a department of its own center, whose officer refuses it
// with the reasons and the legal basis (the remedies the catalog names); the street's
// case is ready with the same decision of refusal, whose document at the street names
// the case, the reasons, the basis, the review within 60 days and the lawsuit within 6
// months, and the applicant (whom only the street knows); the citizen picks it up at
// window 9. Nothing personal reaches the city tier.
func TestCityRelayRefusal(t *testing.T) {
	p := startRelayPair(t)
	checkStoreAtEnd(t, p.street.Server, "street ")
	checkStoreAtEnd(t, p.district.Server, "district ")
	ctx := context.Background()
	v := &visit{item: "440199-A-001", a: person(1, true), outcome: "accepted"}
	serve(t, p.street, p.street.clerk(1), 1, v)
	no := v.caseNo
	testkit.Until(t, "the case at the district", 20*time.Second, func() bool { return relayPart(p.district, no) != nil })
	scj := p.district.officer("scj1")
	if _, err := scj.CaseAction(ctx, no, "claim", wire.CaseActionRequest{}); err != nil {
		t.Fatal(err)
	}
	if _, err := scj.CaseAction(ctx, no, "transfer", wire.CaseActionRequest{To: "RSJ", Reason: "转至人社"}); err != nil {
		t.Fatal(err)
	}
	rsj := p.district.officer("rsj1") // the transfer stays within the district's center
	if _, err := rsj.CaseAction(ctx, no, "claim", wire.CaseActionRequest{}); err != nil {
		t.Fatal(err)
	}
	refusal := &queue.Refusal{Reasons: []string{"经营场所经现场核查不符合安全条件"}, Basis: "《中华人民共和国行政许可法》第三十八条第二款"}
	if _, err := rsj.CaseAction(ctx, no, "refuse", wire.CaseActionRequest{Refusal: refusal}); err != nil {
		t.Fatal(err)
	}
	testkit.Until(t, "the street's case ready", 20*time.Second, func() bool {
		c, err := p.street.Store.Case(no)
		return err == nil && c.State == queue.CaseResultReady
	})
	pt := relayPart(p.street, no)
	if pt.State != queue.PartRefused || pt.Refusal == nil || pt.Refusal.Basis != refusal.Basis || len(pt.Refusal.Reasons) != 1 ||
		pt.Refusal.Reasons[0] != refusal.Reasons[0] || pt.Refusal.Remedy.ReviewBody == "" || pt.Refusal.Remedy.Court == "" {
		t.Fatalf("the street's sub-case %+v", pt)
	}
	st, body := p.street.raw("GET", "/api/v1/cases/"+no+"/refusal.pdf", p.street.clerk(3).Token(), "")
	if st != 200 {
		t.Fatalf("the refusal at the street: %d %s", st, body)
	}
	text := testkit.PDFText(t, []byte(body))
	for _, want := range []string{"不予行政许可决定书", no, refusal.Reasons[0], "第三十八条第二款", "60日内", "6个月内", pt.Refusal.Remedy.ReviewBody, v.a.Name} {
		if !strings.Contains(text, want) {
			t.Errorf("the street's decision of refusal lacks %q: %s", want, text)
		}
	}
	got := pickUpAtWindow9(t, p.street, no)
	if got.Parts[0].Officer != "relay:440104" {
		t.Errorf("the street's sub-case was decided by %q, want the relay", got.Parts[0].Officer)
	}
	testkit.Until(t, "every relay message acknowledged", 20*time.Second, func() bool {
		return p.r.query(`SELECT count(*) FROM relay WHERE taken_at IS NULL`) == 0
	})
	if n := p.r.query(`SELECT count(*) FROM relay WHERE case_no = $1`, no); n != 2 {
		t.Errorf("%d relay rows for the case, want 2: the sub-case out, the refusal back", n)
	}
	noPersonalDataUpstream(t, p.pg, p.r, no, v.a.IDNumber, v.a.Name, v.a.Phone, v.a.Address)
}
