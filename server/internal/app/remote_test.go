package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"onedoor/assets"
	"onedoor/display/browsertest"
	"onedoor/internal/client"
	"onedoor/internal/wire"
	"onedoor/server/internal/outbox"
)

const (
	phoneItem  = "440199-A-001"
	cappedItem = "440199-A-002" // a daily cap of 1 in these tests
	phoneTmpl  = testTemplates + ",code=SMS_CODE,near=SMS_NEAR,called=SMS_CALL"
)

// phoneCatalog writes the sample catalog with opening hours 09:00–17:00 and a daily cap
// of one ticket on cappedItem.
func phoneCatalog(t *testing.T) string {
	t.Helper()
	var c map[string]any
	if err := json.Unmarshal(assets.CatalogJSON, &c); err != nil {
		t.Fatal(err)
	}
	c["center"].(map[string]any)["hours"] = map[string]string{"open": "09:00", "close": "17:00"}
	for _, it := range c["items"].([]any) {
		if m := it.(map[string]any); m["code"] == cappedItem {
			m["capacity"] = map[string]int{"daily_cap": 1}
		}
	}
	data, _ := json.Marshal(c)
	path := filepath.Join(t.TempDir(), "catalog.json")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// smsRequest is what the test's SMS gateway was sent.
type smsRequest struct {
	Phone      string            `json:"phone"`
	TemplateID string            `json:"template_id"`
	Params     map[string]string `json:"params"`
}

// texts returns the texts the gateway acknowledged with template tmpl to phone, in order.
func texts(r *receiver, tmpl, phone string) []smsRequest {
	_, order, _, _, _, _ := r.snapshot()
	first, _, _, _, _, _ := r.snapshot()
	var out []smsRequest
	for _, id := range order {
		var m smsRequest
		if json.Unmarshal(first[id], &m) == nil && m.TemplateID == tmpl && m.Phone == phone {
			out = append(out, m)
		}
	}
	return out
}

// waitText waits for the n-th text of tmpl to phone and returns it.
func waitText(t *testing.T, r *receiver, tmpl, phone string, n int) smsRequest {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if got := texts(r, tmpl, phone); len(got) >= n {
			return got[n-1]
		}
		time.Sleep(10 * time.Millisecond) // polling a receiver in another goroutine: nothing to wait on
	}
	t.Fatalf("no text %d of %s to the number after 10 s", n, tmpl)
	return smsRequest{}
}

// phonePage drives the phone page in a tab.
type phonePage struct {
	t   *testing.T
	tab context.Context
	url string
}

func (p phonePage) open() {
	p.t.Helper()
	browsertest.Open(p.t, p.tab, p.url+"/phone/", `document.querySelectorAll('#items button').length > 20`)
}

// choose picks item and waits for its checklist.
func (p phonePage) choose(item string) {
	p.t.Helper()
	browsertest.Eval[bool](p.t, p.tab, `document.querySelector('#items button[data-item="`+item+`"]').click(); true`)
	browsertest.WaitTrue(p.t, p.tab, 5*time.Second, `!document.getElementById('s-phone').hidden && document.querySelectorAll('#materials li').length > 0`)
}

// send gives the number and asks for a code; it returns the error shown, "" when the
// code step opened.
func (p phonePage) send(phone string) string {
	p.t.Helper()
	browsertest.Eval[bool](p.t, p.tab, `document.getElementById('phone-error').textContent = ''; document.getElementById('phone').value = '`+phone+`'; document.getElementById('send').click(); true`)
	browsertest.WaitTrue(p.t, p.tab, 5*time.Second, `!document.getElementById('s-code').hidden || document.getElementById('phone-error').textContent !== ''`)
	return browsertest.Eval[string](p.t, p.tab, `document.getElementById('s-code').hidden ? document.getElementById('phone-error').textContent : ''`)
}

