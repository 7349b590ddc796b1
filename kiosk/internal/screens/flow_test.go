package screens

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"

	"onedoor/internal/client"
	"onedoor/internal/wire"
)

// goToItem walks from home to an item's screen through its category.
func (r *rig) goToItem(prefix, code string) *itemScreen {
	r.t.Helper()
	var h *home
	r.ui.sync(func() { h, _ = r.k.current.(*home) })
	if h == nil {
		r.t.Fatalf("not on home but on %s", r.screen().name())
	}
	r.tap(h.cats[prefix])
	r.waitScreen("items")
	var btn fyne.Tappable
	r.ui.sync(func() {
		if bb := r.k.current.(*items).buttons[code]; bb != nil {
			btn = bb
		}
	})
	if btn == nil {
		r.t.Fatalf("item %s is not listed in category %s", code, prefix)
	}
	r.tap(btn)
	r.waitScreen("item")
	var s *itemScreen
	r.ui.sync(func() { s = r.k.current.(*itemScreen) })
	return s
}

// takeTicket taps "take a ticket" on an item's screen and waits for the identity screen.
func (r *rig) takeTicket(s *itemScreen) *identity {
	r.t.Helper()
	r.tap(s.take)
	r.waitScreen("identity")
	var id *identity
	r.ui.sync(func() { id = r.k.current.(*identity) })
	return id
}

// ticket waits for the ticket screen and returns the ticket shown.
func (r *rig) ticket() *ticketScreen {
	r.t.Helper()
	r.waitScreen("ticket")
	var ts *ticketScreen
	r.ui.sync(func() { ts = r.k.current.(*ticketScreen) })
	return ts
}

// texts returns every text drawn in the window.
func (r *rig) texts() string {
	var b strings.Builder
	r.ui.sync(func() { walkTexts(r.win.Content(), &b) })
	return b.String()
}

func walkTexts(o fyne.CanvasObject, b *strings.Builder) {
	switch v := o.(type) {
	case *canvas.Text:
		b.WriteString(v.Text + "\n")
	case *widget.Label:
		b.WriteString(v.Text + "\n")
	case *widget.Entry:
		b.WriteString(v.Text + "\n")
	}
	if w, ok := o.(fyne.Widget); ok {
		for _, c := range cacheRenderer(w) {
			walkTexts(c, b)
		}
	}
	if c, ok := o.(*fyne.Container); ok {
		for _, c := range c.Objects {
			walkTexts(c, b)
		}
	}
}

// TestWholeFlow walks a visit: a category, an item and its checklist, an elderly
// citizen's card on the simulated reader, a ticket the server knows, printed by the
// simulated printer, and the category's waiting count on home going up.
func TestWholeFlow(t *testing.T) {
	r := newRig(t, rigOptions{})
	s := r.goToItem("A", "440199-A-001")
	text := r.texts()
	for _, want := range []string{"个体工商户登记(备案)申请书", "【必需】 原件", "【视情况】", "委托他人代办时提交", "即办件", "广州市示例区市场监督管理局"} {
		if !strings.Contains(text, want) {
			t.Errorf("the item's screen lacks %q", want)
		}
	}
	id := r.takeTicket(s)
	r.waitFor("the reader to be ready", func() bool { return id.state.Text() == r.k.tr.S("reader_ready") })
	if err := r.cards.Place("elder"); err != nil {
		t.Fatal(err)
	}
	ts := r.ticket()
	if ts.t.Number != "A001" || ts.t.Priority != "elderly" {
		t.Errorf("ticket %s priority %q, want A001 elderly (the card's holder is 76)", ts.t.Number, ts.t.Priority)
	}
	ctx := context.Background()
	got, err := r.api.Ticket(ctx, ts.t.ID)
	if err != nil || got.Number != ts.t.Number || got.State != "waiting" {
		t.Fatalf("the server's ticket: %+v, %v", got, err)
	}
	if !strings.Contains(r.texts(), "A001") {
		t.Error("the ticket's number is not on screen")
	}
	p, err := r.prn.WaitPrinted(ctxTimeout(t, 15*time.Second), 1)
	if err != nil || p.Image.Bounds().Dy() < 200 {
		t.Fatalf("printed: %v", err)
	}
	r.waitFor("the printed state", func() bool { return ts.printed })
	r.tap(ts.done)
	r.waitScreen("home")
	r.waitFor("A's waiting count", func() bool {
		return r.k.current.(*home).cats["A"].Info == "等候 1 人"
	})
	r.ui.sync(func() {
		if r.k.sess.card != nil || r.k.sess.ticket != nil {
			t.Error("the session survived the visit")
		}
	})
}

