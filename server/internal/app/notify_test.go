package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"onedoor/internal/client"
	"onedoor/internal/queue"
	"onedoor/internal/testkit"
	"onedoor/internal/wire"
	"onedoor/server/internal/outbox"
)

const (
	testSecret    = "secret-of-the-market-department"
	testSMSKey    = "sms-key-for-the-tests"
	testTemplates = "accepted=SMS_ACC,supplement=SMS_SUP,ready=SMS_RDY,overdue=SMS_OVD"
	marketItem    = "440199-A-001" // 广州市示例区市场监督管理局: has a webhook in these tests
	otherItem     = "440199-C-002" // another department, without one
)

// syncBuffer is a log destination safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) Bytes() []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return bytes.Clone(s.b.Bytes())
}

// marketDept is the department code of marketItem.
func marketDept(t *testing.T) string {
	t.Helper()
	cat := mustCatalog(t)
	it, _ := cat.Item(marketItem)
	d, ok := cat.Department(it.Department)
	if !ok {
		t.Fatalf("no department code for %s", it.Department)
	}
	return d.Code
}

// writeWebhooks writes a webhooks file giving the market department the receiver at url.
func writeWebhooks(t *testing.T, url string) string {
	t.Helper()
	data, _ := json.Marshal(map[string]webhookConf{marketDept(t): {URL: url, Secret: testSecret}})
	path := filepath.Join(t.TempDir(), "webhooks.json")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// startLoggedServer starts a demo server like startServerWith, its log (debug and up)
// written to logw.
func startLoggedServer(t *testing.T, logw io.Writer, tune func(*Config)) *testServer {
	t.Helper()
	clk := &fakeClock{now: time.Date(2026, 11, 25, 9, 30, 0, 0, shanghai)}
	cfg := Config{Addr: "127.0.0.1:0", Data: t.TempDir(), TZ: "Asia/Shanghai", Demo: true, Policy: queue.DefaultPolicy(), Clock: clk.Now}
	tune(&cfg)
	srv, err := Start(cfg, slog.New(slog.NewTextHandler(logw, &slog.HandlerOptions{Level: slog.LevelDebug})))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		if err := srv.Close(ctx); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	return &testServer{Server: srv, t: t, clock: clk, kiosk: client.New(srv.URL(), srv.KioskToken)}
}

// visit is one citizen's visit in these tests, and the case it opened.
type visit struct {
	item    string
	a       *wire.Applicant
	outcome string
	caseNo  string
	ticket  string
	promise string
}

// serve takes v through window n's clerk: ticket, call, the applicant entered, start,
// finish with every material of the item.
func serve(t *testing.T, ts *testServer, clerk *client.Client, n int, v *visit) {
	t.Helper()
	ctx := context.Background()
	tk := ts.issue(v.item)
	if _, ok, err := clerk.Call(ctx, n); err != nil || !ok {
		t.Fatalf("call: %v %v", ok, err)
	}
	if v.a != nil {
		if _, err := clerk.EnterApplicant(ctx, n, *v.a); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := clerk.Act(ctx, n, "start"); err != nil {
		t.Fatal(err)
	}
	res, err := clerk.Finish(ctx, n, wire.FinishRequest{Outcome: v.outcome, Received: allMaterials(t, v.item)})
	if err != nil {
		t.Fatal(err)
	}
	v.caseNo, v.ticket, v.promise = res.Document.CaseNo, tk.ID, res.Document.Promised
	if (v.outcome == "accepted") != (v.caseNo != "") {
		t.Fatalf("finish %s answered case %q", v.outcome, v.caseNo)
	}
}

// allMaterials are the codes of every material of an item.
func allMaterials(t *testing.T, item string) []string {
	it, ok := mustCatalog(t).Item(item)
	if !ok {
		t.Fatalf("no item %s", item)
	}
	var out []string
	for _, m := range it.Materials {
		out = append(out, m.Code)
	}
	return out
}

// person is a made-up applicant: a valid ID number, a name, an address, maybe a phone.
func person(i int, phone bool) *wire.Applicant {
	a := &wire.Applicant{CardType: queue.CardResident, IDNumber: validID(fmt.Sprintf("4401061985010%04d", 1000+i)),
		Name: fmt.Sprintf("测试人%c", '甲'+rune(i)), Address: fmt.Sprintf("广州市示例区测试路%d号", 100+i)}
	if phone {
		a.Phone = fmt.Sprintf("1390000%04d", i)
	}
	return a
}

// gauge reads one outbox gauge of /metrics for dest; -1 when absent.
func gauge(t *testing.T, ts *testServer, name, dest string) float64 {
	t.Helper()
	_, body := ts.raw("GET", "/metrics", "", "")
	re := regexp.MustCompile(`(?m)^` + name + `\{dest="` + regexp.QuoteMeta(dest) + `"\} (\S+)$`)
	m := re.FindStringSubmatch(body)
	if m == nil {
		return -1
	}
	f, _ := strconv.ParseFloat(m[1], 64)
	return f
}

// TestNotificationsSurviveReceiversThatFailAndRecover: accepted visits tell the
// applicants who gave a phone (through a real HTTP SMS gateway) and the market
// department (through its real webhook receiver). Both receivers answer 500 for a while,
// then are down, then come back losing two answers each: every message arrives, once
// per delivery id (the lost answers' messages again, counted as raw duplicates), one per
// case and destination, with the right content; the webhook is signed; the gauges show
// the backlog and then none; and neither the bodies nor the server's log hold an ID
// number, a name or an address, the phone only in the SMS's phone field.
func TestNotificationsSurviveReceiversThatFailAndRecover(t *testing.T) {
	hook := newReceiver(t, 500, checkWebhook(testSecret))
	sms := newReceiver(t, 500, checkSMS(testSMSKey))
	var failed atomic.Int64
	logs := &syncBuffer{}
	hooks := writeWebhooks(t, hook.url())
	ts := startLoggedServer(t, logs, func(c *Config) {
		c.Notify = NotifyConfig{SMSURL: sms.url(), SMSKey: testSMSKey, SMSKeyHeader: "X-Api-Key", SMSSign: "示例政务", SMSTemplates: testTemplates,
			WebhooksPath: hooks, Outbox: outbox.Options{BaseDelay: 5 * time.Millisecond, MaxDelay: 40 * time.Millisecond,
				OnAttempt: func(_ outbox.Delivery, err error) {
					if err != nil {
						failed.Add(1)
					}
				}}}
	})
	market, _ := mustCatalog(t).Item(marketItem)
	other, _ := mustCatalog(t).Item(otherItem)
	visits := []*visit{
		{item: marketItem, a: person(0, true), outcome: "accepted"},
		{item: marketItem, a: person(1, true), outcome: "accepted"},
		{item: marketItem, a: person(2, true), outcome: "accepted"},
		{item: marketItem, a: person(3, true), outcome: "accepted"},
		{item: marketItem, a: person(4, false), outcome: "accepted"}, // no phone: the webhook only
		{item: marketItem, outcome: "accepted"},                      // no applicant: the webhook only
		{item: otherItem, a: person(5, true), outcome: "accepted"},   // no webhook: the SMS only
		{item: marketItem, a: person(6, true), outcome: "completed"}, // no case: nothing
	}
	clerk := ts.clerk(1)
	for _, v := range visits {
		serve(t, ts, clerk, 1, v)
	}
	wantHook, wantSMS := map[string]*visit{}, map[string]*visit{}
	for _, v := range visits {
		if v.caseNo == "" {
			continue
		}
		if v.item == marketItem {
			wantHook[v.caseNo] = v
		}
		if v.a != nil && v.a.Phone != "" {
			wantSMS[v.caseNo] = v
		}
	}

	// 500s: each receiver refuses several attempts; the gauges show the backlog.
	testkit.Until(t, "the receivers to refuse attempts", 20*time.Second, func() bool {
		return hook.failed() >= 2*len(wantHook) && sms.failed() >= 2*len(wantSMS)
	})
	hookDest := webhookDest(marketDept(t))
	if got := gauge(t, ts, "onedoor_outbox_pending", hookDest); got != float64(len(wantHook)) {
		t.Errorf("pending webhooks while refused: %v, want %d", got, len(wantHook))
	}
	if got := gauge(t, ts, "onedoor_outbox_pending", destNotice); got != float64(len(wantSMS)) {
		t.Errorf("pending notices while refused: %v, want %d", got, len(wantSMS))
	}
	if got := gauge(t, ts, "onedoor_outbox_oldest_seconds", destNotice); got <= 0 {
		t.Errorf("oldest notice while refused: %v, want > 0", got)
	}
	// Down: connections refused.
	hook.down()
	sms.down()
	before := failed.Load()
	testkit.Until(t, "attempts against receivers that are down", 20*time.Second, func() bool { return failed.Load() >= before+20 })
	// Back, acknowledging.
	hook.setStatus(200)
	sms.setStatus(200)
	hook.loseAnswers(2)
	sms.loseAnswers(2)
	hook.up()
	sms.up()
	testkit.Until(t, "every message delivered", 30*time.Second, func() bool {
		return hook.delivered() >= len(wantHook) && sms.delivered() >= len(wantSMS)
	})
	testkit.Until(t, "the outbox empty", 10*time.Second, func() bool {
		return gauge(t, ts, "onedoor_outbox_pending", hookDest) == 0 && gauge(t, ts, "onedoor_outbox_pending", destNotice) == 0
	})
	if got := gauge(t, ts, "onedoor_outbox_oldest_seconds", destNotice); got != 0 {
		t.Errorf("oldest notice once delivered: %v, want 0", got)
	}

	hookFirst, _, hookDups, _, hookRaw, hookBad := hook.snapshot()
	smsFirst, _, smsDups, _, smsRaw, smsBad := sms.snapshot()
	if len(hookBad)+len(smsBad) > 0 {
		t.Fatalf("requests the receivers refused: %v %v", hookBad, smsBad)
	}
	if hookDups < 2 || smsDups < 2 {
		t.Errorf("raw duplicates %d (webhook) and %d (SMS): each lost answer must be sent again", hookDups, smsDups)
	}
	checkHookBodies(t, hookFirst, wantHook, marketDept(t))
	checkSMSBodies(t, smsFirst, wantSMS, map[string]string{marketItem: market.NameZh, otherItem: other.NameZh})

	// No personal data in the raw bytes: the bodies and the server's log.
	log := logs.Bytes()
	if !bytes.Contains(log, []byte("outbox: delivery failed")) {
		t.Fatalf("the log did not record the failures; is it captured? %s", log)
	}
	if bytes.Contains(log, []byte("undeliverable")) {
		t.Fatalf("a notice was put for an applicant without a phone: %s", log)
	}
	for _, v := range visits {
		if v.a == nil {
			continue
		}
		for _, secret := range []string{v.a.IDNumber, v.a.Name, v.a.Address} {
			for what, raw := range map[string][][]byte{"webhook body": hookRaw, "SMS body": smsRaw, "log": {log}} {
				for _, b := range raw {
					if bytes.Contains(b, []byte(secret)) {
						t.Fatalf("%q is in a %s: %s", secret, what, b)
					}
				}
			}
		}
		if v.a.Phone == "" {
			continue
		}
		for what, raw := range map[string][][]byte{"webhook body": hookRaw, "log": {log}} {
			for _, b := range raw {
				if bytes.Contains(b, []byte(v.a.Phone)) {
					t.Fatalf("the phone %s is in a %s", v.a.Phone, what)
				}
			}
		}
		field := []byte(`"phone":"` + v.a.Phone + `"`)
		for _, b := range smsRaw {
			if bytes.Count(b, []byte(v.a.Phone)) != bytes.Count(b, field) {
				t.Fatalf("the phone is in an SMS body outside its phone field: %s", b)
			}
		}
	}
	t.Logf("webhook: %d delivered, %d raw requests, %d raw duplicates; SMS: %d delivered, %d raw requests, %d raw duplicates; %d failed attempts",
		len(hookFirst), len(hookRaw), hookDups, len(smsFirst), len(smsRaw), smsDups, failed.Load())
}

// checkHookBodies requires one delivery per case with a webhook, each naming its case,
// item, the items the department decides, the department's code, the promised date and
// the acceptance time, and nothing else.
func checkHookBodies(t *testing.T, got map[string][]byte, want map[string]*visit, dept string) {
	t.Helper()
	seen := map[string]string{}
	for id, b := range got {
		var ev map[string]any
		if err := json.Unmarshal(b, &ev); err != nil {
			t.Fatal(err)
		}
		no, _ := ev["case_no"].(string)
		v := want[no]
		if v == nil {
			t.Fatalf("a webhook for case %q, which should have none: %s", no, b)
		}
		if prev, dup := seen[no]; dup {
			t.Fatalf("case %s was sent twice, as %s and %s", no, prev, id)
		}
		seen[no] = id
		items, _ := ev["items"].([]any)
		if ev["event"] != string(queue.CaseRouted) || ev["item"] != v.item || len(items) != 1 || items[0] != v.item || ev["department"] != dept ||
			ev["promised"] != v.promise || ev["accepted_at"] == "" || ev["center"] == "" || ev["state"] != string(queue.PartRouted) ||
			ev["seq"] == nil || ev["at"] == "" || len(ev) != 11 {
			t.Fatalf("webhook of %s: %s", no, b)
		}
	}
	if len(seen) != len(want) {
		t.Fatalf("%d cases reached the webhook, want %d", len(seen), len(want))
	}
}

// checkSMSBodies requires one text per case whose applicant gave a phone, to that phone,
// with the accepted template and its case number, item name and promised date.
func checkSMSBodies(t *testing.T, got map[string][]byte, want map[string]*visit, names map[string]string) {
	t.Helper()
	seen := map[string]string{}
	for id, b := range got {
		var req struct {
			Phone      string            `json:"phone"`
			SignName   string            `json:"sign_name"`
			TemplateID string            `json:"template_id"`
			Params     map[string]string `json:"params"`
		}
		if err := json.Unmarshal(b, &req); err != nil {
			t.Fatal(err)
		}
		no := req.Params["case_no"]
		v := want[no]
		if v == nil {
			t.Fatalf("a text for case %q, which should have none: %s", no, b)
		}
		if prev, dup := seen[no]; dup {
			t.Fatalf("case %s was texted twice, as %s and %s", no, prev, id)
		}
		seen[no] = id
		if req.Phone != v.a.Phone || req.SignName != "示例政务" || req.TemplateID != "SMS_ACC" || req.Params["item"] != names[v.item] || req.Params["promised"] != v.promise || len(req.Params) != 3 {
			t.Fatalf("text of %s: %s", no, b)
		}
	}
	if len(seen) != len(want) {
		t.Fatalf("%d cases texted, want %d", len(seen), len(want))
	}
}

// TestNoticeOfAnErasedApplicantIsDropped: a notice waits while the gateway refuses it;
// meanwhile retention erases the applicant. When the gateway is back the notice cannot
// be sent to anyone: it is dropped as undeliverable, never sent, and the outbox empties.
func TestNoticeOfAnErasedApplicantIsDropped(t *testing.T) {
	sms := newReceiver(t, 500, checkSMS(testSMSKey))
	logs := &syncBuffer{}
	var attempts atomic.Int64
	ts := startLoggedServer(t, logs, func(c *Config) {
		c.Notify = NotifyConfig{SMSURL: sms.url(), SMSKey: testSMSKey, SMSTemplates: testTemplates,
			Outbox: outbox.Options{BaseDelay: 5 * time.Millisecond, MaxDelay: 40 * time.Millisecond,
				OnAttempt: func(outbox.Delivery, error) { attempts.Add(1) }}}
	})
	v := &visit{item: marketItem, a: person(0, true), outcome: "accepted"}
	serve(t, ts, ts.clerk(1), 1, v)
	testkit.Until(t, "the gateway to refuse the notice", 20*time.Second, func() bool { return sms.failed() >= 2 })
	n, err := ts.Store.ErasePersonalData(context.Background(), ts.clock.Now().Add(48*time.Hour))
	if err != nil || n == 0 {
		t.Fatalf("erase: %d %v", n, err)
	}
	// an attempt that read the phone before the erasure may still be on its way: once
	// one more attempt has ended (or the notice is already dropped), every later one
	// starts after the erasure
	a0 := attempts.Load()
	testkit.Until(t, "an attempt after the erasure", 20*time.Second, func() bool {
		return attempts.Load() > a0 || gauge(t, ts, "onedoor_outbox_pending", destNotice) == 0
	})
	sms.setStatus(200)
	testkit.Until(t, "the notice dropped", 20*time.Second, func() bool {
		return gauge(t, ts, "onedoor_outbox_pending", destNotice) == 0
	})
	if got := sms.delivered(); got != 0 {
		t.Fatalf("%d texts sent for an erased applicant", got)
	}
	if !bytes.Contains(logs.Bytes(), []byte("outbox: dropped an undeliverable message")) {
		t.Fatalf("the drop was not logged: %s", logs.Bytes())
	}
}
