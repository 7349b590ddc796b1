package app

import (
	"bytes"
	"context"
	"encoding/json"
	"sync/atomic"
	"testing"
	"time"

	"onedoor/internal/queue"
	"onedoor/internal/testkit"
	"onedoor/internal/wire"
	"onedoor/server/internal/outbox"
)

// TestCitizenToldAtEachMoment: after the acceptance notice, the applicant who gave a
// phone is texted when their case needs materials (naming them), when its result is
// ready, and once with an apology when its promised date has passed undecided; an
// applicant without a phone is texted nothing. The gateway answers 500 first, then
// recovers: every text arrives once, with its template, and neither the texts nor the
// log hold an ID number, a name or an address.
func TestCitizenToldAtEachMoment(t *testing.T) {
	sms := newReceiver(t, 500, checkSMS(testSMSKey))
	var failed atomic.Int64
	logs := &syncBuffer{}
	ts := startLoggedServer(t, logs, func(c *Config) {
		c.Notify = NotifyConfig{SMSURL: sms.url(), SMSKey: testSMSKey, SMSKeyHeader: "X-Api-Key", SMSSign: "示例政务", SMSTemplates: testTemplates,
			Outbox: outbox.Options{BaseDelay: 5 * time.Millisecond, MaxDelay: 40 * time.Millisecond,
				OnAttempt: func(_ outbox.Delivery, err error) {
					if err != nil {
						failed.Add(1)
					}
				}}}
	})
	ctx := context.Background()
	clerk := ts.clerk(1)
	scj := ts.officer("scj1")
	supp := &visit{item: "440199-B-001", a: person(0, true), outcome: "accepted"} // 5 working days
	ready := &visit{item: "440199-B-001", a: person(1, true), outcome: "accepted"}
	late := &visit{item: marketItem, a: person(2, true), outcome: "accepted"}    // 即办: due today
	silent := &visit{item: marketItem, a: person(3, false), outcome: "accepted"} // no phone
	for _, v := range []*visit{supp, ready, late, silent} {
		serve(t, ts, clerk, 1, v)
	}
	act := func(no, action string, req wire.CaseActionRequest) {
		t.Helper()
		if _, err := scj.CaseAction(ctx, no, action, req); err != nil {
			t.Fatalf("%s %s: %v", action, no, err)
		}
	}
	act(supp.caseNo, "claim", wire.CaseActionRequest{})
	act(supp.caseNo, "supplement", wire.CaseActionRequest{Needed: []queue.CaseMaterial{{Code: "m2", Note: "复印件不清晰"}}})
	act(ready.caseNo, "claim", wire.CaseActionRequest{})
	act(ready.caseNo, "approve", wire.CaseActionRequest{})
	act(silent.caseNo, "claim", wire.CaseActionRequest{})
	ts.clock.Add(24 * time.Hour) // late and silent are now past their promised date
	if n, err := ts.Store.MarkOverdue(ctx); err != nil || n != 2 {
		t.Fatalf("mark overdue: %d %v, want 2 (late and silent)", n, err)
	}
	if n, err := ts.Store.MarkOverdue(ctx); err != nil || n != 0 {
		t.Fatalf("marked overdue again: %d %v", n, err)
	}

	testkit.Until(t, "the gateway to refuse attempts", 20*time.Second, func() bool { return sms.failed() >= 2 })
	sms.setStatus(200)
	want := map[string]string{ // case no + template → what a param must say
		supp.caseNo + " SMS_ACC": "", ready.caseNo + " SMS_ACC": "", late.caseNo + " SMS_ACC": "",
		supp.caseNo + " SMS_SUP": "materials", ready.caseNo + " SMS_RDY": "", late.caseNo + " SMS_OVD": "promised",
	}
	testkit.Until(t, "every text delivered", 30*time.Second, func() bool { return sms.delivered() >= len(want) })
	testkit.Until(t, "the outbox empty", 10*time.Second, func() bool { return gauge(t, ts, "onedoor_outbox_pending", destNotice) == 0 })

	first, _, _, _, raw, bad := sms.snapshot()
	if len(bad) > 0 {
		t.Fatalf("requests the gateway refused: %v", bad)
	}
	it, _ := mustCatalog(t).Item(supp.item)
	m2 := it.Materials[1].NameZh // the material asked for
	if it.Materials[1].Code != "m2" {
		t.Fatalf("the second material of %s is %s", supp.item, it.Materials[1].Code)
	}
	phones := map[string]string{supp.caseNo: supp.a.Phone, ready.caseNo: ready.a.Phone, late.caseNo: late.a.Phone}
	got := map[string]bool{}
	for _, b := range first {
		var req struct {
			Phone      string            `json:"phone"`
			TemplateID string            `json:"template_id"`
			Params     map[string]string `json:"params"`
		}
		if err := json.Unmarshal(b, &req); err != nil {
			t.Fatal(err)
		}
		k := req.Params["case_no"] + " " + req.TemplateID
		param, ok := want[k]
		if !ok || got[k] {
			t.Fatalf("an unexpected or repeated text: %s", b)
		}
		got[k] = true
		if req.Phone != phones[req.Params["case_no"]] || req.Params["item"] == "" || (param != "" && req.Params[param] == "") {
			t.Fatalf("text %s: %s", k, b)
		}
		if req.TemplateID == "SMS_SUP" && req.Params["materials"] != m2 {
			t.Fatalf("the supplement's text names %q, want %q", req.Params["materials"], m2)
		}
	}
	if len(got) != len(want) {
		t.Fatalf("texts %v, want %v", got, want)
	}
	log := logs.Bytes()
	for _, v := range []*visit{supp, ready, late, silent} {
		for _, secret := range []string{v.a.IDNumber, v.a.Name, v.a.Address} {
			for _, b := range append(raw, log) {
				if bytes.Contains(b, []byte(secret)) {
					t.Fatalf("%q is in a text or the log: %s", secret, b)
				}
			}
		}
	}
	t.Logf("%d texts delivered, %d raw requests, %d failed attempts", len(first), len(raw), failed.Load())
}