// TestIdleReset leaves a ticket with a card holder's data on screen: after the idle
// time the kiosk is home, in its own language, with nothing of the applicant left.
func TestIdleReset(t *testing.T) {
	r := newRig(t, rigOptions{idle: 400 * time.Millisecond})
	s := r.goToItem("C", "440199-C-001")
	r.ui.sync(func() { r.k.setLang("en") })
	id := r.takeTicket(s)
	r.waitFor("the reader", func() bool { return id.state.Text() == r.k.tr.S("reader_ready") })
	if err := r.cards.Place("resident"); err != nil {
		t.Fatal(err)
	}
	r.ticket()
	r.ui.sync(func() {
		if r.k.sess.card == nil || r.k.sess.card.applicant.Name == "" {
			t.Error("the card was not kept for the visit")
		}
	})
	r.waitScreen("home")
	r.ui.sync(func() {
		if r.k.sess.card != nil || r.k.sess.item != nil || r.k.sess.ticket != nil || r.k.sess.key != "" {
			t.Errorf("session after the idle reset: %+v", r.k.sess)
		}
		if r.k.tr.Lang() != "zh" {
			t.Errorf("language after the idle reset: %s", r.k.tr.Lang())
		}
	})
	if text := r.texts(); strings.Contains(text, "李测试") || strings.Contains(text, "110101199003071233") {
		t.Error("the applicant is still on screen")
	}
	// The item screen goes home by itself too.
	r.goToItem("A", "440199-A-002")
	r.waitScreen("home")
}

// TestLanguageSwitch switches to English and back.
func TestLanguageSwitch(t *testing.T) {
	r := newRig(t, rigOptions{})
	var h *home
	r.ui.sync(func() { h = r.k.current.(*home) })
	if h.cats["A"].Title != "商事登记" || !strings.Contains(r.texts(), "请选择办理业务") {
		t.Fatalf("home in Chinese: %q", h.cats["A"].Title)
	}
	r.tap(h.lang)
	r.ui.sync(func() { h = r.k.current.(*home) })
	if h.cats["A"].Title != "Business registration" || h.cats["A"].Subtitle != "商事登记" {
		t.Errorf("home in English: %q / %q", h.cats["A"].Title, h.cats["A"].Subtitle)
	}
	if text := r.texts(); !strings.Contains(text, "Please choose a service") || !strings.Contains(text, "0 waiting") {
		t.Error("home's texts are not in English")
	}
	s := r.goToItem("A", "440199-A-001")
	if !strings.Contains(r.texts(), "Individual business registration (filing) application form") {
		t.Error("the checklist is not in English")
	}
	r.tap(s.back)
	r.waitScreen("items")
	var lang fyne.Tappable
	r.ui.sync(func() { lang = langButton(r.k) })
	r.tap(lang)
	if !strings.Contains(r.texts(), "个体工商户设立登记") {
		t.Error("back in Chinese, the items are not")
	}
}

// TestPinyinSearchOnScreen types gtgsh on the on-screen keyboard.
func TestPinyinSearchOnScreen(t *testing.T) {
	r := newRig(t, rigOptions{})
	var h *home
	r.ui.sync(func() { h = r.k.current.(*home) })
	r.tap(h.cats["E"])
	r.waitScreen("items")
	var s *items
	r.ui.sync(func() { s = r.k.current.(*items) })
	for _, k := range "GTGSH" {
		r.tap(s.keys[k])
	}
	r.ui.sync(func() {
		if s.search.Text != "gtgsh" || len(s.buttons) != 2 || s.buttons["440199-A-001"] == nil || s.buttons["440199-A-002"] == nil {
			t.Errorf("search %q lists %d items", s.search.Text, len(s.buttons))
		}
	})
	r.tap(s.buttons["440199-A-001"])
	r.waitScreen("item")
}

