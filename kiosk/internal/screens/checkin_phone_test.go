package screens

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"onedoor/internal/client"
	"onedoor/internal/uikit"
	"onedoor/internal/wire"
)

// smsGateway is the test's SMS gateway: it keeps the last code texted to each number.
type smsGateway struct {
	mu    sync.Mutex
	codes map[string]string
}

func (g *smsGateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var m struct {
		Phone      string            `json:"phone"`
		TemplateID string            `json:"template_id"`
		Params     map[string]string `json:"params"`
	}
	b, _ := io.ReadAll(r.Body)
	if json.Unmarshal(b, &m) == nil && m.TemplateID == "SMS_CODE" {
		g.mu.Lock()
		g.codes[m.Phone] = m.Params["code"]
		g.mu.Unlock()
	}
	w.WriteHeader(http.StatusOK)
}

// code waits for the code texted to phone.
func (g *smsGateway) code(t *testing.T, phone string) string {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		g.mu.Lock()
		c := g.codes[phone]
		g.mu.Unlock()
		if c != "" {
			return c
		}
	}
	t.Fatalf("no code texted to the number")
	return ""
}

// phoneTicket takes a ticket from a phone, as the phone page does.
func phoneTicket(t *testing.T, url string, sms *smsGateway, phone string) wire.Ticket {
	t.Helper()
	post := func(path, body string) (int, []byte) {
		resp, err := http.Post(url+path, "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, b
	}
	if st, b := post("/api/v1/remote/code", `{"item":"440199-A-001","phone":"`+phone+`"}`); st != http.StatusAccepted {
		t.Fatalf("code: %d %s", st, b)
	}
	st, b := post("/api/v1/remote/tickets", `{"item":"440199-A-001","phone":"`+phone+`","code":"`+sms.code(t, phone)+`"}`)
	var tk wire.Ticket
	if st != http.StatusCreated || json.Unmarshal(b, &tk) != nil || !tk.Remote {
		t.Fatalf("remote ticket: %d %s", st, b)
	}
	return tk
}

// TestPhoneTicketCheckInAtTheKiosk: a ticket taken from a phone is checked in on the
// kiosk's check-in screen by its number's digits and the phone's last four digits,
// against the real server; the wrong last four are refused with their message and check
// nothing in. With KIOSK_SCREENSHOTS set (make screenshots-kiosk) it runs in English too
// and saves the screen as typed and as checked in.
func TestPhoneTicketCheckInAtTheKiosk(t *testing.T) {
	dir := os.Getenv("KIOSK_SCREENSHOTS")
	langs := []uikit.Lang{uikit.Zh}
	if dir != "" {
		langs = append(langs, uikit.En)
	}
	sms := &smsGateway{codes: map[string]string{}}
	gw := httptest.NewServer(sms)
	t.Cleanup(gw.Close)
	srv := startServer(t, filepath.Join(t.TempDir(), "data"), "127.0.0.1:0", "-sms-url", gw.URL, "-sms-key", "k",
		"-sms-templates", "accepted=SMS_ACC,supplement=SMS_SUP,ready=SMS_RDY,overdue=SMS_OVD,code=SMS_CODE,near=SMS_NEAR,called=SMS_CALL")
	for i, lang := range langs {
		t.Run(string(lang), func(t *testing.T) {
			r := newRig(t, rigOptions{lang: lang, srv: srv})
			phone := fmt.Sprintf("1371234%04d", 5678+i)
			tk := phoneTicket(t, srv.url, sms, phone)
			phoneCheckInWalk(t, r, tk, phone, func(name string) {
				if dir != "" {
					r.saveShot(filepath.Join(dir, "kiosk-"+name+"-"+string(lang)+".png"))
				}
			})
		})
	}
}

func phoneCheckInWalk(t *testing.T, r *rig, tk wire.Ticket, phone string, shot func(string)) {
	r.waitScreen("home")
	var h *home
	r.ui.sync(func() { h = r.k.current.(*home) })
	r.tap(h.checkin)
	r.waitScreen("checkin")
	var c *checkin
	r.ui.sync(func() { c = r.k.current.(*checkin) })
	var toggle *uikit.BigButton
	r.ui.sync(func() { toggle = c.toggle })
	r.tap(toggle)
	r.waitFor("the phone ticket's check-in", func() bool { return c.phone == phoneNumber })
	press := func(keys string) {
		for _, d := range keys {
			var b *uikit.BigButton
			r.ui.sync(func() { b = c.keys[string(d)] })
			r.tap(b)
		}
		var ok *uikit.BigButton
		r.ui.sync(func() { ok = c.ok })
		r.tap(ok)
	}
	digits := strings.TrimLeft(tk.Number, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
	last4 := phone[len(phone)-4:]
	wrong := "0000"
	if last4 == wrong {
		wrong = "1111"
	}
	press(digits)
	r.waitFor("the last four's step", func() bool { return c.phone == phoneLast4 })
	press(wrong)
	notFound := r.k.tr.S("checkin_phone_not_found")
	r.waitFor("the no-such-ticket message", func() bool { return strings.HasPrefix(c.state.Text, notFound) && c.phone == phoneNumber })
	pub := client.New(r.srv.url, "")
	if got, err := pub.Ticket(context.Background(), tk.ID); err != nil || got.CheckedIn {
		t.Fatalf("after the wrong last four: checked in %v, %v", got.CheckedIn, err)
	}
	press(digits)
	r.waitFor("the last four's step", func() bool { return c.phone == phoneLast4 })
	for _, d := range last4 {
		var b *uikit.BigButton
		r.ui.sync(func() { b = c.keys[string(d)] })
		r.tap(b)
	}
	shot("checkin-phone")
	var ok *uikit.BigButton
	r.ui.sync(func() { ok = c.ok })
	r.tap(ok)
	done := r.k.tr.S("checkin_phone_done", tk.Number)
	r.waitFor("the checked-in message", func() bool { return strings.HasPrefix(c.state.Text, done) })
	if got, err := pub.Ticket(context.Background(), tk.ID); err != nil || !got.CheckedIn {
		t.Fatalf("after the check-in: checked in %v, %v", got.CheckedIn, err)
	}
	shot("checkin-phone-done")
	if strings.Contains(r.logs.String(), phone) {
		t.Error("the kiosk's log carries the phone number")
	}
}