// confirm enters code; it returns the error shown, "" when the page went to the ticket.
func (p phonePage) confirm(code string) string {
	p.t.Helper()
	browsertest.Eval[bool](p.t, p.tab, `document.getElementById('code-error').textContent = ''; document.getElementById('code').value = '`+code+`'; document.getElementById('confirm').click(); true`)
	p.settle(`location.pathname.startsWith('/t/') || (document.getElementById('code-error') && document.getElementById('code-error').textContent !== '')`)
	return browsertest.Eval[string](p.t, p.tab, `location.pathname.startsWith('/t/') ? '' : document.getElementById('code-error').textContent`)
}

// settle waits for expr across a navigation the page may start (which ends a poll).
func (p phonePage) settle(expr string) {
	p.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		err := browsertest.PollTrue(p.tab, 5*time.Second, expr)
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("waited for %s: %v", expr, err)
		}
	}
}

// back returns to the phone step for another number.
func (p phonePage) back() {
	browsertest.Eval[bool](p.t, p.tab, `document.getElementById('back-phone').click(); true`)
}

// TestRemoteTicketWalk walks a remote ticket in headless Chromium against the real
// server: item → phone → the code read from the test's SMS gateway → the ticket's page →
// a push subscription → check-in by the door's QR → called → the SMS and the push
// messages, each once, the push decrypted with the subscription's keys. Then each
// refusal with its message: the limit per number, the item's cap, five wrong codes and
// the lock, an expired code, outside opening hours. The number never reaches the
// server's log, a public answer or the anonymous stream.
func TestRemoteTicketWalk(t *testing.T) {
	sms := newReceiver(t, http.StatusOK, checkSMS(testSMSKey))
	push := newPushReceiver(t)
	var logs syncBuffer
	ts := startLoggedServer(t, &logs, func(c *Config) {
		noAlarms(c) // the anonymous stream is held to the log's last event: alarms are staff-only
		c.CatalogPath = phoneCatalog(t)
		c.Notify = NotifyConfig{SMSURL: sms.url(), SMSKey: testSMSKey, SMSTemplates: phoneTmpl,
			Outbox: outbox.Options{BaseDelay: 20 * time.Millisecond, MaxDelay: 100 * time.Millisecond, Poll: 50 * time.Millisecond}}
	})
	ctx := context.Background()
	clerk := ts.clerk(1)
	anon := newCollector()
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	up := make(chan bool, 4)
	go client.New(ts.URL(), "").Subscribe(sctx, client.StreamOptions{After: ts.Store.LastSeq(), OnState: func(u bool) { up <- u }}, anon.add)
	<-up

	const phone = "13912345678"
	p := phonePage{t: t, tab: browsertest.Tab(t, 90*time.Second), url: ts.URL()}
	p.open()
	p.choose(phoneItem)
	if msg := p.send("1391234567"); !strings.Contains(msg, "11位") {
		t.Fatalf("a 10-digit number: %q", msg)
	}
	if msg := p.send(phone); msg != "" {
		t.Fatalf("send: %q", msg)
	}
	code := waitText(t, sms, "SMS_CODE", phone, 1).Params["code"]
	if msg := p.confirm(code); msg != "" {
		t.Fatalf("confirm: %q", msg)
	}
	browsertest.WaitTrue(t, p.tab, 5*time.Second, `document.getElementById('number').textContent !== '—' && !document.getElementById('checkin-note').hidden`)
	id := browsertest.Eval[string](t, p.tab, `decodeURIComponent(location.pathname.slice(3))`)
	number := browsertest.Eval[string](t, p.tab, `document.getElementById('number').textContent`)

	// the tracking page's push subscription (headless Chromium has no push service: the
	// test subscribes as PushManager would, with keys it keeps)
	sub, _ := json.Marshal(push.subscription())
	if st, body := ts.raw("POST", "/api/v1/tickets/"+id+"/push", "", string(sub)); st != http.StatusNoContent {
		t.Fatalf("push subscribe: %d %s", st, body)
	}
	// check-in: a wrong door code is refused; the door's QR checks in
	if st, body := ts.raw("POST", "/api/v1/tickets/"+id+"/checkin", "", `{"door":"nope"}`); st != http.StatusForbidden || !strings.Contains(body, "二维码") {
		t.Fatalf("check in with a wrong door code: %d %s", st, body)
	}
	st, body := ts.raw("GET", "/api/v1/remote/door", ts.supervisor().Token(), "")
	var door struct{ Code, URL string }
	if json.Unmarshal([]byte(body), &door) != nil || st != http.StatusOK || !strings.HasSuffix(door.URL, "/phone/?door="+door.Code) {
		t.Fatalf("door: %d %s", st, body)
	}
	if err := chromedp.Do(p.tab, chromedp.Navigate(door.URL)); err != nil {
		t.Fatal(err)
	}
	p.settle(`location.pathname.startsWith('/t/') && document.getElementById('number').textContent === '` + number + `'`)
	browsertest.WaitTrue(t, p.tab, 5*time.Second, `document.getElementById('checkin-note').hidden`)
	var tk wire.Ticket
	if _, b := ts.raw("GET", "/api/v1/tickets/"+id, "", ""); json.Unmarshal([]byte(b), &tk) != nil || !tk.CheckedIn || !tk.Remote {
		t.Fatalf("after check-in: %s", b)
	}

	got, ok, err := clerk.Call(ctx, 1)
	if err != nil || !ok || got.ID != id {
		t.Fatalf("call: %+v %v %v", got, ok, err)
	}
	browsertest.WaitTrue(t, p.tab, 10*time.Second, `document.body.dataset.state === 'called'`)
	msgs := push.wait(2, 10*time.Second)
	if !strings.Contains(msgs[0], number+"号前面还有0人") || !strings.Contains(msgs[1], number+"号，请到1号窗口办理") {
		t.Fatalf("push messages: %q", msgs)
	}
	near := waitText(t, sms, "SMS_NEAR", phone, 1)
	called := waitText(t, sms, "SMS_CALL", phone, 1)
	if near.Params["number"] != number || near.Params["ahead"] != "0" || called.Params["window"] != "1号窗口" {
		t.Fatalf("texts: near %+v called %+v", near, called)
	}
	// each once: more events do not tell again
	clerk.Act(ctx, 1, "start")
	ts.issue(phoneItem)
	if _, _, dups, _, _, _ := sms.snapshot(); dups != 0 || len(texts(sms, "SMS_NEAR", phone)) != 1 || len(texts(sms, "SMS_CALL", phone)) != 1 {
		t.Fatalf("texts repeated: %d duplicates", dups)
	}

	walkRefusals(t, ts, p, sms)

	// the number on no public surface: the server's log, the public answers, the stream
	last := ts.Store.LastSeq()
	anon.waitSeq(t, last)
	anon.mu.Lock()
	streamBytes, _ := json.Marshal(anon.evs)
	anon.mu.Unlock()
	surfaces := map[string][]byte{"log": logs.Bytes(), "stream": streamBytes}
	for _, path := range []string{"/api/v1/tickets/" + id, "/api/v1/queue", "/api/v1/waits", "/api/v1/remote", "/phone/", "/t/" + id} {
		resp, err := http.Get(ts.URL() + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		surfaces[path] = b
	}
	for name, b := range surfaces {
		for _, n := range []string{phone, "13912345679", "13912345680", "13912345681", "13912345682"} {
			if bytes.Contains(b, []byte(n)) || bytes.Contains(b, []byte(n[:3]+" "+n[3:7])) {
				t.Errorf("the number %s…%s is in %s", n[:3], n[7:], name)
			}
		}
	}
	if !bytes.Contains(logs.Bytes(), []byte("139****5678")) && !bytes.Contains(logs.Bytes(), []byte("SMS")) {
		t.Log("(the log has no notice lines to check)")
	}
}

// walkRefusals takes the phone page through each refusal.
func walkRefusals(t *testing.T, ts *testServer, p phonePage, sms *receiver) {
	t.Helper()
	const phone, locked, late, other = "13912345678", "13912345679", "13912345680", "13912345681"
	// the second ticket of the day for the number goes; the third is refused
	p.open()
	p.choose(phoneItem)
	ts.clock.Add(2 * time.Minute) // past the minute between two codes
	if msg := p.send(phone); msg != "" {
		t.Fatalf("second ticket's code: %q", msg)
	}
	if msg := p.confirm(waitText(t, sms, "SMS_CODE", phone, 2).Params["code"]); msg != "" {
		t.Fatalf("second ticket: %q", msg)
	}
	p.open()
	p.choose(phoneItem)
	ts.clock.Add(2 * time.Minute)
	if msg := p.send(phone); !strings.Contains(msg, "已达上限") || !strings.Contains(msg, "2 remote tickets") {
		t.Fatalf("a third ticket: %q", msg)
	}
	// the item's cap, kiosk and phone together
	ts.issue(cappedItem)
	p.open()
	p.choose(cappedItem)
	if msg := p.send(other); !strings.Contains(msg, "号源已取完") {
		t.Fatalf("a capped item: %q", msg)
	}
	// five wrong codes lock the number: even the right code is then refused
	p.open()
	p.choose(phoneItem)
	if msg := p.send(locked); msg != "" {
		t.Fatal(msg)
	}
	right := waitText(t, sms, "SMS_CODE", locked, 1).Params["code"]
	wrong := "000000"
	if right == wrong {
		wrong = "111111"
	}
	for i, want := range []string{"还可再试4次", "还可再试3次", "还可再试2次", "还可再试1次", "已锁定"} {
		if msg := p.confirm(wrong); !strings.Contains(msg, want) {
			t.Fatalf("wrong code %d: %q, want %q", i+1, msg, want)
		}
	}
	if msg := p.confirm(right); !strings.Contains(msg, "已锁定") {
		t.Fatalf("the right code on a locked number: %q", msg)
	}
	// an expired code
	p.back()
	if msg := p.send(late); msg != "" {
		t.Fatal(msg)
	}
	code := waitText(t, sms, "SMS_CODE", late, 1).Params["code"]
	ts.clock.Add(5 * time.Minute)
	if msg := p.confirm(code); !strings.Contains(msg, "已过期") {
		t.Fatalf("an expired code: %q", msg)
	}
	// outside the opening hours
	ts.clock.Set(time.Date(2026, 11, 25, 17, 5, 0, 0, shanghai))
	p.open()
	p.choose(phoneItem)
	if msg := p.send(other); !strings.Contains(msg, "不是办公时间") || !strings.Contains(msg, "09:00–17:00") {
		t.Fatalf("after closing: %q", msg)
	}
}

// TestPhoneScreenshots saves the phone page's steps and a remote ticket's tracking page
// (phone size) into the folder named by ONEDOOR_SCREENSHOTS; skipped without it.
func TestPhoneScreenshots(t *testing.T) {
	dir := os.Getenv("ONEDOOR_SCREENSHOTS")
	if dir == "" {
		t.Skip("set ONEDOOR_SCREENSHOTS to a folder to take the screenshots")
	}
	sms := newReceiver(t, http.StatusOK, checkSMS(testSMSKey))
	ts := startServerWith(t, func(c *Config) {
		c.CatalogPath = phoneCatalog(t)
		c.Notify = NotifyConfig{SMSURL: sms.url(), SMSKey: testSMSKey, SMSTemplates: phoneTmpl,
			Outbox: outbox.Options{BaseDelay: 20 * time.Millisecond, Poll: 50 * time.Millisecond}}
	})
	for range 7 {
		ts.issue(phoneItem)
	}
	for n := 1; n <= 2; n++ {
		ts.clerk(n)
	}
	tab := browsertest.Tab(t, 60*time.Second)
	if err := chromedp.Do(tab, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateScale(2)), shanghaiTime()); err != nil {
		t.Fatal(err)
	}
	p := phonePage{t: t, tab: tab, url: ts.URL()}
	shot := func(name string) {
		t.Helper()
		browsertest.WaitTrue(t, tab, 5*time.Second, `document.fonts.status === 'loaded'`)
		browsertest.Eval[bool](t, tab, `window.scrollTo(0, 0); true`)
		png, err := chromedp.Run(tab, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p.open()
	shot("phone-items.png")
	p.choose(phoneItem)
	browsertest.Eval[bool](t, tab, `document.getElementById('phone').value = '139 1234 5678'; true`)
	shot("phone-number.png")
	if msg := p.send("13912345678"); msg != "" {
		t.Fatal(msg)
	}
	code := waitText(t, sms, "SMS_CODE", "13912345678", 1).Params["code"]
	browsertest.Eval[bool](t, tab, `document.getElementById('code').value = '`+code[:4]+`'; true`)
	shot("phone-code.png")
	if msg := p.confirm(code); msg != "" {
		t.Fatal(msg)
	}
	p.settle(`document.getElementById('number').textContent !== '—' && !document.getElementById('checkin-note').hidden && document.querySelectorAll('#materials li').length > 0`)
	shot("phone-ticket.png")
	// a refusal as the citizen sees it
	p.open()
	p.choose(phoneItem)
	ts.clock.Add(2 * time.Minute)
	p.send("13912345678")
	if msg := p.confirm("000000"); msg == "" {
		t.Fatal("a wrong code was taken")
	}
	shot("phone-wrong-code.png")
}

// TestRemoteJoinAtCheckInOverHTTP: a hall whose phone tickets join at check-in says so,
// does not call or miss one not checked in, and calls it after a kiosk's scan checked it
// in, behind the ticket issued before the check-in.
func TestRemoteJoinAtCheckInOverHTTP(t *testing.T) {
	sms := newReceiver(t, http.StatusOK, checkSMS(testSMSKey))
	ts := startServerWith(t, func(c *Config) {
		c.Policy.JoinAtCheckIn = true
		c.Notify = NotifyConfig{SMSURL: sms.url(), SMSKey: testSMSKey, SMSTemplates: phoneTmpl,
			Outbox: outbox.Options{BaseDelay: 20 * time.Millisecond, Poll: 50 * time.Millisecond}}
	})
	ctx := context.Background()
	if _, b := ts.raw("GET", "/api/v1/remote", "", ""); !strings.Contains(b, `"arrival":"at_check_in"`) {
		t.Fatalf("remote info: %s", b)
	}
	clerk := ts.clerk(1)
	const phone = "13812345678"
	if st, b := ts.raw("POST", "/api/v1/remote/code", "", `{"item":"`+phoneItem+`","phone":"+86 138-1234-5678"}`); st != http.StatusAccepted {
		t.Fatalf("code: %d %s", st, b)
	}
	code := waitText(t, sms, "SMS_CODE", phone, 1).Params["code"]
	st, b := ts.raw("POST", "/api/v1/remote/tickets", "", `{"item":"`+phoneItem+`","phone":"`+phone+`","code":"`+code+`"}`)
	var remote wire.Ticket
	if st != http.StatusCreated || json.Unmarshal([]byte(b), &remote) != nil || !remote.Remote || remote.NoWindow {
		t.Fatalf("ticket: %d %s", st, b)
	}
	if _, ok, err := clerk.Call(ctx, 1); ok || err != nil {
		t.Fatalf("a call with only a remote ticket not checked in: ok %v %v; want nobody", ok, err)
	}
	kiosk := ts.issue(phoneItem)
	if st, b := ts.raw("POST", "/api/v1/tickets/"+remote.ID+"/checkin", ts.KioskToken, ""); st != http.StatusOK || !strings.Contains(b, `"checked_in":true`) {
		t.Fatalf("kiosk check-in: %d %s", st, b)
	}
	for _, want := range []string{kiosk.ID, remote.ID} {
		got, ok, err := clerk.Call(ctx, 1)
		if err != nil || !ok || got.ID != want {
			t.Fatalf("call: %+v %v %v; want %s", got.Number, ok, err, want)
		}
		clerk.Act(ctx, 1, "start")
		if _, err := clerk.Finish(ctx, 1, wire.FinishRequest{Outcome: "consulted"}); err != nil {
			t.Fatal(err)
		}
	}
}

// TestRemoteCodesPerAddress: one address asking codes for many numbers is stopped after
// ten, with 429, though each number is within its own limits.
func TestRemoteCodesPerAddress(t *testing.T) {
	ts := startServerWith(t, func(c *Config) { c.Limits.OnLoopback = true })
	for i := range 11 {
		st, b := ts.raw("POST", "/api/v1/remote/code", "", `{"item":"`+phoneItem+`","phone":"1370000`+strings.Repeat("0", 2)+string(rune('0'+i/10))+string(rune('0'+i%10))+`"}`)
		if i < 10 && st != http.StatusAccepted || i == 10 && st != http.StatusTooManyRequests {
			t.Fatalf("code %d: %d %s", i+1, st, b)
		}
	}
}

// TestRemoteNearWhenWindowOpens: a phone ticket taken while no window serves it is told
// "your turn nears" when a window opens and it is first in line, before it is called — a
// citizen still at home must not hear only "called".
func TestRemoteNearWhenWindowOpens(t *testing.T) {
	sms := newReceiver(t, http.StatusOK, checkSMS(testSMSKey))
	ts := startServerWith(t, func(c *Config) {
		c.Notify = NotifyConfig{SMSURL: sms.url(), SMSKey: testSMSKey, SMSTemplates: phoneTmpl,
			Outbox: outbox.Options{BaseDelay: 20 * time.Millisecond, Poll: 50 * time.Millisecond}}
	})
	const phone = "13712340000"
	if st, b := ts.raw("POST", "/api/v1/remote/code", "", `{"item":"`+phoneItem+`","phone":"`+phone+`"}`); st != http.StatusAccepted {
		t.Fatalf("code: %d %s", st, b)
	}
	code := waitText(t, sms, "SMS_CODE", phone, 1).Params["code"]
	st, b := ts.raw("POST", "/api/v1/remote/tickets", "", `{"item":"`+phoneItem+`","phone":"`+phone+`","code":"`+code+`"}`)
	var tk wire.Ticket
	if st != http.StatusCreated || json.Unmarshal([]byte(b), &tk) != nil || !tk.NoWindow {
		t.Fatalf("ticket with no window open: %d %s", st, b)
	}
	if len(texts(sms, "SMS_NEAR", phone)) != 0 {
		t.Fatal("told near while no window serves the ticket")
	}
	ts.clerk(1) // opens window 1: the ticket is next
	if near := waitText(t, sms, "SMS_NEAR", phone, 1); near.Params["number"] != tk.Number || near.Params["ahead"] != "0" {
		t.Fatalf("near: %+v", near)
	}
}

// TestRemoteCheckInByPhoneOverHTTP: a kiosk checks a phone ticket in by its number's
// digits and the phone's last four; without a device's token, with malformed input or

// phoneTicketAt starts a server with an SMS gateway and takes a phone ticket for phone
// through the code it texts.
func phoneTicketAt(t *testing.T, phone string) (*testServer, wire.Ticket) {
	t.Helper()
	sms := newReceiver(t, http.StatusOK, checkSMS(testSMSKey))
	ts := startServerWith(t, func(c *Config) {
		c.Notify = NotifyConfig{SMSURL: sms.url(), SMSKey: testSMSKey, SMSTemplates: phoneTmpl,
			Outbox: outbox.Options{BaseDelay: 20 * time.Millisecond, Poll: 50 * time.Millisecond}}
	})
	if st, b := ts.raw("POST", "/api/v1/remote/code", "", `{"item":"`+phoneItem+`","phone":"`+phone+`"}`); st != http.StatusAccepted {
		t.Fatalf("code: %d %s", st, b)
	}
	code := waitText(t, sms, "SMS_CODE", phone, 1).Params["code"]
	_, b := ts.raw("POST", "/api/v1/remote/tickets", "", `{"item":"`+phoneItem+`","phone":"`+phone+`","code":"`+code+`"}`)
	var tk wire.Ticket
	if json.Unmarshal([]byte(b), &tk) != nil || tk.ID == "" {
		t.Fatalf("ticket: %s", b)
	}
	return ts, tk
}

// the wrong last four it is refused with its message and the ticket stays unchecked.
func TestRemoteCheckInByPhoneOverHTTP(t *testing.T) {
	ts, tk := phoneTicketAt(t, "13712345678")
	digits := strings.TrimLeft(tk.Number, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
	for _, c := range []struct {
		token, body, want string
		status            int
	}{
		{"", `{"number":"` + digits + `","phone_last4":"5678"}`, "", http.StatusUnauthorized},
		{ts.KioskToken, `{"number":"` + digits + `","phone_last4":"567"}`, "后4位", http.StatusUnprocessableEntity},
		{ts.KioskToken, `{"number":"A` + digits + `","phone_last4":"5678"}`, "数字", http.StatusUnprocessableEntity},
		{ts.KioskToken, `{"number":"` + digits + `","phone_last4":"1234"}`, "手机尾号", http.StatusNotFound},
		{ts.KioskToken, `{"number":"` + digits + `9","phone_last4":"5678"}`, "手机尾号", http.StatusNotFound},
	} {
		if st, b := ts.raw("POST", "/api/v1/remote/checkin", c.token, c.body); st != c.status || !strings.Contains(b, c.want) {
			t.Errorf("%s: %d %s; want %d with %q", c.body, st, b, c.status, c.want)
		}
	}
	if _, b := ts.raw("GET", "/api/v1/tickets/"+tk.ID, "", ""); strings.Contains(b, `"checked_in":true`) {
		t.Fatalf("checked in by a refused request: %s", b)
	}
	st, b := ts.raw("POST", "/api/v1/remote/checkin", ts.KioskToken, `{"number":"`+digits+`","phone_last4":"5678"}`)
	if st != http.StatusOK || !strings.Contains(b, `"checked_in":true`) || !strings.Contains(b, tk.Number) || strings.Contains(b, "5678") {
		t.Fatalf("check in by phone: %d %s", st, b)
	}
}

// TestRemoteCheckInByPhoneLocksAfterWrongEndings: a device token cannot try the 10,000
// endings of a phone ticket's number: after five wrong last-four digits for that number
// even the right ones are refused (429, to the guide desk) and nothing is checked in.
func TestRemoteCheckInByPhoneLocksAfterWrongEndings(t *testing.T) {
	ts, tk := phoneTicketAt(t, "13712345678")
	digits := strings.TrimLeft(tk.Number, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
	for i := range 5 {
		body := fmt.Sprintf(`{"number":"%s","phone_last4":"%04d"}`, digits, i)
		if st, b := ts.raw("POST", "/api/v1/remote/checkin", ts.KioskToken, body); st != http.StatusNotFound {
			t.Fatalf("wrong ending %d: %d %s", i, st, b)
		}
	}
	st, b := ts.raw("POST", "/api/v1/remote/checkin", ts.KioskToken, `{"number":"`+digits+`","phone_last4":"5678"}`)
	if st != http.StatusTooManyRequests || !strings.Contains(b, "导办台") {
		t.Fatalf("the right ending after five wrong ones: %d %s, want 429", st, b)
	}
	if _, b := ts.raw("GET", "/api/v1/tickets/"+tk.ID, "", ""); strings.Contains(b, `"checked_in":true`) {
		t.Fatalf("checked in while locked: %s", b)
	}
}