// TestReaderFault unplugs the reader on the identity screen: the fault is shown and
// the citizen can still take a ticket.
func TestReaderFault(t *testing.T) {
	r := newRig(t, rigOptions{})
	id := r.takeTicket(r.goToItem("E", "440199-E-001"))
	r.waitFor("the reader", func() bool { return id.state.Text() == r.k.tr.S("reader_ready") })
	r.ui.sync(func() {
		r.k.sess.item.NeedsID = true // as a catalog may say: no way on without a card
		id.onReaderHealth()
		if !id.skip.Hidden {
			t.Error("an item that needs the card offers to go on without it while the reader works")
		}
	})
	if err := r.readerV.Close(); err != nil {
		t.Fatal(err)
	}
	r.waitFor("the reader fault", func() bool { return id.state.Text() == r.k.tr.S("reader_fault") })
	r.ui.sync(func() {
		if id.skip.Hidden || id.skip.Disabled() || id.skip.Title != r.k.tr.S("skip_fault") {
			t.Errorf("no fallback on a reader fault: hidden %v, %q", id.skip.Hidden, id.skip.Title)
		}
	})
	r.tap(id.skip)
	ts := r.ticket()
	if ts.t.Number != "E001" {
		t.Errorf("ticket %s", ts.t.Number)
	}
}

// TestPaperOut takes a ticket with no paper: it stays on screen longer, says so, and
// the server gets a device.status report.
func TestPaperOut(t *testing.T) {
	r := newRig(t, rigOptions{paperOut: true, idle: 2 * time.Second})
	id := r.takeTicket(r.goToItem("B", "440199-B-002"))
	r.tap(id.skip)
	ts := r.ticket()
	r.waitFor("the print failure", func() bool { return ts.printErr != nil })
	r.ui.sync(func() {
		if ts.hold != r.k.cfg.FaultHold || ts.hold <= r.k.cfg.TicketHold {
			t.Errorf("hold %v, want the fault hold %v", ts.hold, r.k.cfg.FaultHold)
		}
	})
	if !strings.Contains(r.texts(), "号票未能打印") {
		t.Error("the screen does not say the ticket was not printed")
	}
	// The supervisors' audit trail carries the detail (the public stream does not).
	sup := client.New(r.srv.url, "")
	ctx := ctxTimeout(t, 15*time.Second)
	if _, err := sup.Login(ctx, wire.LoginRequest{Staff: "super", PIN: "123456"}); err != nil {
		t.Fatal(err)
	}
	var dev *wire.Event
	for dev == nil && ctx.Err() == nil {
		evs, err := sup.Events(ctx, 0, 1000)
		if err != nil {
			t.Fatal(err)
		}
		for i, ev := range evs.Events {
			if ev.Type == "device.status" {
				dev = &evs.Events[i]
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	if dev == nil || dev.Device == nil || dev.Device.Kind != "printer" || dev.Device.Status != "fault" || dev.Device.Detail != "paper out" {
		t.Fatalf("device.status event: %+v", dev)
	}
	if r.prn.Lost() != 0 || len(r.prn.Printed()) != 0 {
		t.Error("something was printed without paper")
	}
}

// TestOutOfServiceWithoutCatalog starts a kiosk while the server is down and it has
// no catalog cached: out of service, in both languages; the server comes: home. (A
// server that goes away later no longer ends a visit: TestServerAwayBrowsing.)
func TestOutOfServiceWithoutCatalog(t *testing.T) {
	srv := startServer(t, filepath.Join(t.TempDir(), "data"), "127.0.0.1:0")
	srv.stop()
	r := newRig(t, rigOptions{srv: srv, start: "out_of_service"})
	if text := r.texts(); !strings.Contains(text, "暂停服务") || !strings.Contains(text, "Please ask at the desk") {
		t.Errorf("out-of-service texts: %q", text)
	}
	r.srv = startServer(t, srv.data, srv.addr)
	r.waitScreen("home")
}

func ctxTimeout(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}
